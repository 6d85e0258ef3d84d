"""The words of amounts in real texts, English and Spanish: currencies (codes, symbols, names),
scales (`billion`, `bn`, `mil millones`, `mdd`), numbers in words, qualifiers (`up to`, `más de`)
and rates (`a year`, `mensuales`).

Only tables and look-ups; the reader (`domain.amount_reader`) decides where each may stand. A
form found in an article is added here. Pure: stdlib only.
"""

from __future__ import annotations

from decimal import Decimal

from pledgetrack.domain.model import Qualifier, Rate

# Active ISO 4217 currency codes (fund codes and precious metals left out), and the IMF's SDR.
_ISO_CODE_LIST = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD
FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY
KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT
TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER
ZAR ZMW ZWG XDR
"""
ISO_CODES = frozenset(_ISO_CODE_LIST.split())

SYMBOLS = {
    "$": "USD", "€": "EUR", "£": "GBP", "₹": "INR", "₽": "RUB", "₺": "TRY", "₪": "ILS",
    "₴": "UAH", "₦": "NGN",
}  # fmt: skip
AMBIGUOUS_SYMBOLS = {
    "¥": ("yen (JPY) or yuan (CNY)", "JPY 5bn"),
    "₩": ("South Korean (KRW) or North Korean (KPW) won", "KRW 5bn"),
}
# What the text must also say for `¥` to be read: `¥3.2 trillion yen`.
AMBIGUOUS_RESOLVED_BY = {"¥": frozenset({"JPY", "CNY"}), "₩": frozenset()}

# Letters written before `$` (`US$`, `C$`): the dollar they name.
DOLLAR_PREFIXES = {
    "us": "USD", "u.s.": "USD", "c": "CAD", "ca": "CAD", "a": "AUD", "au": "AUD",
    "nz": "NZD", "hk": "HKD", "s": "SGD", "nt": "TWD", "r": "BRL", "mx": "MXN",
}  # fmt: skip

# Words written before the number that name a currency (besides ISO codes): `Rs 6,363 crore`,
# `Q459 millones`, `RM8.1 billion`, `SDR 760 million`.
PREFIX_WORDS = {
    "rs": "INR", "rs.": "INR", "rupees": "INR", "q": "GTQ", "rm": "MYR", "sdr": "XDR",
}  # fmt: skip

# Currency names after the number, as word sequences: `billion euros`, `de dólares`.
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "us dollar": "USD",
    "u.s. dollars": "USD", "u.s. dollar": "USD", "american dollars": "USD",
    "canadian dollars": "CAD", "canadian dollar": "CAD",
    "australian dollars": "AUD", "australian dollar": "AUD", "australia dollars": "AUD",
    "new zealand dollars": "NZD", "hong kong dollars": "HKD", "singapore dollars": "SGD",
    "euro": "EUR", "euros": "EUR",
    "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP", "sterling": "GBP",
    "yen": "JPY", "japanese yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "peso": "MXN", "pesos": "MXN", "mexican pesos": "MXN", "pesos mexicanos": "MXN",
    "rupee": "INR", "rupees": "INR", "indian rupees": "INR",
    "sdr": "XDR", "sdrs": "XDR",
    "dólar": "USD", "dólares": "USD", "dolares": "USD", "dólares estadounidenses": "USD",
    "dólares canadienses": "CAD", "quetzal": "GTQ", "quetzales": "GTQ",
    "lempira": "HNL", "lempiras": "HNL",
}  # fmt: skip
CURRENCY_PHRASES = sorted((tuple(k.split()) for k in CURRENCY_WORDS), key=len, reverse=True)
# A currency named without saying which dollar or rupee: a pledger with a dollar or rupee of its
# own gets a note (`domain.home_currencies`).
BARE_CURRENCY_TEXTS = frozenset(
    {"$", "dollar", "dollars", "dólar", "dólares", "dolares", "rs", "rs.", "rupee", "rupees"}
)

# Scales: the power of ten, and the currency a Mexican abbreviation includes.
SCALES: dict[str, tuple[int, str | None]] = {
    "thousand": (3, None), "k": (3, None), "million": (6, None), "m": (6, None),
    "mn": (6, None), "mln": (6, None), "billion": (9, None), "bn": (9, None),
    "bln": (9, None), "b": (9, None), "trillion": (12, None), "tn": (12, None), "t": (12, None),
    "lakh": (5, None), "lakhs": (5, None), "crore": (7, None), "crores": (7, None),
    "mil": (3, None), "millón": (6, None), "millon": (6, None), "millones": (6, None),
    "billón": (12, None), "billon": (12, None), "billones": (12, None),
    "mdd": (6, "USD"), "mdp": (6, "MXN"), "mmdd": (9, "USD"), "mmdp": (9, "MXN"),
}  # fmt: skip
# `mil millones`, `mil mdd`: a thousand millions, one scale.
THOUSAND_OF = frozenset({"millones", "millón", "millon", "mdd", "mdp"})
SPANISH_SCALES = frozenset({*THOUSAND_OF, "mil", "billón", "billon", "billones", "miles"})
# A scale may stand without a number before it only where Spanish writes it so: `mil millones`.
SCALES_ALONE = frozenset({"mil"})

ENGLISH_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SPANISH_NUMBERS = {
    "cero": 0, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
    "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintidós": 22,
    "veintitrés": 23, "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26,
    "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30, "cuarenta": 40,
    "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
    "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
    "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500,
    "quinientas": 500, "seiscientos": 600, "seiscientas": 600, "setecientos": 700,
    "setecientas": 700, "ochocientos": 800, "ochocientas": 800, "novecientos": 900,
    "novecientas": 900,
}  # fmt: skip
NUMBER_WORDS = {k: Decimal(v) for k, v in (ENGLISH_NUMBERS | SPANISH_NUMBERS).items()}
HALVES = frozenset({"half", "medio", "media"})  # `half a billion`, `medio millón`
HUNDRED = "hundred"
# `treinta y cinco`: the tens that `y` joins to a unit.
SPANISH_TENS = frozenset({"treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta",
                          "noventa"})  # fmt: skip

PERCENT_PHRASES = (("por", "ciento"), ("per", "cent"), ("percent",), ("%",))

# Qualifiers before the number, as written in the corpus and in the press.
_QUALIFIERS = {
    Qualifier.CEILING: (
        "up to", "not exceeding", "not to exceed", "not exceed", "at most", "a maximum of",
        "maximum of",
        "no more than", "hasta", "un máximo de", "máximo de", "no más de", "como máximo",
    ),
    Qualifier.FLOOR: (
        "at least", "more than", "over", "well over", "just over", "a minimum of", "a minimum",
        "no less than", "not less than", "upwards of", "in excess of", "al menos", "más de",
        "más del", "por lo menos", "poco más de", "un mínimo de", "no menos de",
    ),
    Qualifier.APPROXIMATE: (
        "about", "approximately", "approx.", "approx", "around", "nearly", "almost",
        "close to", "some", "roughly", "approaching", "an estimated", "alrededor de",
        "cerca de", "casi", "unos", "unas", "aproximadamente", "aprox.", "en torno a",
    ),
}  # fmt: skip
QUALIFIERS = {tuple(p.split()): q for q, phrases in _QUALIFIERS.items() for p in phrases}
QUALIFIER_PHRASES = sorted(QUALIFIERS, key=len, reverse=True)

# Rates after the amount: a level pledge, so much per period.
_RATES = {
    Rate.YEAR: (
        "a year", "per year", "each year", "every year", "annually", "per annum", "yearly",
        "a yr", "al año", "por año", "cada año", "anuales", "anual", "anualmente",
    ),
    Rate.MONTH: (
        "a month", "per month", "each month", "every month", "monthly", "al mes", "por mes",
        "cada mes", "mensuales", "mensual", "mensualmente",
    ),
    Rate.WEEK: (
        "a week", "per week", "each week", "every week", "weekly", "a la semana",
        "por semana", "cada semana", "semanales", "semanal",
    ),
    Rate.DAY: (
        "a day", "per day", "each day", "every day", "daily", "al día", "por día", "cada día",
        "diarios", "diarias", "diario", "diaria",
    ),
}  # fmt: skip
RATES = {tuple(p.split()): r for r, phrases in _RATES.items() for p in phrases}
RATE_PHRASES = sorted(RATES, key=len, reverse=True)

# Ranges: `between 10 and 20`, `entre 10 y 20`, `from 10 to 20`, `de 10 a 20`; and without an
# opening word, `10-20`, `10 to 20`, `six or seven`, `10 a 20`, `seis o siete`.
RANGE_OPENERS = {"between": "and", "entre": "y", "from": "to", "de": "a"}
RANGE_WORDS = frozenset({"to", "or", "a", "o"})
ARTICLES = frozenset({"el", "la", "los", "las", "un", "una"})  # `entre el 5 y el 10 por ciento`

# After money, what it is for: `$5 billion in aid`, `millones de dólares de ayuda`.
COMPLEMENT_WORDS = frozenset({"in", "of", "de", "en"})

# A unit written against the number: `500GW`, `44km`.
GLUED_UNITS = frozenset({"gw", "mw", "kw", "gwh", "mwh", "twh", "km", "kg"})

NOT_FINITE = frozenset({"nan", "snan", "inf", "infinity"})

# Words that say a text is Spanish, so that `.` groups thousands and `,` is the decimal comma
# (a word with an accent says so too). Words both languages write (`visas`, `euros`) say nothing.
_SPANISH_ONLY = """
de del y el la los las un una unos unas entre por al cada ciento miles poco como lo torno
hasta máximo más menos mínimo alrededor cerca casi aproximadamente aprox.
año mes semana día anuales anual anualmente mensuales mensual mensualmente semanales semanal
diarios diarias diario diaria
dólar dólares dolares pesos mexicanos quetzal quetzales lempira lempiras estadounidenses
canadienses mdd mdp mmdd mmdp
personas migrantes refugiados permisos efectivos elementos empleos vacunas dosis toneladas
barriles litros viviendas proyectos trabajadores unidades lugares iniciativas temporeros
venezolanos individuos agentes becas plazas
"""
SPANISH_WORDS = frozenset({*_SPANISH_ONLY.split(), *SPANISH_SCALES, *SPANISH_NUMBERS})
SPANISH_LETTERS = frozenset("áéíóúüñ")
