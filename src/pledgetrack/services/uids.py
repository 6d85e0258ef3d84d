"""The uids of new records: UUIDs whose text sorts in the order they were made.

Updates of one pledge dated the same day fold in the order they were recorded, and two recorded
in the same second (`recorded_at` keeps seconds) in the order of their uids (docs/rules.md).
Random uids would put the rows of one import, or two commands run one after the other, in any
order; these keep them in the order made. Each is laid out as UUID version 7 (RFC 9562): the
time in milliseconds, then a count of the uids made in that millisecond, then random bits; a
uid made in the same millisecond as the last, or with the clock set back, takes the next count.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid

_VERSION = 7
_COUNT_BITS = 12
_RANDOM_BITS = 62
_VARIANT = 0b10  # RFC 9562

_lock = threading.Lock()
_last = [0, -1]  # the milliseconds and count of the last uid made


def new_uid() -> str:
    """A new uid, sorting after every uid this process made before it."""
    with _lock:
        millis, count = time.time_ns() // 1_000_000, 0
        if millis <= _last[0]:
            millis, count = _last[0], _last[1] + 1
            if count >> _COUNT_BITS:
                millis, count = millis + 1, 0
        _last[:] = [millis, count]
    value = (
        millis << 80
        | _VERSION << 76
        | count << 64
        | _VARIANT << _RANDOM_BITS
        | secrets.randbits(_RANDOM_BITS)
    )
    return str(uuid.UUID(int=value))
