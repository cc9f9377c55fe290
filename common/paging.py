"""Paging limits every list endpoint shares (the gateway's and the tracker's)."""

# The largest `?skip=` a list accepts: beyond it a page is empty anyway, and a database cannot
# take every integer (past 2**63 the driver raises, a 500; the emulator refuses past 2**31).
MAX_SKIP = 2**31 - 1
