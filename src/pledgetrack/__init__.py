"""pledgetrack: a command-line ledger of diplomatic commitments and whether they were kept."""

__version__ = "0.1.0"
