"""Estimate biophysical variables from an analysis-ready stack: stack -> Estimator -> COG products.

This is the engine behind `leaf:estimate`; it runs without QGIS:

    from leaf_qgis.engine.estimate import estimate_stack
    estimate_stack("stack.tif", "lai.tif", variables=["LAI"])
"""

import datetime
import json
import os
import threading
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
from osgeo import gdal

from ..resources import plugin_version
from . import paths
from .algorithm import Algorithm, get_algorithm, load_algorithms
from .catalog import NetworkStore, is_bundled
from .errors import Cancelled, LeafError, LeafWarning
from .estimator import QC_DOMAIN, QC_INVALID, QC_NODATA, QC_RANGE, Estimator
from .gdal_errors import read_array
from .gdalio import GdalLimits
from .grid import Grid
from .parallel import ordered_map
from .sanity import check_angle_constants, check_grid, check_resolution, check_scene, landcover_coverage
from .sources import open_source
from .stack import Stack, open_raster
from .variables import LEAF_UINT8_FACTORS, UINT8_MAX_VALUE, UINT8_NODATA, VARIABLES
from .writer import BandSpec, ProductWriter

# The automatic algorithm choice follows a rule that depends on the input and on this choice only, never on what
# happens to be installed: "auto" takes LEAF's published networks (the default; downloaded on first use, or
# installed with leaf:installnetworks), "auto-bundled" this project's networks that ship with the plugin (offline).
AUTO = "auto"
AUTO_BUNDLED = "auto-bundled"
AUTOMATIC = (AUTO, AUTO_BUNDLED)
GDAL_CACHE_BYTES = 128 * 1024 * 1024


def qc_path_for(output_path: str) -> str:
    """The QC raster written beside an output: 'lai.tif' -> 'lai_QC.tif'."""
    stem, ext = os.path.splitext(output_path)
    return stem + "_QC" + (ext or ".tif")


QC_METADATA = {
    "QC_BIT0": "input out of the networks' training domain",
    "QC_BIT1": "an estimate outside its valid range (the estimates' VALID_MIN/VALID_MAX)",
    "QC_BIT2": "invalid pixel (MASK = 0, reflectance outside [-0.005, 1.05] or a land-cover class without network); "
               "no estimate",
    "QC_BIT3": "an estimate set to its THRESHOLD_MIN/THRESHOLD_MAX (SNAP-compatible algorithms: within SNAP's "
               "tolerance outside its limits, as SNAP's THRESHOLDED_TO_MIN/MAX_OUTPUT flags)",
    "QC_NODATA": "255: no input data",
}


def run_provenance(alg: Algorithm, installed, input_label: str, sensor: str, date: str, runtime: str,
                   quantization: str, landcover: str, encoding: str) -> Dict[str, str]:
    """The provenance metadata of a run's estimates and QC outputs, whichever backend computed them."""
    return {
        "LEAF_ALGORITHM": alg.id,
        "LEAF_ALGORITHM_NAME": alg.name,
        "LEAF_NETWORKS": json.dumps(installed.provenance(), separators=(",", ":")),
        "LEAF_PLUGIN": "leaf_qgis " + plugin_version(),
        "LEAF_INPUT": input_label,
        "LEAF_SENSOR": sensor or "",
        "LEAF_DATE": date or "",
        "LEAF_RUNTIME": runtime,
        "LEAF_ANGLE_QUANTIZATION": quantization,
        "LEAF_LANDCOVER": landcover if alg.landcover is not None else "",
        "LEAF_CREATED": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "LEAF_ENCODING": encoding,
    }


class EstimateWriters:
    """The estimates COG and the QC COG of a run, written window by window in the run's encoding (float32 with
    NaN no data, or LEAF uint8); commit() makes both appear, abort() removes both."""

    def __init__(self, output_path: str, qc_path: str, width: int, height: int, geotransform, projection,
                 output_names: Sequence[str], encoding: str, provenance: Dict[str, str], threads: Optional[int] = None,
                 log: Callable[[str], None] = lambda m: None,
                 ranges: Optional[Dict[str, tuple]] = None, thresholds: Optional[Dict[str, tuple]] = None):
        self.names, self.encoding = list(output_names), encoding
        dtype, nodata = (np.uint8, UINT8_NODATA) if encoding == "leaf-uint8" else (np.float32, float("nan"))
        self.writers = [ProductWriter(output_path, width, height, geotransform, projection,
                                      band_specs(self.names, encoding, ranges, thresholds), dtype, nodata, provenance,
                                      threads=threads, log=log)]
        try:
            self.writers.append(ProductWriter(
                qc_path, width, height, geotransform, projection,
                [BandSpec("QC", "quality control bits (1 domain, 2 range, 4 invalid, 8 set to a threshold)")],
                np.uint8, QC_NODATA, dict(provenance, **QC_METADATA), threads=threads, log=log))
        except BaseException:
            self.abort()
            raise

    def write(self, window, values: Sequence[np.ndarray], qc: np.ndarray):
        """`values`: float32 arrays in output-name order (NaN no data), encoded here; `qc` the QC byte."""
        if self.encoding == "leaf-uint8":
            values = [encode_uint8(v, LEAF_UINT8_FACTORS[n.split("_")[0]]) for v, n in zip(values, self.names)]
        self.writers[0].write(window, values)
        self.writers[1].write(window, [qc])

    def commit(self):
        for w in self.writers:
            w.commit()

    def abort(self):
        for w in self.writers:
            w.abort()


def resolve_variables(alg: Algorithm, variables: Optional[Sequence[str]], encoding: str) -> List[str]:
    """The variables a run estimates (all of the algorithm's by default), checked against the encoding."""
    if variables:
        unknown = [v for v in variables if v not in alg.variables]
        if unknown:
            raise LeafError("%s does not estimate %s (it estimates %s)." % (
                alg.id, ", ".join(unknown), ", ".join(alg.variables)))
    variables = [v for v in alg.variables if not variables or v in variables]
    if encoding not in ("float32", "leaf-uint8"):
        raise LeafError("Unknown output encoding %r (float32 or leaf-uint8)." % encoding)
    if encoding == "leaf-uint8":
        if not any(v in LEAF_UINT8_FACTORS for v in variables):
            raise LeafError("The LEAF production uint8 encoding exists for %s only; choose one of them or the "
                            "float32 encoding." % ", ".join(LEAF_UINT8_FACTORS))
        variables = [v for v in variables if v in LEAF_UINT8_FACTORS]
    return variables


def is_automatic(algorithm: Optional[str]) -> bool:
    """True for an automatic choice (AUTO, AUTO_BUNDLED, or no algorithm given) rather than an algorithm id."""
    return not algorithm or algorithm in AUTOMATIC


def algorithm_tier(a: Algorithm, automatic: Optional[str] = AUTO) -> int:
    """Preference of a family for the automatic choice: with AUTO, LEAF's published networks (0), then this
    project's bundled networks (1); with AUTO_BUNDLED the other way round; other families (SNAP, yours) last (2).
    Whether networks are installed plays no part, so the same input always gets the same algorithm."""
    first, second = ("LEAF_QGIS", "LEAF") if automatic == AUTO_BUNDLED else ("LEAF", "LEAF_QGIS")
    return 0 if a.family == first else 1 if a.family == second else 2


def networks_for(alg: Algorithm, store: NetworkStore, algorithm: Optional[str], base_url: Optional[str] = None,
                 log: Callable[[str], None] = lambda m: None, is_canceled: Callable[[], bool] = lambda: False):
    """The installed networks of `alg`, installing them first when needed. When the automatic choice took LEAF's
    published networks and they cannot be installed (offline), one sentence says how to get them or to choose
    the bundled ones: the automatic choice never silently falls back to other networks and other numbers."""
    installed = store.installed(alg)
    if installed is not None:
        return installed
    log("The networks of %s are not installed yet; installing them." % alg.id)
    try:
        return store.install(alg, base_url=base_url, log=log, is_canceled=is_canceled)
    except LeafError as e:
        if not is_automatic(algorithm) or algorithm == AUTO_BUNDLED or is_bundled(alg):
            raise
        log(str(e))
        raise LeafError("The automatic choice takes LEAF's published networks, here %s, which are not installed and "
                        "could not be downloaded; install them with leaf:installnetworks (from a folder or zip when "
                        "offline), or choose this project's bundled networks (NETWORKS=1, or algorithm "
                        "'auto-bundled' in Python)." % alg.id) from None


def automatic_label(algorithm: Optional[str]) -> str:
    """How the run's algorithm was chosen, for the outputs' LEAF_ALGORITHM_CHOICE metadata."""
    if not is_automatic(algorithm):
        return "chosen by the user"
    if algorithm == AUTO_BUNDLED:
        return "automatic, this project's bundled networks first"
    return "automatic, LEAF's published networks first"


def check_fit(alg: Algorithm, stack: Stack, angle_constants: Dict[str, float], landcover: Optional[str] = None,
              bands: bool = True):
    """Refuse, in one sentence, a stack that this algorithm cannot process (`bands=False`: whatever its bands)."""
    if alg.landcover is not None and not (landcover or stack.has("LANDCOVER")):
        raise LeafError("%s chooses its networks by land cover, but the input %s has no LANDCOVER band and no "
                        "land-cover layer was given." % (alg.id, stack.path))
    if stack.sensor and alg.sensors and stack.sensor not in alg.sensors:
        raise LeafError("The input %s is from sensor %s, but %s is for %s." % (
            stack.path, stack.sensor, alg.id, ", ".join(alg.sensors)))
    if bands:
        stack.require_reflectance(alg.bands)
    for needed in ("SZA", "VZA"):
        if not stack.has(needed) and needed not in angle_constants:
            raise LeafError("The input %s has no %s band and no constant %s was given." % (stack.path, needed, needed))
    has_raa = stack.has("RAA") or "RAA" in angle_constants
    has_az = all(stack.has(a) or a in angle_constants for a in ("SAA", "VAA"))
    if not (has_raa or has_az):
        raise LeafError("The input %s has neither an RAA band nor SAA and VAA bands, and no constant "
                        "azimuths were given." % stack.path)


def band_specs(output_names, encoding: str, ranges: Optional[Dict[str, tuple]] = None,
               thresholds: Optional[Dict[str, tuple]] = None):
    """Band name, description, unit, valid range (QC bit 1 outside it; the variable's unless `ranges` gives the
    algorithm's), thresholds (QC bit 3) and (for uint8) scale of every output band."""
    bands = []
    for name in output_names:
        v = VARIABLES[name.split("_")[0]]
        scale = 1.0 / LEAF_UINT8_FACTORS[v.name] if encoding == "leaf-uint8" else 1.0
        if name.endswith("_uncertainty"):
            bands.append(BandSpec(name, "uncertainty (expected absolute error) of " + v.long_name, v.unit, scale=scale))
        else:
            lo, hi = (ranges or {}).get(name, (v.valid_min, v.valid_max))
            md = {"VALID_MIN": str(round(lo, 10)), "VALID_MAX": str(round(hi, 10))}   # 0.94 + 0.1 -> 1.04
            if name in (thresholds or {}):
                md.update(THRESHOLD_MIN=str(round(thresholds[name][0], 10)),
                          THRESHOLD_MAX=str(round(thresholds[name][1], 10)))
            bands.append(BandSpec(name, v.long_name, v.unit, md, scale=scale))
    return bands


def count_qc(counts: Dict[str, int], qc: np.ndarray):
    """Add one window's QC tallies to the run's counts."""
    has = qc != QC_NODATA
    counts["pixels"] += int(has.sum())
    counts["estimated"] += int((has & (qc & QC_INVALID == 0)).sum())
    counts["out_of_domain"] += int((has & (qc & QC_DOMAIN > 0)).sum())
    counts["out_of_range"] += int((has & (qc & QC_RANGE > 0)).sum())
    counts["invalid"] += int((has & (qc & QC_INVALID > 0)).sum())


def encode_uint8(values: np.ndarray, factor: float) -> np.ndarray:
    """LEAF production encoding: trunc(max(value, 0) x factor) as uint8; NaN -> 255 (no data), capped at 254."""
    v = np.asarray(values, dtype=np.float64)
    dn = np.trunc(np.clip(np.nan_to_num(v, nan=0.0), 0.0, None) * factor)
    dn = np.minimum(dn, UINT8_MAX_VALUE).astype(np.uint8)
    dn[np.isnan(v)] = UINT8_NODATA
    return dn


def fits(alg: Algorithm, stack: Stack, angle_constants: Dict[str, float], landcover: Optional[str] = None,
         bands: bool = True) -> bool:
    try:
        check_fit(alg, stack, angle_constants, landcover, bands)
    except LeafError:
        return False
    return True


def choose_algorithm(stack: Stack, angle_constants: Dict[str, float], landcover: Optional[str] = None,
                     algorithms: Optional[Dict[str, Algorithm]] = None, automatic: Optional[str] = AUTO,
                     log: Callable[[str], None] = lambda m: None) -> Algorithm:
    """The default algorithm for a stack: among those that fit (sensor, bands, angles, land cover), LEAF's
    published networks first (`automatic` AUTO, the default) or this project's bundled networks first
    (AUTO_BUNDLED), then the other of the two, then other families (SNAP); within a family, LEAF production's
    current version (V1) when land cover is available and V0 otherwise, then the resolution closest to the
    stack's pixel size. What is installed plays no part (see algorithm_tier). When a preferred algorithm is
    passed over only because the stack lacks some of its bands (a SAFE without B05), a warning says so through
    `log`."""
    algorithms = algorithms if algorithms is not None else load_algorithms()
    pixel = abs(stack.geotransform[1]) if stack.geotransform else 0
    has_lc = bool(landcover) or stack.has("LANDCOVER")

    def rank(a: Algorithm):
        wanted_version = "V1" if has_lc else "V0"
        return (algorithm_tier(a, automatic), a.version != wanted_version, abs(a.resolution_m - pixel), -len(a.bands), a.id)
    ranked = sorted(algorithms.values(), key=rank)
    candidates = [a for a in ranked if fits(a, stack, angle_constants, landcover)]
    if candidates:
        sensor_sets = sorted({"/".join(a.sensors) for a in candidates})
        if not stack.sensor and len(sensor_sets) > 1:
            raise LeafError("The input %s has no LEAF_SENSOR metadata and its bands fit several sensors (%s); set "
                            "LEAF_SENSOR or choose the algorithm." % (stack.path, ", ".join(sensor_sets)))
        chosen = candidates[0]
        for a in ranked[:ranked.index(chosen)]:
            missing = [b for b in a.bands if not stack.has(b)]
            if missing and (not stack.sensor or stack.sensor in a.sensors) and \
                    fits(a, stack, angle_constants, landcover, bands=False):
                log(LeafWarning("The input %s has no band %s, so the automatic choice is %s instead of %s, which "
                                "needs it." % (stack.path, ", ".join(missing), chosen.id, a.id)))
                break
        return chosen
    same_sensor = [a for a in ranked if stack.sensor in a.sensors]
    if same_sensor:  # explain with the best algorithm made for this sensor
        check_fit(same_sensor[0], stack, angle_constants, landcover)
    raise LeafError("No algorithm fits the input %s (sensor %s, bands %s); name its bands as the algorithm "
                    "expects or set LEAF_SENSOR." % (stack.path, stack.sensor or "unknown", ", ".join(stack.bands)))


def _angle(stack, name, window, constants, shape):
    if stack.has(name):
        return stack.read(name, window)
    return np.full(shape, float(constants[name])), np.ones(shape, dtype=bool)


def estimate_stack(input_path: str, output_path: str, qc_path: Optional[str] = None,
                   algorithm: str = AUTO, variables: Optional[Sequence[str]] = None,
                   angle_constants: Optional[Dict[str, float]] = None, landcover: Optional[str] = None,
                   angle_quantization: Optional[str] = None, store: Optional[NetworkStore] = None,
                   base_url: Optional[str] = None, runtime: Optional[str] = None, window_size: int = 512,
                   threads: Optional[int] = None, encoding: str = "float32", grid: Optional[Grid] = None,
                   resolution: Optional[float] = None, clip=None, band_map: Optional[str] = None,
                   resampling: Optional[str] = None, metadata: Optional[Dict[str, str]] = None,
                   also_read: Sequence[str] = (),
                   progress: Callable[[float], None] = lambda f: None,
                   is_canceled: Callable[[], bool] = lambda: False,
                   log: Callable[[str], None] = lambda m: None) -> Dict[str, object]:
    """Write estimates + uncertainties (float32 COG) to output_path and the QC byte to qc_path.

    `input_path` is an analysis-ready stack or a product (Sentinel-2 L2A SAFE/zip, Landsat C2 L2 folder/tar,
    HLS granule, STAC item), read on `grid` when given (products only) or at `resolution` on the product's
    own grid; `clip` = (polygon WKTs, CRS WKT, buffer) leaves pixels outside the polygons without data;
    `band_map` names the bands of a raster whose descriptions do not ('B3=1,...,SCALE=0.0001');
    `metadata` is added to (and overrides) the outputs' provenance, e.g. the real sources of a composite.

    `algorithm` is an algorithm id, AUTO (the automatic choice among LEAF's published networks, see
    choose_algorithm) or AUTO_BUNDLED (among this project's bundled networks); the outputs' LEAF_ALGORITHM and
    LEAF_ALGORITHM_CHOICE metadata record the outcome.

    `landcover` is a land-cover raster (CCRS/NALCMS classes) used instead of a LANDCOVER band; it is
    resampled to the stack's grid by nearest neighbour. `angle_quantization` ('none' or 'toolbox')
    overrides the algorithm's. Networks missing from the store are installed first (downloaded from
    base_url). `encoding` is 'float32' (physical values, NaN no data) or 'leaf-uint8' (LEAF production:
    LAI x 20, fAPAR/fCOVER/albedo x 200, negative values as 0, 255 no data, GDAL scale set so readers
    show physical values; uncertainties use their variable's factor). Windows are processed by `threads`
    workers (default: every core), each with its own GDAL handles and network runners, and written in
    order by this thread. Returns the output paths and pixel counts. Raises LeafError for bad input and Cancelled
    when stopped, in which case no output file exists.

    No output (estimates, QC, their .aux.xml) may be, or lie inside, an input: the stack or product, the land
    cover, or any of `also_read` (other files the caller read for this run, such as the AREA layer).
    """
    angle_constants = check_angle_constants({k: v for k, v in (angle_constants or {}).items() if v is not None})
    resolution = check_resolution(resolution)
    qc_path = qc_path or qc_path_for(output_path)
    if paths.real(qc_path) == paths.real(output_path):
        raise LeafError("The QC output %s must differ from the estimates output." % qc_path)
    paths.check_outputs([input_path, landcover] + list(also_read),
                        paths.raster_sidecars(output_path) + paths.raster_sidecars(qc_path))

    store = store or NetworkStore()
    def opener():
        return open_source(input_path, grid=grid, resolution=resolution, clip=clip, band_map=band_map,
                           resampling=resampling)

    with opener() as stack:
        check_grid(stack)
        if is_automatic(algorithm):
            alg = choose_algorithm(stack, angle_constants, landcover, automatic=algorithm or AUTO, log=log)
            log("Algorithm chosen for %s: %s (%s)." % (stack.path, alg.id, alg.name))
        else:
            alg = get_algorithm(algorithm)
        variables = resolve_variables(alg, variables, encoding)
        check_fit(alg, stack, angle_constants, landcover)
        check_scene(stack, alg.bands)   # angles in degrees, reflectance not digital numbers (sampled)
        if alg.landcover is not None:
            _landcover_reader(stack, landcover, log)  # refuse an unreadable or disjoint land cover before any work
        elif landcover:
            open_raster(landcover)   # a bad file given is said even when this algorithm has no use for it
            log(LeafWarning("The land-cover layer %s is not used: %s does not choose its networks by land cover." % (
                landcover, alg.id)))
        installed = networks_for(alg, store, algorithm, base_url, log, is_canceled)
        est = Estimator(alg, installed, variables, runtime=runtime, angle_quantization=angle_quantization)
        log("Running %s with the %s runtime on %d x %d pixels." % (alg.id, est.runtime, stack.width, stack.height))
        if est.runtime == "numpy":
            log("LiteRT (Python package ai-edge-litert) is not installed: the networks run on the numpy executor, "
                "which gives the same numbers about 2 times slower.")

        provenance = run_provenance(
            alg, installed, os.path.abspath(input_path) if isinstance(input_path, str) else stack.path, stack.sensor,
            stack.date, est.runtime, est.angle_quantization, landcover or "LANDCOVER band", encoding)
        provenance["LEAF_ALGORITHM_CHOICE"] = automatic_label(algorithm)
        provenance.update(metadata or {})
        writers, worker = None, None
        threads = max(1, int(threads or os.cpu_count() or 1))
        limits = GdalLimits(threads, GDAL_CACHE_BYTES)
        try:
            writers = EstimateWriters(output_path, qc_path, stack.width, stack.height, stack.geotransform,
                                      stack.projection, est.output_names, encoding, provenance, threads=threads,
                                      log=log, ranges=est.valid_ranges(), thresholds=est.thresholds)
            counts = {"pixels": 0, "estimated": 0, "out_of_domain": 0, "out_of_range": 0, "invalid": 0}
            units = stack.work_units(window_size)
            total = sum(len(u) for u in units)
            worker = _Worker(opener, alg, installed, variables, runtime, angle_quantization, angle_constants,
                             landcover, is_canceled)
            done = 0
            for _, results in ordered_map(worker, units, threads, is_canceled):
                for window, result in results:
                    writers.write(window, [result[n] for n in est.output_names], result["QC"])
                    count_qc(counts, result["QC"])
                    done += 1
                    progress(done / total)
            if is_canceled():
                raise Cancelled()
            writers.commit()
        except BaseException:
            if writers is not None:
                writers.abort()
            raise
        finally:
            for handle in (worker.opened if worker else []):
                handle.close()
            limits.restore()
    _say_when_empty(counts, input_path if isinstance(input_path, str) else stack.path, output_path, log)
    return {"OUTPUT": os.path.abspath(output_path), "QC": os.path.abspath(qc_path), "variables": variables,
            "algorithm": alg.id, "runtime": est.runtime, **counts}


def _say_when_empty(counts: dict, label: str, output_path: str, log: Callable[[str], None]):
    """An empty result is never given in silence: a warning says why no pixel was estimated."""
    if counts["estimated"] > 0:
        return
    if counts["pixels"] == 0:
        log(LeafWarning("No pixel of %s has data (every pixel is no data, NaN or outside the area), so the estimates "
                        "%s hold no value." % (label, output_path)))
    else:
        log(LeafWarning("No pixel of %s could be estimated: all %d pixels with data are invalid (MASK = 0, reflectance "
                        "outside -0.005-1.05, or a land-cover class without network; the QC band says which), so the "
                        "estimates %s hold no value." % (label, counts["pixels"], output_path)))


class _Worker:
    """Processes groups of windows (Scene.work_units) in worker threads: one Stack handle, land-cover reader
    and Estimator per thread (GDAL datasets and LiteRT interpreters must not be shared between threads)."""

    def __init__(self, opener, alg, installed, variables, runtime, angle_quantization, constants, landcover,
                 is_canceled=lambda: False):
        self.args = (opener, alg, installed, variables, runtime, angle_quantization, landcover)
        self.constants = constants
        self.is_canceled = is_canceled
        self.local = threading.local()
        self.opened = []
        self.lock = threading.Lock()

    def __call__(self, windows):
        st = self.local
        if not hasattr(st, "stack"):
            opener, alg, installed, variables, runtime, quant, landcover = self.args
            st.stack = opener()
            st.est = Estimator(alg, installed, variables, runtime=runtime, angle_quantization=quant)
            st.lc = _landcover_reader(st.stack, landcover) if alg.landcover is not None else None
            with self.lock:
                self.opened.append(st.stack)
        results = []
        for window in windows:
            if self.is_canceled():
                raise Cancelled()
            results.append((window, _process_window(st.stack, st.est.alg, st.est, window, self.constants, st.lc)))
        return results


def _landcover_reader(stack: Stack, landcover: Optional[str], log: Callable[[str], None] = lambda m: None):
    """A function window -> class array: the stack's LANDCOVER band, or a land-cover raster warped by
    nearest neighbour onto the stack's grid (a virtual warp, read by windows like the stack); a land cover
    without CRS or outside the stack is refused, one covering part of it is a warning (through `log`)."""
    if not landcover:
        return lambda window: stack.read("LANDCOVER", window)
    src = open_raster(landcover)
    landcover_coverage(src, stack, landcover, log)
    gt = stack.geotransform
    bounds = [gt[0], gt[3] + gt[5] * stack.height, gt[0] + gt[1] * stack.width, gt[3]]
    warped = gdal.Warp("", src, format="VRT", outputBounds=bounds, width=stack.width, height=stack.height,
                       dstSRS=stack.projection or None, resampleAlg="near", dstNodata=0)
    if warped is None:
        raise LeafError("The land-cover layer %s could not be resampled onto the grid of %s." % (landcover, stack.path))
    band = warped.GetRasterBand(1)

    def read(window):
        values = read_array(band, window, landcover).astype(np.float64)
        return values, np.ones(values.shape, dtype=bool)
    read.keep = (src, warped)
    return read


def _process_window(stack: Stack, alg: Algorithm, est: Estimator, window, constants, lc_reader=None):
    shape = (window[3], window[2])
    has_data = np.ones(shape, dtype=bool)
    reflectances = []
    for b in alg.bands:
        values, ok = stack.read(b, window)
        reflectances.append(values)
        has_data &= ok
    angles = {}
    for a in ("SZA", "VZA"):
        angles[a], ok = _angle(stack, a, window, constants, shape)
        has_data &= ok
    if stack.has("RAA") or ("RAA" in constants and not (stack.has("SAA") and stack.has("VAA"))):
        angles["RAA"], ok = _angle(stack, "RAA", window, constants, shape)
        has_data &= ok
    else:
        saa, ok1 = _angle(stack, "SAA", window, constants, shape)
        vaa, ok2 = _angle(stack, "VAA", window, constants, shape)
        angles["RAA"] = saa - vaa
        has_data &= ok1 & ok2
    valid = np.ones(shape, dtype=bool)
    if stack.has("MASK"):
        mask, ok = stack.read("MASK", window)
        valid = ok & (mask == 1)
    classes = None
    if lc_reader is not None:
        classes, ok = lc_reader(window)
        classes = np.where(ok, classes, 0)
    return est.run(angles, reflectances, has_data, valid, classes)
