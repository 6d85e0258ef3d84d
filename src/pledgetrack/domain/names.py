"""How names of actors, events and tags are matched: regardless of case, accents, dots and spacing.

A few well-known aliases of the same government are built in ("U.S.", "US", "USA" and
"United States" are one actor). Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_BUILT_IN_ALIASES = {
    "us": "united states",
    "usa": "united states",
    "united states of america": "united states",
    "the united states": "united states",
    "estados unidos": "united states",
    "eeuu": "united states",
    "uk": "united kingdom",
    "great britain": "united kingdom",
    "estados unidos mexicanos": "mexico",
    "eu": "european union",
}


@lru_cache(maxsize=4096)  # imports match the same few hundred names again and again
def name_key(name: str) -> str:
    """The matching key of a name: accents dropped, case folded, dots removed, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.casefold().replace(".", "")
    return re.sub(r"\s+", " ", bare).strip()


def actor_key(name: str) -> str:
    """The key an actor is matched by, with the built-in aliases applied."""
    key = name_key(name)
    return _BUILT_IN_ALIASES.get(key, key)
