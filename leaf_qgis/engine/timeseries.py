"""Time series of biophysical variables over an area: the engine of `leaf:timeseries` (no QGIS needed).

    from leaf_qgis.engine.timeseries import timeseries
    timeseries("products/", "series/", start="2023-06-01", end="2023-08-31", variables=["LAI"],
               statistics=["mean"], period="month", features="fields.gpkg", id_field="name",
               table="lai.csv", chart="lai.html")

Steps:

1. **Inputs**: products (Sentinel-2 L2A SAFE folder/zip, Landsat C2 L2 folder/tar, HLS granule), STAC items
   (JSON files, URLs, dicts from `stac.search`), analysis-ready stacks with LEAF_DATE, or folders holding any
   of these. Products acquired outside [start, end] (both days included) are left out, and so are products
   that do not overlap the area or whose sensor the chosen algorithm is not made for.
2. **Acquisitions**: products of one day and one sensor family (S2A and S2B are one family) are one
   acquisition; several tiles of it are merged onto the grid (`sources.open_source` with a list).
3. **One grid** for every date: the one given, else the grid of the stacks (stacks are read on their own grid,
   so every stack must be on the same one), else the union of the products' footprints in `crs` (default: the
   earliest product's CRS) at `resolution` (default: the earliest product's pixel size, when in its CRS).
4. **Estimation per date** with `estimate.estimate_stack` (the estimation engine; nothing is re-implemented):
   `<prefix>_<YYYYMMDD>_<algorithm>.tif` (estimates and uncertainties, float32 COG, LEAF_DATE metadata) and
   `<prefix>_<YYYYMMDD>_<algorithm>_QC.tif` per acquisition.
5. **Aggregation** (optional) per period - calendar months, or `N`-day periods counted from `start` (else
   from the first date) - with the mean, maximum, median (the mean of the two middle values when their number
   is even) and count of the valid observations of each pixel: `<prefix>_<YYYYMM>_<statistic>.tif`, or
   `<prefix>_<YYYYMMDD>-<YYYYMMDD>_<statistic>.tif` for N-day periods (first and last day). An observation is
   valid when the pixel has data (QC != 255, value not NaN) and QC bits 0 (input out of domain), 1 (estimate
   out of range) and 2 (invalid pixel) are clear; `accept_out_of_domain` accepts bit 0. Only estimates are
   aggregated (not their uncertainties), and only the periods holding at least one date are written.
   Aggregates are computed window by window: only the current window of every date of the period is in memory.
6. **Extraction** at features (optional): a point takes the pixel containing it; a polygon the pixels whose
   centre is inside it, whose valid values are averaged. One row per feature, date and variable:
   feature_id (the feature's id in its layer), the user's id field, date, sensor, algorithm, variable, value,
   uncertainty, qc, pixels, valid_pixels - see `extract`. Written as CSV or as a GeoPackage attribute table
   (OGR); values are read back from the per-date COGs, so the table equals the layers.
7. **Chart** (optional) of each feature's series: PNG (matplotlib, imported only then) or a self-contained
   HTML page with inline SVG (no script, no network).

Every file goes first to a hidden folder inside the output folder (or a hidden name beside the table and
chart) and is moved into place only when the whole run has succeeded; an error or a cancel removes them.
"""

import datetime
import html
import math
import os
import re
import threading
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, ogr, osr

from ..resources import plugin_version
from . import paths
from .dates import parse_day
from .errors import Cancelled, LeafError
from .estimate import AUTO, GDAL_CACHE_BYTES, estimate_stack, is_automatic, qc_path_for
from .estimator import QC_DOMAIN, QC_INVALID, QC_NODATA, QC_RANGE
from .gdalio import GdalLimits, quiet
from .grid import Grid, footprint_in
from .parallel import ordered_map
from .sanity import check_resolution
from .sources import expand_inputs, open_source
from .stack import Stack
from .variables import VARIABLES
from .writer import BandSpec, ProductWriter

STATISTICS = ("mean", "max", "median", "count")
TABLE_COLUMNS = ("feature_id", "date", "sensor", "algorithm", "variable", "value", "uncertainty", "qc", "pixels",
                 "valid_pixels")
MAX_PNG_FEATURES = 24          # a PNG with more panels is unreadable; the HTML chart has every feature
WINDOW = 256                   # aggregation window (pixels): dates x variables x 256 x 256 float32 in memory


# --------------------------------------------------------------------------------------------
# Inputs and acquisitions
# --------------------------------------------------------------------------------------------

@dataclass
class Acquisition:
    """One day of one sensor family over the area: its products (merged when several) and, after the run,
    its output files and what the estimation used."""
    date: str                       # YYYY-MM-DD
    sensor: str
    sources: list                   # paths / STAC item dicts of this acquisition
    labels: List[str]
    stack: bool = False             # analysis-ready stacks, read on their own grid
    estimates: str = ""
    qc: str = ""
    algorithm: str = ""
    variables: List[str] = field(default_factory=list)
    pixels: int = 0
    estimated: int = 0

    @property
    def source(self):
        return self.sources[0] if len(self.sources) == 1 else list(self.sources)


@dataclass
class Feature:
    """A point or polygon to extract: `key` is the user's id (or None), `geometry` WKT text or WKB bytes."""
    fid: int
    key: object
    geometry: object


def _label(source) -> str:
    if isinstance(source, dict):
        return "STAC item %s" % source.get("id", "?")
    return str(source)


def sensor_family(sensor: Optional[str]) -> str:
    """Products of one family and day are one acquisition: S2A, S2B and S2C are 'S2'; others are themselves."""
    s = (sensor or "").upper()
    return "S2" if s.startswith("S2") else s


@dataclass
class _Described:
    source: object
    date: str
    sensor: str
    projection: str
    pixel: float
    bounds: Tuple[float, float, float, float]     # own CRS
    stack_grid: Optional[Grid]                    # analysis-ready stacks are read on their own grid


def _describe(source, resolution: Optional[float], band_map: Optional[str]) -> _Described:
    with open_source(source, resolution=resolution, band_map=band_map) as scene:
        gt = scene.geotransform
        if not scene.date:
            raise LeafError("The input %s has no acquisition date (LEAF_DATE metadata for a stack)." % _label(source))
        is_stack = isinstance(scene, Stack)
        grid = Grid(scene.projection, tuple(gt), scene.width, scene.height)
        return _Described(source, str(scene.date)[:10], scene.sensor or "", scene.projection, abs(gt[1]),
                          grid.bounds(), grid if is_stack else None)


def _bounds_in(d: _Described, projection: str):
    ds = gdal.GetDriverByName("MEM").Create("", 1, 1, 0)
    x0, y0, x1, y1 = d.bounds
    ds.SetGeoTransform((x0, x1 - x0, 0.0, y1, 0.0, y0 - y1))
    ds.SetProjection(d.projection)
    return footprint_in(ds, projection)


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]


def _same_crs(a: str, b: str) -> bool:
    sa, sb = osr.SpatialReference(), osr.SpatialReference()
    return a == b or (sa.ImportFromWkt(a or "") == 0 and sb.ImportFromWkt(b or "") == 0 and bool(sa.IsSame(sb)))


def _same_grid(a: Grid, b: Grid) -> bool:
    if (a.width, a.height) != (b.width, b.height):
        return False
    tol = 1e-6 * max(abs(b.geotransform[1]), 1e-12)
    if any(abs(x - y) > tol for x, y in zip(a.geotransform, b.geotransform)):
        return False
    return _same_crs(a.projection, b.projection)


@dataclass
class Plan:
    """What a run will do: the acquisitions in date order and the grid they share (stacks are on it already)."""
    acquisitions: List[Acquisition]
    grid: Optional[Grid]
    skipped: Dict[str, List[str]]


def plan_timeseries(inputs, start=None, end=None, grid: Optional[Grid] = None, resolution: Optional[float] = None,
                    algorithm: str = AUTO, band_map: Optional[str] = None, crs: Optional[str] = None,
                    log: Callable[[str], None] = lambda m: None,
                    is_canceled: Callable[[], bool] = lambda: False) -> Plan:
    """Open every input once (metadata only), keep those acquired in [start, end] over the area, group them
    by day and sensor family, and fix the grid. Raises LeafError when nothing is left, saying why."""
    first, last = parse_day(start, "start"), parse_day(end, "end")
    if first and last and last < first:
        raise LeafError("The end date %s is before the start date %s." % (last, first))
    sources = expand_inputs(inputs, "for the time series")
    described, skipped = [], {"outside the dates": [], "outside the area": [], "other sensor": []}
    for source in sources:
        if is_canceled():
            raise Cancelled()
        d = _describe(source, resolution, band_map)
        day = parse_day(d.date, "acquisition")
        if (first and day < first) or (last and day > last):
            skipped["outside the dates"].append("%s (%s)" % (_label(source), d.date))
            continue
        described.append(d)
    if not described:
        dates = sorted({s.split(" (")[-1].rstrip(")") for s in skipped["outside the dates"]})
        raise LeafError("None of the %d products was acquired between %s and %s (their dates: %s)." % (
            len(sources), first or "the beginning", last or "the end", ", ".join(dates) or "none"))
    if not is_automatic(algorithm):
        from .algorithm import get_algorithm
        alg = get_algorithm(algorithm)
        fit = [d for d in described if not alg.sensors or not d.sensor or d.sensor in alg.sensors]
        skipped["other sensor"] = ["%s (%s)" % (_label(d.source), d.sensor) for d in described if d not in fit]
        if not fit:
            raise LeafError("%s is for %s, but the products are from %s." % (
                alg.id, ", ".join(alg.sensors), ", ".join(sorted({d.sensor for d in described}))))
        described = fit
    described.sort(key=lambda d: (d.date, sensor_family(d.sensor), _label(d.source)))
    stacks = [d for d in described if d.stack_grid is not None]
    if stacks:
        if grid is not None and not _same_grid(grid, stacks[0].stack_grid):
            raise LeafError("The stack %s is read on its own grid, so an area, CRS or resolution cannot be applied; "
                            "make the stacks with leaf:subset on one grid, or give products instead." %
                            _label(stacks[0].source))
        grid = stacks[0].stack_grid
        for d in stacks[1:]:
            if not _same_grid(d.stack_grid, grid):
                raise LeafError("The stacks %s and %s are not on one grid; make them with leaf:subset on one area, "
                                "CRS and resolution." % (_label(stacks[0].source), _label(d.source)))
    elif grid is None:
        ref = described[0]
        projection = crs or ref.projection
        pixel = resolution or (ref.pixel if _same_crs(projection, ref.projection) else None)
        if not pixel:
            raise LeafError("Give the output resolution in the units of the chosen CRS.")
        bounds = [_bounds_in(d, projection) for d in described]
        grid = Grid.from_bounds(projection, min(b[0] for b in bounds), min(b[1] for b in bounds),
                                max(b[2] for b in bounds), max(b[3] for b in bounds), pixel)
    inside = []
    for d in described:
        if d.stack_grid is None and not _overlaps(_bounds_in(d, grid.projection), grid.bounds()):
            skipped["outside the area"].append(_label(d.source))
        else:
            inside.append(d)
    if not inside:
        raise LeafError("None of the %d products acquired between %s and %s overlaps the area." % (
            len(described), first or "the beginning", last or "the end"))
    groups: Dict[Tuple[str, str], Acquisition] = {}
    for d in inside:
        key = (d.date, sensor_family(d.sensor))
        if key not in groups:
            groups[key] = Acquisition(d.date, d.sensor, [], [], d.stack_grid is not None)
        acq = groups[key]
        if acq.stack != (d.stack_grid is not None):
            pair = (acq.labels[0], _label(d.source)) if acq.stack else (_label(d.source), acq.labels[0])
            raise LeafError("The stack %s and the product %s are of one acquisition (%s); give one or the other."
                            % (pair + (d.date,)))
        acq.sources.append(d.source)
        acq.labels.append(_label(d.source))
        if acq.sensor != d.sensor:
            acq.sensor = sensor_family(d.sensor)
    for why, which in skipped.items():
        if which:
            log("Left out, %s: %s." % (why, ", ".join(which)))
    return Plan(list(groups.values()), grid, skipped)


def stac_inputs(api_url: str, collection: str, bbox_lonlat, start, end, max_items: int = 500) -> List[dict]:
    """STAC items (dicts) of `collection` over a lon/lat bounding box acquired from `start` to `end` (days included)."""
    from .stac import search
    first, last = parse_day(start, "start"), parse_day(end, "end")
    if not (first and last):
        raise LeafError("A STAC search needs a start and an end date.")
    when = "%sT00:00:00Z/%sT23:59:59Z" % (first.isoformat(), last.isoformat())
    items = [i.to_dict() if hasattr(i, "to_dict") else dict(i)
             for i in search(api_url, collection, bbox_lonlat, when, max_items=max_items)]
    if not items:
        raise LeafError("The STAC search at %s found no %s product over the area from %s to %s." % (
            api_url, collection, first, last))
    return items


# --------------------------------------------------------------------------------------------
# Periods and aggregation
# --------------------------------------------------------------------------------------------

@dataclass
class Period:
    label: str
    first: datetime.date
    last: datetime.date            # included
    acquisitions: List[Acquisition]


def period_days(period) -> Optional[int]:
    """None for 'month', else the period length in days (a whole number >= 1); LeafError otherwise."""
    if str(period).strip().lower() == "month":
        return None
    try:
        n = int(period)
    except (TypeError, ValueError):
        raise LeafError("The period %r is neither 'month' nor a number of days." % (period,)) from None
    if n < 1 or n != float(period):
        raise LeafError("The period must be a whole number of days, at least 1 (got %s)." % (period,))
    return n


def periods_for(acquisitions: Sequence[Acquisition], period, start=None) -> List[Period]:
    """The periods holding at least one acquisition: period 'month' (calendar months, label YYYYMM) or a number
    of days N (periods of N days from `start`, else from the first date; label YYYYMMDD-YYYYMMDD)."""
    n = period_days(period)
    days = [parse_day(a.date, "acquisition") for a in acquisitions]
    out: Dict[Tuple, Period] = {}
    if n is None:
        for a, d in zip(acquisitions, days):
            first = d.replace(day=1)
            nxt = (first + datetime.timedelta(days=32)).replace(day=1)
            key = (first,)
            if key not in out:
                out[key] = Period(first.strftime("%Y%m"), first, nxt - datetime.timedelta(days=1), [])
            out[key].acquisitions.append(a)
    elif days:
        origin = parse_day(start, "start") or min(days)
        for a, d in zip(acquisitions, days):
            k = (d - origin).days // n
            first = origin + datetime.timedelta(days=k * n)
            last = first + datetime.timedelta(days=n - 1)
            if (k,) not in out:
                out[(k,)] = Period("%s-%s" % (first.strftime("%Y%m%d"), last.strftime("%Y%m%d")), first, last, [])
            out[(k,)].acquisitions.append(a)
    return [out[k] for k in sorted(out)]


def rejected_bits(accept_out_of_domain: bool = False) -> int:
    """QC bits that make an observation invalid: 0, 1 and 2, or 1 and 2 when out-of-domain inputs are accepted."""
    return (QC_RANGE | QC_INVALID) if accept_out_of_domain else (QC_DOMAIN | QC_RANGE | QC_INVALID)


def _valid(values: np.ndarray, qc: np.ndarray, reject: int) -> np.ndarray:
    return (qc != QC_NODATA) & ((qc & reject) == 0) & np.isfinite(values)


def _band_indices(ds, path: str) -> Dict[str, int]:
    names = {ds.GetRasterBand(i).GetDescription(): i for i in range(1, ds.RasterCount + 1)}
    if not names:
        raise LeafError("The estimates %s have no named band." % path)
    return names


def _open_output(path: str):
    """A per-date output opened for reading; one sentence if GDAL cannot."""
    ds, msg = quiet(lambda: gdal.Open(path))
    if ds is None:
        raise LeafError("Could not read %s%s." % (path, (" (%s)" % msg) if msg else ""))
    return ds


class _Readers:
    """GDAL handles on the per-date outputs, one set per thread (datasets must not be shared between threads)."""

    def __init__(self):
        self.local = threading.local()

    def get(self, path: str):
        cache = getattr(self.local, "cache", None)
        if cache is None:
            cache = self.local.cache = {}
        if path not in cache:
            ds = _open_output(path)
            cache[path] = (ds, _band_indices(ds, path))
        return cache[path]


def _aggregate_window(period: Period, variables: Sequence[str], statistics: Sequence[str], reject: int,
                      readers: _Readers, window) -> Dict[str, List[np.ndarray]]:
    """Every statistic of every variable over one window: {statistic: [array per variable]}."""
    x, y, w, h = window
    qcs = [readers.get(a.qc)[0].GetRasterBand(1).ReadAsArray(x, y, w, h) for a in period.acquisitions]
    out = {s: [] for s in statistics}
    for v in variables:
        stack = np.empty((len(qcs), h, w), dtype=np.float32)
        for i, a in enumerate(period.acquisitions):
            ds, bands = readers.get(a.estimates)
            values = ds.GetRasterBand(bands[v]).ReadAsArray(x, y, w, h).astype(np.float32)
            stack[i] = np.where(_valid(values, qcs[i], reject), values, np.nan)
        count = np.isfinite(stack).sum(axis=0)
        seen = count > 0
        for s in statistics:
            if s == "count":
                out[s].append(count.astype(np.uint16))
                continue
            result = np.full((h, w), np.nan, dtype=np.float32)
            if seen.any():
                sub = stack[:, seen]
                if s == "mean":
                    result[seen] = np.nansum(sub, axis=0, dtype=np.float64) / count[seen]
                elif s == "max":
                    result[seen] = np.nanmax(sub, axis=0)
                else:
                    result[seen] = np.nanmedian(sub.astype(np.float64), axis=0)
            out[s].append(result)
    return out


def aggregate(period: Period, variables: Sequence[str], statistics: Sequence[str], paths: Dict[str, str],
              accept_out_of_domain: bool = False, threads: int = 1, window_size: int = WINDOW,
              progress: Callable[[float], None] = lambda f: None,
              is_canceled: Callable[[], bool] = lambda: False) -> Dict[str, str]:
    """Write one COG per statistic for one period (`paths`: statistic -> output path), window by window, from
    the period's per-date outputs; returns `paths`. Bands: one per variable, named like the variable
    (float32, NaN where no valid observation) or `<variable>_count` (uint16)."""
    ref = _open_output(period.acquisitions[0].estimates)
    width, height = ref.RasterXSize, ref.RasterYSize
    gt, proj = ref.GetGeoTransform(), ref.GetProjection()
    ref = None
    reject = rejected_bits(accept_out_of_domain)
    dates = [a.date for a in period.acquisitions]
    meta = {
        "LEAF_PERIOD": "%s/%s" % (period.first.isoformat(), period.last.isoformat()),
        "LEAF_DATE": period.first.isoformat(),
        "LEAF_DATES": ",".join(dates),
        "LEAF_ALGORITHM": ",".join(sorted({a.algorithm for a in period.acquisitions})),
        "LEAF_QC_ACCEPTED": ("QC bits 1 and 2 clear (inputs out of the training domain accepted)"
                             if accept_out_of_domain else "QC bits 0, 1 and 2 clear"),
        "LEAF_PLUGIN": "leaf_qgis " + plugin_version(),
        "LEAF_CREATED": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    writers = {}
    try:
        for s in statistics:
            what = {"mean": "mean", "max": "maximum", "median": "median", "count": "number"}[s]
            bands = []
            for v in variables:
                var = VARIABLES[v]
                if s == "count":
                    bands.append(BandSpec(v + "_count", "number of valid observations of %s from %s to %s" % (
                        var.long_name, period.first, period.last)))
                else:
                    bands.append(BandSpec(v, "%s of the valid observations of %s from %s to %s" % (
                        what, var.long_name, period.first, period.last), var.unit))
            dtype, nodata = (np.uint16, None) if s == "count" else (np.float32, float("nan"))
            writers[s] = ProductWriter(paths[s], width, height, gt, proj, bands, dtype, nodata,
                                       dict(meta, LEAF_STATISTIC=s), threads=threads)
        windows = [(x, y, min(window_size, width - x), min(window_size, height - y))
                   for y in range(0, height, window_size) for x in range(0, width, window_size)]
        readers = _Readers()
        done = 0
        for window, result in ordered_map(lambda w: _aggregate_window(period, variables, statistics, reject,
                                                                       readers, w), windows, threads, is_canceled):
            for s, arrays in result.items():
                writers[s].write(window, arrays)
            done += 1
            progress(done / len(windows))
        if is_canceled():
            raise Cancelled()
        for w in writers.values():
            w.commit()
    except BaseException:
        for w in writers.values():
            w.abort()
        raise
    return paths


# --------------------------------------------------------------------------------------------
# Features and extraction
# --------------------------------------------------------------------------------------------

def read_features(path: str, id_field: Optional[str] = None, layer: Optional[str] = None):
    """(features, CRS WKT) of an OGR vector file (its first layer, or `layer`); `id_field` must be one of its
    fields. Points and polygons only."""
    ds, msg = quiet(lambda: ogr.Open(path))
    if ds is None:
        raise LeafError("The features %s are not a vector file OGR can read%s." % (path, (" (%s)" % msg) if msg else ""))
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    if lyr is None:
        raise LeafError("The vector file %s has no layer %s." % (path, layer or ""))
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    if id_field and id_field not in names:
        raise LeafError("The features %s have no field %s (their fields are: %s)." % (
            path, id_field, ", ".join(names) or "none"))
    srs = lyr.GetSpatialRef()
    features = []
    for f in lyr:
        g = f.GetGeometryRef()
        if g is None or g.IsEmpty():
            continue
        features.append(Feature(f.GetFID(), f.GetField(id_field) if id_field else None, g.ExportToWkb()))
    return features, srs.ExportToWkt() if srs is not None else ""


@dataclass
class _Placed:
    feature: Feature
    kind: str                                   # 'point' or 'polygon'
    cells: list                                 # [(window, bool mask)] (a point: one 1 x 1 window)
    pixels: int


def _geometry(feature: Feature):
    g = feature.geometry
    geom = ogr.CreateGeometryFromWkb(bytes(g)) if isinstance(g, (bytes, bytearray, memoryview)) \
        else ogr.CreateGeometryFromWkt(str(g))
    if geom is None:
        raise LeafError("The geometry of feature %s is not valid WKT or WKB." % _feature_name(feature))
    return geom


def _feature_name(feature: Feature) -> str:
    return str(feature.key) if feature.key not in (None, "") else "#%d" % feature.fid


def place_features(features: Sequence[Feature], crs_wkt: str, grid: Grid, log: Callable[[str], None] = lambda m: None,
                   chunk: int = 512) -> List[_Placed]:
    """Pixels of each feature on the grid: a point the pixel containing it (a multipoint: its first point), a
    polygon the pixels whose centre is inside it (rasterised by chunks of the grid; the masks of a polygon take
    one byte per pixel of its bounding box). Features off the grid are left out, with a message;
    LeafError when none is on it."""
    dst = osr.SpatialReference()
    dst.ImportFromWkt(grid.projection)
    src = osr.SpatialReference()
    if not crs_wkt or src.ImportFromWkt(crs_wkt) != 0:
        raise LeafError("The features have no usable coordinate reference system.")
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(src, dst)
    gt = grid.geotransform
    placed, outside = [], []
    mem_driver = ogr.GetDriverByName("Memory")
    for feature in features:
        geom = _geometry(feature)
        geom.Transform(transform)
        flat = ogr.GT_Flatten(geom.GetGeometryType())
        if flat in (ogr.wkbPoint, ogr.wkbMultiPoint):
            point = geom if flat == ogr.wkbPoint else geom.GetGeometryRef(0)
            col = math.floor((point.GetX() - gt[0]) / gt[1])
            row = math.floor((point.GetY() - gt[3]) / gt[5])
            if 0 <= col < grid.width and 0 <= row < grid.height:
                placed.append(_Placed(feature, "point", [((col, row, 1, 1), np.ones((1, 1), bool))], 1))
            else:
                outside.append(_feature_name(feature))
        elif flat in (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbCurvePolygon, ogr.wkbMultiSurface):
            xmin, xmax, ymin, ymax = geom.GetEnvelope()
            c0 = max(0, math.floor((xmin - gt[0]) / gt[1]))
            c1 = min(grid.width, math.ceil((xmax - gt[0]) / gt[1]))
            r0 = max(0, math.floor((ymax - gt[3]) / gt[5]))
            r1 = min(grid.height, math.ceil((ymin - gt[3]) / gt[5]))
            cells, pixels = [], 0
            if c1 > c0 and r1 > r0:
                mem = mem_driver.CreateDataSource("feature")
                lyr = mem.CreateLayer("feature", dst, ogr.wkbUnknown)
                f = ogr.Feature(lyr.GetLayerDefn())
                f.SetGeometry(geom)
                lyr.CreateFeature(f)
                for y in range(r0, r1, chunk):
                    for x in range(c0, c1, chunk):
                        w, h = min(chunk, c1 - x), min(chunk, r1 - y)
                        ras = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Byte)
                        ras.SetGeoTransform((gt[0] + x * gt[1], gt[1], 0.0, gt[3] + y * gt[5], 0.0, gt[5]))
                        ras.SetProjection(grid.projection)
                        gdal.RasterizeLayer(ras, [1], lyr, burn_values=[1])
                        mask = ras.GetRasterBand(1).ReadAsArray() == 1
                        if mask.any():
                            cells.append(((x, y, w, h), mask))
                            pixels += int(mask.sum())
            if pixels:
                placed.append(_Placed(feature, "polygon", cells, pixels))
            elif c1 > c0 and r1 > r0:
                outside.append("%s (no pixel centre inside it)" % _feature_name(feature))
            else:
                outside.append(_feature_name(feature))
        else:
            raise LeafError("Feature %s is a %s; give points or polygons." % (
                _feature_name(feature), ogr.GeometryTypeToName(flat).lower()))
    if not placed:
        raise LeafError("None of the %d features lies inside the area (%s)." % (
            len(features), ", ".join(outside[:10]) + (", ..." if len(outside) > 10 else "")))
    if outside:
        log("Features outside the area, left out of the table: %s." % ", ".join(outside))
    return placed


def extract(acquisitions: Sequence[Acquisition], placed: Sequence[_Placed], accept_out_of_domain: bool = False,
            variables: Optional[Sequence[str]] = None, progress: Callable[[float], None] = lambda f: None,
            is_canceled: Callable[[], bool] = lambda: False) -> List[dict]:
    """Rows of the table, read from the per-date outputs, in feature, date, variable order.

    A point: value, uncertainty and QC of its pixel as stored (pixels = 1; valid_pixels = 1 when the
    observation is valid, else 0). A polygon: the mean value and mean uncertainty of its valid pixels (pixels =
    pixels whose centre is inside, valid_pixels = those averaged); qc is the bitwise OR of the QC of the
    valid pixels, or of every pixel with data when none is valid (255 when none has data)."""
    reject = rejected_bits(accept_out_of_domain)
    per_feature: Dict[int, List[dict]] = {p.feature.fid: [] for p in placed}
    for n, acq in enumerate(acquisitions):
        if is_canceled():
            raise Cancelled()
        est, qcds = _open_output(acq.estimates), _open_output(acq.qc)
        bands = _band_indices(est, acq.estimates)
        names = [v for v in acq.variables if variables is None or v in variables]
        for p in placed:
            qc_parts = [qcds.GetRasterBand(1).ReadAsArray(*w)[m] for w, m in p.cells]
            qc = np.concatenate(qc_parts)
            for v in names:
                values = np.concatenate([est.GetRasterBand(bands[v]).ReadAsArray(*w)[m] for w, m in p.cells])
                unc_band = bands.get(v + "_uncertainty")
                unc = np.concatenate([est.GetRasterBand(unc_band).ReadAsArray(*w)[m] for w, m in p.cells]) \
                    if unc_band else np.full(values.shape, np.nan, np.float32)
                ok = _valid(values, qc, reject)
                if p.kind == "point":
                    value, uncertainty, q = values[0], unc[0], int(qc[0])
                else:
                    value = float(np.mean(values[ok], dtype=np.float64)) if ok.any() else float("nan")
                    uncertainty = float(np.mean(unc[ok], dtype=np.float64)) if ok.any() else float("nan")
                    with_data = qc[ok] if ok.any() else qc[qc != QC_NODATA]
                    q = int(np.bitwise_or.reduce(with_data)) if with_data.size else QC_NODATA
                per_feature[p.feature.fid].append({
                    "feature_id": p.feature.fid, "key": p.feature.key, "date": acq.date, "sensor": acq.sensor,
                    "algorithm": acq.algorithm, "variable": v, "value": _num(value), "uncertainty": _num(uncertainty),
                    "qc": q, "pixels": p.pixels, "valid_pixels": int(ok.sum())})
        est = qcds = None
        progress((n + 1) / len(acquisitions))
    return [row for p in placed for row in per_feature[p.feature.fid]]


def _num(x) -> Optional[float]:
    x = float(x)
    return x if math.isfinite(x) else None


def _id_column(id_field: Optional[str]) -> Optional[str]:
    """The table column of the user's id field (renamed when it would clash with ours)."""
    if not id_field:
        return None
    return id_field if id_field.lower() not in TABLE_COLUMNS + ("fid",) else "id_" + id_field


def write_table(rows: Sequence[dict], path: str, id_field: Optional[str] = None, fmt: Optional[str] = None) -> str:
    """The rows as CSV or as a GeoPackage attribute table (no geometry), chosen by `fmt` or the extension."""
    fmt = (fmt or os.path.splitext(path)[1].lstrip(".")).lower()
    id_col = _id_column(id_field)
    columns = ["feature_id"] + ([id_col] if id_col else []) + list(TABLE_COLUMNS[1:])
    if fmt == "csv":
        import csv
        with open(path, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(columns)
            for r in rows:
                rec = dict(r, **({id_col: r["key"]} if id_col else {}))
                out.writerow(["" if rec[c] is None else (repr(rec[c]) if isinstance(rec[c], float) else rec[c])
                              for c in columns])
        return path
    if fmt != "gpkg":
        raise LeafError("The table %s must be a GeoPackage (.gpkg) or a CSV file (.csv)." % path)
    drv = ogr.GetDriverByName("GPKG")
    ds, msg = quiet(lambda: drv.CreateDataSource(path))
    if ds is None:
        raise LeafError("Cannot write the table %s (%s)." % (path, msg or "GDAL refused to create it"))
    name = re.sub(r"\W+", "_", os.path.splitext(os.path.basename(path))[0].lstrip(".")).strip("_") or "timeseries"
    layer = ds.CreateLayer(name[:60], None, ogr.wkbNone)
    keys = [r["key"] for r in rows if r["key"] is not None]
    key_type = ogr.OFTInteger64 if keys and all(isinstance(k, int) for k in keys) else \
        ogr.OFTReal if keys and all(isinstance(k, (int, float)) for k in keys) else ogr.OFTString
    types = {"feature_id": ogr.OFTInteger, "date": ogr.OFTDate, "value": ogr.OFTReal, "uncertainty": ogr.OFTReal,
             "qc": ogr.OFTInteger, "pixels": ogr.OFTInteger, "valid_pixels": ogr.OFTInteger}
    for c in columns:
        layer.CreateField(ogr.FieldDefn(c, key_type if c == id_col else types.get(c, ogr.OFTString)))
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for r in rows:
        f = ogr.Feature(defn)
        for c in columns:
            value = r["key"] if c == id_col else r[c]
            if value is None:
                f.SetFieldNull(c)
            elif c == "date":
                y, m, d = (int(p) for p in value.split("-"))
                f.SetField(c, y, m, d, 0, 0, 0.0, 0)
            else:
                f.SetField(c, value if c != id_col or key_type != ogr.OFTString else str(value))
        layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None
    return path


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------

def _series(rows: Sequence[dict]):
    """{feature name: {variable: [(date, value, uncertainty, valid)]}} in feature and date order."""
    out: Dict[str, Dict[str, list]] = {}
    for r in rows:
        name = str(r["key"]) if r["key"] not in (None, "") else "#%d" % r["feature_id"]
        out.setdefault(name, {}).setdefault(r["variable"], []).append(
            (parse_day(r["date"], "row"), r["value"], r["uncertainty"], r["valid_pixels"] > 0 and r["value"] is not None))
    return out


def write_chart(rows: Sequence[dict], path: str, title: str = "LEAF time series",
                log: Callable[[str], None] = lambda m: None, fmt: Optional[str] = None) -> str:
    """A chart of each feature's series, one panel per feature and variable: PNG (matplotlib) or HTML (SVG).
    Valid observations are joined by a line with their uncertainty as error bars; invalid ones are hollow."""
    fmt = (fmt or os.path.splitext(path)[1].lstrip(".")).lower()
    series = _series(rows)
    if fmt in ("html", "htm"):
        with open(path, "w", encoding="utf-8") as f:
            f.write(_html_chart(series, title))
        return path
    if fmt != "png":
        raise LeafError("The chart %s must be a PNG image (.png) or an HTML page (.html)." % path)
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
        from matplotlib.figure import Figure
    except ImportError:
        raise LeafError("A PNG chart needs the Python package matplotlib, which is not installed; choose an .html "
                        "chart instead.") from None
    names = list(series)
    if len(names) > MAX_PNG_FEATURES:
        log("The PNG chart shows the first %d of %d features; an .html chart shows them all." % (
            MAX_PNG_FEATURES, len(names)))
        names = names[:MAX_PNG_FEATURES]
    variables = list(dict.fromkeys(v for n in names for v in series[n]))
    fig = Figure(figsize=(4.2 * len(variables), 2.6 * len(names) + 0.6), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(names), len(variables), squeeze=False, sharex=True)
    for i, name in enumerate(names):
        for j, v in enumerate(variables):
            ax = axes[i][j]
            points = series[name].get(v, [])
            good = [p for p in points if p[3]]
            bad = [p for p in points if not p[3] and p[1] is not None]
            if good:
                ax.errorbar([p[0] for p in good], [p[1] for p in good],
                            yerr=[p[2] if p[2] is not None else 0.0 for p in good], fmt="o-", color="#1a7a3a",
                            ecolor="#8fbf9a", capsize=2, markersize=4, linewidth=1.2)
            if bad:
                ax.plot([p[0] for p in bad], [p[1] for p in bad], "o", markerfacecolor="none",
                        markeredgecolor="#999999", markersize=4)
            unit = VARIABLES[v].unit if v in VARIABLES else ""
            ax.set_title("%s - %s" % (name, v), fontsize=9)
            ax.set_ylabel("%s (%s)" % (v, unit) if unit and unit != "1" else v, fontsize=8)
            ax.tick_params(labelsize=7)
            ax.grid(True, linewidth=0.3)
            locator = AutoDateLocator(minticks=3, maxticks=6)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, format="png")
    return path


def _nice_ticks(lo: float, hi: float, n: int = 5) -> List[float]:
    if hi <= lo:
        hi = lo + 1.0
    step = 10 ** math.floor(math.log10((hi - lo) / n))
    for m in (1, 2, 2.5, 5, 10):
        if (hi - lo) / (step * m) <= n:
            step *= m
            break
    first = math.floor(lo / step) * step
    return [first + k * step for k in range(int(math.ceil((hi - first) / step)) + 1)]


def _svg_panel(name: str, variable: str, points) -> str:
    """One series as an inline SVG: axes, ticks, a line through the valid observations, error bars, and
    hollow circles for invalid ones; each point has a tooltip."""
    width, height, left, right, top, bottom = 640, 230, 56, 16, 14, 40
    shown = [p for p in points if p[1] is not None]
    values = [p[1] for p in shown] + [p[1] + (p[2] or 0) for p in shown if p[3]] + \
        [p[1] - (p[2] or 0) for p in shown if p[3]]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    ticks = _nice_ticks(min(lo, 0.0) if lo >= 0 else lo, hi)
    y0, y1 = ticks[0], ticks[-1]
    days = [p[0] for p in points]
    d0, d1 = (min(days), max(days)) if days else (datetime.date.today(),) * 2
    span = max((d1 - d0).days, 1)

    def px(d):
        return left + (width - left - right) * (((d - d0).days / span) if len(days) > 1 else 0.5)

    def py(v):
        return top + (height - top - bottom) * (1 - (v - y0) / ((y1 - y0) or 1))
    e = html.escape
    unit = VARIABLES[variable].unit if variable in VARIABLES else ""
    parts = ['<svg class="series" data-feature="%s" data-variable="%s" xmlns="http://www.w3.org/2000/svg" '
             'viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s %s">' % (
                 e(name), e(variable), width, height, width, height, e(name), e(variable))]
    for t in ticks:
        parts.append('<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>' % (left, width - right, py(t), py(t)))
        parts.append('<text class="tick" x="%d" y="%.1f" text-anchor="end">%s</text>' % (left - 4, py(t) + 3, "%g" % t))
    label_days = sorted(set(days))
    label_days = label_days[::max(1, math.ceil(len(label_days) / 6))]
    for k, d in enumerate(label_days):
        anchor = "middle" if len(label_days) == 1 else "start" if k == 0 else "end" if d == d1 else "middle"
        parts.append('<text class="tick" x="%.1f" y="%d" text-anchor="%s">%s</text>' % (
            px(d), height - bottom + 14, anchor, d.isoformat()))
    parts.append('<text class="axis" x="12" y="%d" transform="rotate(-90 12 %d)" text-anchor="middle">%s</text>' % (
        (height - bottom + top) // 2, (height - bottom + top) // 2,
        e("%s (%s)" % (variable, unit) if unit and unit != "1" else variable)))
    good = [p for p in shown if p[3]]
    if len(good) > 1:
        parts.append('<polyline class="line" points="%s"/>' % " ".join("%.1f,%.1f" % (px(p[0]), py(p[1])) for p in good))
    for p in shown:
        tip = "%s: %.4g%s (%s)" % (p[0].isoformat(), p[1], " ± %.3g" % p[2] if p[2] is not None else "",
                                   "valid" if p[3] else "not valid")
        if p[3] and p[2] is not None:
            parts.append('<line class="err" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>' % (
                px(p[0]), px(p[0]), py(p[1] - p[2]), py(p[1] + p[2])))
        parts.append('<circle class="%s" cx="%.1f" cy="%.1f" r="3.5"><title>%s</title></circle>' % (
            "ok" if p[3] else "bad", px(p[0]), py(p[1]), e(tip)))
    if not shown:
        parts.append('<text class="tick" x="%d" y="%d" text-anchor="middle">no observation</text>' % (
            width // 2, height // 2))
    parts.append("</svg>")
    return "".join(parts)


def _html_chart(series, title: str) -> str:
    style = ("body{font-family:sans-serif;margin:1.5em;color:#222}h2{font-size:1.05em;margin:1.4em 0 .3em}"
             "svg{display:block;margin:.2em 0}.grid{stroke:#ddd;stroke-width:1}.tick{font-size:10px;fill:#555}"
             ".axis{font-size:11px;fill:#333}.line{fill:none;stroke:#1a7a3a;stroke-width:1.6}"
             ".err{stroke:#8fbf9a;stroke-width:1.2}.ok{fill:#1a7a3a}.bad{fill:none;stroke:#999;stroke-width:1.2}")
    body = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8"><title>%s</title><style>%s</style></head>'
            "<body><h1>%s</h1><p>Valid observations (QC accepted) are joined by the line, with their uncertainty as "
            "bars; hollow circles are observations that are not valid.</p>" % (html.escape(title), style,
                                                                              html.escape(title))]
    for name, variables in series.items():
        body.append('<section class="feature"><h2>%s</h2>' % html.escape(name))
        for v, points in variables.items():
            body.append(_svg_panel(name, v, points))
        body.append("</section>")
    body.append("</body></html>\n")
    return "\n".join(body)


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------

def _partial(path: str, log: Callable[[str], None] = lambda m: None) -> str:
    """An exclusive temporary beside the table or chart (GDAL and matplotlib write to it, then it is renamed)."""
    folder, base = os.path.split(os.path.abspath(path))
    stem, ext = os.path.splitext(base)
    tmp = paths.temporary_file(folder, stem, "partial", ext, log)
    if ext.lower() == ".gpkg":   # OGR creates a GeoPackage itself: hand it a free name it may take
        os.remove(tmp)
    return tmp


def output_name_pattern(prefix: str):
    """The names a series writes in its output folder: per-date estimates and QC, aggregates."""
    return re.compile(r"^%s_\d{6}(\d{2})?(-\d{8})?_.*\.tif(\.aux\.xml)?$" % re.escape(prefix), re.I)


def check_series_outputs(inputs, output_folder: str, prefix: str, table: Optional[str], chart: Optional[str],
                         finals: Sequence[str] = ()):
    """No output of a series may be, or lie inside, an input: the output folder, the table and chart, the
    final file names (`finals`, known once the dates are estimated) and, before that, any input lying in the
    output folder under a name the series writes (<prefix>_YYYYMMDD_...tif)."""
    outputs = [output_folder] + [p for p in (table, chart) if p] + list(finals)
    paths.check_outputs(inputs, outputs)
    pattern = output_name_pattern(prefix)
    folder = paths.real(output_folder)
    for source in inputs:
        for part, _ in paths.input_parts(source):
            if os.path.dirname(paths.real(part)) == folder and pattern.match(os.path.basename(part)):
                raise LeafError("The output folder %s holds the input %s under a name the time series writes; choose "
                                "another output folder or file name prefix." % (output_folder, part))


def timeseries(inputs, output_folder: str, start=None, end=None, grid: Optional[Grid] = None,
               resolution: Optional[float] = None, crs: Optional[str] = None, clip=None, resampling: Optional[str] = None,
               band_map: Optional[str] = None, algorithm: str = AUTO, variables: Optional[Sequence[str]] = None,
               landcover: Optional[str] = None, prefix: str = "leaf", statistics: Sequence[str] = (),
               period="month", accept_out_of_domain: bool = False, features=None, features_crs: Optional[str] = None,
               id_field: Optional[str] = None, table: Optional[str] = None, chart: Optional[str] = None,
               store=None, base_url: Optional[str] = None, runtime: Optional[str] = None,
               threads: Optional[int] = None, also_read: Sequence[str] = (),
               progress: Callable[[float], None] = lambda f: None,
               is_canceled: Callable[[], bool] = lambda: False,
               log: Callable[[str], None] = lambda m: None, plan: Optional[Plan] = None,
               estimate_acquisition: Optional[Callable] = None) -> Dict[str, object]:
    """Estimate every acquisition of `inputs` between `start` and `end` onto one grid, optionally aggregate per
    period and extract at features (see the module docstring).

    `features` is an OGR vector path (with `id_field` one of its fields) or a list of `Feature` in CRS
    `features_crs`; `table` (.gpkg or .csv) and `chart` (.png or .html) need features. `statistics` is a subset
    of STATISTICS; `period` is 'month' or a number of days. `crs` (WKT) and `resolution` make the grid when no
    `grid` is given (see the module docstring). `grid`, `resolution`, `clip`, `resampling`,
    `band_map`, `landcover`, `store`, `base_url`, `runtime` and `threads` are passed to
    `estimate.estimate_stack`. Returns {'dates', 'acquisitions' (per date: date, sensor, estimates, qc,
    algorithm, variables, inputs), 'aggregates', 'table', 'chart', 'rows'}. Raises LeafError for bad
    input and Cancelled when stopped; either way no output file is left.

    Another backend passes its own `plan` (acquisitions on one grid) and `estimate_acquisition(acq, estimates
    path, QC path, progress)`, which writes the two files and returns estimate_stack's result keys; the
    aggregates, table and chart are then computed here from those files as for local products.

    No output may be, or lie inside, an input (products, folders of products, the land cover, the features,
    `also_read`); see check_series_outputs."""
    statistics = list(dict.fromkeys(statistics or ()))
    unknown = [s for s in statistics if s not in STATISTICS]
    if unknown:
        raise LeafError("Unknown statistic %s (choose among %s)." % (", ".join(unknown), ", ".join(STATISTICS)))
    if statistics:
        period_days(period)              # refuse a bad period before any work
    if not re.fullmatch(r"[\w.-]+", prefix or ""):
        raise LeafError("The file name prefix %r may hold letters, digits, '.', '-' and '_' only." % prefix)
    if (table or chart) and features is None:
        raise LeafError("A table or a chart needs features (points or polygons) to extract at.")
    for path, kinds, what in ((table, ("gpkg", "csv"), "table"), (chart, ("png", "html", "htm"), "chart")):
        if path and os.path.splitext(path)[1].lstrip(".").lower() not in kinds:
            raise LeafError("The %s %s must end in %s." % (what, path, " or ".join("." + k for k in kinds)))
    resolution = check_resolution(resolution)
    given = (list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]) if inputs is not None else []
    read_too = [landcover] + ([os.fspath(features)] if isinstance(features, (str, os.PathLike)) else []) + \
        list(also_read)
    check_series_outputs(given + read_too, output_folder, prefix, table, chart)
    placed_features, crs = None, features_crs
    if isinstance(features, (str, os.PathLike)):
        features, crs = read_features(os.fspath(features), id_field)
    threads = max(1, int(threads or os.cpu_count() or 1))

    progress(0.0)
    if plan is None:
        plan = plan_timeseries(inputs, start, end, grid, resolution, algorithm, band_map, crs, log, is_canceled)
    acqs = plan.acquisitions
    log("%d acquisitions from %s to %s: %s." % (len(acqs), acqs[0].date, acqs[-1].date,
                                                ", ".join("%s %s" % (a.date, a.sensor) for a in acqs)))
    progress(0.05)

    output_folder = os.path.abspath(output_folder)
    created = not os.path.isdir(output_folder)
    work = paths.temporary_dir(output_folder, "leaf_timeseries", "work", log)
    partials = []
    limits = GdalLimits(threads, GDAL_CACHE_BYTES)   # GDAL's block cache capped for the whole run, as in estimate
    try:
        n = len(acqs)
        for i, acq in enumerate(acqs):
            if is_canceled():
                raise Cancelled()
            stem = "%s_%03d_%s" % (prefix, i, acq.date.replace("-", ""))
            est_path = os.path.join(work, stem + ".tif")
            log("%s (%s): %s" % (acq.date, acq.sensor, " + ".join(acq.labels)))
            if estimate_acquisition is not None:
                result = estimate_acquisition(acq, est_path, qc_path_for(est_path),
                                              lambda f, i=i: progress(0.05 + 0.75 * (i + f) / n))
            else:
                result = estimate_stack(
                    acq.source, est_path, qc_path_for(est_path), algorithm=algorithm or AUTO, variables=variables,
                    landcover=landcover, store=store, base_url=base_url, runtime=runtime, threads=threads,
                    grid=None if acq.stack else plan.grid, resolution=resolution, clip=clip, band_map=band_map,
                    resampling=resampling, progress=lambda f, i=i: progress(0.05 + 0.75 * (i + f) / n),
                    is_canceled=is_canceled, log=log)
            acq.estimates, acq.qc = result["OUTPUT"], result["QC"]
            acq.algorithm, acq.variables = result["algorithm"], list(result["variables"])
            acq.pixels, acq.estimated = result["pixels"], result["estimated"]

        aggregates = []
        if statistics:
            periods = periods_for(acqs, period, start)
            for k, p in enumerate(periods):
                names = [v for v in p.acquisitions[0].variables if all(v in a.variables for a in p.acquisitions)]
                dropped = sorted({v for a in p.acquisitions for v in a.variables} - set(names))
                if dropped:
                    log("Period %s: %s not estimated on every date, so not aggregated." % (p.label, ", ".join(dropped)))
                agg_paths = {s: os.path.join(work, "%s_%s_%s.tif" % (prefix, p.label, s)) for s in statistics}
                aggregate(p, names, statistics, agg_paths, accept_out_of_domain, threads,
                          progress=lambda f, k=k: progress(0.8 + 0.12 * (k + f) / len(periods)),
                          is_canceled=is_canceled)
                for s in statistics:
                    aggregates.append({"period": p.label, "first": p.first.isoformat(), "last": p.last.isoformat(),
                                       "statistic": s, "path": agg_paths[s], "dates": [a.date for a in p.acquisitions],
                                       "variables": names})
        progress(0.92)

        rows = []
        if features is not None:
            out_grid = Grid.from_dataset(_open_output(acqs[0].estimates))
            placed_features = place_features(features, crs or "", out_grid, log)
            rows = extract(acqs, placed_features, accept_out_of_domain, variables,
                           progress=lambda f: progress(0.92 + 0.06 * f), is_canceled=is_canceled)
            if table:
                partials.append((_partial(table, log), os.path.abspath(table)))
                write_table(rows, partials[-1][0], id_field, os.path.splitext(table)[1].lstrip("."))
            if chart:
                partials.append((_partial(chart, log), os.path.abspath(chart)))
                write_chart(rows, partials[-1][0], "LEAF time series %s to %s" % (acqs[0].date, acqs[-1].date), log,
                            os.path.splitext(chart)[1].lstrip("."))
        if is_canceled():
            raise Cancelled()

        # every output is complete: move them into place
        moves, used = [], set()
        for acq in acqs:
            stem = "%s_%s_%s" % (prefix, acq.date.replace("-", ""), acq.algorithm)
            final, k = stem, 2
            while final in used:
                final, k = "%s_%d" % (stem, k), k + 1
            used.add(final)
            target = os.path.join(output_folder, final + ".tif")
            moves += [(acq.estimates, target), (acq.qc, qc_path_for(target))]
            acq.estimates, acq.qc = target, qc_path_for(target)
        for a in aggregates:
            target = os.path.join(output_folder, os.path.basename(a["path"]))
            moves.append((a["path"], target))
            a["path"] = target
        check_series_outputs(given + read_too, output_folder, prefix, table, chart,
                             [f for _, dst in moves for f in paths.raster_sidecars(dst)])
        for src, dst in moves:
            paths.commit(src, dst)
        for src, dst in partials:
            paths.commit(src, dst)
        partials = []
    except BaseException:
        for p, _ in partials:
            paths.discard(p)
        paths.discard(work)
        if created:
            try:
                os.rmdir(output_folder)
            except OSError:
                pass
        raise
    finally:
        limits.restore()
    paths.discard(work)
    progress(1.0)
    return {
        "dates": [a.date for a in acqs],
        "acquisitions": [{"date": a.date, "sensor": a.sensor, "estimates": a.estimates, "qc": a.qc,
                          "algorithm": a.algorithm, "variables": a.variables, "inputs": a.labels,
                          "pixels": a.pixels, "estimated": a.estimated} for a in acqs],
        "aggregates": aggregates,
        "table": os.path.abspath(table) if table else None,
        "chart": os.path.abspath(chart) if chart else None,
        "rows": rows,
        "features": len(placed_features) if placed_features else 0,
    }
