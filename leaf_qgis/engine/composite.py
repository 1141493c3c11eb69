"""Composite many products over an area and a period onto one grid: the engine of `leaf:mosaic`.

    from leaf_qgis.engine.composite import composite
    composite(["a.SAFE.zip", "b.SAFE.zip", "c.SAFE.zip"], "mosaic.tif", start="2023-07-01", end="2023-08-01")

Inputs are products (Sentinel-2 L2A SAFE folder/zip, Landsat C2 L2 folder/tar, HLS v2.0 granule), STAC items
(JSON files, URLs or dicts from a search), analysis-ready stacks (e.g. leaf:subset outputs), or folders
holding any of these. Products acquired outside [start, end) or whose scene cloud cover is not below
`cloud_limit` are left out. The grid is the union of the products' footprints (or the one given); every
product is resampled onto it. Work goes window by window in threads (`parallel.ordered_map`), each thread
with its own handles on every product; only the current windows of all dates are in memory.

Per-image mask before compositing (spec §5.2, LEAF production): Sentinel-2 SCL 3 (shadow), 8, 9 (cloud),
10 (cirrus) and 0 (no data) removed — SCL 7, water, snow and saturated pixels stay candidates; Landsat
QA_PIXEL fill, dilated cloud, cirrus, cloud and shadow removed; HLS Fmask cloud and shadow removed; a stack
is used through its MASK band (1 = clear). Production also removes the QA60 / MSK_CLASSI opaque and cirrus
flags; in a SAFE those are separate mask files, which are not read here (a deviation).

Methods (each pixel from the clear observations of the period):
* ``leaf``: LEAF production's best-pixel "HybridTC" score (spec §6.3, see `leaf_scores`): every band of a
  pixel from the image with the highest score.
* ``max_ndvi``: the observation with the largest NDVI = (NIR - red) / (NIR + red).
* ``recent``: the most recent observation.
* ``median``: per-band median of the clear observations (bands then come from different dates); DATE,
  SOURCE, SENSOR and the angles are those of the median-date observation (the earlier of the two middle
  ones when their number is even).
Ties go to the earlier acquisition (then the lower input index).

The output is an analysis-ready stack (the contract of `subset`): Float32, NaN no data, reflectance bands,
SZA/VZA/SAA/VAA (degrees), MASK (1 valid, 0 invalid per spec §5.3: snow (SCL 11, QA_PIXEL bit 5, Fmask bit
4, or NDSI > 0.2 with green > 0.1), saturated (SCL 1) or a reflectance outside [-0.005, 1.05]), then
DATE (days since 1970-01-01 of the chosen acquisition, UTC), DOY (its 0-based day of year, LEAF production's
Date), SOURCE (0-based index of the product in the input list, see LEAF_SOURCES), COUNT (clear observations
in the period) and, with `mix_sensors`, SENSOR (code per pixel, SENSOR_CODES). Metadata: LEAF_SENSOR,
LEAF_DATE (middle of the period), LEAF_PERIOD, LEAF_COMPOSITE, LEAF_SOURCES (JSON), LEAF_SCORE_WEIGHTS.

Mixing sensors (`mix_sensors=True`, refused otherwise): reflectance is restricted to the six bands every
sensor has and named as HLS L30 / Landsat OLI (B2 blue, B3 green, B4 red, B5 NIR, B6 SWIR1, B7 SWIR2);
Sentinel-2 reflectance gets the HLS v2.0 bandpass adjustment to OLI (slope and offset per band, Claverie et
al. 2018; no BRDF normalisation), Landsat 8/9 and HLS are taken as they are, and LEAF_SENSOR is HLS_L30 so
that leaf:estimate applies the HLS L30 networks. Landsat 5/7 are not harmonised and cannot be mixed.

`output_type="estimates"` composites to a temporary stack, runs `estimate.estimate_stack` on it (LEAF
production runs SL2P on the composite, spec §6.3 step 7) and writes DATE, DOY, SOURCE, COUNT (and SENSOR)
beside the estimates as `<name>_DATE.tif` (UInt16, 65535 no data).
"""

import datetime
import json
import math
import os
import threading
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
from osgeo import gdal

from ..resources import plugin_version
from . import paths
from .errors import Cancelled, LeafError
from .gdal_errors import read_array
from .gdalio import GdalLimits, quiet
from .grid import Grid, footprint_in
from .parallel import ordered_map
from .sanity import check_resolution, check_scene
from .scene import Scene
from .sources import expand_inputs
from .writer import BandSpec, ProductWriter

METHODS = ("leaf", "max_ndvi", "median", "recent")
ROLES = ("blue", "green", "red", "nir", "swir1", "swir2")
# sensor family -> its bands for the six roles (spec §6.3: S2 uses B8A as NIR)
ROLE_BANDS = {
    "S2": ("B2", "B3", "B4", "B8A", "B11", "B12"),
    "HLS_S30": ("B2", "B3", "B4", "B8A", "B11", "B12"),
    "HLS_L30": ("B2", "B3", "B4", "B5", "B6", "B7"),
    "L8": ("SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"),
    "L9": ("SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"),
    "L5": ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"),
    "L7": ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"),
}
HARMONISED_BANDS = ("B2", "B3", "B4", "B5", "B6", "B7")   # HLS L30 / OLI names of the six roles
HARMONISED_SENSOR = "HLS_L30"
# HLS v2.0 bandpass adjustment, Sentinel-2 MSI -> Landsat 8 OLI: (slope, offset) per role
# (hls.gsfc.nasa.gov/algorithms/bandpass-adjustment; S2C has no entry there and uses S2A's)
BANDPASS_TO_OLI = {
    "S2A": ((0.9778, -0.004), (1.0053, -0.0009), (0.9765, 0.0009), (0.9983, -0.0001), (0.9987, -0.0011),
            (1.003, -0.0012)),
    "S2B": ((0.9778, -0.004), (1.0075, -0.0008), (0.9761, 0.001), (0.9966, 0.0), (1.0, -0.0003),
            (0.9867, 0.0004)),
}
SENSOR_CODES = {"S2": 21, "L5": 5, "L7": 7, "L8": 8, "L9": 9, "HLS_L30": 30, "HLS_S30": 31}  # production's + HLS
SIGMA_DAYS = {"S2": 6.0, "HLS_S30": 6.0}            # time-score sigma (spec §6.3 step 4); 8 for the Landsat kinds
DEFAULT_WEIGHTS = {"spectral": 1.0, "spatial": 1.0, "temporal": 1.0}
NOT_OUT_BANDS = ("B1", "B9", "B10")                 # S2 bands outside production's OUT_BANDS range check
ANGLE_NAMES = ("SZA", "VZA", "SAA", "VAA", "RAA")
DATE_BANDS = ("DATE", "DOY", "SOURCE", "COUNT", "SENSOR")
UINT16_NODATA = 65535
GDAL_CACHE_BYTES = 128 * 1024 * 1024
PIXEL_DATES_PER_WINDOW = 1_400_000                   # window area x products kept below this (memory bound)
EPOCH = datetime.datetime(1970, 1, 1)


def sensor_family(sensor: Optional[str]) -> Optional[str]:
    """'S2A'/'S2B'/'S2C' -> 'S2'; Landsat and HLS sensors are their own family; None when unknown."""
    s = (sensor or "").upper()
    if s in ("S2A", "S2B", "S2C"):
        return "S2"
    return s if s in ROLE_BANDS else None


def sigma_days(family: str) -> float:
    """Time-score sigma of a sensor: 6 days Sentinel-2, 8 Landsat, whatever the window length (production
    meant 12 / 16 for windows over 31 days but passes a negative length, spec §6.3 step 4)."""
    return SIGMA_DAYS.get(family, 8.0)


# --------------------------------------------------------------------------------------------
# The best-pixel score of LEAF production (spec §6.3), on (images, rows, cols) arrays
# --------------------------------------------------------------------------------------------

def _div(a, b):
    """Earth Engine's divide: 0 where the divisor is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.true_divide(a, b)
    return np.where(b == 0, 0.0, q)


def nanmedian0(a: np.ndarray) -> np.ndarray:
    """np.nanmedian(a, axis=0) (mean of the two middle values for an even count, NaN where all are NaN), by
    one sort along the first axis: several times faster than numpy's masked-array median for few dates."""
    s = np.sort(a, axis=0)                                 # NaN sort last
    count = np.sum(~np.isnan(a), axis=0)
    lo = np.take_along_axis(s, np.maximum(count - 1, 0)[None] // 2, axis=0)[0]
    hi = np.take_along_axis(s, np.minimum(count // 2, a.shape[0] - 1)[None], axis=0)[0]
    return np.where(count > 0, (lo + hi) / 2.0, np.nan)


def leaf_scores(bands: Dict[str, Sequence[np.ndarray]], clear: np.ndarray, cloud: Sequence[float],
                ddoy: Sequence[float], sigma: Sequence[float], weights: Optional[Dict[str, float]] = None,
                scale: float = 1.0):
    """(score per image and pixel, NaN where not clear; 3-class map) of LEAF production's HybridTC composite.

    `bands` maps the six roles (blue ... swir2) to n images (an (n, rows, cols) array or a list of (rows,
    cols) arrays) that are percent reflectance once multiplied by `scale` (100 for reflectance); `clear` the
    (n, rows, cols) per-image masks; `cloud` the scene cloud cover (%), `ddoy` the image DOY minus the window
    mid-date DOY, `sigma` the time-score width, per image. Class: 0 water (max NDWI > 0.1), 2 vegetated (max
    NDVI > 0.3), 1 otherwise. Divisions by zero give 0, as in Earth Engine. Images are scored one at a
    time, so memory holds the n-image stack of one band only.
    """
    w = dict(DEFAULT_WEIGHTS, **(weights or {}))
    n = clear.shape[0]

    def image(i):  # the six roles of image i in percent, NaN where not clear
        return [np.where(clear[i], bands[r][i] * scale, np.nan) for r in ROLES]

    med = {r: nanmedian0(np.stack([np.where(clear[i], bands[r][i] * scale, np.nan) for i in range(n)]))
           for r in ROLES}
    med_swir = np.maximum(med["swir1"], med["swir2"])   # "the median max(SWIR1, SWIR2)": the larger band median
    shape = clear.shape[1:]
    max_ndvi, max_ndwi = np.full(shape, np.nan), np.full(shape, np.nan)
    with np.errstate(invalid="ignore"):
        for i in range(n):   # the class map from the per-image indices
            blu, grn, red, nir, sw1, sw2 = image(i)
            ndvi = np.where(_div(nir, grn) < 2.5, 0.0, _div(nir - red, nir + red))
            vis = np.maximum(blu, grn)
            ndwi = np.where(med_swir > 7, 0.0, _div(vis - nir, vis + nir))
            ndwi = np.where((np.maximum.reduce([blu, grn, red, nir, sw1, sw2]) < 2) & (med_swir < 7), 1.0, ndwi)
            max_ndvi = np.fmax(max_ndvi, np.where(clear[i], ndvi, np.nan))
            max_ndwi = np.fmax(max_ndwi, np.where(clear[i], ndwi, np.nan))
        cls = np.ones(shape, dtype=np.int8)
        cls[max_ndwi > 0.1] = 0
        cls[(cls > 0) & (max_ndvi > 0.3)] = 2
        blu_ref = np.where(cls == 2, 0.25 * med["swir2"], med["blue"])
        per_image = (w["spatial"] * (1.0 - np.asarray(cloud, dtype=np.float64) / 100.0)
                     + w["temporal"] * np.exp(-0.5 * (np.asarray(ddoy, np.float64) / np.asarray(sigma, np.float64)) ** 2))
        score = np.empty(clear.shape)
        for i in range(n):   # spectral score, then the total
            blu, grn, red, nir, sw1, sw2 = image(i)
            with np.errstate(over="ignore"):
                blu_pen = np.exp(np.abs(blu_ref - blu))
            nir_pen = np.abs(med["nir"] - nir)
            land = _div(nir, np.maximum(blu, 0.01) + nir_pen + blu_pen)
            water = _div(med["blue"] + med["nir"], blu_pen + nir_pen)
            spec = np.where(cls == 0, water, land)
            max_spec = np.maximum.reduce([blu, grn, red, nir, sw1, sw2, np.full(shape, 0.01)])
            spec = np.where(max_spec < 0.01, -10.0, spec)   # production's rule; never fires (max_spec >= 0.01)
            if w["temporal"] > 0 or w["spatial"] > 0:
                spec = w["spectral"] * _div(spec, spec + 1.0) + per_image[i]
            score[i] = np.where(clear[i], spec, np.nan)
    return score, cls


def doy_fraction(t: datetime.datetime) -> float:
    """Fractional day of year, 0 at 1 January 00:00."""
    return (t - datetime.datetime(t.year, 1, 1)).total_seconds() / 86400.0


def delta_doy(acquired: datetime.datetime, mid: datetime.datetime) -> float:
    """Image DOY minus the DOY of the window mid-date moved to the image's year (spec §6.3 step 4; a period
    across New Year therefore scores images of the other year far from the middle, as production does)."""
    try:
        moved = mid.replace(year=acquired.year)
    except ValueError:  # 29 February in a common year
        moved = mid.replace(year=acquired.year, day=28)
    return doy_fraction(acquired) - doy_fraction(moved)


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------

@dataclass
class Product:
    """One input of the composite: where it is and what its metadata say."""

    index: int                  # position in the input list (the SOURCE band value)
    source: object              # path, URL or STAC item dict
    label: str
    sensor: str
    family: str
    date: str                   # YYYY-MM-DD
    acquired: datetime.datetime
    cloud_cover: Optional[float]
    bands: List[str] = field(default_factory=list)
    stack: bool = False
    native: Optional[tuple] = None    # (projection, geotransform, width, height) of its own grid
    read_block: Optional[int] = None  # side of the blocks its files decode whole on that grid (Scene.read_block)


def _parse_day(value, name: str) -> Optional[datetime.datetime]:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    try:
        return datetime.datetime.strptime(str(value).strip()[:10], "%Y-%m-%d")
    except ValueError:
        raise LeafError("The %s date %r is not a date (YYYY-MM-DD)." % (name, value)) from None


def _open(source, grid: Optional[Grid] = None, resolution: Optional[float] = None, resampling: Optional[str] = None):
    """A scene of one input on `grid` (a stack is warped onto the grid by nearest neighbour)."""
    from .hls import HLS_NAME, open_hls
    from .sources import open_source, product_kind
    if isinstance(source, str) and os.path.isfile(source) and HLS_NAME.match(os.path.basename(source)):
        return open_hls(source, grid=grid, resampling=resampling)   # one granule even in a folder of several
    if isinstance(source, str) and not source.startswith(("http://", "https://")) \
            and not source.lower().endswith(".json") and product_kind(source) == "stack":
        from .stack import Stack
        stack = Stack(source)
        if grid is None or _same_grid(stack, grid):
            return stack
        stack.close()
        return Stack(_warped_stack(source, grid))
    return open_source(source, grid=grid, resolution=resolution, resampling=resampling)


def _same_grid(scene, grid: Grid) -> bool:
    from .stac import _same_grid as same
    return same(Grid(scene.projection, tuple(scene.geotransform), scene.width, scene.height), grid)


_WARP_LOCK = threading.Lock()


def _warped_stack(path: str, grid: Grid) -> str:
    """A /vsimem/ VRT of a stack warped onto `grid` (nearest neighbour), keeping band names, scale and metadata."""
    name = "/vsimem/leaf_mosaic_%d_%s.vrt" % (abs(hash((path, grid.projection, tuple(grid.geotransform),
                                                         grid.width, grid.height))), os.path.basename(path))
    with _WARP_LOCK:
        if gdal.VSIStatL(name) is not None:
            return name
        src = gdal.Open(path)
        out, msg = quiet(lambda: gdal.Warp(name, src, format="VRT", outputBounds=grid.bounds(), width=grid.width,
                                           height=grid.height, dstSRS=grid.projection, resampleAlg="near",
                                           dstNodata=float("nan")))
        if out is None:
            raise LeafError("The stack %s could not be resampled onto the grid (%s)." % (path, msg or "GDAL error"))
        for i in range(1, src.RasterCount + 1):
            s, d = src.GetRasterBand(i), out.GetRasterBand(i)
            d.SetDescription(s.GetDescription())
            if s.GetScale() not in (None, 1.0) or s.GetOffset() not in (None, 0.0):
                d.SetScale(s.GetScale() or 1.0)
                d.SetOffset(s.GetOffset() or 0.0)
        out.SetMetadata(src.GetMetadata() or {})
        out = None
    return name


def _footprint(info, projection: str):
    """(xmin, ymin, xmax, ymax) in `projection` of a grid given as (projection, geotransform, width, height)."""
    proj, gt, w, h = info
    ds = gdal.GetDriverByName("MEM").Create("", w, h, 0)
    ds.SetGeoTransform(gt)
    ds.SetProjection(proj)
    return footprint_in(ds, projection)


def _describe(index: int, source, resolution: Optional[float]) -> "tuple":
    """(Product, scene footprint info) of one input, opened on its own grid."""
    from .subset import reflectance_bands
    with _open(source, resolution=resolution) as scene:
        family = sensor_family(scene.sensor)
        label = scene.path if isinstance(source, dict) else str(source)
        if family is None:
            raise LeafError("The input %s has an unknown or missing sensor (%s); the mosaic composites Sentinel-2, "
                            "Landsat 5-9 and HLS products." % (label, scene.sensor or "no LEAF_SENSOR"))
        if not scene.date:
            raise LeafError("The input %s has no acquisition date." % label)
        acquired = getattr(scene, "acquired", None) or datetime.datetime.strptime(scene.date[:10], "%Y-%m-%d")
        cloud = getattr(scene, "cloud_cover", None)
        from .stack import Stack
        is_stack = isinstance(scene, Stack)
        if is_stack and cloud is None:
            try:
                cloud = float((scene.ds.GetMetadata() or {}).get("LEAF_CLOUD_COVER"))
            except (TypeError, ValueError):
                cloud = None
        check_scene(scene, reflectance_bands(scene))
        bands = reflectance_bands(scene) + [a for a in ANGLE_NAMES if scene.has(a)]
        info = (scene.projection, tuple(scene.geotransform), scene.width, scene.height)
        product = Product(index, source, label, scene.sensor, family, scene.date[:10], acquired, cloud, bands, is_stack,
                          info, getattr(scene, "read_block", None))
        return product, info


def _same_crs(a: str, b: str) -> bool:
    from osgeo import osr
    sa, sb = osr.SpatialReference(), osr.SpatialReference()
    return a == b or (sa.ImportFromWkt(a or "") == 0 and sb.ImportFromWkt(b or "") == 0 and bool(sa.IsSame(sb)))


def _grid_of(products_info, crs: Optional[str], resolution: Optional[float], families, stacks_only=False) -> Grid:
    """The union of the footprints in `crs` (default: the first product's) at `resolution` (default: 20 m for
    Sentinel-2 only, else 30 m; the first stack's pixel size when all inputs are stacks)."""
    projection = crs or products_info[0][0]
    bounds = [_footprint(info, projection) for info in products_info]
    if resolution is None:
        if crs is not None and not _same_crs(crs, products_info[0][0]):
            raise LeafError("Give the output resolution in the units of the chosen CRS.")
        resolution = abs(products_info[0][1][1]) if stacks_only else 20.0 if set(families) == {"S2"} else 30.0
    return Grid.from_bounds(projection, min(b[0] for b in bounds), min(b[1] for b in bounds),
                            max(b[2] for b in bounds), max(b[3] for b in bounds), resolution)


def _overlaps(info, grid: Grid) -> bool:
    x0, y0, x1, y1 = _footprint(info, grid.projection)
    gx0, gy0, gx1, gy1 = grid.bounds()
    return x1 > gx0 and x0 < gx1 and y1 > gy0 and y0 < gy1


# --------------------------------------------------------------------------------------------
# Reading one product: harmonised reflectance, raw QA, clear mask
# --------------------------------------------------------------------------------------------

def _qa_kind(scene) -> str:
    """How a scene's quality band reads: 'scl', 'qa_pixel', 'fmask' or 'mask' (a stack's MASK band)."""
    from .landsat import LandsatScene
    from .sentinel2 import S2Scene
    from .stac import AssetScene
    if isinstance(scene, S2Scene):
        return "scl"
    if isinstance(scene, LandsatScene):
        return "qa_pixel"
    if isinstance(scene, AssetScene) and "MASK" in scene.bands:
        band = scene.bands["MASK"]
        if (scene.sensor or "").startswith("HLS"):
            return "fmask"
        return "scl" if band.clear_classes is not None else "qa_pixel"
    return "mask"


def read_qa(scene, kind: str, window):
    """(raw quality values as int64, True where the pixel has data) of a scene over a window."""
    from .stac import AssetScene
    if kind == "mask":
        if not scene.has("MASK"):
            shape = (window[3], window[2])
            return np.ones(shape, dtype=np.int64), np.ones(shape, dtype=bool)
        values, has = scene.read("MASK", window)
        return np.where(has, values, 0).astype(np.int64), has
    if isinstance(scene, AssetScene):  # the raw classes/bits behind the MASK band
        band = replace(scene.bands["MASK"], clear_bits=None, clear_classes=None)
        ds = scene.reader(band)
        raw = read_array(ds.GetRasterBand(1), window, band.source, "MASK").astype(np.int64)
        return raw, raw != int(band.nodata) if band.nodata is not None else np.ones(raw.shape, dtype=bool)
    values, has = scene.read("SCL" if kind == "scl" else "QA_PIXEL", window)
    return values.astype(np.int64), has


def clear_mask(kind: str, raw: np.ndarray, has: np.ndarray) -> np.ndarray:
    """LEAF production's per-image mask (spec §5.2): True where the observation may enter the composite."""
    if kind == "scl":
        return has & ~np.isin(raw, (0, 3, 8, 9, 10))
    if kind == "qa_pixel":
        return has & ((raw & 0b11111) == 0)          # fill, dilated cloud, cirrus, cloud, shadow
    if kind == "fmask":
        return has & (raw != 255) & ((raw & 0b1010) == 0)   # cloud (bit 1), shadow (bit 3)
    return has & (raw == 1)


def qa_invalid(kind: str, raw: np.ndarray) -> np.ndarray:
    """Quality flags that make a chosen observation invalid (spec §5.3): snow and saturation."""
    if kind == "scl":
        return np.isin(raw, (1, 11))
    if kind == "qa_pixel":
        return (raw & (1 << 5)) > 0
    if kind == "fmask":
        return (raw != 255) & ((raw & (1 << 4)) > 0)
    return np.zeros(raw.shape, dtype=bool)


@dataclass
class Plan:
    """What the composite writes and how it reads each product."""

    products: List[Product]           # in processing order: acquisition time, then input index
    grid: Grid
    method: str
    reflectance: List[str]            # output reflectance band names
    angles: List[str]
    harmonise: bool
    mix_sensors: bool
    start: datetime.datetime
    end: datetime.datetime
    weights: Dict[str, float]
    resampling: Optional[str] = None
    clip: Optional[tuple] = None

    @property
    def mid(self) -> datetime.datetime:
        return self.start + (self.end - self.start) / 2

    def source_band(self, product: Product, name: str):
        """(band of the product, slope, offset) that gives output band `name`."""
        if not self.harmonise or name not in HARMONISED_BANDS:
            return name, 1.0, 0.0
        role = HARMONISED_BANDS.index(name)
        band = ROLE_BANDS[product.family][role]
        if product.family == "S2":
            slope, offset = BANDPASS_TO_OLI.get(product.sensor, BANDPASS_TO_OLI["S2A"])[role]
            return band, slope, offset
        return band, 1.0, 0.0

    def role_names(self, product: Product) -> List[str]:
        """Output names of the six roles for this product (harmonised names, or the family's bands)."""
        return list(HARMONISED_BANDS) if self.harmonise else list(ROLE_BANDS[product.family])


class _Window:
    """The reads of one window of every product, cached so that no band is read twice."""

    def __init__(self, plan: Plan, scenes, kinds, window):
        self.plan, self.scenes, self.kinds, self.window = plan, scenes, kinds, window
        self.cache: Dict[tuple, tuple] = {}

    def band(self, i: int, name: str, keep: bool = True):
        """(values, has data) of output band `name` from product i; kept for later calls when `keep`."""
        key = (i, name)
        if key in self.cache:
            return self.cache[key]
        product = self.plan.products[i]
        source, slope, offset = self.plan.source_band(product, name)
        values, has = self.scenes[i].read(source, self.window)
        if slope != 1.0 or offset != 0.0:
            values = values * slope + offset
        if keep:
            self.cache[key] = (values, has)
        return values, has


class _Worker:
    """Composites windows in worker threads: every thread opens its own scene of each product (GDAL
    handles must not be shared between threads)."""

    def __init__(self, plan: Plan, is_canceled: Callable[[], bool] = lambda: False):
        self.plan = plan
        self.is_canceled = is_canceled
        self.local = threading.local()
        self.opened = []
        self.lock = threading.Lock()

    def scenes(self):
        st = self.local
        if not hasattr(st, "scenes"):
            st.scenes, st.kinds = [], []
            with self.lock:
                self.opened.append(st.scenes)
            for p in self.plan.products:
                scene = _open(p.source, grid=self.plan.grid, resampling=self.plan.resampling)
                st.scenes.append(scene)
                st.kinds.append(_qa_kind(scene))
            st.clip = None
            if self.plan.clip:
                from .clip import ClippedScene
                st.clip = ClippedScene(st.scenes[0], *self.plan.clip)
        return st.scenes, st.kinds, st.clip

    def __call__(self, windows):
        """A group of windows (see work_units), in order: [(window, bands)]."""
        scenes, kinds, clip = self.scenes()
        out = []
        for window in windows:
            if self.is_canceled():
                raise Cancelled()
            out.append((window, composite_window(self.plan, scenes, kinds, window,
                                                 clip.inside(window) if clip else None)))
        return out

    def close(self):
        for scenes in self.opened:
            for s in scenes:
                s.close()


def composite_window(plan: Plan, scenes, kinds, window, inside=None) -> Dict[str, np.ndarray]:
    """The output bands (float32, NaN no data) of one window."""
    n = len(plan.products)
    shape = (window[3], window[2])
    win = _Window(plan, scenes, kinds, window)
    clear = np.zeros((n,) + shape, dtype=bool)
    qa = []
    for i, p in enumerate(plan.products):
        raw, has = read_qa(scenes[i], kinds[i], window)
        ok = clear_mask(kinds[i], raw, has)
        for name in plan.role_names(p):
            ok &= win.band(i, name)[1]
        if inside is not None:
            ok &= inside
        clear[i] = ok
        qa.append(raw.astype(np.int32))
    count = clear.sum(axis=0)
    any_clear = count > 0
    out: Dict[str, np.ndarray] = {}
    if plan.method == "median":  # the median-date observation: products are in time order
        rank = np.cumsum(clear, axis=0)
        winner = np.argmax(clear & (rank == ((count - 1) // 2 + 1)[None]), axis=0)
    else:
        if plan.method == "leaf":
            key = _leaf_key(plan, win, clear)
        elif plan.method == "max_ndvi":
            key = np.empty((n,) + shape)
            for i, p in enumerate(plan.products):
                red, nir = (win.band(i, plan.role_names(p)[k])[0] for k in (2, 3))
                key[i] = _div(nir - red, nir + red)
        else:  # recent: acquisition time
            times = np.array([(p.acquired - EPOCH).total_seconds() for p in plan.products])
            key = np.broadcast_to(times[:, None, None], (n,) + shape)
        # argmax takes the first of equal keys: the earlier acquisition, then the lower input index
        winner = np.argmax(np.where(clear & ~np.isnan(key), key, -np.inf), axis=0)
    winner = np.where(any_clear, winner, -1)
    used = [i for i in range(n) if (winner == i).any()]

    def pick(name):
        a = np.full(shape, np.nan, dtype=np.float64)
        for i in used:
            sel = winner == i
            values, has = win.band(i, name, keep=False)
            a[sel] = np.where(has[sel], values[sel], np.nan)
        return a

    for name in plan.reflectance:
        if plan.method == "median":
            vals = np.full((n,) + shape, np.nan)
            for i in range(n):
                if clear[i].any():
                    values, has = win.band(i, name, keep=False)
                    vals[i] = np.where(clear[i] & has, values, np.nan)
            out[name] = nanmedian0(vals)
        else:
            out[name] = pick(name)
    for name in plan.angles:
        out[name] = pick(name)
    invalid = np.zeros(shape, dtype=bool)
    for i in used:
        if plan.method != "median":
            invalid |= (winner == i) & qa_invalid(kinds[i], qa[i])
    roles = {r: out[b] for r, b in zip(ROLES, plan.role_names(plan.products[0]))}
    with np.errstate(invalid="ignore"):
        ndsi = _div(roles["green"] - roles["swir1"], roles["green"] + roles["swir1"])
        invalid |= (ndsi > 0.2) & (roles["green"] > 0.1)
        for name in plan.reflectance:
            if name not in NOT_OUT_BANDS:
                invalid |= (out[name] < -0.005) | (out[name] > 1.05)
    out["MASK"] = np.where(any_clear, np.where(invalid, 0.0, 1.0), np.nan)
    days = np.array([(p.acquired.date() - EPOCH.date()).days for p in plan.products], dtype=np.float64)
    doys = np.array([p.acquired.timetuple().tm_yday - 1 for p in plan.products], dtype=np.float64)
    index = np.array([p.index for p in plan.products], dtype=np.float64)
    codes = np.array([SENSOR_CODES[p.family] for p in plan.products], dtype=np.float64)
    safe = np.maximum(winner, 0)
    for name, table in (("DATE", days), ("DOY", doys), ("SOURCE", index), ("SENSOR", codes)):
        out[name] = np.where(any_clear, table[safe], np.nan)
    out["COUNT"] = count.astype(np.float64)
    out = {k: v.astype(np.float32) for k, v in out.items()}   # what is written: halves the queued results
    out["_winner"] = winner
    return out


def _leaf_key(plan: Plan, win: _Window, clear: np.ndarray) -> np.ndarray:
    """LEAF production scores (spec §6.3) of every product over the window (percent = reflectance x 100)."""
    bands = {r: [win.band(i, plan.role_names(p)[k])[0] for i, p in enumerate(plan.products)]
             for k, r in enumerate(ROLES)}
    cloud = [p.cloud_cover if p.cloud_cover is not None else 0.0 for p in plan.products]
    ddoy = [delta_doy(p.acquired, plan.mid) for p in plan.products]
    sigma = [sigma_days(p.family) for p in plan.products]
    score, _ = leaf_scores(bands, clear, cloud, ddoy, sigma, plan.weights, scale=100.0)
    return score


# --------------------------------------------------------------------------------------------
# The composite
# --------------------------------------------------------------------------------------------

def window_size_for(products: int, largest: int = 512) -> int:
    """Window side keeping (window area x products) under PIXEL_DATES_PER_WINDOW, in steps of 128 pixels."""
    side = int(math.sqrt(PIXEL_DATES_PER_WINDOW / max(1, products)))
    return max(128, min(largest, side // 128 * 128))


def plan_composite(inputs, start=None, end=None, method: str = "leaf", grid: Optional[Grid] = None,
                   crs: Optional[str] = None, resolution: Optional[float] = None, clip=None,
                   resampling: Optional[str] = None, cloud_limit: Optional[float] = None,
                   weights: Optional[Dict[str, float]] = None, mix_sensors: bool = False,
                   is_canceled: Callable[[], bool] = lambda: False,
                   log: Callable[[str], None] = lambda m: None, output_path: Optional[str] = None) -> Plan:
    """Check the inputs and decide the grid, the products kept and the bands; one-sentence LeafError when
    nothing can be composited."""
    if method not in METHODS:
        raise LeafError("Unknown compositing method %r (one of %s)." % (method, ", ".join(METHODS)))
    weights = dict(DEFAULT_WEIGHTS, **(weights or {}))
    if any(not (v >= 0) for v in weights.values()) or set(weights) != set(DEFAULT_WEIGHTS):
        raise LeafError("Score weights must be spectral, spatial and temporal, each 0 or more (got %s)." % weights)
    t0, t1 = _parse_day(start, "start"), _parse_day(end, "end")
    if t0 is not None and t1 is not None and t1 <= t0:
        raise LeafError("The period ends (%s) before it starts (%s)." % (t1.date(), t0.date()))
    resolution = check_resolution(resolution)
    sources = expand_inputs(inputs, "to composite")
    described = []
    if output_path:
        paths.check_outputs(sources, paths.raster_sidecars(output_path))
    for i, source in enumerate(sources):
        if is_canceled():
            raise Cancelled()
        described.append(_describe(i, source, resolution))
    kept, reasons = [], []
    for product, info in described:
        if (t0 and product.acquired < t0) or (t1 and product.acquired >= t1):
            reasons.append("%s (%s) is outside the period" % (product.label, product.date))
            continue
        if cloud_limit is not None and product.cloud_cover is not None and not product.cloud_cover < cloud_limit:
            reasons.append("%s has %.1f %% cloud" % (product.label, product.cloud_cover))
            continue
        if cloud_limit is not None and product.cloud_cover is None:
            log("%s gives no scene cloud cover: kept whatever the cloud limit." % product.label)
        kept.append((product, info))
    period = "%s to %s" % (t0.date() if t0 else "the first date", t1.date() if t1 else "the last date")
    if not kept:
        raise LeafError("No product falls in the period %s (end excluded)%s: %s." % (
            period, " with scene cloud cover below %g %%" % cloud_limit if cloud_limit is not None else "",
            "; ".join(reasons)))
    families = sorted({p.family for p, _ in kept})
    if len(families) > 1 and not mix_sensors:
        examples = "; ".join("%s: %s" % (f, next(p.label for p, _ in kept if p.family == f)) for f in families)
        raise LeafError("The products are from different sensors (%s); allow mixing sensors to composite them as "
                        "harmonised HLS L30 reflectance, or give products of one sensor." % examples)
    harmonise = len(families) > 1
    if harmonise:
        tm = [p for p, _ in kept if p.family in ("L5", "L7")]
        if tm:
            raise LeafError("Landsat 5 and 7 (%s) cannot be mixed with other sensors: no harmonisation to OLI is "
                            "implemented for TM / ETM+." % tm[0].label)
    if grid is None:
        grid = _grid_of([info for _, info in kept], crs, resolution, families, all(p.stack for p, _ in kept))
    else:
        outside = [p.label for p, info in kept if not _overlaps(info, grid)]
        for label in outside:
            log("%s does not overlap the area: left out." % label)
        kept = [(p, info) for p, info in kept if p.label not in outside]
        if not kept:
            raise LeafError("No product of the period overlaps the area %.1f, %.1f, %.1f, %.1f." % grid.bounds())
    products = sorted((p for p, _ in kept), key=lambda p: (p.acquired, p.index))
    for p in products:
        need = ROLE_BANDS[p.family]
        missing = [b for b in need if b not in p.bands]
        if missing:
            raise LeafError("The input %s has no band %s, which the composite needs." % (p.label, ", ".join(missing)))
    if harmonise:
        reflectance = list(HARMONISED_BANDS)
    else:
        first = [b for b in products[0].bands if b not in ANGLE_NAMES]
        reflectance = [b for b in first if all(b in p.bands for p in products)]
    angles = [a for a in ANGLE_NAMES if all(a in p.bands for p in products)]
    if "RAA" in angles and "SAA" in angles and "VAA" in angles:
        angles.remove("RAA")
    t0 = t0 or datetime.datetime.combine(min(p.acquired for p in products).date(), datetime.time())
    t1 = t1 or datetime.datetime.combine(max(p.acquired for p in products).date(), datetime.time()) + \
        datetime.timedelta(days=1)
    log("Compositing %d of %d products (%s) from %s to %s with the %s method." % (
        len(products), len(sources), ", ".join(families), t0.date(), t1.date(), method))
    return Plan(products, grid, method, reflectance, angles, harmonise, mix_sensors, t0, t1, weights, resampling,
                clip)


def _band_specs(plan: Plan) -> List[BandSpec]:
    specs = [BandSpec(n, "surface reflectance" + (" (harmonised to Landsat OLI)" if plan.harmonise else ""), "1")
             for n in plan.reflectance]
    specs += [BandSpec(a, "angle of the chosen observation", "degree") for a in plan.angles]
    specs.append(BandSpec("MASK", "1 = valid, 0 = invalid (snow, saturated, reflectance out of range)"))
    specs += [BandSpec("DATE", "acquisition date of the chosen observation", "days since 1970-01-01"),
              BandSpec("DOY", "0-based day of year of the chosen observation", "day"),
              BandSpec("SOURCE", "0-based index of the chosen product in the input list (LEAF_SOURCES)"),
              BandSpec("COUNT", "clear observations in the period")]
    if plan.mix_sensors:
        specs.append(BandSpec("SENSOR", "sensor code of the chosen observation: " + ", ".join(
            "%d %s" % (c, s) for s, c in sorted(SENSOR_CODES.items(), key=lambda x: x[1]))))
    return specs


def _metadata(plan: Plan) -> Dict[str, str]:
    sensors = sorted({p.sensor for p in plan.products})
    if plan.harmonise:
        sensor = HARMONISED_SENSOR
    else:
        sensor = sensors[0]
    return {
        "LEAF_SENSOR": sensor,
        "LEAF_SENSORS": ",".join(sensors),
        "LEAF_DATE": plan.mid.date().isoformat(),
        "LEAF_PERIOD": "%s/%s" % (plan.start.date().isoformat(), plan.end.date().isoformat()),
        "LEAF_COMPOSITE": plan.method,
        "LEAF_SCORE_WEIGHTS": json.dumps(plan.weights, sort_keys=True) if plan.method == "leaf" else "",
        "LEAF_HARMONISATION": ("Sentinel-2 bandpass-adjusted to Landsat 8 OLI (HLS v2.0 coefficients); bands named "
                               "as HLS L30") if plan.harmonise else "",
        "LEAF_SOURCES": json.dumps([{"index": p.index, "path": p.label, "sensor": p.sensor,
                                     "acquired": p.acquired.isoformat(), "cloud_cover": p.cloud_cover}
                                    for p in sorted(plan.products, key=lambda p: p.index)], separators=(",", ":")),
        "LEAF_PLUGIN": "leaf_qgis " + plugin_version(),
        "LEAF_CREATED": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


class _GridWindows(Scene):
    """The windows of a grid, grouped like a scene's (Scene.work_units) for its source blocks."""

    def __init__(self, grid: Grid, read_block: Optional[int]):
        self.width, self.height, self.bands, self.read_block = grid.width, grid.height, {}, read_block


def plan_block(plan: Plan) -> Optional[int]:
    """The decode block of the products read on their own grid (the target grid), when they agree."""
    g = plan.grid
    target = (tuple(g.geotransform), g.width, g.height)
    blocks = {p.read_block for p in plan.products
              if p.native and (tuple(p.native[1]), p.native[2], p.native[3]) == target and _same_crs(p.native[0], g.projection)}
    return blocks.pop() if len(blocks) == 1 else None


def cache_bytes(plan: Plan, threads: int, block: Optional[int]) -> int:
    """GDAL block cache for a run: the decoded blocks every thread keeps while it works through the windows
    of one block (products x bands x block area, 2-byte samples), between 128 and 512 MB."""
    if not block:
        return GDAL_CACHE_BYTES
    need = threads * len(plan.products) * (len(plan.reflectance) + len(plan.angles) + 1) * block * block * 2
    return int(min(4 * GDAL_CACHE_BYTES, max(GDAL_CACHE_BYTES, 1.25 * need)))


def write_composite(plan: Plan, output_path: str, threads: Optional[int] = None, window_size: Optional[int] = None,
                    progress: Callable[[float], None] = lambda f: None,
                    is_canceled: Callable[[], bool] = lambda: False,
                    log: Callable[[str], None] = lambda m: None) -> Dict[str, object]:
    """Write the composite stack of a plan as a COG; nothing is left behind on error or cancel."""
    threads = max(1, int(threads or os.cpu_count() or 1))
    size = window_size or window_size_for(len(plan.products))
    specs = _band_specs(plan)
    names = [s.name for s in specs]
    grid = plan.grid
    metadata = _metadata(plan)
    block = plan_block(plan)
    units = _GridWindows(grid, block).work_units(size)
    total = sum(len(u) for u in units)
    limits = GdalLimits(threads, cache_bytes(plan, threads, block))
    worker = _Worker(plan, is_canceled)
    writer = None
    wins = np.zeros(len(plan.products), dtype=np.int64)
    pixels = valid = 0
    try:
        writer = ProductWriter(output_path, grid.width, grid.height, grid.geotransform, grid.projection, specs,
                               np.float32, float("nan"), metadata, threads=threads, log=log)
        done = 0
        for _, results in ordered_map(worker, units, threads, is_canceled):
            for window, result in results:
                writer.write(window, [result[n] for n in names])
                w = result["_winner"]
                wins += np.bincount(w[w >= 0].ravel(), minlength=len(plan.products))
                pixels += int((w >= 0).sum())
                valid += int((result["MASK"] == 1).sum())
                done += 1
                progress(done / total)
        if is_canceled():
            raise Cancelled()
        if not plan.harmonise and len({p.sensor for p in plan.products}) > 1 and wins.any():
            counts: Dict[str, int] = {}
            for p, c in zip(plan.products, wins):
                counts[p.sensor] = counts.get(p.sensor, 0) + int(c)
            metadata["LEAF_SENSOR"] = max(sorted(counts), key=lambda s: counts[s])   # most pixels
            writer.ds.SetMetadataItem("LEAF_SENSOR", metadata["LEAF_SENSOR"])
        writer.commit()
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        worker.close()
        limits.restore()
    return {"OUTPUT": os.path.abspath(output_path), "bands": names, "sensor": metadata["LEAF_SENSOR"],
            "width": grid.width, "height": grid.height, "pixels": pixels, "valid_pixels": valid,
            "products": [p.label for p in sorted(plan.products, key=lambda p: p.index)],
            "chosen": {plan.products[i].label: int(c) for i, c in enumerate(wins)}}


def date_path_for(output_path: str) -> str:
    """The DATE/SOURCE product written beside composited estimates: 'lai.tif' -> 'lai_DATE.tif'."""
    stem, ext = os.path.splitext(output_path)
    return stem + "_DATE" + (ext or ".tif")


def _write_dates(stack_path: str, output_path: str, plan: Plan, threads: int,
                 is_canceled: Callable[[], bool], log: Callable[[str], None] = lambda m: None) -> str:
    """DATE, DOY, SOURCE, COUNT (and SENSOR) of a composite stack as a UInt16 COG (65535 no data)."""
    ds = gdal.Open(stack_path)
    index = {ds.GetRasterBand(i).GetDescription(): i for i in range(1, ds.RasterCount + 1)}
    names = [n for n in DATE_BANDS if n in index]
    specs = {s.name: s for s in _band_specs(plan)}
    meta = dict(ds.GetMetadata() or {})
    writer = ProductWriter(output_path, ds.RasterXSize, ds.RasterYSize, ds.GetGeoTransform(), ds.GetProjection(),
                           [specs[n] for n in names], np.uint16, UINT16_NODATA, meta, threads=threads, log=log)
    try:
        for y in range(0, ds.RasterYSize, 512):
            for x in range(0, ds.RasterXSize, 512):
                if is_canceled():
                    raise Cancelled()
                window = (x, y, min(512, ds.RasterXSize - x), min(512, ds.RasterYSize - y))
                arrays = []
                for n in names:
                    a = ds.GetRasterBand(index[n]).ReadAsArray(*window)
                    arrays.append(np.where(np.isnan(a), UINT16_NODATA, a))
                writer.write(window, arrays)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return os.path.abspath(output_path)


def composite(inputs, output_path: str, start=None, end=None, method: str = "leaf", grid: Optional[Grid] = None,
              crs: Optional[str] = None, resolution: Optional[float] = None, clip=None,
              resampling: Optional[str] = None, cloud_limit: Optional[float] = None,
              weights: Optional[Dict[str, float]] = None, mix_sensors: bool = False, output_type: str = "stack",
              algorithm: str = "auto", variables: Optional[Sequence[str]] = None, encoding: str = "float32",
              qc_path: Optional[str] = None, date_path: Optional[str] = None, threads: Optional[int] = None,
              window_size: Optional[int] = None, store=None, base_url: Optional[str] = None,
              also_read: Sequence[str] = (),
              progress: Callable[[float], None] = lambda f: None, is_canceled: Callable[[], bool] = lambda: False,
              log: Callable[[str], None] = lambda m: None) -> Dict[str, object]:
    """Composite `inputs` (paths, URLs, STAC item dicts or folders) acquired in [start, end) onto `grid`
    (default: the union of their footprints in `crs`, at `resolution`) with `method` (leaf, max_ndvi,
    median, recent) and write the analysis-ready stack to `output_path` (`output_type="stack"`), or the
    SL2P estimates of the composite (`"estimates"`: estimates at `output_path`, QC at `qc_path`, DATE
    product at `date_path`; `algorithm`, `variables`, `encoding` as in estimate_stack).

    `clip` = (polygon WKTs, CRS WKT, buffer) leaves pixels outside the polygons without data; `cloud_limit`
    keeps scenes whose cloud cover is below it (%); `weights` are the leaf score weights (spectral, spatial,
    temporal); `mix_sensors` allows products of several sensors (harmonised, see the module docstring).
    Returns the output paths and pixel counts. Raises LeafError for bad input and Cancelled when stopped;
    no output file exists then. No output (nor QC, DATE) may be, or lie inside, an input: a product, a
    folder of products, or one of `also_read` (other files the caller read, such as the AREA layer).
    """
    if output_type not in ("stack", "estimates"):
        raise LeafError("Unknown output type %r (stack or estimates)." % output_type)
    outputs = [output_path]
    if output_type == "estimates":
        from .estimate import qc_path_for
        qc_path = qc_path or qc_path_for(output_path)
        date_path = date_path or date_path_for(output_path)
        outputs += [qc_path, date_path]
    given = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
    paths.check_outputs(given + list(also_read), [f for o in outputs for f in paths.raster_sidecars(o)])
    plan = plan_composite(inputs, start, end, method, grid, crs, resolution, clip, resampling, cloud_limit, weights,
                          mix_sensors, is_canceled, log, output_path)
    threads = max(1, int(threads or os.cpu_count() or 1))
    if output_type == "stack":
        result = write_composite(plan, output_path, threads, window_size, progress, is_canceled, log)
        log("Composite of %d products: %d of %d pixels have a clear observation." % (
            len(plan.products), result["pixels"], plan.grid.width * plan.grid.height))
        return result
    from .estimate import estimate_stack
    if len({paths.real(p) for p in (output_path, qc_path, date_path)}) < 3:
        raise LeafError("The estimates, QC and DATE outputs must be three different files.")
    folder = os.path.dirname(os.path.abspath(output_path))
    tmp = paths.temporary_dir(folder, "leaf_mosaic", "work", log)
    done: List[str] = []
    try:
        stack = os.path.join(tmp, os.path.splitext(os.path.basename(output_path))[0] + "_composite.tif")
        comp = write_composite(plan, stack, threads, window_size, lambda f: progress(0.5 * f), is_canceled, log)
        ds = gdal.Open(stack)   # the estimates name the composite's own sources, not its temporary file
        sources = {k: v for k, v in ds.GetMetadata().items()
                   if k in ("LEAF_SOURCES", "LEAF_PERIOD", "LEAF_COMPOSITE", "LEAF_SCORE_WEIGHTS")}
        ds = None
        sources["LEAF_INPUT"] = "composite of %d products (LEAF_SOURCES)" % len(plan.products)
        est = estimate_stack(stack, output_path, qc_path, algorithm=algorithm, variables=variables,
                             encoding=encoding, threads=threads, store=store, base_url=base_url, metadata=sources,
                             progress=lambda f: progress(0.5 + 0.45 * f), is_canceled=is_canceled, log=log)
        done += [est["OUTPUT"], est["QC"]]
        if is_canceled():
            raise Cancelled()
        dates = _write_dates(stack, date_path, plan, threads, is_canceled, log)
        done.append(dates)
        progress(1.0)
    except BaseException:
        for f in done:   # outputs this run has just put in place
            if os.path.exists(f):
                os.remove(f)
        raise
    finally:
        paths.discard(tmp)
    return dict(est, DATE=dates, composite=comp, bands=comp["bands"], sensor=comp["sensor"],
                products=comp["products"], chosen=comp["chosen"])
