"""Shared fixtures for the engine tests (no QGIS needed).

The reference data live in ``../shared`` beside the repository (or in ``$LEAF_QGIS_SHARED``); tests that
need them skip when the folder is absent. Nothing from ``shared`` is ever copied into the repository:
fixtures read it at run time, and everything they write goes to pytest's temporary folders.
"""

import csv
import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from osgeo import gdal, osr  # noqa: E402

from leaf_qgis.engine.algorithm import get_algorithm  # noqa: E402
from leaf_qgis.engine.catalog import NetworkStore  # noqa: E402

ALGORITHM_ID = "S2_SL2P_V0_20M"
S2_SAMPLES = "realdata/leaf_sl2p_python_sr_samples/Surface_refelctance_S2_L2A.csv"
# network inputs of the S2 20 m algorithm in order, as named in the sample CSV
S2_CSV_BANDS = ["B03", "B04", "B05", "B06", "B07", "B8A", "B11", "B12"]
S2_STACK_BANDS = ["B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12"]
S2_CSV_INPUTS = ["cosVZA", "cosSZA", "cosRAA"] + S2_CSV_BANDS
# upstream files of the S2 20 m V0 networks, inside shared/upstream-mirror
LEAF_TOOLBOX_S2 = ("rfernand387/LEAF-Toolbox/607a3c3b0b2864840bca162b9ea3a50f5bc91c86/"
                   "LEAF-Toolbox-CCRS-Files/Inputs/Sentinel2/Sentinel_csv/")
S2_ESTIMATES_CSV = LEAF_TOOLBOX_S2 + "s2_sl2p_weiss_or_prosail_NNT3_Single_0_1.csv"
S2_ERRORS_CSV = LEAF_TOOLBOX_S2 + "s2_sl2p_weiss_or_prosail_NNT3_Single_0_1_Error.csv"
SL2P_PYTHON = "djamainajib/SL2P-PYTHON/fe25541fd50792e2d772f2de491fc51ce8a3f068/nets/"
S2_ESTIMATES_PKL = SL2P_PYTHON + "s2_sl2p_weiss_or_prosail_NNT3_Single_0_1.pkl"
S2_ERRORS_PKL = SL2P_PYTHON + "s2_sl2p_weiss_or_prosail_NNT3_Single_0_1_error.pkl"
S2_DOMAIN_PKL = SL2P_PYTHON + "S2_SL2P_WEISS_ORIGINAL_DOMAIN.pkl"
# output order of the fused network / estimate_stack: [est v1, err v1, est v2, ...]
VARIABLE_ORDER = ["LAI", "fAPAR", "fCOVER", "CCC", "CWC", "Albedo", "DASF"]
OUTPUT_NAMES = [n for v in VARIABLE_ORDER for n in (v, v + "_uncertainty")]

# user overrides that would change what the tests see: network base URL, extra algorithm definitions
_ENV_DEFAULTS_REMOVED = ("LEAF_QGIS_NETWORK_BASE_URL", "LEAF_QGIS_ALGORITHMS_DIR", "LEAF_QGIS_EE_URL",
                         "GOOGLE_APPLICATION_CREDENTIALS", "EE_CLOUD_API_VERSION")


# --------------------------------------------------------------------------------------------
# Environment: never write to the user's home, never reach the real network by accident
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="session", autouse=True)
def leaf_test_env(tmp_path_factory):
    """Session-wide: LEAF_QGIS_CACHE_DIR in a temporary folder, no base-URL override, 127.0.0.1 unproxied."""
    mp = pytest.MonkeyPatch()
    mp.setenv("LEAF_QGIS_CACHE_DIR", str(tmp_path_factory.mktemp("leaf_cache_default")))
    for name in _ENV_DEFAULTS_REMOVED:
        mp.delenv(name, raising=False)
    no_proxy = ",".join(p for p in (os.environ.get("NO_PROXY"), "127.0.0.1", "localhost") if p)
    mp.setenv("NO_PROXY", no_proxy)
    mp.setenv("no_proxy", no_proxy)
    # Google libraries never look beyond this machine: no metadata-server probe, no gcloud or user credentials
    mp.setenv("NO_GCE_CHECK", "True")
    mp.setenv("GCE_METADATA_HOST", "127.0.0.1:9")
    mp.setenv("GCE_METADATA_IP", "127.0.0.1:9")
    mp.setenv("CLOUDSDK_CONFIG", str(tmp_path_factory.mktemp("gcloud_config")))
    yield
    mp.undo()


# --------------------------------------------------------------------------------------------
# Reference data and the local mirror server
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only reference folder `shared` (beside the repository, or $LEAF_QGIS_SHARED)."""
    env = os.environ.get("LEAF_QGIS_SHARED")
    candidate = Path(env) if env else REPO.parent / "shared"
    if not (candidate / "upstream-mirror").is_dir():
        pytest.skip("../shared reference data is absent: %s (set LEAF_QGIS_SHARED to its path)" % candidate)
    return candidate


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (signature of the base class)
        pass


class _Server:
    """A threaded static file server on 127.0.0.1 (free port) over one folder."""

    def __init__(self, directory):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture(scope="session")
def mirror_server(shared_dir):
    """Base URL (http://127.0.0.1:PORT) of a server over shared/upstream-mirror (<repo>/<commit>/<path>)."""
    server = _Server(shared_dir / "upstream-mirror")
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def static_server():
    """Factory: serve any folder on 127.0.0.1; returns the base URL. Servers stop at the end of the session."""
    servers = []

    def start(directory) -> str:
        s = _Server(directory)
        servers.append(s)
        return s.url

    yield start
    for s in servers:
        s.close()


@pytest.fixture(scope="session")
def s2_algorithm():
    return get_algorithm(ALGORITHM_ID)


@pytest.fixture(scope="session")
def network_cache(leaf_test_env, tmp_path_factory, mirror_server, s2_algorithm) -> NetworkStore:
    """A NetworkStore in a temporary folder where S2_SL2P_V0_20M was installed once from the mirror.

    Treat it as read-only: tests that damage a store copy it first.
    """
    root = tmp_path_factory.mktemp("network_cache")
    store = NetworkStore(str(root))
    store.install(s2_algorithm, base_url=mirror_server)
    assert store.installed(s2_algorithm) is not None
    return store


@pytest.fixture(scope="session")
def s2_samples(shared_dir):
    """The 1050 LEAF-toolbox S2 L2A samples as {column: float64 array} (non-numeric columns are skipped)."""
    path = shared_dir / S2_SAMPLES
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for name in rows[0]:
        try:
            out[name] = np.array([float(r[name]) for r in rows], dtype=np.float64)
        except (TypeError, ValueError):
            continue
    assert len(rows) == 1050
    return out


@pytest.fixture(scope="session")
def s2_inputs(s2_samples) -> np.ndarray:
    """[1050, 11] float64 network inputs of the samples, as the toolbox fed them (cosines, reflectances)."""
    return np.stack([s2_samples[c] for c in S2_CSV_INPUTS], axis=1)


# --------------------------------------------------------------------------------------------
# Analysis-ready stacks
# --------------------------------------------------------------------------------------------


S2_METADATA = {"LEAF_SENSOR": "S2A", "LEAF_DATE": "2018-12-17"}

_GDAL_TYPES = {np.dtype("uint8"): gdal.GDT_Byte, np.dtype("uint16"): gdal.GDT_UInt16,
               np.dtype("int16"): gdal.GDT_Int16, np.dtype("int32"): gdal.GDT_Int32,
               np.dtype("float32"): gdal.GDT_Float32, np.dtype("float64"): gdal.GDT_Float64}


def write_stack(path, bands, metadata=None, epsg=32614, origin=(500000.0, 4300000.0), pixel=20.0) -> str:
    """Write an analysis-ready stack and return its path.

    `bands` is a list of (description, 2-D array, options) where options may hold 'scale', 'offset' and
    'nodata'; each array's dtype is its band type. A GeoTIFF holds one sample type, so a `.tif` path needs
    one dtype for all bands; a `.vrt` path keeps every band's own type (it references one single-band
    GeoTIFF per band, written in a folder beside it).
    """
    path = Path(path)
    height, width = np.shape(bands[0][1])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    geotransform = (origin[0], pixel, 0.0, origin[1], 0.0, -pixel)
    gtiff = gdal.GetDriverByName("GTiff")

    def decorate(band, name, opts):
        band.SetDescription(name)
        if opts.get("scale") is not None:
            band.SetScale(float(opts["scale"]))
        if opts.get("offset") is not None:
            band.SetOffset(float(opts["offset"]))
        if opts.get("nodata") is not None:
            band.SetNoDataValue(float(opts["nodata"]))

    if path.suffix.lower() == ".vrt":
        folder = path.parent / (path.stem + "_bands")
        folder.mkdir(parents=True, exist_ok=True)
        sources = []
        for i, (_, arr, opts) in enumerate(bands, start=1):
            p = folder / ("band%02d.tif" % i)
            ds = gtiff.Create(str(p), width, height, 1, _GDAL_TYPES[np.dtype(arr.dtype)])
            ds.SetProjection(srs.ExportToWkt())
            ds.SetGeoTransform(geotransform)
            if (opts or {}).get("nodata") is not None:
                ds.GetRasterBand(1).SetNoDataValue(float(opts["nodata"]))
            ds.GetRasterBand(1).WriteArray(arr)
            ds = None
            sources.append(str(p))
        ds = gdal.BuildVRT(str(path), sources, separate=True)
    else:
        types = {np.dtype(arr.dtype) for _, arr, _ in bands}
        if len(types) != 1:
            raise ValueError("a GeoTIFF stack needs one dtype for all bands (got %s); use a .vrt path" % types)
        ds = gtiff.Create(str(path), width, height, len(bands), _GDAL_TYPES[types.pop()],
                          ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256"] if width >= 256 and height >= 256 else [])
        ds.SetProjection(srs.ExportToWkt())
        ds.SetGeoTransform(geotransform)
    for i, (name, arr, opts) in enumerate(bands, start=1):
        b = ds.GetRasterBand(i)
        if path.suffix.lower() != ".vrt":
            b.WriteArray(arr)
        decorate(b, name, opts or {})
    if metadata:
        ds.SetMetadata({k: str(v) for k, v in metadata.items()})
    ds.FlushCache()
    ds = None
    return str(path)


def s2_band_list(samples, reflectance_dtype=np.float64, angle_dtype=np.float64, mask_dtype=np.float64):
    """Bands of the sample stack as a fresh, editable list of [name, array (1 x 1050), options].

    Reflectance: DN = round(rho * 1e4) with scale 0.0001; angles in degrees = degrees(arccos(cos column));
    MASK = 1.
    """
    bands = []
    for csv_name, name in zip(S2_CSV_BANDS, S2_STACK_BANDS):
        dn = np.round(samples[csv_name] * 1e4)
        bands.append([name, dn.astype(reflectance_dtype)[None, :], {"scale": 0.0001, "offset": 0.0}])
    for name in ("VZA", "SZA", "RAA"):
        deg = np.degrees(np.arccos(samples["cos" + name]))
        bands.append([name, deg.astype(angle_dtype)[None, :], {}])
    bands.append(["MASK", np.ones((1, samples["B03"].size), dtype=mask_dtype), {}])
    return bands


@pytest.fixture(scope="session")
def make_stack():
    """The stack writer (see write_stack), for tests that build their own variants."""
    return write_stack


@pytest.fixture(scope="session")
def s2_band_factory(s2_samples):
    """Call it to get a fresh editable band list of the sample stack (see s2_band_list)."""
    return functools.partial(s2_band_list, s2_samples)


@pytest.fixture(scope="session")
def s2_sample_stack(s2_samples, tmp_path_factory) -> str:
    """The 1050 samples as an analysis-ready 1050 x 1 GeoTIFF (EPSG:32614, 20 m), LEAF_SENSOR=S2A.

    Reflectance bands B3..B12 hold DN = round(rho * 1e4) with GDAL scale 0.0001, angle bands VZA, SZA,
    RAA hold degrees, MASK = 1. A GeoTIFF has one sample type for all its bands, so every band is
    Float64 here (the DNs are whole numbers, so DN * 0.0001 is computed exactly as from UInt16); the
    s2_sample_stack_typed fixture has the UInt16 / Float64 / Byte band types in a VRT.
    """
    path = tmp_path_factory.mktemp("stacks") / "s2_samples_stack.tif"
    return write_stack(path, s2_band_list(s2_samples), S2_METADATA)


@pytest.fixture(scope="session")
def s2_sample_stack_typed(s2_samples, tmp_path_factory) -> str:
    """The same stack with native band types: UInt16 reflectance DN (scale 0.0001), Float64 angles, Byte MASK."""
    path = tmp_path_factory.mktemp("stacks_typed") / "s2_samples_stack.vrt"
    bands = s2_band_list(s2_samples, reflectance_dtype=np.uint16, mask_dtype=np.uint8)
    return write_stack(path, bands, S2_METADATA)


# --------------------------------------------------------------------------------------------
# Independent reference: the SL2P forward pass of spec §1.3 in float64, written here, not in the engine
# --------------------------------------------------------------------------------------------

def reference_forward(net, x) -> np.ndarray:
    """Float64 forward pass of one network (spec §1.3) from its parsed fields; x is [pixels, n_in]."""
    x = np.asarray(x, dtype=np.float64)
    slope = np.asarray(net.inp_slope, dtype=np.float64)
    offset = np.asarray(net.inp_offset, dtype=np.float64)
    w1 = np.asarray(net.h1_weights, dtype=np.float64).reshape(net.h1_bias.size, slope.size)
    a = x * slope + offset
    n = np.empty((x.shape[0], w1.shape[0]))
    for k in range(w1.shape[0]):            # explicit sums, no engine code
        n[:, k] = sum(w1[k, j] * a[:, j] for j in range(slope.size)) + net.h1_bias[k]
    t = 2.0 / (1.0 + np.exp(-2.0 * n)) - 1.0   # tansig
    y_n = sum(net.h2_weights[k] * t[:, k] for k in range(w1.shape[0])) + net.h2_bias
    return (y_n - net.out_bias) / net.out_slope


@pytest.fixture(scope="session")
def s2_network_tables(shared_dir):
    """(estimates, errors): the S2 20 m V0 networks by variable ID, parsed from the mirrored LEAF CSVs."""
    from leaf_qgis.engine.networks import read_leaf_csv
    mirror = shared_dir / "upstream-mirror"
    est = read_leaf_csv((mirror / S2_ESTIMATES_CSV).read_bytes(), "estimates csv")
    err = read_leaf_csv((mirror / S2_ERRORS_CSV).read_bytes(), "errors csv")
    return est, err


@pytest.fixture(scope="session")
def s2_reference_outputs(s2_network_tables, s2_inputs) -> np.ndarray:
    """[1050, 14] float64 reference outputs, columns in OUTPUT_NAMES order."""
    est, err = s2_network_tables
    cols = []
    for vid in range(1, 8):
        cols.append(reference_forward(est[vid], s2_inputs))
        cols.append(reference_forward(err[vid], s2_inputs))
    return np.stack(cols, axis=1)


# --------------------------------------------------------------------------------------------
# QGIS in this process (for the Processing tests)
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def qgis_app():
    """A QgsApplication with Processing initialised and the LEAF provider registered (never exited:
    exitQgis() in a pytest process risks a crash at teardown and gains nothing)."""
    pytest.importorskip("qgis.core", reason="QGIS Python bindings are not installed (run make setup)")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication
    app = QgsApplication.instance()
    if app is None:
        app = QgsApplication([], True)
        app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing
    Processing.initialize()
    from leaf_qgis.processing.provider import LeafProvider
    registry = QgsApplication.processingRegistry()
    if registry.providerById("leaf") is None:
        provider = LeafProvider()  # the Python object must outlive the registration
        registry.addProvider(provider)
        app._leaf_provider = provider
    return app


# --------------------------------------------------------------------------------------------
# The packaged plugin (built once per session) in fresh QGIS profiles
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def plugin_zip():
    """`make package` as a user runs it, once per session; the zip path (dist/leaf_qgis-<version>.zip)."""
    out = subprocess.run(["make", "-s", "package"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    zips = sorted((REPO / "dist").glob("leaf_qgis-*.zip"))
    assert len(zips) == 1
    return zips[0]


@pytest.fixture(scope="module")
def qgis_config(plugin_zip, tmp_path_factory):
    """An empty QGIS config folder whose default profile has only the plugin, installed from the zip (one per test
    module: some modules write settings into their profile)."""
    config = tmp_path_factory.mktemp("qgis_config")
    profile = config / "profiles" / "default"
    out = subprocess.run(["/usr/bin/python3", str(REPO / "scripts" / "install_plugin.py"), str(plugin_zip),
                          str(profile)], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.returncode == 0, out.stdout + out.stderr
    return config
