"""`python -m pledgetrack` runs the same command line as the `pledgetrack` script."""

from pledgetrack.cli.main import run

run()
