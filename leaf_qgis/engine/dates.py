"""Dates as the tools take them: one parser for 'YYYY-MM-DD' texts, dates and datetimes."""

import datetime
from typing import Optional

from .errors import LeafError


def parse_day(value, name: str) -> Optional[datetime.date]:
    """A day from 'YYYY-MM-DD' (or a longer ISO text: only its first 10 characters count), a date or a datetime
    (its day); None and '' stay None. `name` says which date in the error ('start', 'end')."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise LeafError("The %s date %r is not a date (YYYY-MM-DD)." % (name, value)) from None
