"""GDAL's errors and warnings during a read, captured for that read only, so a damaged file is an error and
never numbers.

GDAL reports a corrupt JPEG 2000 code stream ("Stream does not end with EOC"), a broken TIFF strip or a
truncated tile as a warning or an error while still handing back an array. `read_array` pushes an error
handler around one read - GDAL keeps error handlers per thread, so every worker thread captures its own
reads - and turns any error, or any warning that is not a harmless retry notice, into one sentence naming
the file.
"""

import contextlib
import re
from typing import List, Optional, Tuple

from osgeo import gdal

from .errors import LeafError

_HARMLESS = re.compile(r"retry|retrying", re.I)
_SEVERE = (gdal.CE_Failure, gdal.CE_Fatal)


class Captured:
    """The (class, number, message) GDAL reported inside one `capture()` block, in this thread."""

    def __init__(self):
        self.messages: List[Tuple[int, int, str]] = []

    def __call__(self, err_class, err_no, message):
        if len(self.messages) < 50:
            self.messages.append((int(err_class), int(err_no), " ".join(str(message or "").split())))

    def problem(self) -> Optional[str]:
        """The first error, else the first warning that says the data are damaged; None when the read is clean."""
        for cls, _, msg in self.messages:
            if cls in _SEVERE:
                return msg or "GDAL error"
        for cls, _, msg in self.messages:
            if cls == gdal.CE_Warning and not _HARMLESS.search(msg):
                return msg or "GDAL warning"
        return None


@contextlib.contextmanager
def capture():
    """Collect GDAL's messages of this thread within the block (nothing is printed)."""
    captured = Captured()
    gdal.PushErrorHandler(captured)
    try:
        gdal.ErrorReset()
        yield captured
    finally:
        gdal.PopErrorHandler()


def read_array(band, window, path: str, band_name: str = ""):
    """`band.ReadAsArray(*window)`, raising one sentence naming `path` (and the band, when given) when GDAL fails
    or warns that the data are damaged."""
    with capture() as captured:
        try:
            raw = band.ReadAsArray(*window)
        except RuntimeError as e:   # gdal.UseExceptions() set by another plugin
            captured(gdal.CE_Failure, 0, str(e))
            raw = None
    problem = captured.problem()
    if raw is None or problem:
        detail = (problem or "no data returned").rstrip(".")
        if band_name:
            raise LeafError("The file %s is corrupt or truncated: GDAL could not decode band %s at pixel %d, %d (%s); "
                            "get it again." % (path, band_name, window[0], window[1], detail))
        raise LeafError("The file %s is corrupt or truncated: GDAL could not decode it at pixel %d, %d (%s); get it "
                        "again." % (path, window[0], window[1], detail))
    return raw
