"""The wording of deadlines in real texts, English and Spanish, rewritten to the forms the deadline
reader knows: `before year-end` -> `by the end of this year`, `until 2027` -> `through 2027`,
`a finales de 2024` -> `end of 2024`, `durante los próximos tres años` -> `over the next 3 years`.

Each rewrite is one line of the tables below, applied in order to lower-cased text, so a form
found in an article is added here without touching the reader. Pure: stdlib only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from pledgetrack.domain.amount_words import SPANISH_NUMBERS, SPANISH_TENS

SPANISH_MONTHS = {
    "enero": "january", "febrero": "february", "marzo": "march", "abril": "april",
    "mayo": "may", "junio": "june", "julio": "july", "agosto": "august",
    "septiembre": "september", "setiembre": "september", "octubre": "october",
    "noviembre": "november", "diciembre": "december",
}  # fmt: skip


_MONTHS = "|".join(SPANISH_MONTHS)
Replacement = str | Callable[[re.Match[str]], str]
_EN_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_NUMBERS = "|".join(sorted(SPANISH_NUMBERS, key=len, reverse=True))
_COMPOUND = re.compile(  # `treinta y seis meses`: the tens, `y`, the unit
    rf"\b(?P<tens>{'|'.join(SPANISH_TENS)}) y (?P<unit>{_NUMBERS})\b"
)

# Spanish first, word by word into English, so the English rules below read both.
SPANISH: tuple[tuple[str, Replacement], ...] = (
    (r"\b(?:el |los )?(?:años|ejercicios) fiscales\b", "fiscal years"),
    (r"\b(?:el )?(?:año|ejercicio) fiscal\b", "fiscal year"),
    (r"\b(?P<a>\d{4}) y (?P<b>\d{4})\b", r"\g<a> and \g<b>"),
    (r"\b(?:el )?presente año\b", "este año"),
    (r"\beste (?=\d{4}\b)", ""),
    (r"\b(?:el )?año (?=\d{4}\b)", ""),
    (r"\bde aquí (?:a|al|hasta)(?: el)?\b", "by"),
    (r"\bdurante (?=\d{4}\b)", "in "),
    (r"\b(?:en|para|hacia) el (?P<y>\d{2})$", r"in 20\g<y>"),
    (rf"\b(?:el )?(?:próximo )?(?P<d>\d{{1,2}}) (?:de )?(?P<m>{_MONTHS})"
     r"(?: de(?:l)? (?P<y>\d{4}))?",
     lambda m: " ".join(filter(None, (m["d"], m["m"], m["y"])))),
    (r"\bdel (?P<a>\d{1,2} [a-z]+ \d{4}) al (?P<b>\d{1,2} [a-z]+ \d{4})$",
     r"from \g<a> to \g<b>"),
    (r"\b(?:este|esta)\s+(?P<w>lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b",
     r"this \g<w>"),
    (r"\b(?:el\s+)?(?:próximo|próxima)\s+(?P<w>lunes|martes|miércoles|jueves|viernes|sábado"
     r"|domingo)\b", r"next \g<w>"),
    (r"\ba (?P<n>\d+|" + _NUMBERS + r") (?P<u>años?|meses|mes|semanas?|d[ií]as?)\b",
     r"in \g<n> \g<u>"),
    (r"\b(?:en )?un plazo (?:máximo )?de\b", "within"),
    (r"\bantes de que (?:termine|finalice|acabe|concluya) (?:el|este) año\b",
     "by the end of this year"),
    (r"\bantes (?:de )?(?:que )?(?:termine|finalice|acabe|concluya) (?P<y>\d{4})\b",
     r"by the end of \g<y>"),
    (r"\bantes de(?:l)? (?:fin|final|finales|cierre) de(?:l)? (?:este )?año\b",
     "by the end of this year"),
    (r"\b(?:a|para|hacia) (?:finales|fines|fin|final|cierre) de(?:l)?\b", "end of"),
    (r"\b(?:a|para|hacia) mediados del?\b", "mid"),
    (r"\b(?:a|para|hacia) (?:principios|inicios|comienzos) del?\b", "early"),
    (r"\ba más tardar (?:en |el |a )?", "by "),
    (r"\b(?:para|durante|en) el (?:periodo|período|lapso) (?:de )?", "for the period "),
    (r"\bdurante (?:el|este) año\b", "this year"),
    (r"\b(?:(?:el|este|del) )?(?:próximo|siguiente) año\b"
     r"|\b(?:el|del) año (?:próximo|que viene|entrante)\b", "next year"),
    (r"\b(?:de |del )?(?:este|el presente) año\b", "this year"),
    (r"\bel (?P<n>primer|segundo) (?:semestre|mitad) de(?:l)?\b", r"\g<n> half of"),
    (r"\bel (?P<n>primer|segundo|tercer|cuarto) trimestre de(?:l)?\b", r"\g<n> quarter of"),
    (r"\b(?P<n>primer|segundo) semestre de(?:l)?\b", r"\g<n> half of"),
    (r"\bprimer\b", "first"), (r"\bsegundo\b", "second"), (r"\btercer\b", "third"),
    (r"\bcuarto\b", "fourth"),
    (rf"\b(?P<m>{_MONTHS}) (?:de |del )?(?P<y>\d{{4}})\b", r"\g<m> \g<y>"),
    (r"\bentre (?P<a>\d{4}) y (?P<b>\d{4})\b", r"between \g<a> and \g<b>"),
    (r"\bdel? (?P<a>\d{4}) (?:a|al|hasta) (?P<b>\d{4})\b", r"from \g<a> to \g<b>"),
    (r"\b(?:en|dentro de) (?:un plazo|un periodo|un período|el plazo) de\b", "within"),
    (r"\bdentro de\b", "within"),
    (r"\b(?:los|las) (?:próximos|próximas|siguientes) \b", "the next "),
    (rf"\b(?:los|las) (?P<n>{_NUMBERS}|\d+) (?:próximos|próximas|siguientes) \b",
     r"the next \g<n> "),
    (r"\bdurante\b", "over"), (r"\ba lo largo de\b", "over"),
    (r"\bpara\b", "by"), (r"\bhasta\b", "through"), (r"\bantes de(?:l)?\b", "before"),
    (r"\ben\b", "in"),
    (r"\baños\b", "years"), (r"\baño\b", "year"), (r"\bmeses\b", "months"),
    (r"\bmes\b", "month"), (r"\bsemanas\b", "weeks"), (r"\bsemana\b", "week"),
    (r"\bd[ií]as\b", "days"), (r"\bd[ií]a\b", "day"),
    (r"\b(?:década|decenio)\b", "decade"),
    (r"\bentre\b", "between"), (r"\bhacia\b", "by"), (r"\b(?:este|esta)\b", "this"),
    (r"\bprimavera\b", "spring"), (r"\bverano\b", "summer"), (r"\botoño\b", "autumn"),
    (r"\binvierno\b", "winter"),
    (r"\blunes\b", "monday"), (r"\bmartes\b", "tuesday"), (r"\bmiércoles\b", "wednesday"),
    (r"\bjueves\b", "thursday"), (r"\bviernes\b", "friday"), (r"\bsábado\b", "saturday"),
    (r"\bdomingo\b", "sunday"),
    (r"\b(?:el|la|los|las)\b ?", ""),
)  # fmt: skip

ENGLISH: tuple[tuple[str, Replacement], ...] = (
    (r",? ?(?:at the latest|or sooner|or earlier|or before)$", ""),
    (r" (?:of|from|after) (?:the date of )?(?:this|the) (?:order|agreement|announcement|"
     r"statement|declaration|decision|law|act)$|,? (?:from now|from today)$", ""),
    (r"\bfiscal year \(fy\) ?(?=\d)", "fy"),  # `Fiscal Year (FY) 2024`
    (r"[()]", ""),
    (r"\b(?:multiannual financial framework|mff(?: period)?|programming period)\b\s*", ""),
    (r"^(?:for |over |in |during )?(?:the )?(?:next |current )?(?=\d{4}-\d{4}\s*$)", ""),
    (r"\bfinancial year\b", "fiscal year"),
    (r"\b(?P<y>\d{4}) fiscal year\b", r"fiscal year \g<y>"),
    (r"^(?:the )?(?:fiscal |financial )?year end(?:ing|s)? (?:with |on )?", ""),
    (r"\byear'?s end\b", "end of this year"),
    (r"\b(?:for|during|in|over) the (?:remainder|rest) of (?:the|this) year\b", "this year"),
    (r"^for (?:all of )?(?=\d{4})", "by "),
    (r"^to (?=\d{4})", "through "),
    (r"^(?:from|between) (?:\d{1,2} )?(?:[a-z]+ )?(?:\d{1,2},? )?\d{4} (?:to|through|until|and) "
     r"(?=(?:\d{1,2} )?[a-z]+ \d)", ""),
    (rf"(?P<m>{_EN_MONTHS}) (?P<a>\d{{1,2}})(?:-| and | to )(?P<b>\d{{1,2}})\b", r"\g<m> \g<b>"),
    (rf"^(?:on|from) (?=(?:{_EN_MONTHS}) \d)", ""),
    (rf"\b(?:{_EN_MONTHS}) and (?P<m>{_EN_MONTHS})\b", r"\g<m>"),
    (rf"\bwithin (?=(?:{_EN_MONTHS})$)", "in "),
    (r"^(?:in |during |within |by the end of |by the end of |before the end of )?this decade$",
     "end of this decade"),
    (r"\bwinter (?:of )?(?P<a>\d{4})-(?:\d{4}|\d{2})\b", r"winter \g<a>"),
    (r"\b(?:no|not) later than(?: in)?\b", "by"),
    (r"\b(?:until|till|til|thru|up until|up to)\b", "through"),
    (r"\bbefore (?:the )?(?:year[- ]end|end[- ]year|end of the year)\b", "by end of this year"),
    (r"\b(?:year[- ]end|end[- ]year|end of (?:the )?year) (?P<y>\d{4})\b", r"end of \g<y>"),
    (r"\b(?:year[- ]end|end[- ]year)\b", "end of this year"),
    (r"\bend of (?:the )?year\b", "end of this year"),
    (r"\bend[- ](?P<y>\d{4})\b", r"end of \g<y>"),
    (r"\bend-(?P<m>[a-z]+) (?P<y>\d{4})\b", r"end of \g<m> \g<y>"),
    (r"\bwithin (?:the|this) (?:calendar )?year\b", "this year"),
    (r"\b(?:the )?middle of\b", "mid"),
    (r"\bmid-", "mid "),
    (r"\b(?:for|in|during|over|across) the (?:period|years|time frame|timeframe) "
     r"(?:of )?(?=\d{4})", ""),
    (r"\bfy ?(?P<a>\d{4}) (?:and|through|to) (?:fy ?)?(?P<b>\d{4})\b", r"fy\g<a>-\g<b>"),
    (r"\bfiscal years? (?P<a>\d{4}) (?:and|through|to) (?P<b>\d{4})\b", r"fy\g<a>-\g<b>"),
    (r"\b(?:in|during|within|over) (?:the|its) first year\b", "within a year"),
    (r"\b(?:in|during|within|over) (?:the|its) first (?P<n>\w+) years\b", r"within \g<n> years"),
    (r"\b(?:over|within|in|during) (?:the )?(?:next|coming|following) decade\b", "within 10 years"),
    (r"\bwithin (?:a|one) decade\b", "within 10 years"),
    (r"\b(?:over )?(?:a|one) decade\b", "10 years"),
)  # fmt: skip

_SPANISH = tuple((re.compile(pattern), repl) for pattern, repl in SPANISH)
_ENGLISH = tuple((re.compile(pattern), repl) for pattern, repl in ENGLISH)
_SPANISH_HINT = re.compile(
    r"[áéíóúñ]|\b(?:de|del|en|entre|para|hasta|durante|dentro|antes|plazo|años?|mes|meses|fines"
    r"|finales|mediados|principios|semestre|trimestre|este|hacia|aquí|presente|próximo|verano"
    r"|invierno|primavera|otoño|lunes|martes|miércoles|jueves|viernes|sábado|domingo"
    r"|plazo)\b"
    rf"|\b(?:{_MONTHS})\b"
)
_SPANISH_NUMBER = re.compile(
    rf"\b(?P<n>{_NUMBERS})\b(?= (?:(?:próximos|próximas|siguientes) )?(?:años?|meses|mes|semanas?"
    r"|d[ií]as?)\b)"
)


@functools.lru_cache(maxsize=8192)  # an import meets the same phrases again and again
def canonical(text: str) -> str:
    """Lower-cased, single-spaced text rewritten to the reader's forms (see the tables)."""
    text = text.replace("\u2019", "'")
    if _SPANISH_HINT.search(text):
        text = _COMPOUND.sub(
            lambda m: str(SPANISH_NUMBERS[m["tens"]] + SPANISH_NUMBERS[m["unit"]]), text
        )
        text = _SPANISH_NUMBER.sub(lambda m: str(SPANISH_NUMBERS[m["n"]]), text)
        for pattern, replacement in _SPANISH:
            text = pattern.sub(replacement, text)
        for spanish, english in SPANISH_MONTHS.items():
            text = re.sub(rf"\b{spanish}\b", english, text)
    for pattern, replacement in _ENGLISH:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())
