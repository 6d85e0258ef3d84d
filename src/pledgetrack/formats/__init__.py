"""The machine-readable formats: the documented fields, CSV cells and rows, text read a line at a
time. Pure (no SQL, no Typer, no Rich): storage, services and the CLI all read and write through
it, and it imports only domain and errors."""
