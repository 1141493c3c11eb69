"""One way to call GDAL quietly (its messages are collected for our one-sentence errors instead of being
printed to the console), and the GDAL settings one run applies and puts back."""

from typing import Callable, Optional, Tuple, TypeVar

from osgeo import gdal, ogr, osr

T = TypeVar("T")


def gdal_raises() -> bool:
    """Whether GDAL's bindings raise on failure here: someone called gdal/ogr/osr.UseExceptions(). QGIS 3.40's
    Processing does (so in QGIS desktop and qgis_process they do), QGIS 3.22's does not, and GDAL 4 will by
    default. The plugin never changes that process-wide setting; it works in both modes."""
    return bool(gdal.GetUseExceptions() or ogr.GetUseExceptions() or osr.GetUseExceptions())


def quiet(fn: Callable[[], T]) -> Tuple[Optional[T], str]:
    """(fn(), GDAL's last error message on one line, or '') with GDAL's own error printing silenced.

    A GDAL failure gives (None, its message) in both of GDAL's modes: where the bindings return None (the
    default before GDAL 4) and where they raise RuntimeError (after UseExceptions()). Callers test for None."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        gdal.ErrorReset()
        try:
            result = fn()
        except RuntimeError:
            if not (gdal_raises() and gdal.GetLastErrorType() >= gdal.CE_Failure):
                raise   # not GDAL's failure (fn's own error): not ours to turn into a message
            return None, last_error()
        return result, last_error()
    finally:
        gdal.PopErrorHandler()


def last_error() -> str:
    """GDAL's last error message on one line. In raising mode GDAL >= 3.12 appends the errors before it
    ("\nMay be caused by: ..."): only the last one is kept, as GDAL's non-raising mode reports it."""
    return " ".join(gdal.GetLastErrorMsg().split("\nMay be caused by:")[0].split())


class GdalLimits:
    """For the length of one run: GDAL's block cache capped (its default, 5 % of RAM, would dominate the
    resident memory) and GDAL's own threads (JPEG 2000 decoding, COG compression) set to `threads`, so that
    a run asked to use N cores uses N. `restore()` puts both settings back."""

    def __init__(self, threads: int, cache_bytes: int):
        self._cache = gdal.GetCacheMax()
        self._threads = gdal.GetConfigOption("GDAL_NUM_THREADS")
        gdal.SetCacheMax(min(self._cache, cache_bytes))
        gdal.SetConfigOption("GDAL_NUM_THREADS", str(threads))

    def restore(self):
        gdal.SetCacheMax(self._cache)
        gdal.SetConfigOption("GDAL_NUM_THREADS", self._threads)
