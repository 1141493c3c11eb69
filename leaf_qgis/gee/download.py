"""Download an Earth Engine image on a pixel grid, tile by tile, with computePixels.

Tiles are sized to stay under the request limits (REQUEST_BYTES of float32 values per request, at most
MAX_TILE pixels a side); a tile Earth Engine still refuses for its size is split in four and fetched again.
Several tiles are requested at once (`threads`); they come back in order, so the caller can write them
to a ProductWriter window by window.
"""

import uuid
from typing import Callable, Dict, Iterator, List, Optional, Tuple

import numpy as np
from osgeo import gdal, osr

from ..engine.deadlines import call_with_deadline, deadline, download_deadline
from ..engine.errors import Cancelled, LeafError
from ..engine.gdal_errors import read_array
from ..engine.gdalio import quiet
from ..engine.grid import Grid
from ..engine.parallel import ordered_map
from . import session

REQUEST_BYTES = 32 * 1024 * 1024    # computePixels answers at most 48 MiB; keep a margin
MAX_TILE = 8192                     # pixels a side
MIN_TILE = 8                        # no further splitting below this
Window = Tuple[int, int, int, int]  # xoff, yoff, xsize, ysize


def tile_windows(width: int, height: int, n_bands: int, bytes_per_value: int = 4,
                 max_bytes: Optional[int] = None) -> List[Window]:
    """Square-ish tiles covering width x height, each under `max_bytes` (REQUEST_BYTES) for `n_bands` bands."""
    max_bytes = max_bytes or REQUEST_BYTES
    side = int((max_bytes / float(max(1, n_bands) * bytes_per_value)) ** 0.5)
    side = max(MIN_TILE, min(MAX_TILE, side - side % 256 if side >= 512 else side))
    return [(x, y, min(side, width - x), min(side, height - y))
            for y in range(0, height, side) for x in range(0, width, side)]


def crs_of(projection: str) -> Dict[str, str]:
    """{'crsCode': 'EPSG:n'} when the WKT has an EPSG code, else {'crsWkt': wkt}."""
    srs = osr.SpatialReference()
    if srs.SetFromUserInput(projection) == 0:
        srs.AutoIdentifyEPSG()
        code = srs.GetAuthorityCode(None)
        if srs.GetAuthorityName(None) == "EPSG" and code:
            return {"crsCode": "EPSG:%s" % code}
    return {"crsWkt": projection}


def pixel_grid(grid: Grid, window: Window) -> dict:
    """The computePixels / export `grid` of one window of `grid`."""
    gt = grid.geotransform
    x, y, w, h = window
    return dict({"dimensions": {"width": int(w), "height": int(h)},
                 "affineTransform": {"scaleX": gt[1], "shearX": gt[2], "translateX": gt[0] + x * gt[1] + y * gt[2],
                                     "shearY": gt[4], "scaleY": gt[5], "translateY": gt[3] + x * gt[4] + y * gt[5]}},
                **crs_of(grid.projection))


def _decode(data: bytes, bands: List[str], window: Window) -> np.ndarray:
    """GeoTIFF bytes -> float32 array (bands, rows, cols), checking shape and band count."""
    path = "/vsimem/leaf_qgis_ee_%s.tif" % uuid.uuid4().hex
    gdal.FileFromMemBuffer(path, data)
    try:
        ds, _ = quiet(lambda: gdal.Open(path))
        if ds is None or ds.RasterCount != len(bands) or (ds.RasterXSize, ds.RasterYSize) != tuple(window[2:]):
            raise LeafError("Earth Engine answered a download with an unexpected image (%s)."
                            % ("not a GeoTIFF" if ds is None else "%d bands of %d x %d pixels"
                               % (ds.RasterCount, ds.RasterXSize, ds.RasterYSize)))
        arr = np.stack([read_array(ds.GetRasterBand(i + 1), (0, 0, window[2], window[3]),
                                   "%s (computePixels)" % session.endpoint(), b) for i, b in enumerate(bands)])
        arr = arr.astype(np.float32).reshape(len(bands), window[3], window[2])
        ds = None
        return arr
    finally:
        gdal.Unlink(path)


def fetch(ee, image, grid: Grid, window: Window, bands: List[str], project: str = "") -> np.ndarray:
    """One window of `image` (bands in order) as float32 (bands, rows, cols); splits on 'request too large'."""
    request = {"expression": image, "fileFormat": "GEO_TIFF", "bandIds": list(bands),
               "grid": pixel_grid(grid, window)}
    expected = window[2] * window[3] * len(bands) * 4
    try:
        data = call_with_deadline(lambda: ee.data.computePixels(request),
                                  download_deadline(expected) + deadline(session.REQUEST_SECONDS), "earthengine",
                                  session.endpoint())
    except LeafError:
        raise
    except Exception as e:
        if session.request_too_large(e) and min(window[2], window[3]) > MIN_TILE:
            x, y, w, h = window
            out = np.empty((len(bands), h, w), dtype=np.float32)
            w1, h1 = w // 2, h // 2
            for sx, sy, sw, sh in ((x, y, w1, h1), (x + w1, y, w - w1, h1), (x, y + h1, w1, h - h1),
                                   (x + w1, y + h1, w - w1, h - h1)):
                out[:, sy - y:sy - y + sh, sx - x:sx - x + sw] = fetch(ee, image, grid, (sx, sy, sw, sh), bands, project)
            return out
        raise session.explain(e, project) from None
    return _decode(data, bands, window)


def download(ee, image, grid: Grid, bands: List[str], project: str = "", threads: int = 4,
             progress: Callable[[float], None] = lambda f: None,
             is_canceled: Callable[[], bool] = lambda: False) -> Iterator[Tuple[Window, np.ndarray]]:
    """Yield (window, float32 array (bands, rows, cols)) over the whole grid, in order."""
    windows = tile_windows(grid.width, grid.height, len(bands))

    def one(window):
        if is_canceled():
            raise Cancelled()
        return fetch(ee, image, grid, window, bands, project)
    for done, (window, values) in enumerate(ordered_map(one, windows, threads, is_canceled), start=1):
        progress(done / len(windows))
        yield window, values
    if is_canceled():
        raise Cancelled()
