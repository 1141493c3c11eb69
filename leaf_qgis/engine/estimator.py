"""Per-window SL2P: inputs in network order, input-domain flag, one fused network pass, range flags, QC byte.

QC bits (LEAF production layout, spec §3.3):
  1 (bit 0)  input out of the training domain (spec §3.1, toolbox digit rule)
  2 (bit 1)  a requested estimate outside its valid range (variables.py)
  4 (bit 2)  invalid pixel: MASK = 0, a reflectance outside [-0.005, 1.05], or (land-cover algorithms)
             a class with no network; its estimates are nodata
  8 (bit 3)  (SNAP-compatible algorithms) an estimate just outside SNAP's limits, set to the limit as SNAP
             does (SNAP's THRESHOLDED_TO_MIN/MAX_OUTPUT flags); for these algorithms bit 1 is SNAP's
             OUTPUT_TOO_LOW/HIGH, an estimate beyond the limits by more than SNAP's tolerance
Pixels without data in any input are nodata in every output (QC 255).
"""

from typing import Dict, List, Optional, Sequence

import numpy as np

from .algorithm import Algorithm
from .catalog import InstalledAlgorithm
from .runtime import make_runner
from .variables import VARIABLES

ANGLE_INPUTS_ORDER = ("cosVZA", "cosSZA", "cosRAA")

QC_DOMAIN = 1
QC_RANGE = 2
QC_INVALID = 4
QC_THRESHOLDED = 8
QC_NODATA = 255
REFLECTANCE_MIN = -0.005
REFLECTANCE_MAX = 1.05


def domain_codes(reflectances: Sequence[np.ndarray]) -> np.ndarray:
    """Domain code per pixel: digit i = ceil(10*rho_i) mod 10 (sign of the dividend, negatives clamped to 0).

    rho x 10 and ceil in float64 reproduce the GEE toolbox bit for bit (spec §3.1); the rest is integer.
    """
    code = np.zeros(np.shape(reflectances[0]), dtype=np.int64)
    for i, rho in enumerate(reflectances):
        c = np.ceil(np.asarray(rho, dtype=np.float64) * 10.0)
        ci = np.clip(c, -1, 32767).astype(np.int32)          # NaN never reaches here (no-data pixels are skipped)
        digit = np.where(ci < 0, 0, ci % 10)
        code += digit * (10 ** i)
    return code


def domain_flags(reflectances: Sequence[np.ndarray], codes: np.ndarray) -> np.ndarray:
    """True where the pixel's code is not one of the (sorted, unique) domain codes."""
    code = domain_codes(reflectances)
    idx = np.minimum(np.searchsorted(codes, code), codes.size - 1)
    return codes[idx] != code


def angle_cosines(sza, vza, raa, quantization: str = "none", raa_cast: str = "int16") -> List[np.ndarray]:
    """[cos VZA, cos SZA, cos RAA] from degrees.

    'none': full double precision (LEAF production). 'toolbox': the LEAF Toolbox's quantisation (spec §2.3):
    pi = 3.1415, cos x 10000 truncated toward zero and cast to uint16 (zeniths) or `raa_cast` (int16 for
    Sentinel-2, uint16 for Landsat/HLS, which turns every negative cos RAA into 0), then x 0.0001.
    """
    if quantization == "none":
        return [np.cos(np.radians(vza)), np.cos(np.radians(sza)), np.cos(np.radians(raa))]
    if quantization != "toolbox":
        raise ValueError("unknown angle quantization %r" % quantization)

    def q(deg, signed):
        c = np.trunc(np.cos(np.asarray(deg, dtype=np.float64) * 3.1415 / 180.0) * 10000.0)
        c = np.clip(c, -32768, 32767) if signed else np.clip(c, 0, 65535)
        return c * 0.0001
    return [q(vza, False), q(sza, False), q(raa, raa_cast == "int16")]


class EstimatorPlan:
    """What an algorithm computes for the requested variables, independent of where it runs: output names and
    their columns in the installed models, valid ranges, the input domain and the land-cover slot table.
    The local Estimator and the Earth Engine graph (leaf_qgis.gee.graph) both build on it.
    """

    def __init__(self, alg: Algorithm, installed: InstalledAlgorithm, variables: Optional[Sequence[str]] = None,
                 angle_quantization: Optional[str] = None):
        self.alg = alg
        self.installed = installed
        self.variables = [v for v in alg.variables if variables is None or v in variables]
        if not self.variables:
            raise ValueError("no variable to estimate")
        self.angle_quantization = angle_quantization or alg.angle_quantization
        self.slot_models = installed.slot_models
        self.domain = installed.domain()
        self.output_names = alg.output_names(self.variables)
        self.columns = [installed.outputs.index(n) for n in self.output_names]
        self.estimate_columns = [j for j, n in enumerate(self.output_names) if not n.endswith("_uncertainty")]
        # SNAP-compatible algorithms: per model, estimate column -> ExtremeCases rule
        self.output_rules = [{j: m["ranges"][self.output_names[j]]["snap_output_rule"] for j in self.estimate_columns
                              if "snap_output_rule" in m["ranges"].get(self.output_names[j], {})}
                             for m in installed.manifest["models"]]
        self.check_reflectance = alg.family != "SNAP"  # SNAP has no reflectance validity test
        # the range outside which an estimate sets QC bit 1: the variable's (variables.py), or for SNAP-compatible
        # algorithms SNAP's [min - tolerance, max + tolerance] (within it, SNAP sets the value to min or max)
        self.thresholds = {self.output_names[j]: (r["min"], r["max"]) for j, r in self.output_rules[0].items()} \
            if len(self.output_rules) == 1 else {}
        self._valid_min = np.array([self._range(self.output_names[j])[0] for j in self.estimate_columns], np.float32)
        self._valid_max = np.array([self._range(self.output_names[j])[1] for j in self.estimate_columns], np.float32)
        lc = alg.landcover
        if lc is not None:
            keys = sorted(lc.class_slots)
            self._lc_keys = np.array(keys, dtype=np.int64)
            self._lc_slots = np.array([-1 if k in lc.invalid_classes else lc.class_slots[k] for k in keys])

    def _range(self, name: str):
        rule = self.output_rules[0].get(self.output_names.index(name)) if len(self.output_rules) == 1 else None
        if rule is not None:
            tol = abs(float(rule["tolerance"]))
            return float(rule["min"]) - tol, float(rule["max"]) + tol
        return VARIABLES[name].valid_min, VARIABLES[name].valid_max

    def valid_ranges(self) -> Dict[str, tuple]:
        """{estimate name: (min, max)} outside which an estimate sets QC bit 1 (band VALID_MIN/VALID_MAX)."""
        return {self.output_names[j]: self._range(self.output_names[j]) for j in self.estimate_columns}

    def valid_range(self, j: int):
        """(min, max) of estimate column j (an index into estimate_columns), as float32 like the local check."""
        return float(self._valid_min[j]), float(self._valid_max[j])

    def landcover_table(self):
        """(class values, network slot per class, -1 = no network) of a land-cover algorithm."""
        return [int(k) for k in self._lc_keys], [int(s) for s in self._lc_slots]


class Estimator(EstimatorPlan):
    """An algorithm with its installed networks, evaluating the requested variables on pixel vectors.

    With land-cover networks, each pixel's class picks its network slot; pixels whose class maps to no
    slot (or is listed invalid) are flagged invalid rather than given a guessed network.
    """

    def __init__(self, alg: Algorithm, installed: InstalledAlgorithm, variables: Optional[Sequence[str]] = None,
                 runtime: Optional[str] = None, angle_quantization: Optional[str] = None):
        super().__init__(alg, installed, variables, angle_quantization)
        self.runners = [make_runner(installed.model_bytes(m), "%s model %d" % (alg.id, m), prefer=runtime)
                        for m in range(len(installed.manifest["models"]))]

    def _output_rules(self, model: int, y: np.ndarray) -> np.ndarray:
        """Apply SNAP's ExtremeCases thresholds in place; QC bit 1 where SNAP flags an output too low/high, bit 3
        where SNAP sets it to its minimum or maximum (THRESHOLDED_TO_MIN/MAX_OUTPUT)."""
        flags = np.zeros(y.shape[0], dtype=np.uint8)
        rules = self.output_rules[model]
        if rules:
            from .snap import (
                SNAP_FLAG_OUTPUT_TOO_HIGH,
                SNAP_FLAG_OUTPUT_TOO_LOW,
                SNAP_FLAG_THRESHOLDED_TO_MAX,
                SNAP_FLAG_THRESHOLDED_TO_MIN,
                snap_output_rule,
            )
            for j, rule in rules.items():
                y[:, j], f = snap_output_rule(y[:, j], rule)
                flags |= np.where(f & (SNAP_FLAG_OUTPUT_TOO_LOW | SNAP_FLAG_OUTPUT_TOO_HIGH), QC_RANGE, 0).astype(np.uint8)
                flags |= np.where(f & (SNAP_FLAG_THRESHOLDED_TO_MIN | SNAP_FLAG_THRESHOLDED_TO_MAX), QC_THRESHOLDED,
                                  0).astype(np.uint8)
        return flags

    @property
    def runtime(self) -> str:
        return self.runners[0].name

    def slots_of(self, landcover: np.ndarray) -> np.ndarray:
        """Network slot per pixel from land-cover classes; -1 where the class has no network."""
        cls = np.asarray(landcover, dtype=np.int64)
        idx = np.clip(np.searchsorted(self._lc_keys, cls), 0, len(self._lc_keys) - 1)
        return np.where(self._lc_keys[idx] == cls, self._lc_slots[idx], -1)

    def domain_flags(self, reflectances: Sequence[np.ndarray]) -> np.ndarray:
        if self.domain["type"] == "codes":
            return domain_flags(reflectances, np.asarray(self.domain["codes"], dtype=np.int64))
        from .snap import snap_domain_flags
        return snap_domain_flags(self.domain, reflectances)

    def run(self, angles: Dict[str, np.ndarray], reflectances: Sequence[np.ndarray], has_data: np.ndarray,
            valid: np.ndarray, landcover: Optional[np.ndarray] = None) -> Dict[str, np.ndarray]:
        """Outputs for one window: float32 arrays named like output_names (NaN = nodata) and 'QC' (uint8).

        angles has SZA, VZA, RAA in degrees; reflectances are float64 arrays in network band order;
        has_data marks pixels with every input present, valid those the user's MASK keeps; landcover
        holds the class per pixel for land-cover algorithms.
        """
        shape = has_data.shape
        good = has_data & valid
        if self.check_reflectance:
            for rho in reflectances:
                good &= (rho >= REFLECTANCE_MIN) & (rho <= REFLECTANCE_MAX)
        if self.alg.landcover is not None:
            slots = self.slots_of(landcover)
            good &= slots >= 0
        qc = np.where(has_data, np.where(good, 0, QC_INVALID), QC_NODATA).astype(np.uint8).ravel()
        sel = good.ravel()
        n = int(sel.sum())
        n_out = len(self.output_names)
        if n == 0:
            nan = np.full(shape, np.nan, dtype=np.float32)
            return dict({name: nan for name in self.output_names}, QC=qc.reshape(shape))
        every = n == sel.size

        def pick(a):
            a = np.asarray(a).ravel()
            return a if every else a[sel]

        sel_refl = [pick(r) for r in reflectances]
        flags = np.zeros(n, dtype=np.uint8)
        if self.domain is not None:
            flags |= self.domain_flags(sel_refl).astype(np.uint8) * QC_DOMAIN
        cosines = angle_cosines(pick(angles["SZA"]), pick(angles["VZA"]), pick(angles["RAA"]),
                                self.angle_quantization, self.alg.toolbox_cos_raa)
        by_input = dict(zip(ANGLE_INPUTS_ORDER, cosines))
        x = np.empty((n, len(self.alg.inputs)), dtype=np.float32)
        for k, name in enumerate(self.alg.inputs):
            x[:, k] = by_input[name] if name in by_input else sel_refl[self.alg.bands.index(name)]
        if len(self.runners) == 1:
            y = self.runners[0].run(x)
            if self.columns != list(range(y.shape[1])):
                y = y[:, self.columns]
            flags |= self._output_rules(0, y)
        else:
            y = np.empty((n, n_out), dtype=np.float32)
            pixel_models = np.asarray(self.slot_models)[pick(slots)]
            for m, runner in enumerate(self.runners):
                chosen = pixel_models == m
                if chosen.any():
                    part = runner.run(x[chosen])[:, self.columns]
                    flags[chosen] |= self._output_rules(m, part)
                    y[chosen] = part
        est = y[:, self.estimate_columns]
        flags |= ((est < self._valid_min) | (est > self._valid_max)).any(axis=1).astype(np.uint8) * QC_RANGE
        if every:
            qc |= flags
            full = y
        else:
            qc[sel] |= flags
            full = np.full((sel.size, n_out), np.nan, dtype=np.float32)
            full[sel] = y
        out = {name: full[:, j].reshape(shape) for j, name in enumerate(self.output_names)}
        out["QC"] = qc.reshape(shape)
        return out
