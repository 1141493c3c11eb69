"""`qgis_process run leaf:estimate` on the three demo products (demo/data/products), sampled into a small JSON file:
the reference that tests/test_qgis_versions.py compares QGIS 3.22, 3.40 and 3.44 against.

    .venv/bin/python scripts/demo_reference.py [--out tests/data/demo_estimates_reference.json]

What the reference is: the output of this plugin's own leaf:estimate (bundled networks LEAF_QGIS_S2_20M, numpy
runtime, offline), run once through qgis_process of QGIS 3.22 on Debian 12 (GDAL 3.6, numpy 1.24) — the platform
the plugin was developed and validated on. It is not an independent check of the numbers (the demo's truth and
the LEAF reference tests do that); it pins down that the same plugin gives the same estimates under other QGIS,
GDAL, numpy and Python versions. Sampled: every 15th pixel of the 150 x 150 products in both directions (100
pixels x 12 bands x 3 dates), the QC byte there, and each band's mean and valid-pixel count over the whole image.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from osgeo import gdal

REPO = Path(__file__).resolve().parents[1]
PRODUCTS = REPO / "demo" / "data" / "products"
REFERENCE = REPO / "tests" / "data" / "demo_estimates_reference.json"
STEP = 15                    # sample every STEP-th pixel, starting at STEP // 2
OFFLINE_URL = "http://192.0.2.1"   # unroutable (TEST-NET-1): nothing is downloaded
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


def products():
    return sorted(p for p in PRODUCTS.iterdir() if p.name.endswith(".SAFE"))


def run_estimate(product: Path, out_dir: Path, config: Path, timeout: float = 300) -> dict:
    """leaf:estimate on one product through qgis_process (profile `config` with the plugin); its results."""
    out = out_dir / (product.name.split("_")[2][:8] + ".tif")   # the sensing date
    cache = out_dir / "empty_cache"
    cache.mkdir(exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(config),
               LEAF_QGIS_NETWORK_BASE_URL=OFFLINE_URL, LEAF_QGIS_CACHE_DIR=str(cache), LEAF_QGIS_RUNTIME="numpy")
    env.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-%d" % os.getuid())
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    p = subprocess.run([QGIS_PROCESS, "run", "leaf:estimate", "--json", "--",
                        "PRODUCT=" + str(product / "MTD_MSIL2A.xml"), "NETWORKS=1", "OUTPUT=" + str(out)],
                       env=env, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError("qgis_process run leaf:estimate on %s failed (%d):\n%s"
                           % (product.name, p.returncode, (p.stdout + p.stderr)[-3000:]))
    return json.loads(p.stdout[p.stdout.index("{"):])["results"]


def sample(estimates: str, qc: str) -> dict:
    """The sampled values of one estimate COG and its QC (NaN as None), with per-band means and counts."""
    ds = gdal.Open(estimates)
    names = [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)]
    data = ds.ReadAsArray().astype(np.float64)
    algorithm = ds.GetMetadataItem("LEAF_ALGORITHM")
    ds = None
    qds = gdal.Open(qc)
    qc_data = qds.GetRasterBand(1).ReadAsArray()
    qds = None
    rows = cols = list(range(STEP // 2, data.shape[1], STEP))
    picked = data[:, rows][:, :, cols]
    return {
        "algorithm": algorithm, "shape": list(data.shape), "rows": rows, "cols": cols,
        "bands": {name: [[None if np.isnan(v) else float("%.9g" % v) for v in row] for row in picked[i]]
                  for i, name in enumerate(names)},
        "mean": {name: float("%.9g" % np.nanmean(data[i])) for i, name in enumerate(names)},
        "valid": {name: int(np.isfinite(data[i]).sum()) for i, name in enumerate(names)},
        "qc": qc_data[rows][:, cols].astype(int).tolist(),
    }


def estimates(config: Path, out_dir: Path) -> dict:
    """{product name: sample} for every demo product."""
    result = {}
    for product in products():
        r = run_estimate(product, out_dir, config)
        result[product.name] = sample(r["OUTPUT"], r["QC"])
    return result


def qgis_version() -> str:
    from qgis.core import Qgis
    return Qgis.QGIS_VERSION


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REFERENCE))
    a = ap.parse_args()
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        package = subprocess.run(["make", "-s", "package"], cwd=REPO, capture_output=True, text=True, timeout=300)
        if package.returncode != 0:
            raise SystemExit("make package failed: " + (package.stderr or package.stdout)[-2000:])
        zip_path = sorted((REPO / "dist").glob("leaf_qgis-*.zip"))[-1]
        config = tmp / "config"
        subprocess.run(["/usr/bin/python3", str(REPO / "scripts" / "install_plugin.py"), str(zip_path),
                        str(config / "profiles" / "default")], check=True, capture_output=True, timeout=120,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        samples = estimates(config, tmp)
    release = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    doc = {
        "what": "qgis_process run leaf:estimate PRODUCT=<demo product> (bundled networks, numpy runtime, offline), "
                "sampled every %d pixels; written by scripts/demo_reference.py" % STEP,
        "recorded_with": {"qgis": qgis_version(), "gdal": gdal.__version__, "numpy": np.__version__,
                          "python": platform.python_version(), "debian": release, "machine": platform.machine()},
        "products": samples,
    }
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote %s (%d bytes)" % (a.out, os.path.getsize(a.out)))


if __name__ == "__main__":
    sys.exit(main())
