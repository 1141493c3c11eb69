"""Spectral response functions of the sensors the bundled networks serve, as CSV tables on a 1 nm grid.

`make models` writes them to models/responses/ from maintained packages (Py6S for Sentinel-2A/2B MSI and
Landsat 8 OLI; pyrsr for Landsat 5 TM, Landsat 7 ETM+ and Landsat 9 OLI-2, whose curves Py6S does not
carry: it only names 6S's built-in filters for them). Everything else reads the CSV tables, so neither
package is needed at run time. A table has a `wavelength_nm` column (integers, 400-2500) and one column per
band with its relative response; wavelengths where every band is 0 are left out.
"""

import csv
import io
import os
from typing import Dict, List, Sequence

import numpy as np

WAVELENGTHS = np.arange(400, 2501)  # nm, the grid of PROSPECT and 4SAIL

# instrument -> (source package, {our band name: source band id})
PY6S_BANDS = {
    "S2A_MSI": {b: "S2A_MSI_%s" % s for b, s in [("B2", "02"), ("B3", "03"), ("B4", "04"), ("B5", "05"), ("B6", "06"),
                                                ("B7", "07"), ("B8", "08"), ("B8A", "8A"), ("B11", "11"),
                                                ("B12", "12")]},
    "S2B_MSI": {b: "S2B_MSI_%s" % s for b, s in [("B2", "02"), ("B3", "03"), ("B4", "04"), ("B5", "05"), ("B6", "06"),
                                                ("B7", "07"), ("B8", "08"), ("B8A", "8A"), ("B11", "11"),
                                                ("B12", "12")]},
    "L8_OLI": {"B%d" % i: "LANDSAT_OLI_B%d" % i for i in (2, 3, 4, 5, 6, 7)},
}
PYRSR_BANDS = {
    "L5_TM": ("Landsat-5/TM", {"B%d" % i: "band_%d" % i for i in (1, 2, 3, 4, 5, 7)}),
    "L7_ETM": ("Landsat-7/ETM+", {"B%d" % i: "band_%d" % i for i in (1, 2, 3, 4, 5, 7)}),
    "L9_OLI2": ("Landsat-9/OLI_TIRS", {"B%d" % i: "band_%d" % i for i in (2, 3, 4, 5, 6, 7)}),
}
INSTRUMENTS = sorted(list(PY6S_BANDS) + list(PYRSR_BANDS))


def _on_grid(wl_nm: np.ndarray, resp: np.ndarray) -> np.ndarray:
    """A response sampled at wl_nm, linearly interpolated onto WAVELENGTHS (0 outside, negatives set to 0)."""
    out = np.interp(WAVELENGTHS, wl_nm, np.clip(resp, 0.0, None), left=0.0, right=0.0)
    return np.round(out, 6)


def from_py6s(instrument: str) -> Dict[str, np.ndarray]:
    """Band responses of a Py6S predefined sensor on the 1 nm grid (build time only)."""
    from Py6S.Params.wavelength import PredefinedWavelengths
    bands = {}
    for name, attr in PY6S_BANDS[instrument].items():
        _, start, end, values = getattr(PredefinedWavelengths, attr)
        values = np.asarray(values, dtype=np.float64)
        wl = np.linspace(start * 1000.0, end * 1000.0, values.size)   # Py6S: micrometres, 2.5 nm steps
        bands[name] = _on_grid(wl, values)
    return bands


def from_pyrsr(instrument: str) -> Dict[str, np.ndarray]:
    """Band responses from the text files pyrsr ships (read directly; pyrsr itself is not imported)."""
    import importlib.util
    spec = importlib.util.find_spec("pyrsr")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the Python package pyrsr is needed to build the %s response table" % instrument)
    folder, band_files = PYRSR_BANDS[instrument]
    root = os.path.join(list(spec.submodule_search_locations)[0], "data", folder)
    bands = {}
    for name, fname in band_files.items():
        with open(os.path.join(root, fname), encoding="utf-8") as f:
            lines = f.read().splitlines()[1:]          # first line: count and label
        data = np.array([[float(v) for v in ln.split()[:2]] for ln in lines if ln.strip()])
        bands[name] = _on_grid(data[:, 0] * 1000.0, data[:, 1])
    return bands


def build_table(instrument: str) -> Dict[str, np.ndarray]:
    return from_py6s(instrument) if instrument in PY6S_BANDS else from_pyrsr(instrument)


def table_csv(bands: Dict[str, np.ndarray]) -> str:
    """CSV text of a response table (rows where some band responds)."""
    names = list(bands)
    keep = np.any(np.stack([bands[n] for n in names]) > 0, axis=0)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["wavelength_nm"] + names)
    for i in np.flatnonzero(keep):
        w.writerow([int(WAVELENGTHS[i])] + ["%.6f" % bands[n][i] for n in names])
    return out.getvalue()


def write_tables(folder: str, instruments: Sequence[str] = INSTRUMENTS) -> List[str]:
    """Build and write <instrument>.csv for each instrument; returns the paths."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    for inst in instruments:
        path = os.path.join(folder, inst + ".csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(table_csv(build_table(inst)))
        paths.append(path)
    return paths


def read_table(path: str) -> Dict[str, np.ndarray]:
    """{band: response on WAVELENGTHS} from a response CSV (wavelength_nm + one column per band)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0][0].strip() != "wavelength_nm" or len(rows[0]) < 2:
        raise ValueError("%s is not a response table (first column must be wavelength_nm)" % path)
    names = [n.strip() for n in rows[0][1:]]
    bands = {n: np.zeros(WAVELENGTHS.size) for n in names}
    for r in rows[1:]:
        wl = int(round(float(r[0])))
        if not 400 <= wl <= 2500:
            raise ValueError("%s has a wavelength %s outside 400-2500 nm" % (path, r[0]))
        for n, v in zip(names, r[1:]):
            bands[n][wl - 400] = float(v)
    for n, resp in bands.items():
        if resp.sum() <= 0:
            raise ValueError("%s: band %s never responds" % (path, n))
    return bands


def integration_matrix(responses: Sequence[np.ndarray]) -> np.ndarray:
    """[n_bands, 2101] weights: band reflectance = weights @ spectrum, i.e. the response-weighted mean
    sum(R(l) rho(l)) / sum(R(l)) on the 1 nm grid."""
    m = np.stack([np.asarray(r, dtype=np.float64) for r in responses])
    return m / m.sum(axis=1, keepdims=True)
