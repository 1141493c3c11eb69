"""The baseline of issue 15: small runs of every tool whose outputs are recorded before the engine is restructured
and compared after every step (tests/test_baseline.py), so that "behaviour unchanged" is a measured fact.

A job is a name, what it needs (``demo``: the repository's demo data only; ``shared``: the reference data in
../shared; ``ee_fake``: earthengine-api, for the offline Earth Engine endpoint of support.ee_server;
``stac_fixture``: the byte-range server of support.stac_fixtures; ``qgis``: QGIS Processing in this process)
and a runner. A runner writes its inputs under ``ctx.inputs``, its outputs under ``ctx.out`` and returns the
tool's result; ``record`` then reads back every raster and table it wrote.

Recorded per raster: size, geotransform, CRS (compared with OSR IsSame, not as text), the dataset metadata
without LEAF_CREATED / LEAF_PLUGIN; per band: description, data type, no data, scale, offset, unit, the
sha256 of its pixels (NaNs made canonical), the count of finite values, their float64 sum, min and max, and
SAMPLES values at fixed strided positions. Per run: the tool's result (paths as <tmp>/..., <repo>/...,
<shared>/..., servers as <server>) and the rows of its CSV tables. Plus a fingerprint of the machine: CPU,
numpy, GDAL, the networks' runtime and LiteRT's version.

Comparison (compare()): bit for bit (sha256) when the fingerprint is this one's; otherwise statistics and
samples to BASELINE_RTOL of the band's largest magnitude, because CPUs agree to about 1e-8 of the value, not
bit for bit (DESIGN.md), and 1e-6 is still below 10 float32 units in the last place. Integer bands (LEAF
uint8 codes, QC bits, DATE days) are quantised from such floats, so a value may round the other way: one
count per value, and the sum within INTEGER_FLIPS of a count per pixel. The networks' runtime (LiteRT or the
numpy executor, which agree to 1e-5 only) is not a machine difference: tests/test_baseline.py runs the jobs
with the recorded runtime. BASELINE_RTOL is the one constant a change that moves numbers on purpose must
change, with its reason.

Every run is on the engine's public entry points; the JSON holds only numbers and text our own code wrote.
Nothing of ../shared is stored: the shared jobs read it at run time and skip without it.
"""

import contextlib
import csv
import datetime
import hashlib
import json
import math
import os
import platform
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional

import numpy as np
from osgeo import gdal, ogr, osr

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo" / "data"
BASELINE_JSON = REPO / "tests" / "data" / "baseline15.json"
BASELINE_RTOL = 1e-6          # across machines: of the band's largest magnitude (float32 networks: ~1e-8 seen)
INTEGER_FLIPS = 1e-3          # integer bands across machines: sum within this many counts per pixel
SAMPLES = 64                  # values kept per band at fixed strided positions
LONG_TEXT = 240               # longer metadata values are kept as their sha256
DROPPED_METADATA = ("LEAF_CREATED", "LEAF_PLUGIN")     # the time of the run and the plugin's version
RUNTIME_KEYS = ("LEAF_RUNTIME", "runtime")             # differ where the fingerprint's runtime differs
OFFLINE_URL = "http://192.0.2.1:9/leaf-networks/"      # unroutable (TEST-NET-1): nothing is ever downloaded
SERVER = re.compile(r"https?://127\.0\.0\.1:\d+")
TEMPORARY = re.compile(r"(/\.leaf_[a-z]+)[^/]*")   # the runs' own temporary folders (their names hold pids, randoms)

# the demo (scripts/demo.py): EPSG:32618, 130 x 130 pixels inside the 150 x 150 pixel tile
DEMO_EXTENT = (452200.0, 5009200.0, 454800.0, 5011800.0)      # xmin, ymin, xmax, ymax
DEMO_JULY = "S2B_MSIL2A_20230710T154329_N0400_R068_T18TVR_20230710T154329.SAFE"
# a pentagon inside the demo tile, in EPSG:32618; jobs D5 and Q1 give it in EPSG:4326
DEMO_POLYGON_UTM = ((452500.0, 5009500.0), (454300.0, 5009700.0), (454600.0, 5011000.0), (453400.0, 5011600.0),
                    (452400.0, 5010900.0))

T29UNU = "realdata/s2_l2a_T29UNU_20221005_60m/S2A_MSIL2A_20221005T115411_N0400_R023_T29UNU_20221005T164454.SAFE"
L8_PRODUCT = "realdata/landsat8_c2l2_LC08_L2SP_008059_20191201_downsampled"
SNAP_TESTCASES = "realdata/snap_s2tbx_biophysical_testcases_2_1/LAI/LAI_TestCases"

EE_S2_ID = "COPERNICUS/S2_SR_HARMONIZED/20190816T163901_20190816T164708_T17TNH"
EE_S2_NEWER = "COPERNICUS/S2_SR_HARMONIZED/20190826T163901_20190826T164708_T17TNH"
EE_TIME_MS = 1565974741000               # 2019-08-16
EE_S2_BANDS = ("B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12")
EE_SHAPE = (24, 28)
EE_EPSG = 32617
EE_ORIGIN = (600000.0, 4500000.0)


# --------------------------------------------------------------------------------------------
# Jobs and their context
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    name: str
    needs: str            # demo | shared | ee_fake | stac_fixture | qgis
    what: str
    run: Callable[["Context"], object]


class Context:
    """A job's folders, its empty network store and the texts that stand for this machine's paths."""

    def __init__(self, root, shared: Optional[Path] = None):
        self.root = Path(root)
        self.inputs = self.root / "in"
        self.out = self.root / "out"
        self.inputs.mkdir(parents=True, exist_ok=True)
        self.out.mkdir(parents=True, exist_ok=True)
        self.shared = Path(shared) if shared else None
        self.replacements = [(str(self.root), "<tmp>"), (str(REPO), "<repo>")]
        if self.shared:
            self.replacements.append((str(self.shared), "<shared>"))
        self.replacements += [(os.path.realpath(p), t) for p, t in self.replacements if os.path.realpath(p) != p]
        self.replacements.sort(key=lambda r: -len(r[0]))

    def path(self, *parts) -> str:
        p = self.out.joinpath(*parts)
        p.parent.mkdir(parents=True, exist_ok=True)
        return str(p)

    def store(self):
        """An empty network store of the job's own: only the networks bundled with the plugin are installed."""
        from leaf_qgis.engine.catalog import NetworkStore
        return NetworkStore(str(self.root / "networks"))

    def shared_store(self, *algorithm_ids):
        """The job's store with published networks installed from ../shared/upstream-mirror (offline)."""
        from leaf_qgis.engine.algorithm import get_algorithm
        store = self.store()
        for alg_id in algorithm_ids:
            store.install(get_algorithm(alg_id), source=str(self.shared / "upstream-mirror"))
        return store

    def text(self, value: str) -> str:
        for path, token in self.replacements:
            value = value.replace(path, token)
        return TEMPORARY.sub(r"\1.<temporary>", SERVER.sub("<server>", value))


@contextlib.contextmanager
def environment(**values):
    """Environment variables set for the duration of a job (None removes one), then put back."""
    saved = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# --------------------------------------------------------------------------------------------
# Inputs the jobs build
# --------------------------------------------------------------------------------------------

def demo_products() -> List[str]:
    return sorted(str(p) for p in (DEMO / "products").glob("*.SAFE"))


def demo_grid():
    """The demo area on the product's own CRS and 20 m pixels, as leaf:subset makes it from the demo's EXTENT."""
    from leaf_qgis.engine.grid import Grid
    from leaf_qgis.engine.sources import open_source
    with open_source(str(DEMO / "products" / DEMO_JULY)) as scene:
        projection = scene.projection
    return Grid.from_bounds(projection, *DEMO_EXTENT, 20.0)


def _wgs84():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def demo_polygon_wgs84() -> str:
    """DEMO_POLYGON_UTM as lon/lat WKT (EPSG:4326, longitude first)."""
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(32618)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(utm, _wgs84())
    ring = [ct.TransformPoint(x, y)[:2] for x, y in DEMO_POLYGON_UTM + DEMO_POLYGON_UTM[:1]]
    return "POLYGON ((%s))" % ", ".join("%.9f %.9f" % p for p in ring)


def demo_polygon_grid(wkt: str, crs_wkt: str):
    """The grid of leaf:estimate's PRODUCT + AREA: the polygon's bounds in the product's CRS, 20 m, snapped."""
    from leaf_qgis.engine.grid import Grid
    from leaf_qgis.engine.sources import open_source
    with open_source(str(DEMO / "products" / DEMO_JULY)) as scene:
        projection = scene.projection
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromWkt(crs_wkt)
    dst.ImportFromWkt(projection)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    xmin, xmax, ymin, ymax = ogr.CreateGeometryFromWkt(wkt).GetEnvelope()
    bounds = osr.CoordinateTransformation(src, dst).TransformBounds(xmin, ymin, xmax, ymax, 21)
    return Grid.from_bounds(projection, *bounds, 20.0)


def write_polygon_layer(path: str, wkt: str) -> str:
    """A GeoJSON polygon layer in EPSG:4326 holding `wkt`."""
    ds = ogr.GetDriverByName("GeoJSON").CreateDataSource(path)
    layer = ds.CreateLayer("area", _wgs84(), ogr.wkbPolygon)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
    layer.CreateFeature(feature)
    ds = None
    return path


def snap_stack(ctx: Context) -> str:
    """SNAP's LAI TestCases (8 reflectances, cos VZA, cos SZA, cos RAA per row) as a 1-row Float64 stack."""
    t = np.loadtxt(ctx.shared / SNAP_TESTCASES, delimiter=",")
    names = ["B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12"]
    bands = [(b, t[:, i]) for i, b in enumerate(names)]
    bands += [("VZA", np.degrees(np.arccos(t[:, 8]))), ("SZA", np.degrees(np.arccos(t[:, 9]))),
              ("RAA", np.degrees(np.arccos(t[:, 10])))]
    path = str(ctx.inputs / "snap_lai_testcases.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, t.shape[0], 1, len(bands), gdal.GDT_Float64)
    ds.SetGeoTransform([500000, 20, 0, 5000000, 0, -20])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32614)
    ds.SetProjection(srs.ExportToWkt())
    for i, (name, values) in enumerate(bands, start=1):
        ds.GetRasterBand(i).SetDescription(name)
        ds.GetRasterBand(i).WriteArray(values.reshape(1, -1))
    ds.SetMetadata({"LEAF_SENSOR": "S2A"})
    ds = None
    return path


def ee_grid():
    from leaf_qgis.engine.grid import Grid
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EE_EPSG)
    h, w = EE_SHAPE
    return Grid(srs.ExportToWkt(), (EE_ORIGIN[0], 20.0, 0.0, EE_ORIGIN[1], 0.0, -20.0), w, h)


def ee_images() -> dict:
    """Two synthetic Sentinel-2 SR images of the offline Earth Engine endpoint (10 days apart; clouds differ)."""
    from support.ee_server import FixtureImage
    from support.stac_fixtures import VEGETATION
    h, w = EE_SHAPE
    rng = np.random.default_rng(15)
    yy, xx = np.mgrid[0:h, 0:w]
    cover = 0.15 + 0.85 * (xx / (w - 1))          # bare soil on the left, full canopy on the right
    soil = {"B3": 0.09, "B4": 0.12, "B5": 0.15, "B6": 0.17, "B7": 0.18, "B8A": 0.20, "B11": 0.28, "B12": 0.22}
    bands = {b: np.round((soil[b] * (1 - cover) + VEGETATION[b] * cover) * (0.95 + 0.1 * rng.random((h, w))) * 1e4)
             for b in EE_S2_BANDS}
    bands["B2"] = np.round(bands["B3"] * 0.8)
    bands["B8"] = bands["B8A"]
    valid = np.ones((h, w), dtype=bool)
    valid[0, 0:3] = False
    scl = np.full((h, w), 4.0)
    scl[2:5, 10:16] = 9                            # cloud
    scl[18:, :4] = 5
    props = {"MEAN_SOLAR_ZENITH_ANGLE": 33.71, "MEAN_INCIDENCE_ZENITH_ANGLE_B8A": 6.42,
             "MEAN_SOLAR_AZIMUTH_ANGLE": 151.2, "MEAN_INCIDENCE_AZIMUTH_ANGLE_B8A": 287.9,
             "CLOUDY_PIXEL_PERCENTAGE": 12.0, "SPACECRAFT_NAME": "Sentinel-2A"}
    crs, gt = "EPSG:%d" % EE_EPSG, ee_grid().geotransform
    masks = {b: valid for b in list(EE_S2_BANDS) + ["B2", "B8"]}
    newer_scl = scl.copy()
    newer_scl[10:16, :] = 9
    newer = {b: (np.round(v * 0.9) if b != "SCL" else v) for b, v in dict(bands, SCL=newer_scl).items()}
    return {EE_S2_ID: FixtureImage(dict(bands, SCL=scl), crs, gt, dict(props), masks=masks, time_start=EE_TIME_MS),
            EE_S2_NEWER: FixtureImage(newer, crs, gt, dict(props, MEAN_SOLAR_ZENITH_ANGLE=31.0), masks=masks,
                                      time_start=EE_TIME_MS + 10 * 86400000)}


EE_FEATURES_WKT = ("POINT (600230 4499710)", "POINT (600110 4499750)",
                   "POLYGON ((600100 4499600, 600400 4499600, 600400 4499800, 600100 4499800, 600100 4499600))")


@contextlib.contextmanager
def fake_earth_engine():
    from support.ee_server import FakeEarthEngine
    with FakeEarthEngine(images=ee_images(), collections={"COPERNICUS/S2_SR_HARMONIZED": [EE_S2_ID, EE_S2_NEWER]}) \
            as server:
        yield dict(project="test-project", url=server.url, creds=server.credentials())


# --------------------------------------------------------------------------------------------
# The runners: the public API (leaf_qgis.api), Processing for Q1
# --------------------------------------------------------------------------------------------

def _api():
    from leaf_qgis import api
    return api


def d1_subset(ctx):
    return _api().subset(str(DEMO / "products" / DEMO_JULY), ctx.path("stack.tif"), extent=DEMO_EXTENT)


def d2_subset_vrt(ctx):
    return _api().subset(str(DEMO / "products" / DEMO_JULY), ctx.path("stack.vrt"), extent=DEMO_EXTENT)


def _d1_stack(ctx) -> str:
    path = str(ctx.inputs / "stack.tif")
    _api().subset(str(DEMO / "products" / DEMO_JULY), path, extent=DEMO_EXTENT)
    return path


# The demo jobs run offline: the automatic choice among this project's bundled networks (the default, "auto",
# takes LEAF's published ones and would download them).
BUNDLED = "auto-bundled"


def d3_estimate(ctx):
    return _api().estimate(_d1_stack(ctx), ctx.path("estimates.tif"), store=ctx.store(), base_url=OFFLINE_URL,
                           algorithm=BUNDLED)


def d4_estimate_uint8(ctx):
    return _api().estimate(_d1_stack(ctx), ctx.path("lai_fapar.tif"), store=ctx.store(), base_url=OFFLINE_URL,
                           variables=["LAI", "fAPAR"], encoding="leaf-uint8", algorithm=BUNDLED)


def d5_estimate_polygon(ctx):
    return _api().estimate(str(DEMO / "products" / DEMO_JULY / "MTD_MSIL2A.xml"), ctx.path("polygon.tif"),
                           store=ctx.store(), base_url=OFFLINE_URL, polygons=[demo_polygon_wgs84()],
                           polygons_crs="EPSG:4326", resolution=20.0, algorithm=BUNDLED)


def _mosaic(ctx, name, method, output_type="stack"):
    return _api().mosaic(demo_products(), ctx.path(name), start="2023-06-01", end="2023-09-01", method=method,
                         extent=DEMO_EXTENT, output_type=output_type, store=ctx.store(), base_url=OFFLINE_URL,
                         **({"algorithm": BUNDLED} if output_type == "estimates" else {}))


def d6_mosaic_leaf(ctx):
    return _mosaic(ctx, "mosaic_leaf.tif", "leaf")


def d7_mosaic_median(ctx):
    return _mosaic(ctx, "mosaic_median.tif", "median")


def d8_mosaic_estimates(ctx):
    return _mosaic(ctx, "mosaic_estimates.tif", "leaf", "estimates")


def d9_timeseries(ctx):
    return _api().timeseries(demo_products(), ctx.path("series"), start="2023-06-01", end="2023-08-31",
                             extent=DEMO_EXTENT, resolution=20.0, variables=["LAI", "fAPAR", "fCOVER"],
                             statistics=["mean", "median", "count"], period="month",
                             features=str(DEMO / "points.geojson"), id_field="name", table=ctx.path("series.csv"),
                             store=ctx.store(), base_url=OFFLINE_URL, algorithm=BUNDLED)


def s1_t29unu(ctx):
    from leaf_qgis.engine.grid import Grid
    from leaf_qgis.engine.sources import open_source
    with open_source(str(ctx.shared / T29UNU), resolution=60) as scene:
        gt, projection = scene.geotransform, scene.projection
    grid = Grid(projection, (gt[0] + 700 * 60.0, 60.0, 0.0, gt[3] - 700 * 60.0, 0.0, -60.0), 384, 384)
    return _api().estimate(str(ctx.shared / T29UNU), ctx.path("t29unu.tif"), algorithm="S2_SL2P_V0_20M",
                           store=ctx.shared_store("S2_SL2P_V0_20M"), grid=grid, resolution=60.0)


def s2_landsat8(ctx):
    return _api().estimate(str(ctx.shared / L8_PRODUCT), ctx.path("l8.tif"), algorithm="L8_SL2P_V0_30M",
                           store=ctx.shared_store("L8_SL2P_V0_30M"))


def s3_snap(ctx):
    return _api().estimate(snap_stack(ctx), ctx.path("snap_lai.tif"), algorithm="SNAP_2_1_S2_20M",
                           store=ctx.shared_store("SNAP_2_1_S2_20M"), variables=["LAI"])


def f1_hls(ctx):
    from support.stac_fixtures import make_hls_granule
    granule = make_hls_granule(ctx.inputs / "hls", "L30", size=64)
    return _api().estimate(granule["folder"], ctx.path("hls.tif"), store=ctx.store(), base_url=OFFLINE_URL,
                           window_size=32, algorithm=BUNDLED)


def f2_stac_item(ctx):
    from support.stac_fixtures import RangeServer, make_s2_item
    folder = ctx.inputs / "cogs"
    folder.mkdir()
    with RangeServer(folder) as server:
        item = make_s2_item(folder, server.url, boa_offset_applied=False)
        item.pop("expected")
        stack = _api().subset(item, ctx.path("item_stack.tif"))
        estimates = _api().estimate(item, ctx.path("item_estimates.tif"), store=ctx.store(), base_url=OFFLINE_URL,
                                    algorithm=BUNDLED)
    return {"subset": stack, "estimate": estimates}


def _earth_engine(source: str):
    from leaf_qgis.engine.request import EarthEngineSource
    return EarthEngineSource(source)


def e1_ee_estimate(ctx):
    api = _api()
    with fake_earth_engine() as connection:
        return api.estimate(_earth_engine(EE_S2_ID), ctx.path("ee_estimates.tif"), grid=ee_grid(),
                            algorithm="LEAF_QGIS_S2_20M", store=ctx.store(), base_url=OFFLINE_URL,
                            backend=api.backend("earthengine", **connection))


def e2_ee_subset(ctx):
    api = _api()
    with fake_earth_engine() as connection:
        return api.subset(_earth_engine(EE_S2_ID), ctx.path("ee_stack.tif"), grid=ee_grid(), bands=list(EE_S2_BANDS),
                          backend=api.backend("earthengine", **connection))


def e3_ee_timeseries(ctx):
    from leaf_qgis.engine.timeseries import Feature
    api = _api()
    features = [Feature(i + 1, "f%d" % (i + 1), wkt) for i, wkt in enumerate(EE_FEATURES_WKT)]
    with fake_earth_engine() as connection:
        return api.timeseries(_earth_engine("S2"), ctx.path("ee_series"), start="2019-08-01", end="2019-08-31",
                              grid=ee_grid(), algorithm="LEAF_QGIS_S2_20M", variables=["LAI", "fCOVER"],
                              store=ctx.store(), base_url=OFFLINE_URL, statistics=["mean", "count"], period="month",
                              features=features, features_crs=ee_grid().projection, id_field="name",
                              table=ctx.path("ee_series.csv"), backend=api.backend("earthengine", **connection))


def q1_processing_estimate(ctx):
    """leaf:estimate through processing.run: PRODUCT and an AREA layer in EPSG:4326 (QGIS builds the grid)."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback
    area = write_polygon_layer(str(ctx.inputs / "area.geojson"), demo_polygon_wgs84())
    with environment(LEAF_QGIS_CACHE_DIR=str(ctx.root / "networks"), LEAF_QGIS_NETWORK_BASE_URL=OFFLINE_URL):
        result = processing.run("leaf:estimate", {
            "PRODUCT": str(DEMO / "products" / DEMO_JULY / "MTD_MSIL2A.xml"), "AREA": area,
            "NETWORKS": 1, "OUTPUT": ctx.path("processing.tif")}, feedback=QgsProcessingFeedback(), context=QgsProcessingContext())
    return result


JOBS = [
    Job("D1", "demo", "leaf:subset of the July demo product onto the demo extent (COG stack)", d1_subset),
    Job("D2", "demo", "the same subset as a VRT stack (+ .angles.tif)", d2_subset_vrt),
    Job("D3", "demo", "estimate D1's stack, automatic choice (bundled networks), float32", d3_estimate),
    Job("D4", "demo", "estimate D1's stack, LEAF uint8 encoding, LAI and fAPAR", d4_estimate_uint8),
    Job("D5", "demo", "estimate the July product over an EPSG:4326 polygon (clip, reprojected bounds)",
        d5_estimate_polygon),
    Job("D6", "demo", "mosaic of the 3 demo products, LEAF best pixel", d6_mosaic_leaf),
    Job("D7", "demo", "mosaic of the 3 demo products, median", d7_mosaic_median),
    Job("D8", "demo", "mosaic of the 3 demo products to estimates (+ QC, + DATE)", d8_mosaic_estimates),
    Job("D9", "demo", "time series of the 3 demo products: monthly mean, median, count; points; CSV", d9_timeseries),
    Job("S1", "shared", "T29UNU 60 m SAFE (384 x 384 window) -> S2_SL2P_V0_20M, published networks", s1_t29unu),
    Job("S2", "shared", "Landsat 8 C2 L2 downsampled product -> L8_SL2P_V0_30M", s2_landsat8),
    Job("S3", "shared", "SNAP 2.1 LAI TestCases stack -> SNAP_2_1_S2_20M", s3_snap),
    Job("F1", "stac_fixture", "synthetic HLS L30 granule -> estimate (bundled networks)", f1_hls),
    Job("F2", "stac_fixture", "synthetic STAC S2 item over a byte-range server -> subset and estimate", f2_stac_item),
    Job("E1", "ee_fake", "Earth Engine estimate of one image, downloaded (offline endpoint)", e1_ee_estimate),
    Job("E2", "ee_fake", "Earth Engine subset of one image, downloaded", e2_ee_subset),
    Job("E3", "ee_fake", "Earth Engine time series of two dates: monthly mean and count, table", e3_ee_timeseries),
    Job("Q1", "qgis", "processing.run leaf:estimate, PRODUCT + AREA layer in EPSG:4326", q1_processing_estimate),
]
JOB_NAMES = [j.name for j in JOBS]


def job(name: str) -> Job:
    return next(j for j in JOBS if j.name == name)


def missing(j: Job, shared: Optional[Path]) -> str:
    """Why a job cannot run here ('' when it can)."""
    if j.needs == "shared" and shared is None:
        return "../shared reference data is absent (set LEAF_QGIS_SHARED to its path)"
    if j.needs == "ee_fake":
        try:
            import ee  # noqa: F401
        except ImportError:
            return "earthengine-api is not installed"
    if j.needs == "qgis":
        try:
            import qgis.core  # noqa: F401
        except ImportError:
            return "QGIS Python bindings are not installed"
    return ""


def shared_dir() -> Optional[Path]:
    env = os.environ.get("LEAF_QGIS_SHARED")
    candidate = Path(env) if env else REPO.parent / "shared"
    return candidate if (candidate / "upstream-mirror").is_dir() else None


# --------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------

def fingerprint() -> Dict[str, str]:
    """What decides whether floating point results can be bit for bit the same as the recorded ones."""
    cpu, flags = "", ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "model name" and not cpu:
                    cpu = value.strip()
                elif key.strip() == "flags" and not flags:   # numpy and LiteRT choose their kernels by these
                    flags = hashlib.sha256(" ".join(sorted(value.split())).encode()).hexdigest()[:16]
    except OSError:
        pass
    cpu = cpu or platform.processor()
    from leaf_qgis.engine.runtime import litert_available
    litert = ""
    if litert_available():
        try:
            from importlib.metadata import version
            litert = version("ai-edge-litert")
        except Exception:  # installed without metadata
            litert = "unknown"
    forced = os.environ.get("LEAF_QGIS_RUNTIME", "")
    return {"cpu": cpu, "cpu_flags": flags, "machine": platform.machine(), "numpy": np.__version__,
            "gdal": gdal.__version__, "runtime": forced or ("litert" if litert else "numpy"), "litert": litert}


def _number(value: float, dtype) -> object:
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if np.issubdtype(dtype, np.integer):
        return int(value)
    return float("%.9g" % value) if dtype == np.float32 else float(repr(float(value)))


def canonical(ctx: Context, value):
    """A result as plain JSON data: paths and server URLs replaced, tuples as lists, numpy scalars as numbers."""
    if isinstance(value, dict) or hasattr(value, "keys") and hasattr(value, "__getitem__"):
        return {canonical(ctx, str(k)): canonical(ctx, value[k]) for k in sorted(value.keys(), key=str)}
    if isinstance(value, (list, tuple)):
        return [canonical(ctx, v) for v in value]
    if isinstance(value, (bool, type(None))):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _number(float(value), np.float64)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    return ctx.text(str(value))


def band_record(band) -> dict:
    a = band.ReadAsArray()
    dtype = a.dtype
    data = a
    if np.issubdtype(dtype, np.floating):
        data = a.copy()
        data[np.isnan(data)] = np.nan          # one NaN bit pattern
    finite = np.isfinite(a) if np.issubdtype(dtype, np.floating) else np.ones(a.shape, dtype=bool)
    values = a[finite].astype(np.float64)
    flat = a.ravel()
    positions = np.unique(np.linspace(0, flat.size - 1, min(SAMPLES, flat.size)).astype(np.int64))
    return {
        "description": band.GetDescription(), "dtype": str(dtype), "shape": list(a.shape),
        "nodata": canonical_float(band.GetNoDataValue()), "scale": band.GetScale(), "offset": band.GetOffset(),
        "unit": band.GetUnitType(), "metadata": dict(sorted(band.GetMetadata().items())),
        "sha256": hashlib.sha256(np.ascontiguousarray(data).tobytes()).hexdigest(),
        "finite": int(finite.sum()), "sum": _number(float(values.sum()), np.float64) if values.size else 0.0,
        "min": _number(float(values.min()), dtype) if values.size else None,
        "max": _number(float(values.max()), dtype) if values.size else None,
        "samples": [_number(float(flat[i]), dtype) for i in positions],
    }


def canonical_float(value):
    return None if value is None else _number(float(value), np.float64)


def raster_record(ctx: Context, path: str) -> dict:
    ds = gdal.OpenEx(path, gdal.OF_RASTER | gdal.OF_READONLY)
    if ds is None:
        raise RuntimeError("the output %s does not open" % path)
    metadata = {k: _long_text(ctx.text(v)) for k, v in sorted(ds.GetMetadata().items()) if k not in DROPPED_METADATA}
    record = {"size": [ds.RasterXSize, ds.RasterYSize], "geotransform": list(ds.GetGeoTransform()),
              "crs": ds.GetProjection(), "metadata": metadata,
              "bands": [band_record(ds.GetRasterBand(i)) for i in range(1, ds.RasterCount + 1)]}
    ds = None
    return record


def _long_text(value: str) -> str:
    """Metadata values of more than LONG_TEXT characters (the networks' provenance JSON) by their checksum."""
    if len(value) <= LONG_TEXT:
        return value
    return "sha256:%s (%d characters)" % (hashlib.sha256(value.encode("utf-8")).hexdigest(), len(value))


def table_record(path: str) -> list:
    with open(path, newline="", encoding="utf-8") as f:
        return [dict(row) for row in csv.DictReader(f)]


def record(ctx: Context, result) -> dict:
    """What a finished job leaves: its result and every raster and table under ctx.out."""
    rasters, tables = {}, {}
    for path in sorted(ctx.out.rglob("*")):
        name = ctx.text(str(path))
        if path.suffix.lower() in (".tif", ".vrt"):
            rasters[name] = raster_record(ctx, str(path))
        elif path.suffix.lower() == ".csv":
            tables[name] = table_record(str(path))
    return {"result": canonical(ctx, result), "rasters": rasters, "tables": tables}


def run_job(j: Job, root, shared: Optional[Path] = None) -> dict:
    ctx = Context(root, shared)
    with environment(LEAF_QGIS_NETWORK_BASE_URL=None, LEAF_QGIS_ALGORITHMS_DIR=None):
        result = j.run(ctx)
    return record(ctx, result)


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------

def _same_crs(a: str, b: str) -> bool:
    if a == b:
        return True
    sa, sb = osr.SpatialReference(), osr.SpatialReference()
    return sa.ImportFromWkt(a or "") == 0 and sb.ImportFromWkt(b or "") == 0 and bool(sa.IsSame(sb))


def _close(a, b, scale: float, floor: float = 0.0) -> bool:
    if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        return a == b
    return abs(float(a) - float(b)) <= max(BASELINE_RTOL * max(scale, abs(float(b))), floor)


def _compare_values(where: str, got, want, exact: bool, runtime_differs: bool, diffs: list, scale: float = 0.0,
                    floor: float = 0.0):
    if isinstance(want, dict) and isinstance(got, dict):
        if sorted(got) != sorted(want):
            diffs.append("%s: keys %s instead of %s" % (where, sorted(got), sorted(want)))
            return
        for k in want:
            if runtime_differs and k in RUNTIME_KEYS:
                continue
            _compare_values("%s.%s" % (where, k), got[k], want[k], exact, runtime_differs, diffs, scale, floor)
        return
    if isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            diffs.append("%s: %d items instead of %d" % (where, len(got), len(want)))
            return
        for i, (g, w) in enumerate(zip(got, want)):
            _compare_values("%s[%d]" % (where, i), g, w, exact, runtime_differs, diffs, scale, floor)
        return
    if exact or isinstance(want, (str, bool)) or want is None:
        if got != want and not (not exact and _numeric_text(got, want)):
            diffs.append("%s: %r instead of %r" % (where, got, want))
        return
    if not _close(got, want, scale, floor):
        diffs.append("%s: %r instead of %r (beyond %g of %g%s)" % (
            where, got, want, BASELINE_RTOL, max(scale, abs(float(want))), ", or %g" % floor if floor else ""))


def _numeric_text(got, want) -> bool:
    """Table cells are text: numbers in them compare to the tolerance when the machine differs."""
    try:
        g, w = float(got), float(want)
    except (TypeError, ValueError):
        return False
    return abs(g - w) <= BASELINE_RTOL * max(abs(w), 1.0)


def compare(got: dict, want: dict, exact: bool, runtime_differs: bool = False) -> List[str]:
    """The differences between a job's new record and the recorded one (empty: the same)."""
    diffs: List[str] = []
    _compare_values("result", got["result"], want["result"], exact, runtime_differs, diffs)
    _compare_values("tables", got["tables"], want["tables"], exact, runtime_differs, diffs)
    if sorted(got["rasters"]) != sorted(want["rasters"]):
        diffs.append("rasters: %s instead of %s" % (sorted(got["rasters"]), sorted(want["rasters"])))
        return diffs
    for name, w in want["rasters"].items():
        g = got["rasters"][name]
        if g["size"] != w["size"]:
            diffs.append("%s: size %s instead of %s" % (name, g["size"], w["size"]))
            continue
        if any(not math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-9) for x, y in zip(g["geotransform"], w["geotransform"])):
            diffs.append("%s: geotransform %s instead of %s" % (name, g["geotransform"], w["geotransform"]))
        if not _same_crs(g["crs"], w["crs"]):
            diffs.append("%s: another CRS" % name)
        _compare_values(name + ".metadata", g["metadata"], w["metadata"], True, runtime_differs, diffs)
        if len(g["bands"]) != len(w["bands"]):
            diffs.append("%s: %d bands instead of %d" % (name, len(g["bands"]), len(w["bands"])))
            continue
        for i, (gb, wb) in enumerate(zip(g["bands"], w["bands"]), start=1):
            where = "%s band %d (%s)" % (name, i, wb["description"])
            for key in ("description", "dtype", "shape", "nodata", "scale", "offset", "unit", "metadata"):
                if gb[key] != wb[key]:
                    diffs.append("%s: %s %r instead of %r" % (where, key, gb[key], wb[key]))
            if exact:
                if gb["sha256"] != wb["sha256"]:
                    diffs.append("%s: pixels differ (sha256), sum %r instead of %r" % (where, gb["sum"], wb["sum"]))
                continue
            scale = max(abs(float(wb["min"] or 0.0)), abs(float(wb["max"] or 0.0)))
            count = 1.0 if np.issubdtype(np.dtype(wb["dtype"]), np.integer) else 0.0   # one count of an integer band
            if gb["finite"] != wb["finite"]:
                diffs.append("%s: %d finite values instead of %d" % (where, gb["finite"], wb["finite"]))
            for key in ("min", "max", "samples"):
                _compare_values(where + " " + key, gb[key], wb[key], False, runtime_differs, diffs, scale, count)
            n = max(wb["finite"], 1)
            _compare_values(where + " sum", gb["sum"], wb["sum"], False, runtime_differs, diffs, scale * n,
                            count * INTEGER_FLIPS * n)
    return diffs


def load(path=BASELINE_JSON) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def dumps(doc) -> str:
    """JSON with one key per line and every list of plain values on one line (a readable diff, a small file)."""
    def write(value, depth):
        pad = " " * depth
        if isinstance(value, dict) and value:
            items = [pad + " " + json.dumps(k) + ": " + write(v, depth + 1) for k, v in sorted(value.items())]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
            return "[\n" + ",\n".join(pad + " " + write(v, depth + 1) for v in value) + "\n" + pad + "]"
        return json.dumps(value, separators=(",", ":"))
    return write(doc, 0) + "\n"
