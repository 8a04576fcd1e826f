"""Myanmar NRC township codes by state/region number: (Latin code, Burmese code) pairs.

Generated from the `nrcTownships` table of wai-lin/mm-nrc (npm package mm-nrc 0.2.5, file
`src/assets/NRC_Data.json`; the same table as `src/data/NRC_Data.json` in github.com/wai-lin/mm-nrc, which
../shared/spec/identifiers.md §H cites). 471 entries; changes made here: the 5 entries without a code ("-")
are left out, the 8 Nay Pyi Taw entries (state "9*") are filed under 9 as the NRC itself does, and exact
duplicates within a state are dropped. Spellings are kept as published, including the pitfalls the spec
lists (U+1040 MYANMAR DIGIT ZERO written for letter WA U+101D in 6 codes; ဥ U+1025): `mm_nrc` accepts both
spellings rather than this table being edited by hand. Regenerate rather than edit.

The data is used under the MIT licence of mm-nrc, whose notice is reproduced as it requires:

    MIT License

    Copyright (c) 2021 nanyan

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.
"""

from __future__ import annotations

# fmt: off
TOWNSHIPS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (
        ("HAPANA", "ဟပန"), ("KAPATA", "ကပတ"), ("KHABADA", "ခဘဒ"), ("PHAKANA", "ဖကန"), ("MAKHABA", "မခဘ"),
        ("DAPHAYA", "ဒဖယ"), ("PAWANA", "ပ၀န"), ("PANADA", "ပနဒ"), ("SADANA", "ဆဒန"), ("BAMANA", "ဗမန"),
        ("KAMANA", "ဖကန"), ("MASANA", "မစန"), ("LAGANA", "လဂန"), ("NAMANA", "နမန"), ("MAMANA", "မမန"),
        ("KAMATA", "ကမန"), ("MAKATA", "မကတ"), ("MANYANA", "မညန"), ("KHAPHANA", "ခဖန"), ("SABATA", "ဆဘန"),
        ("SALANA", "ဆလန"), ("AHGAYA", "အဂယ"), ("MAKANA", "မကန"), ("YABAYA", "ရဘယ"), ("TANANA", "တနန"),
        ("KHALAPHA", "ခလဖ"), ("PATAAH", "ပတအ"), ("SAPABA", "ဆပဘ"), ("YAKANA", "ရကန"), ("WAMANA", "၀မန"),
        ("MALANA", "မလန"),
    ),
    2: (
        ("PHASANA", "ဖဆန"), ("PHAYASA", "ဖရဆ"), ("BALAKHA", "ဘလခ"), ("MASANA", "မစန"), ("YATHANA", "ရသန"),
        ("LAKANA", "လကန"), ("YATANA", "ရတန"), ("DAMASA", "ဒမဆ"),
    ),
    3: (
        ("BAKALA", "ဘကလ"), ("THATAKA", "သတက"), ("SAKALA", "စကလ"), ("WALAMA", "၀လမ"), ("BAGALA", "ဘဂလ"),
        ("KAKAYA", "ကကရ"), ("PAKANA", "ပကန"), ("LABANA", "လဘန"), ("BAAHNA", "ဘအန"), ("LATHANA", "လသန"),
        ("YAYATHA", "ရရသ"), ("KADANA", "ကဒန"), ("KASAKA", "ကဆက"), ("THATANA", "သတန"), ("BATHASA", "ဘသဆ"),
        ("MAWATA", "မဝတ"), ("KAMAMA", "ကမမ"), ("PHAPANA", "ဖပန"),
    ),
    4: (
        ("PALAWA", "ပလဝ"), ("KAKHANA", "ကခန"), ("PHALANA", "ဖလန"), ("TATANA", "တတန"), ("TAZANA", "တဇန"),
        ("MATAPA", "မတပ"), ("MATANA", "မတန"), ("SAMANA", "ဆမန"), ("KAPALA", "ကပလ"), ("YAKHADA", "ရခဒ"),
        ("HAKHANA", "ဟခန"), ("HTATALA", "ထတလ"), ("YAZANA", "ရဇန"),
    ),
    5: (
        ("PALABA", "ပလဘ"), ("PASANA", "ပဆန"), ("AHYATA", "အရတ"), ("KHAPANA", "ခပန"), ("KAMANA", "ကမန"),
        ("MATHANA", "မသန"), ("HAMALA", "ဟမလ"), ("BAMANA", "ဗမန"), ("MAMANA", "မမန"), ("SALAKA", "ဆလက"),
        ("NGAZANA", "ငဇန"), ("YAOUNA", "ရဥန"), ("KALAHTA", "ကလထ"), ("YATHAKA", "ရသက"), ("HSAMARA", "ဆမရ"),
        ("SAKANA", "စကန"), ("MALANA", "မလန"), ("YAMAPA", "ယမပ"), ("KALATA", "ကလတ"), ("KALANA", "ကလန"),
        ("KHATANA", "ခတန"), ("HTAPAKHA", "ထပခ"), ("LAHANA", "လဟန"), ("LAYANA", "လရန"), ("NAYANA", "နယန"),
        ("KALAWA", "ကလ၀"), ("MAKANA", "မကန"), ("HTAKHANA", "ထခန"), ("AHTANA", "အတန"), ("KATHANA", "ကသန"),
        ("WATHANA", "ဝသန"), ("PHAPANA", "ဖပန"), ("KHAOUTA", "ခဥတ"), ("MAYANA", "မရန"), ("DAPAYA", "ဒပယ"),
        ("KABALA", "ကဘလ"), ("KHAOUNA", "ခဥန"), ("YABANA", "ရဘန"), ("TASANA", "တဆန"), ("WALANA", "ဝလန"),
        ("BATALA", "ဘတလ"), ("TAMANA", "တမန"), ("KANANA", "ကနန"), ("PALANA", "ပလန"), ("MAPALA", "မပလ"),
        ("MAMATA", "မမတ"), ("DAHANA", "ဒဟန"),
    ),
    6: (
        ("KASANA", "ကစန"), ("MAMANA", "မမန"), ("MAAHYA", "မအရ"), ("TANATHA", "တနသ"), ("PAKAMA", "ပကမ"),
        ("PALATA", "ပလတ"), ("YAPHANA", "ရဖန"), ("KATHANA", "ကသန"), ("TATHAYA", "တသရ"), ("NGAYAKA", "ငရက"),
        ("MAAHNA", "မအန"), ("KAYAYA", "ကရရ"), ("LALANA", "လလန"), ("PALANA", "ပလန"), ("KHAMAKA", "ခမက"),
        ("HTAWANA", "ထဝန"), ("KALAAH", "ကလအ"), ("MATANA", "မတန"), ("THAYAKHA", "သရခ"), ("BAPANA", "ဘပန"),
    ),
    7: (
        ("YAKANA", "ရကန"), ("KAWANA", "ကဝန"), ("PATATA", "ပတတ"), ("KAKANA", "ကကန"), ("MALANA", "မလန"),
        ("DAOUNA", "ဒဥန"), ("KATAKHA", "ကတခ"), ("THANAPA", "သနပ"), ("WAMANA", "ဝမန"), ("PATANA", "ပတန"),
        ("YATANA", "ရတန"), ("KAPAKA", "ကပက"), ("MANYANA", "မညန"), ("ZAKANA", "ဇကန"), ("HTATAPA", "ထတပ"),
        ("PHAMANA", "ဖမန"), ("TANGANA", "တငန"), ("YATAYA", "ရတရ"), ("LAPATA", "လပတ"), ("AHPHANA", "အဖန"),
        ("THAKANA", "သကန"), ("PAKHATA", "ပခတ"), ("THASANA", "သဆန"), ("KATATA", "ကတတ"), ("PAKHANA", "ပခန"),
        ("PAMANA", "ပမန"), ("THAWATA", "သဝတ"), ("NYALAPA", "ညလပ"), ("AHTANA", "အတန"), ("NATALA", "နတလ"),
        ("PATASA", "ပတဆ"), ("MADANA", "မဒန"), ("PANAKA", "ပနက"), ("PATALA", "ပတလ"),
    ),
    8: (
        ("MABANA", "မဘန"), ("NGAPHANA", "ငဖန"), ("PAPHANA", "ပဖန"), ("SAKANA", "စကန"), ("SALANA", "စလန"),
        ("MAMANA", "မမန"), ("PAMANA", "ပမန"), ("YASAKA", "ရစက"), ("KAMANA", "ကမန"), ("MALANA", "မလန"),
        ("THAYANA", "သရန"), ("SAPAWA", "ဆပ၀"), ("SAMANA", "ဆမန"), ("MATANA", "မတန"), ("TATAKA", "တတက"),
        ("HTALANA", "ထလန"), ("KHAMANA", "ခမန"), ("MAHTANA", "မထန"), ("AHLANA", "အလန"), ("MATHANA", "မသန"),
        ("PAKHAKA", "ပခက"), ("MAKANA", "မကန"), ("SAPHANA", "ဆဖန"), ("SATAYA", "စတရ"), ("YANAKHA", "ရနခ"),
        ("GAGANA", "ဂဂန"), ("KAHTANA", "ကထန"), ("YAMANA", "ယမန"), ("NAMANA", "နမန"),
    ),
    9: (
        ("KASANA", "ကဆန"), ("MATHANA", "မသန"), ("AHMAZA", "အမဇ"), ("KHAMASA", "ခမစ"), ("MAHAMA", "မဟမ"),
        ("ZABATHA", "ဇဗသ"), ("KAPATA", "ကပတ"), ("PATHAKA", "ပသက"), ("TATAOU", "တတဥ"), ("SAKATA", "စကတ"),
        ("SAKANA", "စကန"), ("AUTATHA", "ဥတသ"), ("PABATHA", "ပဗသ"), ("KAMANA", "ကမန"), ("MAMANA", "မမန"),
        ("MAYAMA", "မရမ"), ("AHMAYA", "အမရ"), ("NAHTAKA", "နထက"), ("MANAMA", "မနမ"), ("MANATA", "မနတ"),
        ("MAYATA", "မရတ"), ("TAKANA", "တကန"), ("NYAOUNA", "ညဥန"), ("MAHTALA", "မထလ"), ("WATANA", "ဝတန"),
        ("TAKATA", "တကတ"), ("PAKAKHA", "ပကခ"), ("THASANA", "သစန"), ("MAKHANA", "မခန"), ("NGAZANA", "ငဇန"),
        ("NGATHAYA", "ငသရ"), ("MAKANA", "မကန"), ("PAOULA", "ပဥလ"), ("THAPAKA", "သပက"), ("PABANA", "ပဘန"),
        ("YAMATHA", "ရမသ"), ("DAKHATHA", "ဒခသ"), ("LAWANA", "လဝန"), ("PAMANA", "ပမန"), ("ZAYATHA", "ဇယသ"),
        ("MATAYA", "မတရ"), ("TATHANA", "တသန"), ("MALANA", "မလန"), ("KHAAHZA", "ခအဇ"), ("YAKANA", "ရကန"),
    ),
    10: (
        ("BALANA", "ဘလန"), ("PAMANA", "ပမန"), ("YAMANA", "ရမန"), ("KAKHAMA", "ကခမ"), ("LAMANA", "လမန"),
        ("KHASANA", "ခဆန"), ("KAMAYA", "ကမရ"), ("MALAMA", "မလမ"), ("MADANA", "မဒန"), ("THAPHAYA", "သဖရ"),
        ("KAHTANA", "ကထန"), ("THAHTANA", "သထန"), ("KHAZANA", "ခဇန"),
    ),
    11: (
        ("GAMANA", "ဂမန"), ("MAPATA", "မပတ"), ("TAPAWA", "တပ၀"), ("THATANA", "သတန"), ("BATHATA", "ဘသတ"),
        ("PANATA", "ပဏတ"), ("SATANA", "စတန"), ("KATALA", "ကတလ"), ("AHMANA", "အမန"), ("KAPHANA", "ကဖန"),
        ("MAAHNA", "မအန"), ("YABANA", "ရဗန"), ("MATANA", "မတန"), ("MAPANA", "မပန"), ("MAOUNA", "မဥန"),
        ("PATANA", "ပတန"), ("PANAKA", "ပဏက"), ("YATHATA", "ရသတ"), ("KATANA", "ကတန"), ("TAKANA", "တကန"),
        ("MAAHTA", "မအတ"),
    ),
    12: (
        ("DAGAYA", "ဒဂရ"), ("DAPANA", "ဒပန"), ("OUKATA", "ဥကတ"), ("THAKATA", "သကတ"), ("THAGAKA", "သဃက"),
        ("YAKANA", "ရကန"), ("MABANA", "မဘန"), ("MAGADA", "မဂဒ"), ("YAPATHA", "ရပသ"), ("TAKANA", "တကန"),
        ("DALANA", "ဒလန"), ("KAKHAKA", "ကခက"), ("THALANA", "သလန"), ("THAKHANA", "သခန"), ("TATANA", "တတန"),
        ("BAHANA", "ဗဟန"), ("LAMANA", "လမန"), ("KATATA", "ကတတ"), ("KAMATA", "ကမတ"), ("LATHANA", "လသန"),
        ("MAYAKA", "မရက"), ("HTATAPA", "ထတပ"), ("TAMANA", "တမန"), ("LATHAYA", "လသယ"), ("SAKHANA", "စခန"),
        ("BATAHTA", "ဗတထ"), ("SAKAKHA", "ဆကခ"), ("KAMAYA", "ကမရ"), ("KAKAKA", "ကကက"), ("DAGANA", "ဒဂန"),
        ("MAGATA", "မဂတ"), ("OUKAMA", "ဥကမ"), ("KHAYANA", "ခရန"), ("DAGATA", "ဒဂတ"), ("DAGAMA", "ဒဂမ"),
        ("LAMATA", "လမတ"), ("DAGASA", "ဒဂဆ"), ("LAKANA", "လကန"), ("SAKANA", "ဆကန"), ("PABATA", "ပဘတ"),
        ("PAZATA", "ပဇတ"), ("AHSANA", "အစန"), ("AHLANA", "အလန"), ("KAMANA", "ကမန"), ("KATANA", "ကတန"),
        ("TATAHTA", "တတထ"),
    ),
    13: (
        ("PALANA", "ပလန"), ("MATATA", "မတတ"), ("MAYANA", "မရန"), ("NAPHANA", "နဖန"), ("MAYANA", "မယန"),
        ("PHAKHANA", "ဖခန"), ("KALADA", "ကလဒ"), ("KATALA", "ကတလ"), ("MASATA", "မစတ"), ("MAPHANA", "မဖန"),
        ("TALANA", "တလန"), ("MAMANA", "မမန"), ("KHAYAHA", "ခရဟ"), ("PAYANA", "တခလ"), ("MAHTATA", "မထတ"),
        ("MAKHATA", "မခတ"), ("AHPANA", "အပန"), ("AHTHAYA", "အသယ"), ("HAHANA", "ဟဟန"), ("KALANA", "ကလန"),
        ("MAPAHTA", "မပထ"), ("KATATA", "ကတတ"), ("YASANA", "ရစန"), ("MASANA", "မဆန"), ("MATANA", "မတန"),
        ("MARATA", "မရတ"), ("YANYANA", "ရညန"), ("KHALANA", "ခလန"), ("MAHTANA", "မထန"), ("PALAHTA", "ပလထ"),
        ("TATANA", "တတန"), ("MAYAHTA", "မယထ"), ("MAKAHTA", "မကထ"), ("KALATA", "ကလတ"), ("LAKANA", "လကန"),
        ("TAKHALA", "တခလ"), ("KAKHANA", "ကခန"), ("MAKANA", "မကန"), ("KATHANA", "ကသန"), ("HAMANA", "ဟမန"),
        ("MAKATA", "မကတ"), ("NAHSANA", "နဆန"), ("PATAYA", "ပတယ"), ("LAKHANA", "လခန"), ("NAKHANA", "နခန"),
        ("MAMAHTA", "မမထ"), ("MAYATA", "မယတ"), ("HAPATA", "ဟပတ"), ("PALATA", "ပလတ"), ("PAWANA", "ပဝန"),
        ("KATANA", "ကတန"), ("MAKHANA", "မခန"), ("MALANA", "မလန"), ("THAPANA", "သပန"), ("KAMANA", "ကမန"),
        ("MABANA", "မဘန"), ("MALATA", "မလတ"), ("MANGANA", "မငန"), ("MAMATA", "မမတ"), ("NAMATA", "နမတ"),
        ("NAKHATA", "နခတ"), ("LAYANA", "လရန"), ("TAYANA", "တယန"), ("THANANA", "သနန"), ("KAKANA", "ကကန"),
        ("LAKHATA", "လခတ"), ("MAPANA", "မပန"), ("MANANA", "မနန"), ("KAHANA", "ကဟန"), ("LALANA", "လလန"),
        ("MANATA", "မနန"), ("MAPHATA", "မဖတ"), ("NASANA", "နစန"), ("PASANA", "ပဆန"), ("MAPATA", "မပတ"),
        ("PAPAKA", "ပပက"), ("MAHAYA", "မဟရ"), ("MASATA", "မဆတ"), ("PASATA", "ပဆတ"), ("TAMANYA", "တမည"),
        ("KALAHTA", "ကလထ"), ("HAPANA", "ဟပန"), ("SASANA", "ဆဆန"), ("AHTANA", "အတန"), ("NATAYA", "နတရ"),
        ("NYAYANA", "ညရန"), ("PALATA", "ပလန"), ("TAKANA", "တကန"), ("YANGANA", "ရငန"),
    ),
    14: (
        ("KAPANA", "ကပန"), ("PHAPANA", "ဖပန"), ("PATANA", "ပတန"), ("AHMANA", "အမန"), ("MAAHNA", "မအန"),
        ("NYATANA", "ညတန"), ("HAKAKA", "ဟကက"), ("YATHAYA", "ယသရ"), ("NGATHAKHA", "ငသခ"), ("PATHAYA", "ပသရ"),
        ("THAPANA", "သပန"), ("BAKALA", "ဘကလ"), ("DANAPHA", "ဓနဖ"), ("PASALA", "ပစလ"), ("LAMANA", "လမန"),
        ("AHGAPA", "အဂပ"), ("NGAYAKA", "ငရက"), ("NGASANA", "ငဆန"), ("LAPATA", "လပတ"), ("MAMANA", "မမန"),
        ("PATHAAH", "ပသအ"), ("PATHANA", "ပသန"), ("MAMAKA", "မမက"), ("KAKHANA", "ကခန"), ("KAKAHTA", "ကကထ"),
        ("KALANA", "ကလန"), ("NGAPATA", "ငပတ"), ("MAAHPA", "မအပ"), ("AHMATA", "အမတ"), ("HATHATA", "ဟသတ"),
        ("YAKANA", "ရကန"), ("KAKANA", "ကကန"), ("DADAYA", "ဒဒရ"), ("WAKHAMA", "ဝခမ"), ("ZALANA", "ဇလန"),
    ),
}
# fmt: on
