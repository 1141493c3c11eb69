"""One way to call GDAL quietly (its messages are collected for our one-sentence errors instead of being
printed to the console), and the GDAL settings one run applies and puts back."""

from typing import Callable, Tuple, TypeVar

from osgeo import gdal

T = TypeVar("T")


def quiet(fn: Callable[[], T]) -> Tuple[T, str]:
    """(fn(), GDAL's last error message or '') with GDAL's own error printing silenced."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        gdal.ErrorReset()
        result = fn()
        return result, gdal.GetLastErrorMsg()
    finally:
        gdal.PopErrorHandler()


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
