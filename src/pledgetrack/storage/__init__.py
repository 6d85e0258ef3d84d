"""Storage: the only layer that knows SQL, sqlite-utils, migrations and file layouts.

No Typer, no Rich.
"""
