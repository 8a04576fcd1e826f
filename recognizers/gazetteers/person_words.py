"""Word lists for jejak.recognizers.person: honorifics, name particles, and words that are never names.

Honorifics and name order follow ../shared/spec/identifiers.md §M (Thai, Malay, Indonesian, Vietnamese,
Filipino, Burmese, Khmer, Lao, Timor-Leste). The "never a name" lists are editorial: they keep headings, log
keys, greetings, street/company/product words and months from becoming PERSON.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A set from whitespace-separated words (keeps long editorial lists readable)."""
    return frozenset(text.split())


# fmt: off

#: Latin-script honorifics (lower-case, with their period when they take one) -> score of title + name.
#: Strong titles are rarely anything but a title; weak ones are also ordinary words (pak = "Mr"/"sir").
LATIN_TITLES: dict[str, float] = {
    # English
    "mr": 0.75, "mr.": 0.75, "mrs": 0.75, "mrs.": 0.75, "ms": 0.75, "ms.": 0.75, "miss": 0.7, "mdm": 0.75,
    "mdm.": 0.75, "madam": 0.7, "dr": 0.7, "dr.": 0.7, "sir": 0.6, "prof": 0.7, "prof.": 0.7,
    # Malay / Brunei
    "encik": 0.75, "en.": 0.75, "puan": 0.75, "pn.": 0.75, "cik": 0.7, "tuan": 0.65, "haji": 0.75,
    "hajah": 0.75, "hj.": 0.75, "hjh.": 0.75, "datuk": 0.75, "dato'": 0.75, "dato’": 0.75, "dato": 0.7,
    "datin": 0.75, "tan sri": 0.8, "puan sri": 0.8, "tun": 0.7, "datuk seri": 0.8, "dato' sri": 0.8,
    "dato’ sri": 0.8, "dato sri": 0.8, "datin seri": 0.8, "toh puan": 0.8,
    # Indonesian
    "bapak": 0.75, "pak": 0.6, "ibu": 0.7, "bu": 0.6, "sdr.": 0.75, "sdri.": 0.75, "saudara": 0.6,
    "saudari": 0.6, "ny.": 0.75, "nyonya": 0.75, "nona": 0.7, "kak": 0.6, "kakak": 0.6, "mbak": 0.6,
    "mas": 0.55, "h.": 0.6, "hj": 0.7,
    # Filipino
    "g.": 0.6, "gng.": 0.75, "bb.": 0.75, "ginoo": 0.7, "ginang": 0.7, "binibini": 0.7,
    # Timor-Leste (Portuguese)
    "sr.": 0.7, "sra.": 0.7, "senhor": 0.7, "senhora": 0.7, "dona": 0.6,
}
#: Vietnamese forms of address: also plain pronouns, so the name after them must start with a family name.
VI_TITLES: dict[str, float] = {"ông": 0.8, "bà": 0.8, "anh": 0.75, "chị": 0.75, "cô": 0.75, "em": 0.7}

#: Lower-case particles allowed inside a name (patronymics, Spanish/Portuguese/Dutch particles).
PATRONYMIC = _words("bin binti bt bte bt. b. a/l a/p s/o d/o ibni binte")
PARTICLES = _words("de dela del delos da das do dos van von y")

#: Vietnamese middle names (tên đệm) that make "family + middle + given" nearly certain.
VI_MIDDLE = _words("""
    Văn Thị Hữu Đức Ngọc Minh Thanh Quốc Xuân Thu Kim Gia Bảo Công Quang Hoàng Anh Phương Hồng Trung Đình Mạnh
    Tuấn Thúy Diệu Như Bích
""")

#: Words that end a run of capitalised words without being part of a name: greetings, pronouns, function
#: words, sentence openers, weekdays and months (except those that are common given names: April, May, June).
SPLIT_WORDS = _words("""
    i we you he she they it my your our their his her its the a an this that these those is are was were be
    and or but if then so please thanks thank hi hello hey dear yes no ok okay sorry welcome good morning
    afternoon evening night happy best regards kind sincerely also note re fwd subject from to cc bcc sent
    date name names nama tên saya kami kita anda awak tolong terima kasih selamat pagi siang petang malam
    halo hai helo mohon chào cảm ơn tôi bạn ako po salamat magandang araw gabi kumusta hindi oo opo
    at in on of for with by as via per dan atau yang untuk dengan di ke dari pada ini itu tidak bukan
    monday tuesday wednesday thursday friday saturday sunday isnin selasa rabu khamis jumaat sabtu ahad senin
    kamis jumat minggu january february march july september october november december januari februari
    maret mac julai ogos agustus oktober disember desember nopember thứ tháng ngày
    i'm i’m sa mga ay si ni kay
    """)

#: Short function words that are also Vietnamese/Chinese/Burmese name syllables (An, Do, To, Oo): they split
#: a run only where they start it ("An Order" vs "Nguyễn Văn An").
START_ONLY_SPLIT = _words("a an i it is do to so no on in at be by as or if he we my oo")

#: Words that make the whole run something other than a person: streets, places, companies, institutions,
#: products, UI/log vocabulary. "Jalan Tan Cheng Lock" is a street, "Bank Negara" a bank.
POISON_WORDS = _words("""
    jalan jln jl lorong lrg persiaran lebuh lebuhraya taman tmn bandar kampung kg bukit sungai pulau street st
    road rd avenue ave lane drive boulevard blvd highway expressway city province district county state
    bank negara berhad bhd sdn pte ltd llc inc corp corporation company co group holdings tbk persero
    university universiti universitas college school sekolah institute institut hospital clinic klinik
    masjid mosque church gereja temple wat chùa wisma menara plaza mall tower building hotel resort
    restaurant restoran cafe kedai market pasar station stesen airport bandara airlines airways air express
    bay park beach island centre center hall court square garden gardens heights estate residence residences
    condo apartment ministry kementerian department jabatan dinas agency authority council majlis
    foundation yayasan association persatuan club kelab team support service services
    account admin administrator system server app apps store shop pro plus max mini ultra premium lite
    edition version series model phone galaxy iphone ipad pixel cloud online digital technologies technology
    tech solutions software labs studio studios media network networks global international asia pacific
    malaysia singapore indonesia thailand vietnam philippines myanmar cambodia laos brunei timor kuala lumpur
    jakarta manila bangkok hanoi saigon yangon vientiane phnom penh san santa santo order invoice ticket
    payment error warning info debug request response status total summary details detail report table
    section chapter page figure item product products price sale free new user users agent bot
    nội nẵng phố đường quận huyện tỉnh phường xã ty viện chợ
    """)

#: Lower-case phrases that introduce a name ("my name is ...") -> score of the name that follows.
INTRODUCERS: dict[str, float] = {
    "my name is": 0.65, "name is": 0.6, "nama saya": 0.65, "nama aku": 0.65, "nama saya ialah": 0.65,
    "nama saya adalah": 0.65, "atas nama": 0.65, "tên tôi là": 0.65, "tên là": 0.65, "tôi tên là": 0.65,
    "tôi tên": 0.6, "ako si": 0.65, "ako po si": 0.65, "ang pangalan ko ay": 0.65, "pangalan ko ay": 0.65,
    "this is": 0.5, "i am": 0.5, "i'm": 0.5, "tôi là": 0.5, "mình là": 0.5, "em là": 0.5, "saya": 0.5,
    "aku": 0.5,
}
#: Labels and roles a name follows ("Name: ...", "holder ...", "Pelanggan ...", "ni ..."): lower-case,
#: colon removed -> score for a run of 2+ capitalised words (one word: -0.1). Editorial, from common form
#: labels in English, Malay/Indonesian (pelanggan = customer, karyawan/pekerja/pegawai = employee, a.n. = atas
#: nama, milik = belonging to) and Filipino (si/ni/kay = personal-name markers, empleyado, may-ari = owner).
ROLES: dict[str, float] = {
    "name": 0.6, "full name": 0.6, "holder": 0.6, "cardholder": 0.6, "account holder": 0.6, "owner": 0.55,
    "employee": 0.6, "staff": 0.55, "customer": 0.55, "client": 0.55, "vendor": 0.55, "supplier": 0.55,
    "driver": 0.55, "courier": 0.55, "contact": 0.55, "emergency contact": 0.6, "sister": 0.55,
    "brother": 0.55, "wife": 0.55, "husband": 0.55, "mother": 0.55, "father": 0.55,
    "daughter": 0.55, "spouse": 0.55, "payee": 0.6, "beneficiary": 0.6, "recipient": 0.6, "applicant": 0.6,
    "tenant": 0.55, "patient": 0.6, "member": 0.55, "proprietor": 0.55, "guarantor": 0.6, "borrower": 0.6,
    "payroll": 0.55, "hr record": 0.6, "in the name of": 0.65, "issued to": 0.55, "belongs to": 0.55,
    "registered under": 0.55,
    "nama": 0.6, "nama lengkap": 0.65, "nama penuh": 0.65, "pelanggan": 0.55, "karyawan": 0.6, "pekerja": 0.6,
    "pegawai": 0.6, "kurir": 0.55, "pemohon": 0.6, "penerima": 0.6, "pemilik": 0.6, "milik": 0.55,
    "a.n.": 0.65, "data hr": 0.6, "suami": 0.55, "isteri": 0.55, "istri": 0.55, "adik": 0.55, "abang": 0.55,
    "pangalan": 0.6, "empleyado": 0.6, "may-ari": 0.55, "si": 0.55, "ni": 0.55, "kay": 0.55,
}
#: One-word roles also end a run of capitalised words ("Employee Amirul bin Yusof", "Pelanggan Yeo Xin Yi").
SPLIT_WORDS = SPLIT_WORDS | frozenset(role for role in ROLES if " " not in role)

#: Words right after a name that confirm it: "Ana Cruz (born 1990)", "Budi adalah kurir kami" (+ a role).
BORN = _words("born b. lahir sinh ipinanganak")
COPULAS = _words("adalah ialah is ay")

#: Values that fill name columns without being names.
PLACEHOLDERS = _words("unknown none null nil test tester admin guest anonymous default sample demo n/a")

#: Column words that make a name-shaped value something else (product_name, company_name, file_name).
NOT_PERSON_COLUMNS = _words("""
    product item company companies organisation organization org brand merchant shop store file filename host
    hostname server street road city country state region bank branch category app device model project
    department dept course event place location venue pet sku plan package service
""")

#: Greetings before a name: weak evidence (0.4 for one word, 0.5 for two or more); a listed name adds 0.15.
GREETINGS = frozenset({"hi", "hello", "hey", "dear", "halo", "hai", "helo", "chào", "kumusta", "hallo"})

# --- Scripts without case: honorific + name -------------------------------------------------------------
TH_LETTERS = "\u0e01-\u0e4e"
LO_LETTERS = "\u0e81-\u0ecd"
#: Khmer letters and signs, without the punctuation ។ ៕ ៖ (U+17D4-U+17D6) and ៘ ៙ ៚ that end a name.
KM_LETTERS = "\u1780-\u17d3\u17d7\u17dc\u17dd"
MY_LETTERS = "\u1000-\u103f\u1050-\u109f"

#: Thai titles -> score; longest first so นางสาว wins over นาง and นายแพทย์ over นาย.
TH_TITLES: dict[str, float] = {
    "เด็กชาย": 0.75, "เด็กหญิง": 0.75, "นายแพทย์": 0.75, "แพทย์หญิง": 0.75, "นางสาว": 0.75, "ด.ช.": 0.75,
    "ด.ญ.": 0.75, "น.ส.": 0.75, "นพ.": 0.7, "พญ.": 0.7, "ดร.": 0.7, "นาย": 0.7, "นาง": 0.7, "คุณ": 0.55,
    "ชื่อ": 0.5,
}
#: Thai words after which a name ends (particles, common verbs): Thai is written without spaces.
TH_STOPS = (
    "ที่", "ค่ะ", "คะ", "ครับ", "จ้ะ", "จ้า", "ได้", "ว่า", "และ", "กับ", "ของ", "ซึ่ง", "เป็น", "ขอ", "ช่วย",
    "อยาก", "ต้องการ", "เลขบัตร", "เบอร์", "โทร", "อายุ", "เกิด", "อยู่", "แล้ว", "ด้วย", "หรือ", "นามสกุล",
    "ไม่", "ฝาก", "ให้", "แจ้ง", "บอก", "ยืนยัน", "ติดต่อ", "อีเมล", "คือ", "ชำระ", "สั่ง", "โอน", "จอง",
)
#: After คุณ ("you"/Khun) or นาย/นาง: a word that shows the title is a pronoun or part of another word.
TH_NOT_A_NAME = (
    "ต้อง", "จะ", "ได้", "สามารถ", "ช่วย", "เป็น", "มี", "ไม่", "ก็", "ค่ะ", "ครับ", "คะ", "ที่", "ขอ", "อยาก",
    "ยัง", "เคย", "ควร", "ลอง", "กรุณา", "โปรด", "แค่", "เอง", "ทำ", "ใช้", "รอ", "สนใจ", "เลือก", "กด", "เข้า",
    "ติดต่อ", "ชำระ", "สมัคร", "ยืนยัน", "คือ", "เห็น", "รู้", "ภาพ", "ค่า", "กรัฐ", "กเทศ", "จ้าง", "หน้า",
    "ทุน", "พล", "ร้อย", "อำเภอ", "ทหาร", "ตำรวจ", "ฟ้า", "งาม", "พยาบาล", "แบบ", "เอก", "ลูกค้า", "เลข",
    # คุณแม่ (mother), คุณพ่อ, ... are kinship terms, ชื่อบัญชี/ชื่อ-นามสกุล are labels, ผมชื่อ "my name is"
    "แม่", "พ่อ", "ลูก", "พี่", "น้อง", "ป้า", "ลุง", "ยาย", "ปู่", "ย่า", "สามี", "ภรรยา", "บัญชี", "ชื่อ",
    "อยู่", "คุณ", "นาย", "นาง", "ด.", "น.ส.", "ดร.",
    # after a label: "ชื่อบริษัท" (company name), สินค้า (product), ร้าน (shop), ธนาคาร (bank), ผู้ใช้ (user)
    "บริษัท", "สินค้า", "ร้าน", "ธนาคาร", "ผู้ใช้",
)
#: Thai form labels and self-introductions a name follows (ชื่อ-นามสกุล = full name, พนักงาน = employee,
#: ประวัติพนักงาน = employee record, ผู้ติดต่อฉุกเฉิน = emergency contact, ลูกค้า = customer, ชื่อบัญชี = account
#: name, ดิฉัน/ผม = I). Editorial, from standard Thai usage. Without a colon the name needs a family name;
#: the pronouns ดิฉัน/ผม introduce a name only glued to it ("ดิฉันมาลี ..."; "ของผม คุณ..." is "my ... Khun").
TH_PRONOUNS = ("ดิฉัน", "ผม")
TH_LABELS: dict[str, float] = {
    "ชื่อ-นามสกุล": 0.65, "ชื่อและนามสกุล": 0.65, "ชื่อบัญชี": 0.6, "ประวัติพนักงาน": 0.6, "พนักงาน": 0.6,
    "ผู้ติดต่อฉุกเฉิน": 0.6, "ผู้ติดต่อ": 0.55, "ลูกค้า": 0.55, "ผู้รับ": 0.55, "ผู้สมัคร": 0.6, "ดิฉัน": 0.55,
    "ผม": 0.55,
}
LO_TITLES: dict[str, float] = {"ທ່ານນາງ": 0.7, "ນາງສາວ": 0.7, "ທ້າວ": 0.7, "ນາງ": 0.65, "ທ່ານ": 0.5}
KM_TITLES: dict[str, float] = {"លោកស្រី": 0.7, "អ្នកនាង": 0.7, "កញ្ញា": 0.7, "ឯកឧត្តម": 0.7, "លោក": 0.5}
#: Lao and Khmer words that start the clause after a name, not a family name (come, is, did, will, at, ...).
LO_KM_NOT_A_NAME = (
    "ມາ", "ແມ່ນ", "ໄດ້", "ຈະ", "ບໍ່", "ຢູ່", "ແລະ", "ກັບ", "ຂອງ", "ທີ່", "ເປັນ", "ໄປ",
    "បាន", "នឹង", "មិន", "គឺ", "ជា", "នៅ", "និង", "ដែល", "មក", "ទៅ", "ថា",
    # after a label ("name of the company/product/shop/bank/user"), not a name
    "ບໍລິສັດ", "ຜະລິດຕະພັນ", "ຮ້ານ", "ທະນາຄານ", "ຜູ້ໃຊ້", "ក្រុមហ៊ុន", "ផលិតផល", "ហាង", "ធនាគារ", "អ្នកប្រើ",
)
MY_TITLES: dict[str, float] = {"ဒေါ်": 0.65, "ဦး": 0.65, "မောင်": 0.55, "ကို": 0.5, "မ": 0.5}
#: Burmese titles that are also particles (ကို = object marker, မ = negation): a title only when glued to
#: the name ("ကိုအောင်", "မခင်"); မ also needs the name to end at a space and not in a verb ending.
MY_GLUED = ("ကို", "မောင်", "မ")
MY_VERB_ENDINGS = ("ပါ", "ဘူး", "တယ်", "မယ်", "သည်", "နဲ့", "ရ", "ဘဲ", "ချင်")
#: Form labels and introductions a name follows, per script (name = ឈ្មោះ/ຊື່/အမည်, customer, employee,
#: staff record, emergency contact, account name, "my name is"). Editorial, from standard usage.
KM_LABELS: dict[str, float] = {
    "ខ្ញុំឈ្មោះ": 0.65, "ឈ្មោះ": 0.6, "អតិថិជន": 0.55, "បុគ្គលិក": 0.6, "ប្រវត្តិរូប": 0.6, "នាមត្រកូល": 0.6,
}
LO_LABELS: dict[str, float] = {
    "ຂ້ອຍຊື່": 0.65, "ຂ້ອຍຊື່ວ່າ": 0.65, "ຊື່ແລະນາມສະກຸນ": 0.65, "ຊື່ບັນຊີ": 0.6, "ຊື່": 0.6, "ລູກຄ້າ": 0.55,
    "ພະນັກງານ": 0.6, "ປະຫວັດພະນັກງານ": 0.6, "ຕິດຕໍ່ສຸກເສີນ": 0.6,
}
MY_LABELS: dict[str, float] = {
    "ကျွန်တော့်အမည်": 0.65, "ကျွန်မအမည်": 0.65, "ကျွန်တော့်နာမည်": 0.65, "ကျွန်မနာမည်": 0.65, "အမည်": 0.6,
    "နာမည်": 0.6, "အကောင့်အမည်": 0.6, "ဖောက်သည်": 0.55, "ဝန်ထမ်း": 0.6, "ဝန်ထမ်းမှတ်တမ်း": 0.6,
    "အရေးပေါ်ဆက်သွယ်ရန်": 0.6,
}
#: Burmese words starting with ဦး that are not titles ("first", "lead", "brain", "hat", ...), and words after
#: a name label that make it the name of something else (company, bank, shop).
MY_NOT_A_NAME = ("စွာ", "ဆောင်", "စီး", "တည်", "နှောက်", "ထုပ်", "စားပေး", "ရေ", "ကုမ္ပဏီ", "ဘဏ်", "ဆိုင်")
#: Burmese particles glued to the end of a name (subject/object markers, polite endings).
MY_TRAILING = ("ကို", "က", "သည်", "ရဲ့", "နဲ့", "ပါ", "၏", "မှ")
# fmt: on
