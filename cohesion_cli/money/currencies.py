"""The currency table: how shops write currencies, mapped to ISO 4217 codes.

Data only; :mod:`cohesion_cli.money.text` turns it into the scanner's regular expression.
The symbols and local abbreviations follow the Unicode CLDR locale data (as shipped by
Babel); a test checks every code here against it.

- ``CODES``: ISO 4217 codes read as a currency when written in capitals as a whole word
  ("USD 12", "12 EUR"); those in ``FOLDED_CODES`` also in lower case ("12 eur").
- ``WORD_CODES``: codes that are also words or common acronyms ("TOP 10", "AMD 7950X",
  "SHOWER GEL 250 ML", "PHP 8"): read only in capitals *after* an amount ("1 GEL").
- ``SIGNS``: symbols, local abbreviations and names, matched ignoring case, before or after
  the amount; ``EXACT_SIGNS``: the same, matched only as written ("Rs", "Ft", "TL": "ft"
  is feet); ``AFTER_ONLY``: signs that are also words ("lei" in "Lei 8.078", "euro" in
  "Euro 2024") and count only after an amount.
- A sign maps to its candidates, most likely first. The default currency of the document
  wins when it is a candidate: "$" is MXN on a Mexican shop and USD on a Brazilian one;
  "kr" is NOK on a Norwegian shop and SEK elsewhere.
- Left out on purpose: single letters ("R", "L", "P", "K", "Q"), words that are units or
  common words before they are money ("pounds", "libras", "som", "KM", "MT", "UM", "din"),
  "Le", "QR", and the toman (not an ISO currency; 1 toman is 10 rials). The field parser,
  which reads values known to hold a price, has a broader table in :mod:`.field_signs`.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CODES = _words("""
AED AFN ARS AUD AWG AZN BBD BDT BGN BHD BIF BMD BND BRL BSD BWP BYN BZD CAD CDF CHF CLP CNY
COP CRC CZK DJF DKK DZD EGP ERN ETB EUR FJD FKP GBP GHS GIP GMD GNF GTQ GYD HKD HTG HUF IDR
ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LBP LKR LRD LYD MDL MGA
MKD MMK MNT MRU MUR MVR MWK MXN MYR MZN NGN NOK NPR NZD OMR PGK PKR PLN PYG QAR RSD RUB RWF
SBD SCR SDG SEK SGD SHP SLE SRD SSP STN SYP SZL THB TJS TMT TND TTD TWD TZS UAH UGX USD UYU
UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
ANG DEM ESP FRF HRK ITL PTE SLL VEF ZWL
""")
"""Active ISO 4217 codes, then a few withdrawn ones still seen in old catalogues."""

WORD_CODES = _words("""
ALL AMD AOA BAM BOB BTN CUP CVE DOP GEL HNL LAK LSL MAD MOP NAD NIO PAB PEN PHP RON SAR SOS
TOP TRY
""")

ISO_CODES = CODES | WORD_CODES
"""Every ISO 4217 code this table knows."""

FOLDED_CODES = _words("""
AUD BRL CAD CHF CLP CNY COP CZK DKK EUR GBP HKD HUF IDR INR JPY KRW MXN NOK NZD PLN RUB SEK
SGD UAH USD ZAR
""")

THREE_DECIMALS = frozenset({"BHD", "JOD", "KWD", "LYD", "OMR", "TND"})
"""Currencies with three minor digits: "423.923 KD" is 423.923 (see ``money.parse_number``)."""

_DOLLARS = "USD CAD AUD NZD MXN ARS CLP COP UYU SGD HKD TWD"
"""Currencies written "$" in their own country; "$" alone is USD unless the default is one."""

SIGNS: dict[str, str] = {
    # dollars and pesos
    "$": _DOLLARS, "US$": "USD", "U$S": "USD", "U$": "USD", "USD$": "USD",
    "A$": "AUD", "AU$": "AUD", "AUD$": "AUD", "C$": "CAD NIO", "CA$": "CAD", "CAN$": "CAD",
    "CAD$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "SGD$": "SGD", "NT$": "TWD",
    "MX$": "MXN", "MEX$": "MXN", "AR$": "ARS", "CLP$": "CLP", "COL$": "COP", "$U": "UYU",
    "RD$": "DOP", "J$": "JMD", "TT$": "TTD", "BZ$": "BZD", "BDS$": "BBD", "EC$": "XCD",
    "CUC$": "CUC", "MOP$": "MOP", "FJ$": "FJD", "SI$": "SBD", "N$": "NAD", "L$": "LRD",
    "G$": "GYD", "WS$": "WST", "T$": "TOP", "Z$": "ZWL", "R$": "BRL", "r$": "BRL",
    "dollars": _DOLLARS, "dólares": _DOLLARS, "dolares": _DOLLARS, "pesos": "MXN ARS CLP COP UYU",
    # euro, pound, franc
    "€": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "₤": "GBP", "CHF": "CHF",
    "Fr.": "CHF", "SFr.": "CHF",
    # Europe and around
    "zł": "PLN", "zl": "PLN", "Kč": "CZK", "kr": "SEK NOK DKK ISK", "kr.": "DKK SEK NOK ISK",
    "kn": "HRK", "lei": "RON MDL", "лв": "BGN", "лв.": "BGN", "₴": "UAH", "грн": "UAH",
    "грн.": "UAH", "₽": "RUB", "руб": "RUB", "руб.": "RUB", "р.": "RUB", "рублей": "RUB",
    "рубля": "RUB", "рубль": "RUB", "₸": "KZT", "тг": "KZT", "тг.": "KZT", "₺": "TRY",
    "₾": "GEL", "֏": "AMD", "₼": "AZN", "ман.": "AZN", "дин.": "RSD", "din.": "RSD",
    "dinara": "RSD", "ден": "MKD", "reais": "BRL",
    # Asia and the Pacific
    "¥": "JPY CNY", "￥": "JPY CNY", "円": "JPY", "yen": "JPY", "元": "CNY", "RMB": "CNY",
    "yuan": "CNY", "₩": "KRW", "원": "KRW", "₹": "INR", "₨": "PKR INR NPR LKR", "NTD": "TWD",
    "₱": "PHP", "฿": "THB", "บาท": "THB", "₫": "VND", "đ": "VND", "₭": "LAK", "៛": "KHR",
    "₮": "MNT", "৳": "BDT", "؋": "AFN", "Nu.": "BTN", "₪": "ILS",
    # Middle East and Africa
    "﷼": "SAR IRR YER OMR QAR", "ريال": "SAR", "ریال": "IRR", "درهم": "AED", "د.إ": "AED",
    "جنيه": "EGP", "ج.م": "EGP", "E£": "EGP", "ر.س": "SAR", "د.ك": "KWD", "دج": "DZD",
    "د.ج": "DZD", "₦": "NGN", "₵": "GHS", "GH₵": "GHS", "KSh": "KES", "USh": "UGX",
    "TSh": "TZS", "FCFA": "XOF XAF", "CFA": "XOF XAF", "FBu": "BIF", "Fdj": "DJF",
    "Nfk": "ERN", "KShs": "KES", "₡": "CRC", "₲": "PYG", "FRw": "RWF", "R₣": "RWF",
    "GFr": "GNF", "Esc": "CVE", "$b": "BOB", "GY$": "GYD", "US $": "USD", "AU $": "AUD",
    "￡": "GBP", "stg": "GBP", "SFr": "CHF", "VNĐ": "VND", "hrn": "UAH",
    "дин": "RSD", "сом": "KGS", "so'm": "UZS", "сўм": "UZS",
    "ლარი": "GEL", "lari": "GEL", "ש״ח": "ILS", 'ש"ח': "ILS", "nis": "ILS",
    "人民币": "CNY", "圆": "CNY TWD", "圓": "TWD CNY", "ரூ": "LKR INR", "රු": "LKR",
    ".د.ب": "BHD", "د.ب": "BHD", "د.ت": "TND", "د.م": "MAD", "د.م.": "MAD", "ل.د": "LYD",
    "د.ل": "LYD", "ع.د": "IQD", "د.ع": "IQD", "د.أ": "JOD", "د.ا": "JOD",
    "دينار": "KWD JOD BHD IQD LYD TND DZD", "دينار أردني": "JOD", "دينار كويتي": "KWD",
    "ر.ع": "OMR", "ر.ع.": "OMR", "ر.ق": "QAR", "ر.ي": "YER", "ل.س": "SYP", "ل.ل": "LBP",
    "ج.س": "SDG", "ج.س.": "SDG", "ש'ח": "ILS", "ናቕፋ": "ERN", "نافكا": "ERN", "ብር": "ETB",
    "franc": "CHF XOF XAF", "francs": "CHF XOF XAF",
}
"""Sign -> candidate ISO codes, space separated, most likely first; matched ignoring case."""

EXACT_SIGNS: dict[str, str] = {
    "Rs": "INR PKR LKR NPR", "Rs.": "INR PKR LKR NPR", "Rp": "IDR", "Rp.": "IDR", "RM": "MYR",
    "Ft": "HUF", "TL": "TRY", "Br": "BYN ETB", "Р": "RUB", "KD": "KWD", "BD": "BHD",
    "DT": "TND", "LD": "LYD", "Dhs": "AED", "Lek": "ALL", "Kz": "AOA",
    "MK": "MWK", "ZK": "ZMW", "FG": "GNF", "Db": "STN", "VT": "VUV", "Rf": "MVR",
    "Bs": "BOB VES", "Bs.": "BOB VES", "S/.": "PEN", "S/": "PEN", "B/.": "PAB", "ƒ": "ANG AWG",
    "Afl.": "AWG", "Ar": "MGA", "Dh": "MAD", "Ks": "MMK", "Nu": "BTN",
    "Rbl": "BYN", "Vt": "VUV",
}
"""Sign -> candidates, matched only as written (case matters)."""

AFTER_ONLY = frozenset({
    "euro", "euros", "dollars", "dólares", "dolares", "pesos", "reais",
    "lei", "kn", "zl", "yen", "yuan", "dinara", "din.", "р.", "Р", "đ", "Br", "TL", "Ft", "FG",
    "Db", "VT", "Rf", "MK", "ZK", "Kz", "Lek", "DT", "LD", "BD", "KD",
    "рублей", "рубля", "рубль", "ден", "ман.", "дин.", "원", "円", "元", "บาท",
    "Ar", "Dh", "Ks", "Nu", "Rbl", "Vt", "Esc", "stg", "hrn", "дин", "сом", "so'm", "сўм",
    "lari", "ლარი", "nis", "圆", "圓", "ናቕፋ", "نافكا", "ብር", "franc", "francs",
})
"""Signs that are also words, abbreviations or letters: read only after an amount."""

BEFORE_STYLE = frozenset({"£", "₤", "¥", "￥", "₹", "₩", "₱", "₦", "₪"})
"""Signs usually written before the amount (with every sign holding "$"): after a number and
before another one, such a sign belongs to the number that follows it."""

