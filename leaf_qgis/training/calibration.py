"""SL2P calibration settings: the PROSAIL input distributions and the sensor noise model.

The LEAF networks were trained from Matlab parameter workbooks (SL2PD). Their sheets, saved as CSV, are
read here: `Canopy_Atmos_Class_1` gives each PROSAIL input's bounds, law (truncated normal or uniform),
mean/std, number of classes of the sampling plan and its co-distribution with LAI (bounds at LAI = 0
and at LAI = LAI_Conv); `Sensor` gives the reflectance noise per band. Nothing here needs prosail.
"""

import csv
import io
import os
from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional

from ..engine.notation import hex_of, sha256_hex, stored

# The PROSAIL inputs the SL2P recipe samples, with the row names the workbooks use.
VARIABLE_ROWS = {"LAI": "LAI", "ALA": "ALA", "HsD": "HsD", "N": "N", "Cab": "Cab", "Cdm": "Cdm", "Cw_Rel": "Cw_Rel",
                 "Cbp": "Cbp", "Bs": "Bs"}


@dataclass
class Distribution:
    """One sampled input: law on [lower, upper], classes of the orthogonal plan, co-distribution with LAI."""

    name: str
    lower: float
    upper: float
    p1: float            # mean (normal law); unused for the uniform law
    p2: float            # standard deviation (normal law)
    classes: int
    law: str             # 'normal' (truncated to [lower, upper]) or 'uniform'
    lai_conv: float      # LAI at which the bounds reach their converged values
    min_at_0: float
    max_at_0: float
    min_at_conv: float
    max_at_conv: float

    def bounds_at(self, lai):
        """(min, max) allowed at this LAI: linear from the LAI = 0 bounds to the LAI_Conv bounds, then constant."""
        import numpy as np
        f = np.clip(np.asarray(lai, dtype=np.float64) / self.lai_conv, 0.0, 1.0)
        return (self.min_at_0 + f * (self.min_at_conv - self.min_at_0),
                self.max_at_0 + f * (self.max_at_conv - self.max_at_0))


@dataclass
class NoiseModel:
    """SL2PD's noise: R* = R (1 + (MD_b + MI)/100) + AD_b + AI, each term a zero-mean Gaussian draw whose
    standard deviation is the sheet's value; AD/MD are drawn per band, AI/MI once per spectrum."""

    additive_dependent: List[float]        # AD per band (reflectance)
    additive_independent: float            # AI
    multiplicative_dependent: List[float]  # MD per band (%)
    multiplicative_independent: float      # MI (%)

    def for_bands(self, n_bands: int) -> "NoiseModel":
        """The model for a sensor with `n_bands` bands: as is when the counts match, else the common value when
        the sheet gives every band the same one (e.g. an S2 sheet used for the 10 m band set)."""
        if len(self.additive_dependent) == n_bands:
            return self
        if len(set(self.additive_dependent)) == 1 and len(set(self.multiplicative_dependent)) == 1:
            return NoiseModel([self.additive_dependent[0]] * n_bands, self.additive_independent,
                              [self.multiplicative_dependent[0]] * n_bands, self.multiplicative_independent)
        raise ValueError("the noise model has %d bands with different values; it cannot serve %d bands"
                         % (len(self.additive_dependent), n_bands))


@dataclass
class Calibration:
    """Everything the simulation needs from a calibration workbook, plus where it came from."""

    distributions: Dict[str, Distribution]
    n_sims: int
    noise: NoiseModel
    source: Dict[str, str] = field(default_factory=dict)   # file name -> "sha256:<hex>" (engine.notation)

    def to_dict(self) -> dict:
        return {"distributions": {k: asdict(v) for k, v in self.distributions.items()}, "n_sims": self.n_sims,
                "noise": asdict(self.noise), "source": dict(self.source)}

    @classmethod
    def from_dict(cls, d: dict) -> "Calibration":
        return cls({k: Distribution(**v) for k, v in d["distributions"].items()}, int(d["n_sims"]),
                   NoiseModel(**d["noise"]), {k: stored(hex_of(v)) for k, v in d.get("source", {}).items()})


def _rows(data: bytes) -> List[List[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _law(text: str, where: str) -> str:
    t = text.strip().lower()
    if t in ("normal", "gauss", "gaussian"):
        return "normal"
    if t in ("uniform", "uni"):
        return "uniform"
    raise ValueError("%s: unsupported law %r (normal or uniform)" % (where, text))


def parse_canopy_sheet(data: bytes, source: str = "Canopy_Atmos_Class_1") -> Dict[str, object]:
    """Distributions (by our variable names) and the number of simulations from a Canopy_Atmos sheet."""
    rows = _rows(data)
    dists, n_sims = {}, None
    for r in rows:
        if len(r) < 2:
            continue
        label = r[1].strip()
        if r[0].strip() == "Nb_Sims":
            n_sims = int(float(r[6]))
            continue
        key = label.split(" ")[0].split("(")[0].strip()
        name = next((n for n, row in VARIABLE_ROWS.items() if row == key), None)
        if name is None:
            continue
        try:
            v = [float(x) for x in r[2:7]] + [float(r[8])] + [float(x) for x in r[9:13]]
        except (ValueError, IndexError):
            raise ValueError("%s: row %s has non-numeric settings" % (source, label)) from None
        dists[name] = Distribution(name, v[0], v[1], v[2], v[3], int(v[4]), _law(r[7], source + " " + label), v[5],
                                   v[6], v[7], v[8], v[9])
    missing = [n for n in VARIABLE_ROWS if n not in dists]
    if missing:
        raise ValueError("%s has no row for %s" % (source, ", ".join(missing)))
    if n_sims is None:
        raise ValueError("%s has no Nb_Sims row" % source)
    return {"distributions": dists, "n_sims": n_sims}


def parse_sensor_sheet(data: bytes, source: str = "Sensor") -> NoiseModel:
    """The noise model of the first column group of a Sensor sheet (the learning-database noise); the second
    group holds the larger uncertainties SL2PD uses for look-up-table searches, which are not used here."""
    rows = _rows(data)
    start = next((i for i, r in enumerate(rows) if r and r[0].strip() == "Bandes_Utiles"), None)
    if start is None:
        raise ValueError("%s has no Bandes_Utiles row" % source)
    ad, md, ai, mi = [], [], None, None
    for r in rows[start + 1:]:
        if not r or not r[0].strip() or len(r) < 5:
            break
        try:
            ad.append(float(r[1]))
            md.append(float(r[3]))
        except ValueError:
            raise ValueError("%s: band %s has non-numeric noise values" % (source, r[0])) from None
        if ai is None:
            ai, mi = float(r[2]), float(r[4])
    if not ad:
        raise ValueError("%s lists no band" % source)
    return NoiseModel(ad, ai, md, mi)


def read_calibration(canopy_path: str, sensor_path: str) -> Calibration:
    """A Calibration from the CSV exports of a workbook's Canopy_Atmos_Class_1 and Sensor sheets."""
    parts, source = {}, {}
    for path in (canopy_path, sensor_path):
        with open(path, "rb") as f:
            parts[path] = f.read()
        source[os.path.basename(path)] = stored(sha256_hex(parts[path]))
    canopy = parse_canopy_sheet(parts[canopy_path], canopy_path)
    noise = parse_sensor_sheet(parts[sensor_path], sensor_path)
    return Calibration(canopy["distributions"], canopy["n_sims"], noise, source)


def calibration_paths(folder: str, workbook: str) -> Optional[tuple]:
    """(canopy sheet, sensor sheet) of `workbook` (e.g. 'Sentinel2__s2_sl2p_weiss_or_prosail') in `folder`."""
    canopy = os.path.join(folder, workbook + "__Canopy_Atmos_Class_1.csv")
    sensor = os.path.join(folder, workbook + "__Sensor.csv")
    if os.path.isfile(canopy) and os.path.isfile(sensor):
        return canopy, sensor
    return None
