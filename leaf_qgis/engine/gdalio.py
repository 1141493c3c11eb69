"""One way to call GDAL quietly: its messages are collected for our one-sentence errors instead of being
printed to the console."""

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
