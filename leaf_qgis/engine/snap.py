"""ESA SNAP biophysical-processor coefficients (S2ToolBox "SL2P" 2.1 and 3.0) as plugin networks.

SNAP's biophysical processor (s2tbx `s2tbx-biophysical`, later the optical toolbox `opttbx-biophysical`)
keeps one folder of small comma-separated text files per variable, e.g. ``auxdata/2_1/LAI/LAI_<kind>``:

=====================  =========================  ====================================================
file suffix            catalog role               content
=====================  =========================  ====================================================
Normalisation          normalisation              n_in rows "xmin,xmax", inputs in SNAP order (bands,
                                                  then cos VZA, cos SZA, cos RAA)
Denormalisation        denormalisation            one row "ymin,ymax"
Weights_Layer1_Neurons l1_weights                 n_hidden rows of n_in weights
Weights_Layer1_Bias    l1_bias                    one row of n_hidden biases
Weights_Layer2_Neurons l2_weights                 one row of n_hidden weights
Weights_Layer2_Bias    l2_bias                    one value
ExtremeCases           extreme_cases              one row "tolerance,output_min,output_max"
DefinitionDomain_MinMax domain_minmax             two rows (band minima, band maxima), one column per band
DefinitionDomain_Grid  domain_grid                rows of integer cell indices (1..10), one column per band
=====================  =========================  ====================================================

The network is the same single-hidden-layer tansig/linear net as SL2P (spec §1.3):
  x' = 2 (x - xmin) / (xmax - xmin) - 1;  h = tanh(W1 x' + b1);  y' = w2 . h + b2;
  y = 0.5 (y' + 1) (ymax - ymin) + ymin.
Both scalings are min/max (MATLAB mapminmax) scalings, so they become the Network's slope/offset pairs
exactly and the fused TFLite path runs SNAP networks unchanged.

SNAP's checks around the network (BiophysicalAlgo), reproduced here:

* Input check ("definition domain", per variable): a pixel is INPUT_OUT_OF_RANGE when any band is below
  its MinMax minimum or above its maximum, or when its grid cell
  floor(10 (rho - min) / (max - min) + 1), per band, is not one of the rows of the Grid file. Only the
  bands are checked, never the angles. SNAP still runs the network and writes its output for such
  pixels (the flag is informative only). Where a variable has no domain files (2.1 FCOVER), SNAP
  never sets the flag.
* Output rule ("extreme cases", per variable) with tol = |tolerance| (2.1 files store it negative,
  3.0 files mostly positive; SNAP takes the absolute value), lo = output_min, hi = output_max:
    y <  lo - tol            -> value kept, OUTPUT_TOO_LOW
    lo - tol < y < lo        -> value set to lo, OUTPUT_THRESHOLDED_TO_MIN_OUTPUT
    hi < y < hi + tol        -> value set to hi, OUTPUT_THRESHOLDED_TO_MAX_OUTPUT
    y >  hi + tol            -> value kept, OUTPUT_TOO_HIGH
  otherwise (including the exact boundaries lo - tol and hi + tol, and NaN) the value and flags are
  unchanged. The flags are bits of SNAP's `<variable>_flags` band (see SNAP_FLAG_*).

Units: SNAP's own band metadata labels LAI_Cab "g/cm2" and LAI_Cw "g/m2"; both labels are wrong. The
networks output LAI x Cab with Cab in ug/cm2 (PROSPECT's unit; ExtremeCases cap 600), i.e. canopy
chlorophyll in ug/cm2 of ground (divide by 100 for g/m2), and LAI x Cw with Cw in g/cm2 (cap 0.55),
i.e. canopy water in g/cm2 of ground (multiply by 1e4 for g/m2). These are the plugin's CCC (ug/cm2)
and CWC (g/cm2) units, so no conversion is applied.
"""

from typing import Dict, Optional, Sequence, Tuple

import numpy as np

from .networks import Network

# SNAP variable name -> (plugin variable name, network / variable ID in variables.py)
SNAP_VARIABLES = {
    "LAI": ("LAI", 1),
    "FAPAR": ("fAPAR", 2),
    "FCOVER": ("fCOVER", 3),
    "LAI_Cab": ("CCC", 4),
    "LAI_Cw": ("CWC", 5),
}

# catalog role -> SNAP file suffix (<variable>_<suffix>)
ROLE_FILES = {
    "normalisation": "Normalisation",
    "denormalisation": "Denormalisation",
    "l1_weights": "Weights_Layer1_Neurons",
    "l1_bias": "Weights_Layer1_Bias",
    "l2_weights": "Weights_Layer2_Neurons",
    "l2_bias": "Weights_Layer2_Bias",
    "extreme_cases": "ExtremeCases",
    "domain_minmax": "DefinitionDomain_MinMax",
    "domain_grid": "DefinitionDomain_Grid",
}
NETWORK_ROLES = ("normalisation", "denormalisation", "l1_weights", "l1_bias", "l2_weights", "l2_bias")
DOMAIN_ROLES = ("domain_minmax", "domain_grid")

# bits of SNAP's per-variable flag band (BiophysicalFlag bit indices 0..4)
SNAP_FLAG_INPUT_OUT_OF_RANGE = 1
SNAP_FLAG_THRESHOLDED_TO_MIN = 2
SNAP_FLAG_THRESHOLDED_TO_MAX = 4
SNAP_FLAG_OUTPUT_TOO_LOW = 8
SNAP_FLAG_OUTPUT_TOO_HIGH = 16

# grid cells are encoded as base-GRID_BASE integers; in-range inputs fall in cells 1..11
_GRID_BASE = 12


def snap_variable(name: str) -> Tuple[str, str, int]:
    """(SNAP name, plugin name, variable ID) for a SNAP ('LAI_Cab') or plugin ('CCC') variable name."""
    key = str(name).strip().lower()
    for snap_name, (leaf_name, vid) in SNAP_VARIABLES.items():
        if key in (snap_name.lower(), leaf_name.lower()):
            return snap_name, leaf_name, vid
    raise ValueError("%r is not a SNAP biophysical variable (known: %s)" % (name, ", ".join(SNAP_VARIABLES)))


# --------------------------------------------------------------------------------------------
# Reading the coefficient files
# --------------------------------------------------------------------------------------------

def read_table(data: bytes, source: str, role: str) -> np.ndarray:
    """One SNAP coefficient file as a float64 [rows, columns] array (comma-separated numbers per line).

    Trailing empty lines are ignored; an empty line inside, an empty field, a non-number or rows of
    different lengths raise ValueError naming the source, the file role and the line.
    """
    what = "%s (%s file)" % (source, role)
    if not isinstance(data, (bytes, bytearray)):
        raise ValueError("%s: no data" % what)
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("%s is not a text file" % what) from None
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise ValueError("%s is empty" % what)
    rows = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            raise ValueError("%s has an empty line %d" % (what, n))
        fields = line.split(",")
        try:
            rows.append([float(f) for f in fields])
        except ValueError:
            raise ValueError("%s has a field that is not a number on line %d" % (what, n)) from None
        if len(rows[-1]) != len(rows[0]):
            raise ValueError("%s has %d values on line %d but %d on line 1"
                             % (what, len(rows[-1]), n, len(rows[0])))
    table = np.array(rows, dtype=np.float64)
    if not np.all(np.isfinite(table)):
        raise ValueError("%s holds NaN or infinite values" % what)
    return table


def _need(blobs: Dict[str, bytes], role: str, source: str) -> bytes:
    if role not in blobs:
        raise ValueError("%s has no %s file (SNAP's *_%s)" % (source, role, ROLE_FILES[role]))
    return blobs[role]


def _shape(table: np.ndarray, rows: Optional[int], cols: Optional[int], source: str, role: str, what: str):
    if (rows is not None and table.shape[0] != rows) or (cols is not None and table.shape[1] != cols):
        raise ValueError("%s (%s file) has %d x %d values but should hold %s"
                         % (source, role, table.shape[0], table.shape[1], what))


def read_snap_network(blobs: Dict[str, bytes], variable: str, source: str) -> Dict[int, Network]:
    """{variable ID: Network} from the coefficient files of one SNAP variable, keyed by catalog role.

    Hidden weights keep SNAP's input order (bands, cos VZA, cos SZA, cos RAA); the input normalisation
    becomes inp_slope = 2 / (xmax - xmin), inp_offset = -2 xmin / (xmax - xmin) - 1, and the output
    denormalisation out_slope = 2 / (ymax - ymin), out_bias = -2 ymin / (ymax - ymin) - 1, so that
    Network's y = (y' - out_bias) / out_slope equals SNAP's 0.5 (y' + 1) (ymax - ymin) + ymin.
    """
    _, _, vid = snap_variable(variable)
    t = {role: read_table(_need(blobs, role, source), source, role) for role in NETWORK_ROLES}
    norm, denorm = t["normalisation"], t["denormalisation"]
    _shape(norm, None, 2, source, "normalisation", "one 'min,max' row per input")
    n_in = norm.shape[0]
    w1 = t["l1_weights"]
    _shape(w1, None, n_in, source, "l1_weights", "one row of %d weights (one per input) per hidden neuron" % n_in)
    n_h = w1.shape[0]
    _shape(t["l1_bias"], 1, n_h, source, "l1_bias", "one row of %d hidden biases" % n_h)
    _shape(t["l2_weights"], 1, n_h, source, "l2_weights", "one row of %d output weights" % n_h)
    _shape(t["l2_bias"], 1, 1, source, "l2_bias", "one output bias")
    _shape(denorm, 1, 2, source, "denormalisation", "one 'min,max' row")
    if n_in < 2:
        raise ValueError("%s (normalisation file) lists %d input, too few for a network" % (source, n_in))
    xmin, xmax = norm[:, 0], norm[:, 1]
    if np.any(xmax <= xmin):
        bad = int(np.argmax(xmax <= xmin)) + 1
        raise ValueError("%s (normalisation file) has a minimum not below its maximum on line %d" % (source, bad))
    ymin, ymax = float(denorm[0, 0]), float(denorm[0, 1])
    if not ymax > ymin:
        raise ValueError("%s (denormalisation file) has a minimum not below its maximum" % source)
    if "extreme_cases" in blobs:  # validated here so that a broken file fails at install time
        read_snap_output_rule(blobs, source)
    span = xmax - xmin
    yspan = ymax - ymin
    net = Network(vid, 2.0 / span, -2.0 * xmin / span - 1.0, w1.copy(), t["l1_bias"][0].copy(),
                  t["l2_weights"][0].copy(), float(t["l2_bias"][0, 0]), 2.0 / yspan, -2.0 * ymin / yspan - 1.0)
    return {vid: net}


def read_snap_output_rule(blobs: Dict[str, bytes], source: str) -> dict:
    """SNAP's ExtremeCases of one variable: {'tolerance': |t|, 'min', 'max', 'tolerance_in_file': t}."""
    t = read_table(_need(blobs, "extreme_cases", source), source, "extreme_cases")
    _shape(t, 1, 3, source, "extreme_cases", "one 'tolerance,output_min,output_max' row")
    tol, lo, hi = (float(v) for v in t[0])
    if not hi > lo:
        raise ValueError("%s (extreme_cases file) has an output minimum not below its maximum" % source)
    return {"tolerance": abs(tol), "min": lo, "max": hi, "tolerance_in_file": tol}


def read_snap_domain(blobs: Dict[str, bytes], source: str) -> dict:
    """SNAP's definition domain as JSON-able data: {'type': 'snap', 'min', 'max', 'grid', 'source'}.

    'min'/'max' are the per-band bounds of DefinitionDomain_MinMax; 'grid' the integer rows of
    DefinitionDomain_Grid (None when only the MinMax file is given: SNAP then checks the bounds only).
    """
    mm = read_table(_need(blobs, "domain_minmax", source), source, "domain_minmax")
    _shape(mm, 2, None, source, "domain_minmax", "two rows (band minima, band maxima)")
    lo, hi = mm[0], mm[1]
    if np.any(hi <= lo):
        raise ValueError("%s (domain_minmax file) has a band minimum not below its maximum (band %d)"
                         % (source, int(np.argmax(hi <= lo)) + 1))
    grid = None
    if "domain_grid" in blobs:
        g = read_table(blobs["domain_grid"], source, "domain_grid")
        _shape(g, None, mm.shape[1], source, "domain_grid", "one column per band of the MinMax file (%d)" % mm.shape[1])
        if np.any(g != np.trunc(g)) or np.any(g < 0) or np.any(g >= _GRID_BASE):
            raise ValueError("%s (domain_grid file) holds values that are not grid cell indices 0..%d"
                             % (source, _GRID_BASE - 1))
        grid = g.astype(np.int64).tolist()
    return {"type": "snap", "source": source, "min": lo.tolist(), "max": hi.tolist(), "grid": grid}


# --------------------------------------------------------------------------------------------
# Applying SNAP's checks
# --------------------------------------------------------------------------------------------

def _codes(cells: np.ndarray) -> np.ndarray:
    """Base-12 integer code of each row of grid cell indices (cells: [n, bands], int64)."""
    code = np.zeros(cells.shape[0], dtype=np.int64)
    for j in range(cells.shape[1]):
        code = code * _GRID_BASE + cells[:, j]
    return code


def snap_grid_cells(spec: dict, reflectances: Sequence[np.ndarray]) -> np.ndarray:
    """SNAP's grid projection floor(10 (rho - min) / (max - min) + 1) per band: int64 [pixels, bands]."""
    lo = np.asarray(spec["min"], dtype=np.float64)
    hi = np.asarray(spec["max"], dtype=np.float64)
    x = np.stack([np.asarray(r, dtype=np.float64).ravel() for r in reflectances], axis=1)
    with np.errstate(invalid="ignore"):
        cells = np.floor(10.0 * (x - lo) / (hi - lo) + 1.0)
    return np.where(np.isfinite(cells), cells, -1).astype(np.int64)


def snap_domain_flags(spec: dict, reflectances: Sequence[np.ndarray]) -> np.ndarray:
    """True where SNAP would flag INPUT_OUT_OF_RANGE (reflectances: one array per band, SNAP band order).

    Out of range: any band outside [min, max] of the MinMax file (NaN counts as outside), or the
    pixel's grid cell (see snap_grid_cells) is not a row of the Grid file. SNAP (current optical
    toolbox) looks rows up as the concatenated decimal string of the cell indices; for cells 1..11
    that string identifies the cell row uniquely, so an exact row match is the same test.
    """
    lo = np.asarray(spec["min"], dtype=np.float64)
    hi = np.asarray(spec["max"], dtype=np.float64)
    if len(reflectances) != lo.size:
        raise ValueError("the SNAP domain %s has %d bands but %d reflectance arrays were given"
                         % (spec.get("source", ""), lo.size, len(reflectances)))
    shape = np.shape(reflectances[0])
    x = np.stack([np.asarray(r, dtype=np.float64).ravel() for r in reflectances], axis=1)
    inside = np.all((x >= lo) & (x <= hi), axis=1)
    if spec.get("grid") is not None and x.shape[0]:
        cells = snap_grid_cells(spec, reflectances)
        inside &= np.isin(_codes(np.clip(cells, 0, _GRID_BASE - 1)), _grid_codes(spec["grid"], lo.size))
    return (~inside).reshape(shape)


_GRID_CACHE: Dict[int, Tuple[list, np.ndarray]] = {}


def _grid_codes(grid: list, n_bands: int) -> np.ndarray:
    """Sorted codes of the grid rows, computed once per grid list (the estimator calls us per window)."""
    hit = _GRID_CACHE.get(id(grid))
    if hit is not None and hit[0] is grid:
        return hit[1]
    codes = np.unique(_codes(np.asarray(grid, dtype=np.int64).reshape(-1, n_bands)))
    if len(_GRID_CACHE) >= 8:
        _GRID_CACHE.clear()
    _GRID_CACHE[id(grid)] = (grid, codes)  # keeps `grid` alive, so its id cannot be reused meanwhile
    return codes


def snap_output_rule(values: np.ndarray, rule: dict) -> Tuple[np.ndarray, np.ndarray]:
    """SNAP's ExtremeCases rule on raw network outputs: (values after thresholding, SNAP flag bits, uint8).

    `rule` is read_snap_output_rule's dict. Values within the tolerance below the minimum or above the
    maximum are clamped to it (THRESHOLDED_TO_MIN / _MAX); values beyond the tolerance are kept and
    flagged OUTPUT_TOO_LOW / OUTPUT_TOO_HIGH; strict inequalities as in SNAP, NaN untouched.
    """
    y = np.array(values, dtype=np.float64, copy=True)
    tol, lo, hi = abs(float(rule["tolerance"])), float(rule["min"]), float(rule["max"])
    flags = np.zeros(y.shape, dtype=np.uint8)
    too_low = y < lo - tol
    to_min = (lo - tol < y) & (y < lo)
    to_max = (hi < y) & (y < hi + tol)
    too_high = y > hi + tol
    flags[too_low] |= SNAP_FLAG_OUTPUT_TOO_LOW
    flags[to_min] |= SNAP_FLAG_THRESHOLDED_TO_MIN
    flags[to_max] |= SNAP_FLAG_THRESHOLDED_TO_MAX
    flags[too_high] |= SNAP_FLAG_OUTPUT_TOO_HIGH
    y[to_min] = lo
    y[to_max] = hi
    return y.astype(np.result_type(np.asarray(values).dtype, np.float32)), flags
