"""Synthetic data for bench/scale.py: a dense and a sparse Parquet table, a JSON Lines log, planted truth.

Deterministic: every chunk of GEN_CHUNK rows draws from its own `random.Random` seeded with a string built
from the seed, the table kind and the chunk number (string seeds hash with SHA-512, whatever
PYTHONHASHSEED is), so a smaller table is a prefix of a larger one and the F1 slice (the first N rows) can be
generated again with its exact spans without keeping spans for a million rows. Same seed and same library
versions (pyarrow, Faker, phonenumbers) -> same bytes.

Independent of jejak: nothing here imports jejak or its recognizers. Names come from Faker's per-locale
name lists (id_ID, th_TH, vi_VN) and this file's own short lists (SG, MY, PH); identifiers from this file's
own generators (SG NRIC/FIN check letter, Thai ID check digit, MyKad date + birthplace, NIK region + date,
CCCD province + century, PhilSys 4-4-4, Luhn cards); phonenumbers' metadata says which drawn numbers are
valid mobiles; python-stdnum and phonenumbers check values in tests/unit/test_bench_scale.py.

Tables:
- dense: every row holds a name, an e-mail, a phone, a national ID of the row's country and a free-text note
  in the country's language (English, Malay, Indonesian, Thai, Vietnamese, Filipino), three notes in four
  holding personal data;
- sparse: telemetry (UUIDs, timestamps, user ids, session ids, amounts, status codes, latencies, user
  agents with four-part version numbers) where 1% of rows hold personal data in `message`.
The log is a JSON Lines app log built from sparse rows (1% personal data in `msg`).

Labelling (what a careful annotator marks): a structured column's cell is one span covering the whole
value; in free text the value only (honorifics such as Encik, Bapak, คุณ, Anh, Gng. stay outside PERSON);
national IDs without a public checksum are only planted in free text next to the word people use for them
(the `national_id` column is its own context).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from stdnum import luhn

GEN_VERSION = 1
GEN_CHUNK = 10_000
ROW_GROUP = 100_000
DEFAULT_SEED = 20260801
SPARSE_PII_RATE = 0.01
DENSE_NOTE_PII_RATE = 0.75

ENTITIES = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IP_ADDRESS",
    "SG_NRIC_FIN",
    "MY_NRIC",
    "ID_NIK",
    "TH_TNIN",
    "VN_CCCD",
    "PH_PHILSYS",
)
COUNTRIES = ("SG", "MY", "ID", "TH", "VN", "PH")
LANGUAGE = {"SG": "en", "MY": "ms", "ID": "id", "TH": "th", "VN": "vi", "PH": "tl"}
NATIONAL_ID = {
    "SG": "SG_NRIC_FIN",
    "MY": "MY_NRIC",
    "ID": "ID_NIK",
    "TH": "TH_TNIN",
    "VN": "VN_CCCD",
    "PH": "PH_PHILSYS",
}
DENSE_COLUMNS = ("user_id", "country", "name", "email", "phone", "national_id", "notes")
SPARSE_COLUMNS = (
    "event_id",
    "ts",
    "user_id",
    "session_id",
    "service",
    "endpoint",
    "status",
    "latency_ms",
    "amount",
    "currency",
    "user_agent",
    "message",
)
LOG_FIELDS = ("ts", "level", "service", "host", "trace_id", "user_id", "status", "latency_ms", "msg")
LOG_TEXT_FIELD = {"msg": "message"}

# --------------------------------------------------------------------------------------------- names

SG_FAMILY = ("Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Chan", "Koh", "Teo", "Ang", "Yeo")
SG_GIVEN = ("Wei Ling", "Jun Jie", "Hui Min", "Kai Xiang", "Mei Ling", "Zhi Hao", "Xin Yi", "Jia Hui")
SG_WESTERN = ("Jason", "Rachel", "Marcus", "Cheryl", "Daniel", "Michelle", "Ryan", "Vanessa")
MY_MALAY_M = ("Ahmad Faizal", "Muhammad Hafiz", "Mohd Azlan", "Amirul", "Khairul Anuar", "Syafiq")
MY_MALAY_F = ("Nur Aisyah", "Siti Nurhaliza", "Farah Hanim", "Nurul Izzah", "Aminah", "Zulaikha")
MY_FATHER = ("Ismail", "Rahman", "Abdullah", "Hassan", "Osman", "Yusof", "Hamid", "Salleh")
MY_INDIAN_M = ("Suresh", "Ganesan", "Ravi", "Kumaran", "Prakash")
MY_INDIAN_F = ("Kavitha", "Devi", "Priya", "Shanti")
MY_INDIAN_FATHER = ("Muthu", "Rajan", "Subramaniam", "Krishnan", "Maniam")
PH_GIVEN = ("Maria Clara", "Juan", "Jose", "Ana", "Mark Anthony", "Kristine", "Paolo", "Angelica", "Rodel")
PH_FAMILY = ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz", "Villanueva", "Ramos")
HANDLE_SYLLABLES = ("som", "chai", "nok", "ploy", "tan", "win", "kit", "ari", "pim", "nat", "aom", "bee")


@cache
def _faker_names() -> dict[str, Any]:
    from faker.providers.person import id_ID, th_TH, vi_VN

    return {
        "ID_FIRST": tuple(id_ID.Provider.first_names),
        "ID_LAST": tuple(id_ID.Provider.last_names),
        "TH_FIRST": tuple(th_TH.Provider.first_names),
        "TH_LAST": tuple(th_TH.Provider.last_names),
        "VN_LAST": tuple(vi_VN.Provider.last_names),
        "VN_MIDDLE": tuple(vi_VN.Provider.middle_names),
        "VN_FIRST": tuple(vi_VN.Provider.first_names_male) + tuple(vi_VN.Provider.first_names_female),
    }


def person_name(rng: random.Random, country: str) -> str:
    if country == "SG":
        family, given = rng.choice(SG_FAMILY), rng.choice(SG_GIVEN)
        return f"{rng.choice(SG_WESTERN)} {family} {given}" if rng.random() < 0.3 else f"{family} {given}"
    if country == "MY":
        kind = rng.random()
        if kind < 0.6:
            if rng.random() < 0.5:
                return f"{rng.choice(MY_MALAY_M)} bin {rng.choice(MY_FATHER)}"
            return f"{rng.choice(MY_MALAY_F)} binti {rng.choice(MY_FATHER)}"
        if kind < 0.8:
            return f"{rng.choice(SG_FAMILY)} {rng.choice(SG_GIVEN)}"
        if rng.random() < 0.5:
            return f"{rng.choice(MY_INDIAN_M)} a/l {rng.choice(MY_INDIAN_FATHER)}"
        return f"{rng.choice(MY_INDIAN_F)} a/p {rng.choice(MY_INDIAN_FATHER)}"
    names = _faker_names()
    if country == "ID":
        return f"{rng.choice(names['ID_FIRST'])} {rng.choice(names['ID_LAST'])}"
    if country == "TH":
        return f"{rng.choice(names['TH_FIRST'])} {rng.choice(names['TH_LAST'])}"
    if country == "VN":
        family, middle = rng.choice(names["VN_LAST"]), rng.choice(names["VN_MIDDLE"])
        return f"{family} {middle} {rng.choice(names['VN_FIRST'])}"
    return f"{rng.choice(PH_GIVEN)} {rng.choice(PH_FAMILY)}"


def _ascii_handle(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    letters = "".join(ch for ch in folded if ch.isascii() and (ch.isalpha() or ch == " ")).lower().split()
    return ".".join(letters[:2])


def email_address(rng: random.Random, name: str, country: str) -> str:
    handle = _ascii_handle(name)
    if not handle:  # Thai script: a romanised nickname
        handle = "".join(rng.choice(HANDLE_SYLLABLES) for _ in range(2))
    if rng.random() < 0.6:
        handle += str(rng.randrange(1, 9999))
    domains = (
        "gmail.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        {
            "SG": "singnet.com.sg",
            "MY": "yahoo.com.my",
            "ID": "yahoo.co.id",
            "TH": "hotmail.co.th",
            "VN": "fpt.vn",
            "PH": "yahoo.com.ph",
        }[country],
    )
    return f"{handle}@{rng.choice(domains)}"


# --------------------------------------------------------------------------------------------- phones

#: country -> (calling code, national significant number length, leading digits tried, group sizes, trunk 0)
PHONE_PLAN = {
    "SG": ("65", 8, ("8", "9"), (4, 4), False),
    "MY": ("60", 9, ("1",), (2, 3, 4), True),
    "ID": ("62", 11, ("8",), (3, 4, 4), True),
    "TH": ("66", 9, ("6", "8", "9"), (2, 3, 4), True),
    "VN": ("84", 9, ("3", "5", "7", "8", "9"), (3, 3, 3), True),
    "PH": ("63", 10, ("9",), (3, 3, 4), True),
}
_PHONE_SEP = {"MY": ("-", " "), "ID": ("-", "-")}


@cache
def mobile_pattern(country: str) -> re.Pattern[str]:
    """phonenumbers' own pattern of the country's mobile numbers (national significant number): a drawn
    number is kept only when it matches, so every planted phone is a valid mobile for that phonenumbers
    version (tests/unit/test_bench_scale.py checks them with `is_valid_number_for_region`)."""
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region(country)
    mobile = metadata.mobile if metadata is not None else None
    assert mobile is not None and mobile.national_number_pattern
    return re.compile(mobile.national_number_pattern)


def _grouped(nsn: str, groups: tuple[int, ...], country: str) -> str:
    parts, at = [], 0
    for size in groups:
        parts.append(nsn[at : at + size])
        at += size
    seps = _PHONE_SEP.get(country, (" ", " "))
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        out += seps[min(i, len(seps) - 1)] + part
    return out


def phone_number(rng: random.Random, country: str) -> str:
    code, length, leads, groups, trunk = PHONE_PLAN[country]
    pattern = mobile_pattern(country)
    while True:
        nsn = rng.choice(leads) + f"{rng.randrange(10 ** (length - 1)):0{length - 1}d}"
        if pattern.fullmatch(nsn):
            break
    style = rng.random()
    if style < 0.5:
        return f"+{code} {_grouped(nsn, groups, country)}"
    if style < 0.75:
        return f"+{code}{nsn}"
    return ("0" if trunk else "") + _grouped(nsn, groups, country)


# --------------------------------------------------------------------------------------------- identifiers

_NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
_NRIC_TABLES = {
    "ST": "JZIHGFEDCBA",
    "FG": "XWUTRQPNMLK",
    "M": "XWUTRQPNJLK",
}
_NRIC_OFFSET = {"S": 0, "F": 0, "T": 4, "G": 4, "M": 3}


def sg_nric_check_letter(prefix: str, digits: str) -> str:
    """Check letter of a Singapore NRIC/FIN (shared/spec/identifiers.md §B)."""
    total = sum(int(d) * w for d, w in zip(digits, _NRIC_WEIGHTS, strict=True)) + _NRIC_OFFSET[prefix]
    table = next(letters for series, letters in _NRIC_TABLES.items() if prefix in series)
    return table[total % 11]


def sg_nric(rng: random.Random) -> str:
    prefix = rng.choices("STFGM", weights=(40, 30, 10, 15, 5))[0]
    digits = f"{rng.randrange(10**7):07d}"
    return prefix + digits + sg_nric_check_letter(prefix, digits)


def _birth_date(rng: random.Random) -> dt.date:
    return dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))


#: MyKad birthplace codes of the states and federal territories (01-14)
MY_BIRTHPLACES = tuple(f"{n:02d}" for n in range(1, 15))


def my_nric(rng: random.Random) -> str:
    born = _birth_date(rng)
    value = f"{born:%y%m%d}-{rng.choice(MY_BIRTHPLACES)}-{rng.randrange(10**4):04d}"
    return value if rng.random() < 0.8 else value.replace("-", "")


#: province + regency/city codes of the NIK (Jakarta, Bandung, Surabaya, Denpasar, Medan, Makassar, Yogya)
ID_REGIONS = ("3171", "3172", "3173", "3174", "3175", "3273", "3578", "5171", "1271", "7371", "3471")


def id_nik(rng: random.Random) -> str:
    born = _birth_date(rng)
    day = born.day + (40 if rng.random() < 0.5 else 0)
    district = f"{rng.randrange(1, 6):02d}"
    return f"{rng.choice(ID_REGIONS)}{district}{day:02d}{born:%m%y}{rng.randrange(1, 3000):04d}"


def th_check_digit(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return str((11 - total % 11) % 10)


def th_tnin(rng: random.Random) -> str:
    first12 = str(rng.randrange(1, 9)) + f"{rng.randrange(10**11):011d}"
    value = first12 + th_check_digit(first12)
    if rng.random() < 0.6:
        return value
    return f"{value[0]}-{value[1:5]}-{value[5:10]}-{value[10:12]}-{value[12]}"


VN_PROVINCES = ("001", "002", "004", "031", "033", "038", "046", "048", "056", "075", "079", "092", "096")


def vn_cccd(rng: random.Random) -> str:
    born = _birth_date(rng)
    century = 0 if born.year < 2000 else 2
    sex = rng.randrange(2)
    return f"{rng.choice(VN_PROVINCES)}{century + sex}{born:%y}{rng.randrange(10**6):06d}"


def ph_philsys(rng: random.Random) -> str:
    digits = f"{rng.randrange(1, 10)}{rng.randrange(10**11):011d}"
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"


NATIONAL_ID_MAKERS = {
    "SG": sg_nric,
    "MY": my_nric,
    "ID": id_nik,
    "TH": th_tnin,
    "VN": vn_cccd,
    "PH": ph_philsys,
}


def credit_card(rng: random.Random) -> str:
    body = rng.choice(("4", "51", "52", "53", "54", "55"))
    rest = 15 - len(body)
    body += f"{rng.randrange(10**rest):0{rest}d}"
    number = body + luhn.calc_check_digit(body)
    sep = rng.choice((" ", "-", ""))
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


def ip_address(rng: random.Random) -> str:
    first = rng.choice((14, 27, 36, 42, 49, 58, 101, 103, 110, 115, 118, 124, 175, 182, 202, 210))
    return f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


# --------------------------------------------------------------------------------------------- free text

#: Per language: templates with slots. {nid} is the national ID of the row's country, always next to the
#: word people use for it. Templates without a slot are notes without personal data.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": (
        "Hi, this is {name}. Please update my contact number to {phone}.",
        "Customer {name} ({email}) reported a failed top-up on card {card}.",
        "Verified identity with NRIC {nid}; call back on {phone} after 6pm.",
        "Login from {ip} flagged for review, account owner Ms {name}.",
        "Please send the invoice to {email} and cc the team lead.",
        "Mr {name} asked to close the account, NRIC {nid}.",
        "Delivery rescheduled to Saturday morning, customer agreed.",
        "Refund of SGD 42.90 approved for order SO-2026-118204 after review.",
    ),
    "ms": (
        "Saya {name}, sila hubungi saya di {phone} selepas jam 5 petang.",
        "Pelanggan {name} minta kemas kini alamat emel kepada {email}.",
        "No. IC pemohon: {nid}, telefon bimbit {phone}.",
        "Encik {name} telah membuat bayaran melalui kad {card}.",
        "Sila semak kad pengenalan {nid} sebelum akaun diaktifkan.",
        "Terima kasih, masalah log masuk sudah selesai.",
        "Pesanan akan dihantar dalam 3 hari bekerja, jumlah RM 89.50.",
    ),
    "id": (
        "Halo, saya {name}. Nomor HP saya {phone}, tolong dihubungi.",
        "Mohon kirim tagihan ke email {email} ya kak.",
        "NIK saya {nid} sesuai KTP, atas nama {name}.",
        "Bapak {name} login dari alamat IP {ip} tadi malam.",
        "Transfer dari kartu {card} gagal, mohon dicek kembali.",
        "Paket sudah diterima dengan baik, terima kasih banyak.",
        "Pembayaran Rp 150.000 berhasil untuk pesanan INV/2026/04/1172.",
    ),
    "th": (
        "สวัสดีครับ ผมชื่อ {name} เบอร์โทร {phone}",
        "กรุณาส่งใบเสร็จไปที่ {email} ด้วยค่ะ",
        "เลขบัตรประชาชน {nid} ของคุณ{name}",
        "ลูกค้าแจ้งว่าบัตร {card} ถูกตัดเงินซ้ำสองครั้ง",
        "คุณ{name} ขอเปลี่ยนเบอร์ติดต่อเป็น {phone}",
        "จัดส่งสินค้าเรียบร้อยแล้ว ขอบคุณค่ะ",
        "ยอดชำระ 1,250 บาท สำหรับคำสั่งซื้อ TH-20260412-0931",
    ),
    "vi": (
        "Chào bạn, tôi là {name}, số điện thoại {phone}.",
        "Vui lòng gửi hóa đơn đến email {email} giúp tôi.",
        "Số CCCD của khách hàng: {nid}, họ tên {name}.",
        "Anh {name} đăng nhập từ địa chỉ IP {ip} lúc 23:10.",
        "Khách hàng thanh toán bằng thẻ {card} nhưng bị từ chối.",
        "Đơn hàng đã được giao thành công, cảm ơn quý khách.",
        "Hoàn tiền 350.000 đ cho đơn hàng DH2026041288 đã xử lý.",
    ),
    "tl": (
        "Magandang araw po, ako si {name}. Pakitawagan ako sa {phone}.",
        "Paki-send po ang resibo sa {email}, salamat.",
        "Ang PhilSys number ko ay {nid}, pakiverify po.",
        "Si Gng. {name} ay nagbayad gamit ang card {card}.",
        "Na-update na po ang email ni {name} sa {email}.",
        "Naayos na po ang problema sa account, salamat.",
        "Natanggap na ang bayad na PHP 1,499.00 para sa order 2026-PH-55190.",
    ),
}

#: Sparse rows' ordinary messages (no personal data); {n} and {k} are filled with numbers / keys.
TELEMETRY_MESSAGES = (
    "payment authorised in {n} ms",
    "cache miss key=cart:{k}",
    "retrying upstream call attempt={d}",
    "order ORD-{k} created",
    "rate limit reached for client {k}",
    "healthcheck ok build 3.{d}.{n}",
    "inventory sync finished, {n} items updated",
    "session refreshed",
    "feature flag checkout_v2 evaluated",
    "webhook delivered status={status}",
)
#: Sparse rows' personal messages (1%): support notes and events that leak into telemetry.
SPARSE_PII_MESSAGES = (
    ("en", "customer {email} requested a refund"),
    ("en", "OTP sent to {phone}"),
    ("en", "KYC check passed for NRIC {nid}"),
    ("en", "password changed by user {name}"),
    ("ms", "pelanggan {name} tukar nombor telefon kepada {phone}"),
    ("id", "verifikasi NIK {nid} berhasil"),
    ("th", "ลูกค้า {email} ขอคืนเงิน"),
    ("vi", "khách hàng {name} cập nhật email {email}"),
    ("tl", "nag-login si {name} mula sa {ip}"),
    ("en", "card {card} declined by issuer"),
)
SERVICES = ("checkout", "auth", "search", "payments", "inventory", "notifications")
ENDPOINTS = (
    "/api/v2/orders/{k}",
    "/api/v2/cart",
    "/api/v1/login",
    "/api/v2/search",
    "/health",
    "/api/v2/pay",
)
STATUSES = (200, 200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 429, 500, 503)
CURRENCIES = ("SGD", "MYR", "IDR", "THB", "VND", "PHP")
USER_AGENTS = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.6367.82 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/125.0.6422.113 Safari/537.36",
    "okhttp/4.12.0",
    "ShopeeApp/3.28.15 (Android 13; Xiaomi 2201117TG)",
    "GrabFood/5.301.200 iOS/17.5",
    "python-requests/2.32.3",
)


@dataclass
class Row:
    """One generated row: its values and, per column, the planted spans (type, start, end)."""

    values: dict[str, Any]
    spans: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)


def _fill(template: str, slots: dict[str, tuple[str, str]]) -> tuple[str, list[tuple[str, int, int]]]:
    """Render `template` with slot values, returning the text and the spans of the planted values."""
    out, spans, at = [], [], 0
    length = 0
    while True:
        start = template.find("{", at)
        if start < 0:
            out.append(template[at:])
            break
        end = template.index("}", start)
        literal = template[at:start]
        out.append(literal)
        length += len(literal)
        entity, value = slots[template[start + 1 : end]]
        if entity:
            spans.append((entity, length, length + len(value)))
        out.append(value)
        length += len(value)
        at = end + 1
    return "".join(out), spans


def _pii_slots(
    rng: random.Random, country: str, template: str, name: str | None = None
) -> dict[str, tuple[str, str]]:
    """Values for the slots `template` uses (drawn in a fixed order, so output stays deterministic)."""
    name = name or person_name(rng, country)
    slots = {"name": ("PERSON", name)}
    if "{email}" in template:
        slots["email"] = ("EMAIL_ADDRESS", email_address(rng, name, country))
    if "{phone}" in template:
        slots["phone"] = ("PHONE_NUMBER", phone_number(rng, country))
    if "{nid}" in template:
        slots["nid"] = (NATIONAL_ID[country], NATIONAL_ID_MAKERS[country](rng))
    if "{card}" in template:
        slots["card"] = ("CREDIT_CARD", credit_card(rng))
    if "{ip}" in template:
        slots["ip"] = ("IP_ADDRESS", ip_address(rng))
    return slots


def _note(rng: random.Random, country: str, name: str) -> tuple[str, list[tuple[str, int, int]]]:
    templates = TEMPLATES[LANGUAGE[country]]
    if rng.random() < DENSE_NOTE_PII_RATE:
        template = rng.choice([t for t in templates if "{" in t])
        # the note names the row's person half the time, someone else otherwise
        return _fill(template, _pii_slots(rng, country, template, name if rng.random() < 0.5 else None))
    return rng.choice([t for t in templates if "{" not in t]), []


def dense_row(rng: random.Random, index: int) -> Row:
    country = rng.choice(COUNTRIES)
    name = person_name(rng, country)
    email = email_address(rng, name, country)
    phone = phone_number(rng, country)
    national_id = NATIONAL_ID_MAKERS[country](rng)
    notes, note_spans = _note(rng, country, name)
    row = Row(
        {
            "user_id": 10_000_000 + index,
            "country": country,
            "name": name,
            "email": email,
            "phone": phone,
            "national_id": national_id,
            "notes": notes,
        }
    )
    row.spans = {
        "name": [("PERSON", 0, len(name))],
        "email": [("EMAIL_ADDRESS", 0, len(email))],
        "phone": [("PHONE_NUMBER", 0, len(phone))],
        "national_id": [(NATIONAL_ID[country], 0, len(national_id))],
    }
    if note_spans:
        row.spans["notes"] = note_spans
    return row


_EPOCH = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def sparse_row(rng: random.Random, index: int) -> Row:
    ts = _EPOCH + dt.timedelta(milliseconds=index * 250 + rng.randrange(250))
    status = rng.choice(STATUSES)
    key = f"{rng.randrange(10**6):06d}"
    spans: dict[str, list[tuple[str, int, int]]] = {}
    if rng.random() < SPARSE_PII_RATE:
        lang, template = rng.choice(SPARSE_PII_MESSAGES)
        country = next(c for c, language in LANGUAGE.items() if language == lang)
        if lang == "en":
            country = rng.choice(("SG", "SG", "PH", "MY"))
            if "{nid}" in template:
                country = "SG"
        message, message_spans = _fill(template, _pii_slots(rng, country, template))
        spans["message"] = message_spans
    else:
        message = rng.choice(TELEMETRY_MESSAGES).format(
            n=rng.randrange(1, 2000), k=key, d=rng.randrange(1, 9), status=status
        )
    row = Row(
        {
            "event_id": _uuid(rng),
            "ts": ts.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z",
            "user_id": rng.randrange(100_000, 99_999_999),
            "session_id": f"{rng.getrandbits(64):016x}",
            "service": rng.choice(SERVICES),
            "endpoint": rng.choice(ENDPOINTS).format(k=key),
            "status": status,
            "latency_ms": int(rng.expovariate(1 / 80)) + 1,
            "amount": round(rng.uniform(1, 500), 2) if rng.random() < 0.4 else None,
            "currency": rng.choice(CURRENCIES),
            "user_agent": rng.choice(USER_AGENTS),
            "message": message,
        },
        spans,
    )
    return row


ROW_MAKERS = {"dense": dense_row, "sparse": sparse_row, "log": sparse_row}
SCHEMAS = {
    "dense": pa.schema(
        [("user_id", pa.int64())] + [(name, pa.string()) for name in DENSE_COLUMNS if name != "user_id"]
    ),
    "sparse": pa.schema(
        [
            ("event_id", pa.string()),
            ("ts", pa.string()),
            ("user_id", pa.int64()),
            ("session_id", pa.string()),
            ("service", pa.string()),
            ("endpoint", pa.string()),
            ("status", pa.int32()),
            ("latency_ms", pa.int32()),
            ("amount", pa.float64()),
            ("currency", pa.string()),
            ("user_agent", pa.string()),
            ("message", pa.string()),
        ]
    ),
}


def iter_chunk(kind: str, seed: int, chunk: int, rows: int = GEN_CHUNK) -> Iterator[Row]:
    """The rows of chunk `chunk` (rows chunk*GEN_CHUNK ...) of table `kind`; `rows` may cut it short."""
    rng = random.Random(f"jejak-bench-scale/{GEN_VERSION}/{seed}/{kind}/{chunk}")
    make = ROW_MAKERS[kind]
    base = chunk * GEN_CHUNK
    for i in range(rows):
        yield make(rng, base + i)


def iter_rows(kind: str, seed: int, rows: int) -> Iterator[Row]:
    chunk = 0
    while chunk * GEN_CHUNK < rows:
        yield from iter_chunk(kind, seed, chunk, min(GEN_CHUNK, rows - chunk * GEN_CHUNK))
        chunk += 1


# --------------------------------------------------------------------------------------------- truth


@dataclass
class Truth:
    """Occurrences and rows per column (or log field) and entity type."""

    rows: int = 0
    counts: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # column -> entity -> [occ, rows]

    def add(self, row: Row, rename: dict[str, str] | None = None) -> None:
        self.rows += 1
        for column, spans in row.spans.items():
            name = (rename or {}).get(column, column)
            per_entity = self.counts.setdefault(name, {})
            seen: set[str] = set()
            for entity, _, _ in spans:
                cell = per_entity.setdefault(entity, [0, 0])
                cell[0] += 1
                if entity not in seen:
                    cell[1] += 1
                    seen.add(entity)

    def by_entity(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for per_entity in self.counts.values():
            for entity, (occurrences, _) in per_entity.items():
                out[entity] = out.get(entity, 0) + occurrences
        return dict(sorted(out.items()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "entities": self.by_entity(),
            "columns": {
                column: {entity: {"count": c, "rows": r} for entity, (c, r) in sorted(per.items())}
                for column, per in sorted(self.counts.items())
            },
        }


# --------------------------------------------------------------------------------------------- writers


def _columns(kind: str, rows: list[Row]) -> pa.Table:
    schema = SCHEMAS[kind]
    return pa.table({name: [row.values[name] for row in rows] for name in schema.names}, schema=schema)


def write_table(kind: str, path: Path, rows: int, seed: int = DEFAULT_SEED) -> Truth:
    """Write `rows` rows of table `kind` as Parquet (row groups of ROW_GROUP rows); return its truth."""
    truth = Truth()
    tmp = path.with_name(path.name + ".tmp")
    with pq.ParquetWriter(tmp, SCHEMAS[kind]) as writer:
        pending: list[Row] = []
        for row in iter_rows(kind, seed, rows):
            truth.add(row)
            pending.append(row)
            if len(pending) == ROW_GROUP:
                writer.write_table(_columns(kind, pending), row_group_size=ROW_GROUP)
                pending = []
        if pending:
            writer.write_table(_columns(kind, pending), row_group_size=ROW_GROUP)
    tmp.replace(path)
    return truth


def log_record(row: Row) -> dict[str, Any]:
    values = row.values
    level = "WARN" if values["status"] >= 500 else "INFO"
    return {
        "ts": values["ts"],
        "level": level,
        "service": values["service"],
        "host": f"{values['service']}-{values['user_id'] % 7}",
        "trace_id": values["session_id"] + values["event_id"][:8],
        "user_id": values["user_id"],
        "status": values["status"],
        "latency_ms": values["latency_ms"],
        "msg": values["message"],
    }


def write_jsonl(kind: str, path: Path, size_mb: int, seed: int = DEFAULT_SEED) -> Truth:
    """Write JSON Lines of at least `size_mb` MiB: `log` records (an app log) or full `sparse` rows."""
    truth = Truth()
    target = size_mb << 20
    written = 0
    chunk = 0
    rename = {"message": "msg"} if kind == "log" else None
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        while written < target:
            lines = []
            for row in iter_chunk(kind, seed, chunk):
                record = log_record(row) if kind == "log" else row.values
                lines.append(json.dumps(record, ensure_ascii=False))
                truth.add(row, rename)
                written += len(lines[-1].encode("utf-8")) + 1
                if written >= target:
                    break
            handle.write("\n".join(lines) + "\n")
            chunk += 1
    tmp.replace(path)
    return truth


def slice_spans(
    kind: str, rows: int, seed: int = DEFAULT_SEED
) -> dict[tuple[int, str], list[tuple[str, int, int]]]:
    """The planted spans of the first `rows` rows: (row, column) -> [(entity, start, end)]."""
    out: dict[tuple[int, str], list[tuple[str, int, int]]] = {}
    for index, row in enumerate(iter_rows(kind, seed, rows)):
        for column, spans in row.spans.items():
            out[(index, column)] = list(spans)
    return out


def write_slice(kind: str, path: Path, rows: int, seed: int = DEFAULT_SEED) -> None:
    """The first `rows` rows of table `kind` (the F1 slice), as Parquet; same rows as the full table's."""
    pq.write_table(_columns(kind, list(iter_rows(kind, seed, rows))), path)


# --------------------------------------------------------------------------------------------- cache


def cache_key(**params: Any) -> str:
    payload = json.dumps({"gen_version": GEN_VERSION, **params}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


def cached(path: Path, make: Any) -> dict[str, Any]:
    """Build `path` with `make(path) -> Truth` unless `path` and its truth (`path.truth.json`) exist."""
    truth_path = path.with_name(path.name + ".truth.json")
    if path.exists() and truth_path.exists():
        loaded: dict[str, Any] = json.loads(truth_path.read_text())
        loaded["cached"] = True
        return loaded
    path.parent.mkdir(parents=True, exist_ok=True)
    truth = make(path).as_dict()
    truth_path.write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n")
    truth["cached"] = False
    return truth
