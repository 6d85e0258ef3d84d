"""Pledgers whose own currency shares its sign with another: a bare `$` or `dollars` reads as USD
and a bare `Rs` or `rupees` as INR, so `add` notes how a pledger with a dollar or rupee of its
own would write it (`note: '$' reads as USD; if Canada meant Canadian dollars, write C$26.9
million or CAD 26.9 million`).

A small table, matched by the actor's key (`domain.names.actor_key`). Pure: stdlib only.
"""

from __future__ import annotations

from pledgetrack.domain.amount_words import CURRENCY_WORDS
from pledgetrack.domain.model import AmountReading
from pledgetrack.domain.names import actor_key
from pledgetrack.domain.text import quoted, visible

_EAST_CARIBBEAN = (
    "antigua and barbuda", "dominica", "grenada", "saint kitts and nevis", "st kitts and nevis",
    "saint lucia", "st lucia", "saint vincent and the grenadines",
    "st vincent and the grenadines",
)  # fmt: skip

# actor key -> (ISO code, the symbol it is written with or None, the currency's name)
_DOLLARS: dict[str, tuple[str, str | None, str]] = {
    "canada": ("CAD", "C$", "Canadian dollars"),
    "australia": ("AUD", "A$", "Australian dollars"),
    "new zealand": ("NZD", "NZ$", "New Zealand dollars"),
    "hong kong": ("HKD", "HK$", "Hong Kong dollars"),
    "singapore": ("SGD", "S$", "Singapore dollars"),
    "taiwan": ("TWD", "NT$", "New Taiwan dollars"),
    "jamaica": ("JMD", None, "Jamaican dollars"),
    "bahamas": ("BSD", None, "Bahamian dollars"),
    "the bahamas": ("BSD", None, "Bahamian dollars"),
    "barbados": ("BBD", None, "Barbadian dollars"),
    "belize": ("BZD", None, "Belize dollars"),
    "fiji": ("FJD", None, "Fijian dollars"),
    "guyana": ("GYD", None, "Guyanese dollars"),
    "liberia": ("LRD", None, "Liberian dollars"),
    "namibia": ("NAD", None, "Namibian dollars"),
    "solomon islands": ("SBD", None, "Solomon Islands dollars"),
    "suriname": ("SRD", None, "Surinamese dollars"),
    "trinidad and tobago": ("TTD", None, "Trinidad and Tobago dollars"),
    "brunei": ("BND", None, "Brunei dollars"),
    **dict.fromkeys(_EAST_CARIBBEAN, ("XCD", None, "East Caribbean dollars")),
}
_RUPEES: dict[str, tuple[str, str | None, str]] = {
    "pakistan": ("PKR", None, "Pakistani rupees"),
    "nepal": ("NPR", None, "Nepalese rupees"),
    "sri lanka": ("LKR", None, "Sri Lankan rupees"),
    "mauritius": ("MUR", None, "Mauritian rupees"),
    "seychelles": ("SCR", None, "Seychellois rupees"),
}


_NOTED = frozenset({"$", "dollar", "dollars", "rs", "rs.", "rupee", "rupees"})


def currency_note(reading: AmountReading, pledger: str) -> str | None:
    """The note for an amount in a bare `$`, `dollars`, `Rs` or `rupees` when the pledger's own
    currency is another dollar or rupee; None otherwise."""
    said = reading.currency_text
    if said is None or said.lower() not in _NOTED:
        return None
    table = _DOLLARS if reading.amount.unit == "USD" else _RUPEES
    home = table.get(actor_key(pledger))
    if home is None:
        return None
    code, symbol, name = home
    at = reading.text.find(said)
    before, after = reading.text[:at], reading.text[at + len(said) :]
    if said == "$" or said.lower().startswith("rs"):  # written before the number
        ways = [f"{before}{symbol}{after}"] if symbol else []
        ways.append(" ".join(f"{before}{code} {after}".split()))
    else:
        ways = [f"{before}{name}{after}"] if name.lower() in CURRENCY_WORDS else []
        ways.append(f"{before}{code}{after}")
    return (
        f"note: {quoted(said)} reads as {reading.amount.unit}; if {visible(pledger)} meant "
        f"{name}, write {' or '.join(visible(w) for w in ways)}"
    )
