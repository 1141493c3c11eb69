# SPDX-License-Identifier: GPL-2.0-or-later
"""Train SL2P-style networks for a user's own sensor: the engine behind `leaf:train`.

A band-response table (CSV: a wavelength column in nm, one column per band) and a calibration (the PROSAIL
input laws and the noise model; default: the SL2P Sentinel-2 calibration the bundled LEAF_QGIS_S2_* sets use,
shipped parsed in models/calibration/) -> PROSAIL simulations -> band reflectances through the responses ->
estimate and uncertainty networks per variable + input-domain codes -> an installable network set:

* ``<algorithms dir>/<id>.json``: the algorithm definition (family LEAF_QGIS_USER);
* ``<algorithms dir>/catalog/leaf_train_<id>.json``: catalog entries of its network files (``local``: read from
  beside the catalog, never downloaded);
* ``<algorithms dir>/networks/<id>/``: the networks as LEAF CSV tables, domain codes, training.json;
* ``<network cache>/<id>/``: the ready installed folder (manifest, fused model), so `leaf:estimate` uses it at once.

Everything is written to temporary folders first and renamed into place at the end: a cancel or an error
leaves nothing behind. prosail (and numba) are imported only when training starts.
"""

import csv
import datetime
import html
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from ..engine.errors import Cancelled, LeafError
from ..engine.notation import sha256_hex, stored
from ..resources import plugin_version, resource_dir
from .calibration import Calibration, parse_canopy_sheet, parse_sensor_sheet
from .responses import WAVELENGTHS
from .simulate import OUTPUT_VARIABLES, SPECTRA_SZA, Geometry

USER_FAMILY = "LEAF_QGIS_USER"
USER_ORIGIN = "trained by the user with leaf_qgis leaf:train (PROSAIL simulations; not the published LEAF networks)"
CATALOG_PREFIX = "leaf-train"
DEFAULT_CALIBRATION = "SL2P_S2_weiss_or_prosail.json"   # in models/calibration/
DEFAULT_VARIABLES = ("LAI", "fAPAR", "fCOVER")
TRAINABLE_VARIABLES = OUTPUT_VARIABLES                   # LAI, fAPAR, fCOVER, CCC, CWC, Albedo
# the SL2P Sentinel-2 ranges (spec §1.8), spectra simulated with the sun of the bundled networks (docs/training.md)
DEFAULT_GEOMETRY = Geometry((21.0, 70.0), (0.0, 17.0), spectra_sza=SPECTRA_SZA)
DEFAULT_SEED = 7
MIN_SIMULATIONS = 200
MAX_SIMULATIONS = 1_000_000
MAX_BANDS = 18               # the input-domain code has one decimal digit per band in a 64-bit integer
TAIL_TOLERANCE = 0.01        # share of a band's response allowed outside 400-2500 nm (dropped)
ESTIMATE_RESTARTS = 3        # as the bundled networks (train.train_set)
UNCERTAINTY_RESTARTS = 1
RESERVED_BANDS = ("SZA", "VZA", "SAA", "VAA", "RAA", "MASK", "LANDCOVER", "COSVZA", "COSSZA", "COSRAA")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
REFERENCES = ("Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1 (the SL2P recipe); "
              "Jacquemoud S. et al. (2009) PROSPECT + SAIL models: a review of use for vegetation characterization, "
              "Remote Sensing of Environment 113:S56-S66; PROSAIL via the prosail package (J. Gomez-Dans)")


# --------------------------------------------------------------------------------------------
# The band-response table
# --------------------------------------------------------------------------------------------

@dataclass
class ResponseTable:
    """Band responses of a sensor on the 1 nm grid WAVELENGTHS (400-2500 nm), in table order."""

    path: str
    sha256: str
    bands: Dict[str, np.ndarray]        # canonical band name (as in the stack) -> response on WAVELENGTHS
    headers: Dict[str, str]             # canonical band name -> the table's header
    dropped: Dict[str, float] = field(default_factory=dict)   # band -> share of its response outside 400-2500 nm

    @property
    def names(self) -> List[str]:
        return list(self.bands)


def _number(text: str) -> float:
    v = float(text.strip())
    if not np.isfinite(v):
        raise ValueError(text)
    return v


def read_responses(path: str) -> ResponseTable:
    """Read and check a response table; every problem is one LeafError sentence naming the file."""
    from ..engine.stack import canonical_band_name
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise LeafError("The response table %s could not be read: %s." % (path, e.strerror or e)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LeafError("The response table %s is not a UTF-8 text (CSV) file." % path) from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if len(lines) < 3:
        raise LeafError("The response table %s has fewer than two data rows." % path)
    delimiter = max(",;\t", key=lines[0].count)
    rows = list(csv.reader(lines, delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    wl_cols = [i for i, h in enumerate(header) if h.lower().replace(" ", "_").replace("(nm)", "").strip("_")
               in ("wavelength", "wavelength_nm", "wavelengths", "wl", "lambda", "nm")]
    if not wl_cols:
        raise LeafError("The response table %s has no wavelength column (a column named wavelength or "
                        "wavelength_nm, in nm); its columns are %s." % (path, ", ".join(header)))
    wi = wl_cols[0]
    band_cols = [i for i in range(len(header)) if i != wi]
    if not band_cols:
        raise LeafError("The response table %s has a wavelength column but no band column." % path)
    if len(band_cols) > MAX_BANDS:
        raise LeafError("The response table %s has %d bands; at most %d are supported (one input-domain digit per "
                        "band)." % (path, len(band_cols), MAX_BANDS))
    names, headers = [], {}
    for i in band_cols:
        if not header[i]:
            raise LeafError("The response table %s has a band column without a name (column %d)." % (path, i + 1))
        canon = canonical_band_name(header[i])
        if canon in RESERVED_BANDS:
            raise LeafError("The response table %s names a band %s, which is reserved for angles, MASK or "
                            "LANDCOVER; rename it." % (path, header[i]))
        if canon in headers:
            raise LeafError("The response table %s has two bands named %s." % (path, canon))
        names.append(canon)
        headers[canon] = header[i]
    wl, resp = [], []
    for k, r in enumerate(rows[1:], start=2):
        if len(r) != len(header):
            raise LeafError("The response table %s: line %d has %d values, the header %d." % (path, k, len(r), len(header)))
        try:
            wl.append(_number(r[wi]))
            resp.append([_number(r[i]) for i in band_cols])
        except ValueError:
            raise LeafError("The response table %s: line %d holds a value that is not a finite number." % (path, k)) \
                from None
    wl = np.asarray(wl)
    resp = np.asarray(resp)
    if np.any(np.diff(wl) <= 0):
        k = int(np.flatnonzero(np.diff(wl) <= 0)[0])
        raise LeafError("The response table %s: wavelengths must increase from row to row, but %g nm is followed by "
                        "%g nm." % (path, wl[k], wl[k + 1]))
    negative = [names[j] for j in range(len(names)) if np.any(resp[:, j] < 0)]
    if negative:
        raise LeafError("The response table %s has negative responses in band %s." % (path, ", ".join(negative)))
    zero = [names[j] for j in range(len(names)) if not np.any(resp[:, j] > 0)]
    if zero:
        raise LeafError("The response table %s: band %s is zero everywhere." % (path, ", ".join(zero)))
    # integrate on a fine grid spanning the table and PROSAIL's range, then keep the 400-2500 nm part
    lo, hi = min(wl[0], 400.0), max(wl[-1], 2500.0)
    fine = np.arange(np.floor(lo), np.ceil(hi) + 1.0)
    inside = (fine >= WAVELENGTHS[0]) & (fine <= WAVELENGTHS[-1])
    bands, dropped, outside = {}, {}, []
    for j, n in enumerate(names):
        curve = np.interp(fine, wl, resp[:, j], left=0.0, right=0.0)
        share = 1.0 - curve[inside].sum() / curve.sum() if curve.sum() > 0 else 1.0
        if curve[inside].sum() <= 0 or share > TAIL_TOLERANCE:
            outside.append("%s (%.0f %%)" % (n, 100.0 * share))
            continue
        if share > 0:
            dropped[n] = float(share)
        bands[n] = curve[inside]
    if outside:
        hint = " (the wavelengths look like micrometres; give them in nm)" if wl[-1] < 30 else ""
        raise LeafError("The response table %s has bands outside PROSAIL's 400-2500 nm range: %s of the response lies "
                        "outside%s." % (path, ", ".join(outside), hint))
    return ResponseTable(path, sha256_hex(data), bands, headers, dropped)


# --------------------------------------------------------------------------------------------
# The calibration
# --------------------------------------------------------------------------------------------

def default_calibration_path() -> str:
    return os.path.join(resource_dir("models"), "calibration", DEFAULT_CALIBRATION)


def load_calibration(path: Optional[str] = None) -> Calibration:
    """A calibration from a JSON file (Calibration.to_dict, as models/calibration/*.json), or from the CSV export
    of a workbook's Canopy_Atmos_Class_1 sheet, with its Sensor sheet beside it (…__Sensor.csv) for the noise
    model (else the default calibration's noise). None: the default (SL2P Sentinel-2) calibration."""
    path = path or default_calibration_path()
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise LeafError("The calibration %s could not be read: %s." % (path, e.strerror or e)) from None
    digest = stored(sha256_hex(data))
    if path.lower().endswith(".json"):
        try:
            cal = Calibration.from_dict(json.loads(data.decode("utf-8")))
        except (ValueError, KeyError, TypeError) as e:
            raise LeafError("The calibration %s is not a leaf_qgis calibration JSON file (%s)." % (path, e)) from None
        cal.source = dict(cal.source, **{os.path.basename(path): digest})
        return cal
    try:
        canopy = parse_canopy_sheet(data, path)
    except ValueError as e:
        raise LeafError("The calibration %s is not a Canopy_Atmos_Class_1 sheet: %s." % (path, e)) from None
    source = {os.path.basename(path): digest}
    sensor = re.sub(r"Canopy_Atmos_Class_1(\.csv)$", r"Sensor\1", path, flags=re.I)
    if sensor != path and os.path.isfile(sensor):
        with open(sensor, "rb") as f:
            sdata = f.read()
        try:
            noise = parse_sensor_sheet(sdata, sensor)
        except ValueError as e:
            raise LeafError("The sensor sheet %s beside the calibration could not be read: %s." % (sensor, e)) from None
        source[os.path.basename(sensor)] = stored(sha256_hex(sdata))
    else:
        noise = load_calibration().noise
    return Calibration(canopy["distributions"], canopy["n_sims"], noise, source)


# --------------------------------------------------------------------------------------------
# Where the set goes
# --------------------------------------------------------------------------------------------

def default_algorithms_dir() -> str:
    """$LEAF_QGIS_ALGORITHMS_DIR, else `algorithms` beside the default network cache (outside QGIS)."""
    from ..engine.algorithm import ENV_USER_ALGORITHMS
    from ..engine.catalog import default_cache_dir
    return os.environ.get(ENV_USER_ALGORITHMS) or os.path.join(os.path.dirname(default_cache_dir()), "algorithms")


def catalog_path(algorithms_dir: str, algorithm_id: str) -> str:
    return os.path.join(algorithms_dir, "catalog", "leaf_train_%s.json" % algorithm_id)


def check_target(algorithm_id: str, algorithms_dir: str, overwrite: bool):
    """Refuse an id that is not a plain file name, belongs to the plugin, or exists and may not be replaced."""
    from ..engine.algorithm import load_algorithms
    if not ID_PATTERN.match(algorithm_id or ""):
        raise LeafError("The algorithm id %r is not valid: use 1-80 letters, digits, '_', '-' or '.', starting with "
                        "a letter or digit." % algorithm_id)
    shipped = os.path.join(resource_dir("algorithms"), algorithm_id + ".json")
    if os.path.exists(shipped):
        raise LeafError("The algorithm id %s belongs to an algorithm shipped with the plugin; choose another id."
                        % algorithm_id)
    target = os.path.join(algorithms_dir, algorithm_id + ".json")
    existing = load_algorithms(extra_dirs=[algorithms_dir]).get(algorithm_id)
    if existing is not None and os.path.abspath(existing.path) != os.path.abspath(target):
        raise LeafError("An algorithm %s is already defined in %s; remove it or choose another id."
                        % (algorithm_id, existing.path))
    if not overwrite:
        for p in (target, catalog_path(algorithms_dir, algorithm_id), os.path.join(algorithms_dir, "networks",
                                                                                   algorithm_id)):
            if os.path.exists(p):
                raise LeafError("The algorithm %s exists already (%s); allow overwriting or choose another id."
                                % (algorithm_id, p))


def require_prosail():
    try:
        import numba  # noqa: F401
        import prosail  # noqa: F401
    except ImportError:
        raise LeafError("Training needs the Python packages prosail and numba, which are not installed: install the "
                        "optional package prosail (and numba) into the Python that runs QGIS.") from None


# --------------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------------

@dataclass
class TrainResult:
    algorithm_id: str
    definition: str          # the definition file
    networks_folder: str     # <algorithms dir>/networks/<id>
    installed_folder: str    # <cache>/<id>
    report: dict             # what training.json holds


def _fit_best(x, y, split, vid, seed, label, restarts, check):
    """train.fit_network start by start (the cancel is checked between starts); the best on validation wins,
    as fit_network(restarts=...) would choose."""
    from .train import fit_network
    best, scores = None, []
    for k in range(restarts):
        check()
        tn = fit_network(x, y, split, vid, seed, label, only_restart=k)
        scores.append(tn.report.validation_mse)
        if best is None or tn.report.validation_mse < best.report.validation_mse:
            best = tn
    best.restarts = scores
    return best


def train_sensor(responses: str, calibration: Optional[str] = None, algorithm_id: str = "", name: str = "",
                 sensors: Sequence[str] = (), resolution_m: float = 0.0,
                 variables: Sequence[str] = DEFAULT_VARIABLES, n_simulations: Optional[int] = None,
                 seed: int = DEFAULT_SEED, geometry: Geometry = DEFAULT_GEOMETRY,
                 algorithms_dir: Optional[str] = None, cache_dir: Optional[str] = None, overwrite: bool = False,
                 other_outputs: Sequence[str] = (),
                 progress: Callable[[float], None] = lambda f: None, is_canceled: Callable[[], bool] = lambda: False,
                 log: Callable[[str], None] = lambda m: None) -> TrainResult:
    """Simulate, train and install networks for the sensor whose band responses are in `responses` (CSV).

    `calibration`: a calibration JSON or Canopy_Atmos_Class_1 CSV (default: SL2P Sentinel-2); `sensors`: the
    LEAF_SENSOR values the algorithm accepts; `n_simulations`: default the calibration's plan (41 472 for SL2P).
    Raises LeafError for bad input and Cancelled when `is_canceled()` turns true (nothing is written then).
    No file it writes (the definition, catalog, networks folder, installed networks, `other_outputs` such as
    the report) may be, or lie inside, the responses or the calibration; replaced folders must not hold them."""
    from ..engine.algorithm import add_user_dir, algorithm_dirs, validate
    from ..engine.catalog import NetworkStore, default_cache_dir
    from ..engine.variables import VARIABLES

    t_start = time.time()

    def check():
        if is_canceled():
            raise Cancelled()

    algorithms_dir = algorithms_dir or default_algorithms_dir()
    cache_dir = cache_dir or default_cache_dir()
    requested = [str(v) for v in variables]
    unknown = [v for v in requested if v not in TRAINABLE_VARIABLES]
    variables = [v for v in VARIABLES if v in requested]
    if unknown or not variables:
        raise LeafError("Variables to train must be among %s (got %s)." % (", ".join(TRAINABLE_VARIABLES),
                                                                          ", ".join(unknown) or "none"))
    sensors = [s.strip().upper() for s in sensors if s and s.strip()]
    if not sensors or any(not re.match(r"^[A-Z0-9_.-]+$", s) for s in sensors):
        raise LeafError("Give the sensor as the LEAF_SENSOR value(s) its stacks carry, e.g. MYSAT or MYSAT1,MYSAT2 "
                        "(letters, digits, '_', '-', '.').")
    if not (isinstance(resolution_m, (int, float)) and resolution_m >= 0):
        raise LeafError("The resolution must be a non-negative number of metres.")
    check_target(algorithm_id, algorithms_dir, overwrite)
    from ..engine import paths
    replaced = [os.path.join(algorithms_dir, "networks", algorithm_id), NetworkStore(cache_dir).folder(algorithm_id)]
    paths.check_outputs([responses, calibration],
                        [os.path.join(algorithms_dir, algorithm_id + ".json"), catalog_path(algorithms_dir, algorithm_id)]
                        + replaced + list(other_outputs), replaced=replaced)
    for folder in replaced:
        if os.path.lexists(folder) and not NetworkStore.is_cache_entry(folder):
            raise LeafError("The folder %s is in the way of the networks of %s and was not made by leaf:train (no "
                            "manifest.json); move it away or choose another id." % (folder, algorithm_id))
    table = read_responses(responses)
    cal = load_calibration(calibration)
    n = int(n_simulations or cal.n_sims)
    if not MIN_SIMULATIONS <= n <= MAX_SIMULATIONS:
        raise LeafError("The number of simulations must be between %d and %d (got %d)." % (MIN_SIMULATIONS,
                                                                                            MAX_SIMULATIONS, n))
    try:
        cal.noise.for_bands(len(table.bands))
    except ValueError:
        raise LeafError("The calibration %s has a noise model for %d bands with different values, which cannot "
                        "serve the %d bands of %s." % (calibration, len(cal.noise.additive_dependent),
                                                       len(table.bands), responses)) from None
    for band, share in table.dropped.items():
        log("Band %s: %.2f %% of its response lies outside 400-2500 nm and is left out." % (band, 100 * share))
    require_prosail()
    check()

    from .bundle import write_bundle
    from .simulate import BandSource, network_inputs, simulate
    from .train import domain_code_list, evaluate, split_indices

    # 1. the calibration database (0-60 %)
    log("Simulating %d canopies with PROSAIL (%s bands: %s)..." % (n, len(table.bands), ", ".join(table.names)))

    def sim_progress(done, total):
        progress(0.6 * done / total)
        check()

    t0 = time.time()
    sim = simulate(cal, {"USER": table.bands}, geometry, n=n, seed=seed, jobs=1, chunk=max(128, min(1024, n // 40)),
                   progress=sim_progress)
    t_sim = time.time() - t0
    log("%d PROSAIL simulations in %.1f s." % (n, t_sim))
    x, _ = network_inputs(sim, [BandSource("USER", tuple(table.names))], cal.noise, seed, algorithm_id)

    # 2. the networks (60-95 %)
    t0 = time.time()
    split = split_indices(x.shape[0], seed, algorithm_id)
    nets, fits_done = {}, 0
    total_fits = len(variables) * (ESTIMATE_RESTARTS + UNCERTAINTY_RESTARTS)
    for v in variables:
        y = sim.variables[v]
        vid = VARIABLES[v].network_id
        est = _fit_best(x, y, split, vid, seed, "%s/%s/estimate" % (algorithm_id, v), ESTIMATE_RESTARTS, check)
        fits_done += ESTIMATE_RESTARTS
        progress(0.6 + 0.35 * fits_done / total_fits)
        residual = np.abs(evaluate(est.network, x) - y)
        err = _fit_best(x, residual, split, vid, seed, "%s/%s/uncertainty" % (algorithm_id, v),
                        UNCERTAINTY_RESTARTS, check)
        fits_done += UNCERTAINTY_RESTARTS
        progress(0.6 + 0.35 * fits_done / total_fits)
        nets[v] = {"estimate": est, "uncertainty": err}
        unit = "" if VARIABLES[v].unit == "1" else " " + VARIABLES[v].unit
        log("%s: held-out RMSE %.4g%s (bias %.3g), uncertainty network RMSE %.4g; %d epochs (%s)." % (
            v, est.test_rmse, unit, est.test_bias, err.test_rmse, est.report.epochs, est.report.stop))
    t_train = time.time() - t0
    codes = domain_code_list(x[:, 3:])
    check()

    # 3. the set, staged then renamed into place
    trained = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    responses_info = {"file": os.path.basename(table.path), "sha256": table.sha256,
                      "bands": {b: table.headers[b] for b in table.names}}
    report = {
        "algorithm": algorithm_id, "origin": USER_ORIGIN, "trained": trained, "plugin": plugin_version(),
        "seed": int(seed), "pipeline": "leaf:train", "simulations": n, "simulation": sim.info,
        "calibration": {"file": calibration or DEFAULT_CALIBRATION, "files": cal.source,
                        "noise": cal.noise.for_bands(len(table.names)).__dict__},
        "responses": responses_info, "inputs": ["cosVZA", "cosSZA", "cosRAA"] + table.names,
        "split": {k: int(v.size) for k, v in split.items()}, "domain_codes": len(codes),
        "seconds": {"simulation": round(t_sim, 2), "training": round(t_train, 2)},
        "networks": {v: {role: {"restart": tn.restart, "epochs": tn.report.epochs, "stop": tn.report.stop,
                                "validation_mse_normalised": round(tn.report.validation_mse, 8),
                                "test_rmse": round(tn.test_rmse, 6), "test_bias": round(tn.test_bias, 6)}
                         for role, tn in nets[v].items()} for v in variables},
    }
    definition = {
        "schema": 1, "id": algorithm_id, "name": name or "%s (trained with leaf:train)" % algorithm_id,
        "description": "Networks trained by the user with leaf_qgis leaf:train from %d PROSAIL simulations following "
                       "the SL2P recipe (5 tansig neurons per variable, uncertainty networks on the absolute "
                       "residuals), for the band responses of %s." % (n, os.path.basename(table.path)),
        "family": USER_FAMILY, "version": "user", "sensors": sensors, "resolution_m": float(resolution_m),
        "inputs": ["cosVZA", "cosSZA", "cosRAA"] + table.names, "variables": variables,
        "toolbox_cos_raa": "int16",
        "provenance": {"origin": USER_ORIGIN, "seed": str(seed), "simulations": str(n), "trained": trained,
                       "responses": "%s sha256 %s" % (os.path.basename(table.path), table.sha256),
                       "calibration": ", ".join("%s %s" % kv for kv in sorted(cal.source.items())),
                       "reference": REFERENCES},
    }
    stage = paths.temporary_dir(algorithms_dir, "leaf-train-" + algorithm_id, "stage", log)
    try:
        stage_cache = paths.temporary_dir(cache_dir, algorithm_id, "stage", log)
    except BaseException:
        paths.discard(stage)
        raise
    moved = []
    try:
        entries = write_bundle(definition, {v: nets[v]["estimate"].network for v in variables},
                               {v: nets[v]["uncertainty"].network for v in variables}, codes,
                               os.path.join(stage, "networks"), stage, report, catalog_prefix=CATALOG_PREFIX)
        folder = os.path.join(stage, "networks", algorithm_id)
        for e in entries:   # this set lives in the user's folder: local entries, not bundled with the plugin
            e.update(source="local@leaf-train", path="networks/" + e["path"], bundled=False, local=True,
                     license="the user's own networks (trained with leaf_qgis)",
                     description="%s of %s, trained with leaf:train (PROSAIL simulations, seed %s)" % (
                         e["kind"], algorithm_id, seed))
        with open(os.path.join(stage, "catalog.json"), "w", encoding="utf-8") as f:
            json.dump({"schema": 1, "about": "Networks trained with leaf_qgis leaf:train, stored in networks/ "
                                             "beside this catalog folder.", "entries": entries}, f, indent=1)
        with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        manifest.update(origin=USER_ORIGIN, installed=trained, plugin_version=plugin_version(),
                        training=dict(manifest.get("training", {}), responses={"file": responses_info["file"],
                                                                               "sha256": table.sha256},
                                      trained_with="leaf:train"))
        final_networks = os.path.join(algorithms_dir, "networks", algorithm_id)
        for s, e in zip(manifest["sources"], entries):
            s.update(url=os.path.join(algorithms_dir, e["path"]), origin=final_networks)
        with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=1)
        with open(os.path.join(stage, algorithm_id + ".json"), encoding="utf-8") as f:
            validate(json.load(f), algorithm_id)
        installed = os.path.join(stage_cache, algorithm_id)
        shutil.copytree(folder, installed)
        check()
        # publish: the networks first, the definition last (a reader never sees a definition without networks)
        final_cache = NetworkStore(cache_dir).folder(algorithm_id)
        final_catalog = catalog_path(algorithms_dir, algorithm_id)
        final_definition = os.path.join(algorithms_dir, algorithm_id + ".json")
        os.makedirs(os.path.dirname(final_networks), exist_ok=True)
        os.makedirs(os.path.dirname(final_catalog), exist_ok=True)
        for src, dst in ((installed, final_cache), (folder, final_networks),
                         (os.path.join(stage, "catalog.json"), final_catalog),
                         (os.path.join(stage, algorithm_id + ".json"), final_definition)):
            old = None
            if os.path.exists(dst):
                old = os.path.join(stage if dst != final_cache else stage_cache, ".old-" + os.path.basename(dst))
                os.replace(dst, old)
            os.replace(src, dst)
            paths.keep(dst)
            moved.append((dst, old))
    except BaseException:
        for dst, old in reversed(moved):   # put back what was there
            if os.path.isdir(dst):
                shutil.rmtree(dst, ignore_errors=True)
            elif os.path.exists(dst):
                os.remove(dst)
            if old:
                os.replace(old, dst)
        raise
    finally:
        paths.discard(stage)
        paths.discard(stage_cache)
    if os.path.abspath(algorithms_dir) not in [os.path.abspath(d) for d in algorithm_dirs()]:
        add_user_dir(algorithms_dir)   # usable at once in this session
    progress(1.0)
    log("Installed %s: definition %s, networks %s (%.0f s in all)." % (algorithm_id, final_definition,
                                                                       final_cache, time.time() - t_start))
    return TrainResult(algorithm_id, final_definition, final_networks, final_cache, report)


# --------------------------------------------------------------------------------------------
# The training report
# --------------------------------------------------------------------------------------------

def report_rows(report: dict) -> List[List[str]]:
    from ..engine.variables import VARIABLES
    rows = []
    for v, roles in report["networks"].items():
        est, err = roles["estimate"], roles["uncertainty"]
        rows.append([v, VARIABLES[v].unit, "%.4g" % est["test_rmse"], "%.3g" % est["test_bias"],
                     "%.4g" % err["test_rmse"], "%d (%s)" % (est["epochs"], est["stop"])])
    return rows


REPORT_HEADER = ["variable", "unit", "held-out RMSE", "held-out bias", "uncertainty network RMSE", "epochs (stop)"]


def report_text(result: TrainResult, folder_label: str = "") -> str:
    r = result.report
    lines = ["leaf:train report: %s" % result.algorithm_id,
             "definition: %s" % result.definition, "networks: %s" % result.networks_folder,
             "installed: %s" % result.installed_folder,
             "band responses: %s (sha256 %s), bands %s" % (r["responses"]["file"], r["responses"]["sha256"],
                                                           ", ".join(r["inputs"][3:])),
             "calibration: %s" % ", ".join("%s (%s)" % kv for kv in sorted(r["calibration"]["files"].items())),
             "simulations: %d (seed %d; %d training, %d validation, %d held-out rows), %d input-domain codes" % (
                 r["simulations"], r["seed"], r["split"]["train"], r["split"]["validation"], r["split"]["test"],
                 r["domain_codes"]),
             "time: simulation %.1f s, training %.1f s" % (r["seconds"]["simulation"], r["seconds"]["training"]),
             "", "\t".join(REPORT_HEADER)]
    lines += ["\t".join(row) for row in report_rows(r)]
    lines += ["", r["origin"] + ".", REFERENCES + "."]
    return "\n".join(lines) + "\n"


def report_html(result: TrainResult) -> str:
    r = result.report
    esc = html.escape
    head = "".join("<th>%s</th>" % esc(h) for h in REPORT_HEADER)
    body = "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % esc(c) for c in row) for row in report_rows(r))
    facts = [("Algorithm id", result.algorithm_id), ("Definition", result.definition),
             ("Networks", result.networks_folder), ("Installed in", result.installed_folder),
             ("Band responses", "%s (sha256 %s)" % (r["responses"]["file"], r["responses"]["sha256"])),
             ("Network inputs", ", ".join(r["inputs"])),
             ("Calibration", ", ".join("%s (%s)" % kv for kv in sorted(r["calibration"]["files"].items()))),
             ("Simulations", "%d PROSAIL canopies, seed %d; rows %d training / %d validation / %d held-out" % (
                 r["simulations"], r["seed"], r["split"]["train"], r["split"]["validation"], r["split"]["test"])),
             ("Input-domain codes", str(r["domain_codes"])),
             ("Time", "simulation %.1f s, training %.1f s" % (r["seconds"]["simulation"], r["seconds"]["training"])),
             ("Trained", "%s, leaf_qgis %s" % (r["trained"], r["plugin"]))]
    dl = "".join("<tr><th style='text-align:left'>%s</th><td>%s</td></tr>" % (esc(k), esc(v)) for k, v in facts)
    return ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>leaf:train %s</title></head><body>"
            "<h1>leaf:train: %s</h1><table>%s</table><h2>Held-out statistics</h2>"
            "<table border='1' cellpadding='4' style='border-collapse:collapse'><tr>%s</tr>%s</table>"
            "<p>RMSE and bias on the %d held-out simulations (15 %%), in the variable's unit; the uncertainty network "
            "predicts the estimate's absolute error.</p><p>%s.</p><p>%s.</p></body></html>\n") % (
        esc(result.algorithm_id), esc(result.algorithm_id), dl, head, body, r["split"]["test"], esc(r["origin"]),
        esc(REFERENCES))


def write_report(path: str, result: TrainResult):
    """The report as HTML (.htm/.html) or plain text (anything else), written to a temporary file then renamed."""
    from ..engine import paths
    text = report_html(result) if path.lower().endswith((".html", ".htm")) else report_text(result)
    folder = os.path.dirname(os.path.abspath(path))
    tmp = paths.temporary_file(folder, os.path.basename(path), "partial")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        paths.commit(tmp, path)
    finally:
        paths.discard(tmp)


# --------------------------------------------------------------------------------------------
# The shipped default calibration
# --------------------------------------------------------------------------------------------

def calibration_json(shared: str, workbook: str = "Sentinel2__s2_sl2p_weiss_or_prosail") -> str:
    """The JSON text of models/calibration/<DEFAULT_CALIBRATION>, parsed from the workbook's CSV sheets in
    <shared>/spec/calibration (how the shipped file was made; the plugin reads only the JSON)."""
    from .calibration import calibration_paths, read_calibration
    paths = calibration_paths(os.path.join(shared, "spec", "calibration"), workbook)
    if paths is None:
        raise LeafError("The calibration sheets of %s are not in %s/spec/calibration." % (workbook, shared))
    d = read_calibration(*paths).to_dict()
    d["about"] = ("SL2P calibration (%s): PROSAIL input laws and noise model parsed by "
                  "leaf_qgis.training.calibration from the LEAF Toolbox workbook; the bundled LEAF_QGIS_S2_* sets and "
                  "leaf:train's default use it." % workbook)
    return json.dumps(d, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":   # python -m leaf_qgis.training.usertrain <shared folder>: rewrite the shipped calibration
    import sys
    out = default_calibration_path()
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(calibration_json(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(
            os.path.dirname(resource_dir("models"))), "shared")))
    print(out)
