"""Use cases: take a ledger and plain values, own the transactions, return domain objects.

No Typer, no Rich, never reads the clock (the CLI passes `as_of` and `now`).
"""
