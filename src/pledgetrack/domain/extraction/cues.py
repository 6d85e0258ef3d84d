"""The words that mark a commitment (`will provide`, `pledged`, `agreed to invest`, `committed
to`, `announced`, `se comprometió a`, `destinará`), and the words around a figure that make it
something else: a request (`will ask Mexico to commit`), a denial (`will not provide`), a
statistic (`migrants crossed`), a figure already delivered (`we've deployed`), a price (`$90 a
barrel`), a duration (`24 hours`).

Only tables and look-ups over a sentence's text; `candidates` decides which figure a cue
governs. Pure: stdlib only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Verbs after `will` or `would` that say what happens in a meeting, not what is given.
_TALK_TEXT = """discuss discussing meet talk take hold visit travel outline focus ask press
respond seek look consider review study see decide say tell speak attend be have need want
like likely explore examine address remain become try depend determine hear join lead mark
note push serve stay stand sign arrive return work total amount cost equal mean"""
_TALK = _TALK_TEXT.split()
# Participles of giving: `$4 billion will be spent`, `will be made available`.
_GIVEN = (
    r"given|spent|sent|paid|made\s+available|provided|allocated|disbursed|delivered|shipped|"
    r"invested|used|channell?ed|earmarked|donated|transferred|lent|granted|offered|mobili[sz]ed|"
    r"contributed|distributed|directed|devoted|dedicated|set\s+aside|raised|financed|funded|"
    r"destinados?|destinadas?|entregad[oa]s?|invertid[oa]s?|aportad[oa]s?|donad[oa]s?"
)
_ADVERBS = (
    r"(?:(?:also|now|jointly|further|then|immediately|soon|initially|additionally|each|both|"
    r"together|still|collectively|separately|later|again|swiftly|quickly|urgently|gradually|"
    r"rapidly|fully|formally|officially)\s+)*"
)


def _any(*forms: str) -> str:
    """One pattern for any of the forms, as whole words."""
    return r"\b(?:" + "|".join(forms) + r")\b"


_GIVING_TEXT = """provide give invest fund receive deliver spend contribute donate lend send supply
build offer allocate disburse accept admit resettle mobilize mobilise welcome host"""
_GIVING = _GIVING_TEXT.split()
_ENGLISH = [
    (
        "future",
        rf"\b(?:will|would|shall|(?<=\w)['’]ll)\s+{_ADVERBS}(?:be\s+{_ADVERBS}(?P<passive>{_GIVEN})"
        rf"\b|not\s+exceed\b|(?!(?:{'|'.join(_TALK)}|not|be)\b)\w+)",
    ),
    (
        "commitment",
        _any(
            r"pledg(?:e|es|ed|ing)",
            r"commit(?:s|ted|ting)?\s+(?:to|itself\s+to|themselves\s+to)",
            r"(?:is|are|was|were|remains?|stays?)\s+committed",
            r"agree(?:s|d)?\s+to",
            r"vow(?:s|ed)?(?:\s+to)?",
            r"promis(?:e|es|ed)(?:\s+to)?",
            r"undert(?:ook|akes?)\s+to",
            r"stands?\s+ready\s+to",
            r"(?:plans?|planned|planning|intends?|intended|aims?|aimed)\s+to",
            r"(?:willing|ready|prepared)\s+to",
            r"(?:agreement|deal|decision)\s+to",
            r"(?:has|have)\s+yet\s+to",
            r"decided\s+to",
            r"authori[sz](?:e|es|ed)",
            rf"could\s+(?:{'|'.join(_GIVING)}|reach)",
            rf"(?:is|are)\s+(?:set\s+)?to\s+(?:{'|'.join(_GIVING)})",
            r"(?:is|are)\s+(?:now\s+|also\s+)?(?:providing|giving|investing|funding|donating|"
            r"sending|purchasing|buying|contributing|allocating|offering|lending|supplying)",
        ),
    ),
    (
        "announcement",
        _any(
            r"announc(?:e|es|ed|ing)",
            r"unveil(?:s|ed)?",
            r"approv(?:e|es|ed)",
            r"sign(?:s|ed)",
            r"offer(?:s|ed)",
            r"earmark(?:s|ed)?",
            r"launch(?:es|ed)",
        ),
    ),
    ("noun", _any("commitments?", "pledges?", "promises?", "offer", "goals?", "aim", "objective")),
]
# Spanish: the future of any verb but those of talk (`destinará`, `aportarán`), `va a` with an
# infinitive, the commitment verbs, and a plan or a goal.
_HABLAR_TEXT = """será serán estará estarán podrá podrán habrá tendrá tendrán deberá deberán
discutirá discutirán hablará hablarán reunirá reunirán visitará visitarán viajará viajarán
participará participarán asistirá asistirán abordará abordarán analizará analizarán
revisará revisarán buscará buscarán pedirá pedirán solicitará solicitarán llegará llegarán
presidirá encabezará sostendrá sostendrán llamará llamarán celebrará celebrarán"""
_HABLAR = _HABLAR_TEXT.split()
_SPANISH = [
    ("future", rf"\b(?!(?:{'|'.join(_HABLAR)})\b)\w+(?:ará|erá|irá|arán|erán|irán)\b"),
    ("future", r"\b(?:va|van|iba|iban)\s+a\s+\w+(?:ar|er|ir)\b"),
    (
        "commitment",
        _any(
            r"(?:se\s+)?(?:comprometi[óe]|comprometieron|compromete|comprometen|comprometerse)"
            r"(?:\s+a)?",
            r"(?:nos|se)\s+comprometemos(?:\s+a)?",
            r"(?:se\s+)?(?:ha|han)\s+comprometido(?:\s+a)?",
            r"acord[óa]|acordaron|acuerda|acuerdan|acuerdo\s+para",
            r"prometi[óe]|prometieron|promete|prometen",
            r"planea|planean|prev[ée]|prevén|pretende|pretenden|tienen?\s+previsto",
            r"est[áa]n?\s+dispuest[oa]s?\s+a",
            r"autoriz[óa]|autorizaron|(?:ha|han)\s+autorizado",
            r"(?:aún\s+|todavía\s+)?(?:falta|faltan|queda|quedan)\s+(?:por\s+)?que",
        ),
    ),
    (
        "announcement",
        _any(
            r"anunci[óa]|anunciaron|anuncian|(?:ha|han)\s+anunciado",
            r"aprob[óa]|aprobaron|(?:ha|han)\s+aprobado",
            r"firm[óa]|firmaron",
            r"ofreci[óe]|ofrecieron",
        ),
    ),
    ("noun", _any("compromisos?", "promesas?", "propósito", "objetivos?", "metas?")),
]
_CUES = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in (*_ENGLISH, *_SPANISH)]

_NEGATION = re.compile(
    r"\b(?:will|would|shall|did|does|do|could|has|have|had)\s+not\b(?!\s+(?:to\s+)?exceed)|"
    r"\b(?:won['’]t|wouldn['’]t|"
    r"didn['’]t|doesn['’]t|hasn['’]t|haven['’]t|never|no longer|refus(?:e|es|ed)\s+to|"
    r"declin(?:e|es|ed)\s+to|reject(?:s|ed)?|no\s+(?:se\s+)?(?:\w+rá|\w+rán|comprometió))\b",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"\b(?:ask(?:s|ed|ing)?|urg(?:e|es|ed|ing)|call(?:s|ed)?\s+on|call(?:s|ed)?\s+for|wants?|"
    r"sought|seeking|requested|appeal\s+for|"
    r"wanted|demand(?:s|ed)?|press(?:es|ed|ing)?|request(?:s|ed)?|hop(?:e|es|ed)|expect(?:s|ed)?|"
    r"pid(?:e|ió|en|ieron)|solicit(?:a|ó|an|aron)|exig(?:e|ió|en|ieron)|quiere|quieren)\b",
    re.IGNORECASE,
)
# Verbs of what happened: a figure they govern is a statistic, not a pledge.
_HAPPENED = re.compile(
    r"\b(?:crossed|cross|crossing|arrived|arrive|arriving|entered|apprehended|encountered|"
    r"detained|deported|expelled|processed|recorded|registered|reported|died|killed|fled|"
    r"stopped|stopping|seized|saw|seen|surpassed|reached|rose|fell|dropped|plunged|grew|"
    r"declined|increased|decreased|totaled|totalled|amounted|cost|costs|received|were|was|"
    r"tops|topped|exceeds|exceeded|surpasses|"
    r"cruzaron|llegaron|ingresaron|detenidos|deportados|murieron|registraron|registró|"
    r"aumentó|cayó|superó|alcanzó|recibió)\b",
    re.IGNORECASE,
)
_DELIVERED = re.compile(
    r"(?:\b(?:has|have|had|we['’]ve|they['’]ve|ha|han|había|habían)\s+(?:already\s+|now\s+)?"
    r"(?:deliver|disburs|provid|donat|sen[td]|spen[td]|giv|given|resettl|admitt|issu|made|"
    r"conduct|deploy|ship|paid|transferr|distribut|buil[td]|train|receiv|allocat|obligat|"
    r"welcom|accept|host|evacuat|relocat|"
    r"entreg|don|envi|desembols|invert|otorg|destin)\w*|\b(?:so far|to date|already|"
    r"hasta ahora|hasta la fecha)\b)",
    re.IGNORECASE,
)
# A clause of its own between a cue and a figure: `offered a report that said their country
# will need $28 billion`, `un fondo ... del que carecen 77 millones de habitantes`.
_OTHER_CLAUSE = re.compile(
    rf"\b(?:will|would|shall|can|must)\s+(?:{'|'.join(_TALK)}|not)\b|\b(?:could|may|might)\b|"
    r"\b(?:needs?|needed|requires?|required|requested|seeks?|sought|asks?|asked|estimated?)\b|"
    r"\b(?:which|who|whom|whose|where|que|cuy[oa]s?|donde|quienes)\b",
    re.IGNORECASE,
)
# Many pledgers counted together: `donor nations pledged $4.4 billion`.
_COLLECTIVE = re.compile(
    r"\b(?:donors?|donor\s+(?:nations|countries|governments)|nations|countries|participants|"
    r"international\s+community|the\s+conference|governments|partners|allies|members|"
    r"member\s+states|donantes|países|participantes|comunidad\s+internacional)\b",
    re.IGNORECASE,
)
_PRICE_AFTER = re.compile(
    r"^\s*(?:a|per|each|the|por|el|la)\s+(?:barrel|gallon|litre|liter|ton|tonne|kilo|kg|dose|"
    r"share|unit|head|ticket|hour|pound|ounce|bushel|barril|galón|litro|tonelada|dosis|acción)\b",
    re.IGNORECASE,
)
_PRICE_BEFORE = re.compile(
    r"\b(?:price[sd]?(?:\s+\w+){0,2}\s+(?:of|at)|priced\s+at|costs?|costing|trading\s+at|sold\s+"
    r"for|bought\s+for|valued\s+at|worth\s+of|precio\s+de|cuesta|cuestan|costó|vale)\s*$",
    re.IGNORECASE,
)
# A figure counting these is a duration, a multiple or a statistic's unit, never a target.
_NOT_TARGETS_TEXT = """
hour hours minute minutes day days week weeks month months year years decade decades
    century centuries time times year-old years-old percentage-point points point degree
    degrees horas minutos día días semana semanas mes meses año años década décadas veces
    encounters encuentros countries nations states governments leaders heads delegations
    democracies democracias
    donors participants members ministers co-chairs chairs países naciones gobiernos líderes
    donantes"""
NOT_TARGETS = frozenset(_NOT_TARGETS_TEXT.split())


@dataclass(frozen=True)
class Cue:
    """Words marking a commitment at `start:end` of a sentence's text: `future` (`will
    provide`), `commitment` (`pledged`, `agreed to`), `announcement` (`announced`), `noun`
    (`commitments`); `passive` for `will be spent`."""

    start: int
    end: int
    kind: str
    text: str
    passive: bool = False


def find_cues(text: str) -> list[Cue]:
    """Every cue of a sentence, in order, none overlapping (the longest first)."""
    found: list[Cue] = []
    for kind, pattern in _CUES:
        for match in pattern.finditer(text):
            passive = "passive" in pattern.groupindex and match.group("passive") is not None
            found.append(Cue(match.start(), match.end(), kind, match.group(), passive))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Cue] = []
    for cue in found:
        if kept and cue.start < kept[-1].end:
            continue
        kept.append(cue)
    return kept


def is_negated(text: str) -> bool:
    """Whether the words before a figure deny the cue: `will not provide`, `refused to`."""
    return _NEGATION.search(text) is not None


def is_request(text: str) -> bool:
    """Whether the words before a cue make it someone else's wish: `will ask Mexico to
    commit`, `wants the U.S. to provide`."""
    return _REQUEST.search(text) is not None


def happened(text: str) -> bool:
    """Whether words say what happened (`migrants crossed`, `were apprehended`)."""
    return _HAPPENED.search(text) is not None


_HAPPENED_AFTER = re.compile(
    r"^\W*(?:(?:who|that|which|have|had|has|were|was|que|quienes)\s+){0,2}"
    + _HAPPENED.pattern.replace(r"|were|was|", "|"),
    re.IGNORECASE,
)


def happened_after(text: str) -> bool:
    """Whether the words right after a figure say what its things did: `200,000 migrants
    crossed`, `50,000 migrants who entered`, `10,000 were apprehended`."""
    return _HAPPENED_AFTER.match(text) is not None


_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|be|being|fue|fueron|ha sido)\s+$", re.IGNORECASE)


def is_passive(before: str) -> bool:
    """Whether a participle cue is passive (`This agreement was signed`): it then says what
    happened to the figure before it, not to one after."""
    return _PASSIVE.search(before) is not None


def delivered(text: str) -> bool:
    """Whether words before a figure say it was already delivered (`we've deployed`, `so
    far`)."""
    return _DELIVERED.search(text) is not None


def other_clause(gap: str) -> bool:
    """Whether the words between a cue and a figure start a clause of their own, whose verb is
    no cue (`that said their country will need`)."""
    return _OTHER_CLAUSE.search(gap) is not None


def collective(subject_words: str) -> bool:
    """Whether a clause's subject is many pledgers together (`donor nations`, `countries`)."""
    return _COLLECTIVE.search(subject_words) is not None


_BY_MANY = re.compile(
    r"^\W*(?:[\w’'-]+\W+){0,3}?(?:by|from|por parte de|de parte de)\s+(?:the\s+|los\s+|las\s+)?"
    r"(?:\d+\s+)?"
    r"(?:[\w-]+\s+)?(?:members|member\s+states|countries|nations|donors|governments|"
    r"miembros|países|donantes)\b"
)


def collective_after(after: str) -> bool:
    """Whether the words after a sum give many pledgers: `€300 million by the 15 EU
    members`."""
    return _BY_MANY.match(after) is not None


_UNKNOWN_AGENT = re.compile(
    r"\b(?:nonprofit|non-profit|company|companies|firm|firms|corporation|charity|charities|ngo|"
    r"ngos|foundation|university|businesses|investors|empresa|empresas|fundación|ong)\b",
    re.IGNORECASE,
)


def unknown_agent(clause: str) -> bool:
    """Whether a clause's subject is a pledger the table does not know: `the nonprofit`, `the
    company`."""
    return _UNKNOWN_AGENT.search(clause) is not None


def is_price(before: str, after: str) -> bool:
    """Whether money is a price: `$90 a barrel`, `the price of $4`."""
    return _PRICE_AFTER.match(after) is not None or _PRICE_BEFORE.search(before) is not None
