"""Pure domain: amounts, dates, deadline phrases, stages and verdicts.

No I/O, never reads the clock, imports no other layer of pledgetrack.
"""
