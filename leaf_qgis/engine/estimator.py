"""Per-window SL2P: inputs in network order, input-domain flag, one fused network pass, range flags, QC byte.

QC bits (LEAF production layout, spec §3.3):
  1 (bit 0)  input out of the training domain (spec §3.1, toolbox digit rule)
  2 (bit 1)  a requested estimate outside its valid range (variables.py)
  4 (bit 2)  invalid pixel: MASK = 0, or a reflectance outside [-0.005, 1.05]; its estimates are nodata
Pixels without data in any input are nodata in every output (QC 255).
"""

from typing import Dict, List, Optional, Sequence

import numpy as np

from .algorithm import Algorithm
from .catalog import InstalledAlgorithm
from .runtime import make_runner
from .variables import VARIABLES

QC_DOMAIN = 1
QC_RANGE = 2
QC_INVALID = 4
QC_NODATA = 255
REFLECTANCE_MIN = -0.005
REFLECTANCE_MAX = 1.05


def domain_codes(reflectances: Sequence[np.ndarray]) -> np.ndarray:
    """Domain code per pixel: digit i = ceil(10*rho_i) mod 10 (sign of the dividend, negatives clamped to 0).

    Float64 and this order of operations reproduce the GEE toolbox bit for bit (spec §3.1).
    """
    code = np.zeros(np.shape(reflectances[0]), dtype=np.int64)
    for i, rho in enumerate(reflectances):
        digit = np.fmod(np.ceil(np.asarray(rho, dtype=np.float64) * 10.0), 10.0)
        code += np.clip(digit, 0, 9).astype(np.int64) * (10 ** i)
    return code


def domain_flags(reflectances: Sequence[np.ndarray], codes: np.ndarray) -> np.ndarray:
    """True where the pixel's code is not one of the domain codes."""
    return ~np.isin(domain_codes(reflectances), codes)


def angle_cosines(sza, vza, raa) -> List[np.ndarray]:
    """[cos VZA, cos SZA, cos RAA] in full double precision (LEAF production; spec §2.3)."""
    return [np.cos(np.radians(vza)), np.cos(np.radians(sza)), np.cos(np.radians(raa))]


class Estimator:
    """An algorithm with its installed networks, evaluating the requested variables on pixel vectors."""

    def __init__(self, alg: Algorithm, installed: InstalledAlgorithm, variables: Optional[Sequence[str]] = None,
                 runtime: Optional[str] = None):
        self.alg = alg
        self.variables = [v for v in alg.variables if variables is None or v in variables]
        if not self.variables:
            raise ValueError("no variable to estimate")
        self.runner = make_runner(installed.model_bytes(0), alg.id, prefer=runtime)
        self.codes = installed.domain_codes()
        self.columns = [installed.outputs.index(n) for v in self.variables for n in (v, v + "_uncertainty")]
        self.output_names = [n for v in self.variables for n in (v, v + "_uncertainty")]

    def run(self, cosines: Sequence[np.ndarray], reflectances: Sequence[np.ndarray], has_data: np.ndarray,
            valid: np.ndarray) -> Dict[str, np.ndarray]:
        """Outputs for one window: float32 arrays named like output_names (NaN = nodata) and 'QC' (uint8).

        cosines/reflectances are float64 arrays in network order; has_data marks pixels with every
        input present, valid those the user's MASK keeps.
        """
        shape = has_data.shape
        qc = np.full(shape, QC_NODATA, dtype=np.uint8)
        out = {n: np.full(shape, np.nan, dtype=np.float32) for n in self.output_names}
        in_range = np.ones(shape, dtype=bool)
        for rho in reflectances:
            in_range &= (rho >= REFLECTANCE_MIN) & (rho <= REFLECTANCE_MAX)
        good = has_data & valid & in_range
        qc[has_data] = 0
        qc[has_data & ~good] = QC_INVALID
        if not good.any():
            return dict(out, QC=qc)
        sel_refl = [r[good] for r in reflectances]
        if self.codes is not None:
            qc[good] |= np.where(domain_flags(sel_refl, self.codes), QC_DOMAIN, 0).astype(np.uint8)
        x = np.stack([c[good] for c in cosines] + sel_refl, axis=1).astype(np.float32)
        y = self.runner.run(x)[:, self.columns]
        out_of_range = np.zeros(x.shape[0], dtype=bool)
        for j, name in enumerate(self.output_names):
            out[name][good] = y[:, j]
            if j % 2 == 0:
                v = VARIABLES[name]
                out_of_range |= (y[:, j] < v.valid_min) | (y[:, j] > v.valid_max)
        qc[good] |= np.where(out_of_range, QC_RANGE, 0).astype(np.uint8)
        return dict(out, QC=qc)
