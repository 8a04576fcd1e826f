"""Street addresses in Southeast Asia without a model: address words, house numbers and postcodes that
stand together.

A postcode alone is any 4-6 digit number; "Jalan" alone is a product name ("Jalan-Jalan Cari Makan"), a
city alone is not an address. What makes an address is several *components* close together: a house,
block or unit number (Blk 123, #05-12, No. 12, RT 03/RW 05, 123/45, số 12, ផ្ទះលេខ 12), a street word
(Jalan, Jl., Lorong, Road, Ave, ถนน, ซอย, đường, ផ្លូវ, ຖະໜົນ, လမ်း), an area word (Taman, Kelurahan,
Kecamatan, Kota, แขวง, เขต, จังหวัด, phường, quận, TP., Barangay, Brgy., Purok, City, សង្កាត់, ខណ្ឌ, ບ້ານ,
ເມືອງ, ແຂວງ, ရပ်ကွက်, မြို့နယ်, a Malaysian state) and a postcode of the region's length (SG and VN 6, MY,
ID, TH, KH, LA and MM 5, PH 4 digits). Components join into one candidate while only a short gap of names
and separators stands between them (no line break, no sentence end, no lower-case Latin words of four or
more letters). Scores (see `score_strong` / `score_weak`):

- strong (passes the 0.5 threshold alone): a postcode with at least two other components, one of them a
  number or a street, or three of them ("Kota Kinabalu, Sabah 88000" names a town, not a dwelling); or at
  least four components one of which is a number (Vietnamese and Thai addresses seldom carry a postcode);
- weak (needs a context word such as address/alamat/ที่อยู่/địa chỉ, or a column name): a postcode with one
  component, two components one of which is a number, or three components;
- anything less is not reported.

The span runs from the first component (or the house number or capitalised name before it) to the last,
and past a postcode over the capitalised city name that follows it ("50450 Kuala Lumpur").

Sources for the address words and postcode lengths: Universal Postal Union, "Postal addressing systems in
member countries" (SGP, MYS, IDN, THA, VNM, PHL, KHM, LAO, MMR sheets); Singapore Post and Pos Malaysia
addressing guides; Wikipedia "Postal codes in Thailand/Vietnam/the Philippines". Text reaching this class
is already normalised (local digits mapped to ASCII, NFC) by jejak.detection.normalized_text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from jejak.recognizers.base import JejakRecognizer

_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_SEA_SCRIPTS = "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff"

#: House, block, unit and lot numbers: each pins the candidate to one dwelling.
_NUMBER_WORDS = (
    r"blk|block|no|nombor|nomor|lot|unit|house no|level|lvl|floor|tingkat|lantai|số nhà|số|so nha|phòng|tầng"
)
_HOUSE_NUMBER = r"\d{1,5}[A-Za-z]?(?:[/-]\d{1,5}[A-Za-z]?)?"
_NUMBER_PATTERNS: tuple[tuple[str, str], ...] = (
    ("number", rf"{_NOT_LETTER_BEFORE}(?:{_NUMBER_WORDS})\.?[ \t]*:?[ \t]*{_HOUSE_NUMBER}(?![\w/])"),
    ("unit", r"(?<![\w#])#[ \t]?\d{1,3}-\d{1,5}[A-Za-z]?(?![\w-])"),
    ("rt_rw", rf"{_NOT_LETTER_BEFORE}(?:rt|rw)\.?[ \t]*\d{{1,3}}(?:[ \t]*/[ \t]*(?:rw\.?[ \t]*)?\d{{1,3}})?"
              r"(?![\w/])"),
    ("number", r"(?:บ้านเลขที่|เลขที่)[ \t]*\d{1,5}(?:/\d{1,4})?"),
    ("moo", r"(?:หมู่ที่|หมู่|ม\.)[ \t]*\d{1,2}(?!\d)"),
    ("number", r"(?<![\w/.])\d{1,4}/\d{1,4}(?=[ \t]{0,2}[\u0e00-\u0e7f])"),  # Thai house numbers: 123/45
    ("number", r"ផ្ទះលេខ[ \t]*\d{1,5}[A-Za-z]?|ເຮືອນເລກທີ[ \t]*\d{1,5}|(?:အိမ်အမှတ်|အမှတ်)[ \t]*\(?\d{1,5}\)?"),
)  # fmt: skip

#: Street and area words that precede the name they qualify ("Jalan Ampang", "phường Bến Thành").
_PREFIX_WORDS: tuple[tuple[str, str], ...] = (
    ("street", r"jalan|jln\.?|jl\.|lorong|lrg\.|persiaran|lebuh|lebuhraya|gg\.|đường|phố|ngõ|ngách|hẻm|soi"),
    ("area", r"taman|tmn\.|kampung|kg\.|bandar|kelurahan|kel\.|desa|kecamatan|kec\.|kabupaten|kab\.|kota"),
    ("area", r"provinsi|prov\.|phường|xã|quận|huyện|thành phố|thị xã|thị trấn|tỉnh|barangay|brgy\.?|bgy\.?"),
    ("area", r"purok|sitio|dusun|perumahan|perum\.|komplek|kompleks|komp\."),
)
#: Abbreviations that are only address words in capitals (P. 5, Q. 1, TP. HCM; Vietnamese forms).
_PREFIX_CASED = r"(?<![\w.])(?:P|Q|TP|Tp)\.[ \t]*(?=[\dA-ZĐÀ-Ỹ])"
#: Thai, Khmer, Lao and Burmese words: written without spaces before the name, so no boundary applies.
_SCRIPT_WORDS: tuple[tuple[str, str], ...] = (
    ("street", r"ถนน|ถ\.(?=[ \t]?[\u0e00-\u0e7f])|ซอย|ซ\.(?=[ \t]?[\u0e00-\u0e7f\d])|ផ្លូវ|ຖະໜົນ|လမ်း"),
    ("area", r"ตำบล|ต\.(?=[ \t]?[\u0e00-\u0e7f])|แขวง|อำเภอ|อ\.(?=[ \t]?[\u0e00-\u0e7f])|เขต|จังหวัด"),
    ("area", r"จ\.(?=[ \t]?[\u0e00-\u0e7f])"),
    ("area", r"សង្កាត់|ខណ្ឌ|ខេត្ត|ក្រុង|ភូមិ|ឃុំ|ស្រុក|ບ້ານ|ເມືອງ|ແຂວງ|ນະຄອນຫຼວງ|ရပ်ကွက်|မြို့နယ်|တိုင်းဒေသကြီး|ကျေးရွာ"),
)  # fmt: skip
#: Words that follow the name they qualify ("Orchard Road", "Ang Mo Kio Ave 3", "Quezon City").
_SUFFIX_WORDS: tuple[tuple[str, str], ...] = (
    ("street", r"road|rd\.?|street|avenue|ave\.?|lane|crescent|cres\.?|boulevard|blvd\.?|highway|drive"),
    ("street", r"place|walk|close|terrace|link|quay|way"),
    ("area", r"city|province|subdivision|subd\.|village"),
)
_SUFFIX_CASED = r"(?<![\w.])St\.?(?![\w])"
#: Malaysian states and federal territories: "50450 Kuala Lumpur" ends an address as a city does.
_MY_STATES = (
    r"selangor|johor|kedah|kelantan|melaka|malacca|negeri sembilan|pahang|perak|perlis|pulau pinang|penang"
    r"|sabah|sarawak|terengganu|kuala lumpur|putrajaya|labuan|wilayah persekutuan"
)
#: Postcodes: SG/VN 6 digits, MY/ID/TH/KH/LA/MM 5, PH 4 (4-digit years 19xx/20xx excluded), and the
#: Singapore forms "Singapore 560123", "S(560123)", "S560123".
_POSTCODE = re.compile(
    r"(?<!\w)(?:singapore|s)[ \t]*\(?\d{6}\)?(?![\w-])"
    r"|(?<![\w#/.:-])(?:\d{5,6}|(?!19|20)\d{4})(?![\w/:-]|\.\d)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[ \t]*(?:,[ \t]*)?([^\s,;:()|]+)")
#: What ends an address between two components: a line or sentence end, or a phone/ID-length digit run
#: (LOCATION outranks PHONE_NUMBER on overlap, so an address must never swallow one).
_GAP_STOP = re.compile(r"[\n\r;|!?]|[^\W\d_]{4,}\.\s|\d(?:[ \t().-]?\d){5,}")
_LOWER_WORD = re.compile(r"(?<![^\W\d_])[a-z]{4,}(?![^\W\d_])")
_BARE_NUMBER = re.compile(r"(?<![\w/.-])(\d{1,5}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?)[ \t]*,?[ \t]*$")
_CAPITALISED = re.compile(r"(?<![\w'’.-])[A-ZÀ-ÖØ-ÞĐ][\w'’.-]*[ \t]+$")
_CITY_END = re.compile(r"[ \t]*(?:$|[,.;)\n])")
#: Postcode labels may stand lower-case between components ("kode pos 12190").
_POSTCODE_LABEL = re.compile(r"kode pos|kodepos|poskod|postcode|postal code|zip code", re.IGNORECASE)


def _compile(kind_patterns: Sequence[tuple[str, str]], bounded: bool) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for kind, words in kind_patterns:
        regex = rf"{_NOT_LETTER_BEFORE}(?:{words}){_NOT_LETTER_AFTER}" if bounded else words
        out.append((kind, re.compile(regex, re.IGNORECASE)))
    return out


_NUMBERS = [(kind, re.compile(regex, re.IGNORECASE)) for kind, regex in _NUMBER_PATTERNS]
_PREFIXES = [
    *_compile(_PREFIX_WORDS, bounded=True),
    ("area", re.compile(_PREFIX_CASED)),
    *_compile(_SCRIPT_WORDS, bounded=False),
]
_SUFFIXES = [*_compile(_SUFFIX_WORDS, bounded=True), ("street", re.compile(_SUFFIX_CASED))]
_STATES = re.compile(rf"{_NOT_LETTER_BEFORE}(?:{_MY_STATES}){_NOT_LETTER_AFTER}", re.IGNORECASE)


@dataclass(frozen=True)
class Component:
    kind: str  # number | unit | rt_rw | moo | street | area | postcode
    key: str  # what makes two components the same evidence (the address word, lower-cased)
    start: int
    end: int
    suffix: bool = False  # the word follows its name ("Orchard Road")


class SeaAddressRecognizer(JejakRecognizer):
    """LOCATION: postal addresses of SG, MY, ID, TH, VN, PH, KH, LA and MM, scored by how many address
    components stand together (module docstring)."""

    def __init__(
        self,
        supported_language: str = "en",
        supported_entity: str = "LOCATION",
        context: Sequence[str] = (),
        score_strong: float = 0.6,
        score_weak: float = 0.3,
        max_gap: int = 40,
        name: str | None = None,
    ) -> None:
        self.score_strong = score_strong
        self.score_weak = score_weak
        self.max_gap = max_gap
        super().__init__(
            name=name or "SeaAddressRecognizer",
            supported_entities=[supported_entity],
            supported_language=supported_language,
            context=context,
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for cluster in _clusters(find_components(text), text, self.max_gap):
            score = self._score(cluster)
            if score is None:
                continue
            start, end = _extent(cluster, text)
            kinds = ", ".join(sorted({c.kind for c in cluster}))
            explanation = f"address components: {kinds}"
            results.append(
                self.result(self.supported_entities[0], start, end, score, textual_explanation=explanation)
            )
        return results

    def _score(self, cluster: list[Component]) -> float | None:
        has_postcode = any(c.kind == "postcode" for c in cluster)
        parts = {c.key for c in cluster if c.kind != "postcode"}
        has_number = any(c.kind in {"number", "unit", "rt_rw", "moo"} for c in cluster)
        core = parts - {"state"}  # "Kuala Lumpur 50450" is a city and a postcode, not an address
        # a postcode with areas only ("Kota Kinabalu, Sabah 88000") names a town unless there are three
        pinned = has_number or any(c.kind == "street" for c in cluster) or len(parts) >= 3
        if (has_postcode and core and len(parts) >= 2 and pinned) or (has_number and len(parts) >= 4):
            return min(self.score_strong + 0.05 * (len(parts) + has_postcode - 3), 0.85)
        if (has_postcode and core) or (has_number and len(parts) >= 2) or len(parts) >= 3:
            return self.score_weak
        return None


def find_components(text: str) -> list[Component]:
    """Every address component in `text`, sorted by position (they may overlap)."""
    found: list[Component] = []
    for kind, regex in _NUMBERS:
        for m in regex.finditer(text):
            found.append(Component(kind, _key(m.group(), kind), m.start(), m.end()))
    for kind, regex in _PREFIXES:
        for m in regex.finditer(text):
            end = _tail_end(text, m.end())
            if end == m.end() and not _is_script(m.group()):
                continue  # "jalan" with no name after it is a verb ("jalan-jalan", "sambil jalan")
            found.append(Component(kind, _key(m.group(), kind), m.start(), end))
            number = _BARE_NUMBER.search(text, max(0, m.start() - 12), m.start())
            if kind == "street" and number is not None:  # "45 Jalan Ampang", "12 đường Lê Lợi"
                found.append(Component("number", "number:", number.start(1), number.end(1)))
    for kind, regex in _SUFFIXES:
        for m in regex.finditer(text):
            if not _CAPITALISED.search(text, 0, m.start()):
                continue  # "the road", "this city": a suffix word needs a name before it
            end = _tail_end(text, m.end(), digits_only=True)
            found.append(Component(kind, _key(m.group(), kind), m.start(), end, suffix=True))
            name = _name_start(text, m.start())
            number = _BARE_NUMBER.search(text, max(0, name - 12), name)
            if kind == "street" and number is not None:  # "10 Anson Road", "123 Rizal St."
                found.append(Component("number", "number:", number.start(1), number.end(1)))
    for m in _STATES.finditer(text):
        found.append(Component("area", "state", m.start(), m.end()))
    numbers = [c for c in found if c.kind in {"number", "unit", "rt_rw", "moo"}]
    for m in _POSTCODE.finditer(text):
        if not any(c.start <= m.start() < c.end for c in numbers):
            found.append(Component("postcode", "postcode", m.start(), m.end()))
    return sorted(found, key=lambda c: (c.start, -c.end))


def _key(matched: str, kind: str) -> str:
    if kind in {"number", "unit", "rt_rw", "moo"}:
        return kind + ":" + re.sub(r"[\d\s()/.#:-]+", "", matched.lower())
    return matched.lower().rstrip(".").strip()


def _is_script(word: str) -> bool:
    return bool(re.match(f"[{_SEA_SCRIPTS}]", word))


def _tail_end(text: str, pos: int, digits_only: bool = False) -> int:
    """End of the name after an address word: up to four capitalised, numeric (at most 3 digits: a
    postcode is its own component) or Thai/Khmer/Lao/Burmese tokens, not crossing a comma."""
    end = pos
    for _ in range(4):
        m = _TOKEN.match(text, end)
        if m is None or "," in text[end : m.start(1)]:
            break
        token = m.group(1).rstrip(".")
        numeric = re.fullmatch(r"\d{1,3}[A-Za-z]?(?:/\d{1,3})?", token) is not None
        named = token[:1].isupper() or _is_script(token)
        if not (numeric or (named and not digits_only)):
            break
        end = m.start(1) + len(token)
    return end


def _clusters(components: list[Component], text: str, max_gap: int) -> list[list[Component]]:
    """Components joined while the text between neighbours is a short run of names and separators."""
    clusters: list[list[Component]] = []
    current: list[Component] = []
    reach = -1
    for component in components:
        if current and (component.start <= reach or _joins(text[reach : component.start], max_gap)):
            current.append(component)
        else:
            if current:
                clusters.append(current)
            current = [component]
        reach = max(reach, component.end) if len(current) > 1 else component.end
    if current:
        clusters.append(current)
    return clusters


def _joins(gap: str, max_gap: int) -> bool:
    gap = _POSTCODE_LABEL.sub(" ", gap)
    return len(gap) <= max_gap and not _GAP_STOP.search(gap) and not _LOWER_WORD.search(gap)


def _extent(cluster: list[Component], text: str) -> tuple[int, int]:
    """From the first component (or a house number/capitalised name right before a street word) to the last
    (or past a postcode, over the capitalised city name after it)."""
    start = min(c.start for c in cluster)
    end = max(c.end for c in cluster)
    first = min(cluster, key=lambda c: c.start)
    if first.suffix:
        start = _name_start(text, start)
    last = max(cluster, key=lambda c: c.end)
    if last.kind == "postcode" and _CITY_END.match(text, city := _tail_end(text, end)):
        end = city
    return start, end


def _name_start(text: str, pos: int) -> int:
    """Start of the capitalised name (at most three words) before a suffix word at `pos`."""
    for _ in range(3):
        name = _CAPITALISED.search(text, max(0, pos - 30), pos)
        if name is None:
            break
        pos = name.start()
    return pos
