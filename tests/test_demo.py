# SPDX-License-Identifier: GPL-2.0-or-later
"""`make demo` (scripts/demo.py) on the sample in demo/data: outputs, error against the truth, time, offline."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

pytest.importorskip("qgis.core", reason="QGIS Python bindings are not installed (run make setup)")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "demo" / "data"


QGIS_PROCESS = Path(shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin")


def run_demo(out: Path, *args):
    """Run the demo as `make demo` does, in its own process, into `out`; (folder, seconds, stdout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEAF_QGIS_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    t = time.perf_counter()
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "demo.py"), "--out", str(out)] + list(args),
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - t
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return out, seconds, run.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`make demo`: the tools through qgis_process.bin (the default)."""
    return run_demo(tmp_path_factory.mktemp("demo") / "out")


def test_sample_ships_with_the_repository():
    products = sorted(p.name for p in (DATA / "products").glob("*.SAFE"))
    assert len(products) == 3
    for p in (DATA / "products").glob("*.SAFE"):
        assert (p / "MTD_MSIL2A.xml").is_file()
        assert len(list(p.glob("GRANULE/*/IMG_DATA/R20m/*.jp2"))) == 10
        assert len(list(p.glob("GRANULE/*/MTD_TL.xml"))) == 1
    assert len(list(DATA.glob("truth_*.tif"))) == 3
    size = sum(f.stat().st_size for f in DATA.rglob("*") if f.is_file())
    assert size < 2.5e6, size


def test_demo_runs_offline_in_under_a_minute(demo):
    out, seconds, stdout = demo
    assert seconds < 60, "the demo took %.1f s" % seconds
    summary = json.loads((out / "summary.json").read_text())
    assert summary["connection_attempts"] == [] and summary["cache_files"] == []
    assert "192.0.2.1" in (out / "summary.txt").read_text()      # the unroutable network URL was in force
    assert str(out) in stdout                                     # it says where the outputs are
    assert summary["algorithm"].startswith("LEAF_QGIS_S2")        # the bundled networks, nothing downloaded
    if QGIS_PROCESS.exists():
        assert summary["runner"].startswith("qgis_process.bin")
        unshare = shutil.which("unshare")
        if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=30).returncode == 0:
            assert summary["isolation"].startswith("each qgis_process run in a network namespace")


def test_demo_through_processing_run_gives_the_same_errors(demo, tmp_path):
    """The other runner (processing.run in the demo's own process, Python sockets guarded): same numbers."""
    out, seconds, _ = run_demo(tmp_path / "out", "--runner", "processing")
    assert seconds < 60
    summary = json.loads((out / "summary.json").read_text())
    reference = json.loads((demo[0] / "summary.json").read_text())
    assert summary["runner"].startswith("processing.run") and summary["connection_attempts"] == []
    # the same pixels; numbers equal up to float32 rounding (QGIS's Python may run the networks on numpy, the
    # venv's on LiteRT)
    for date, stats in reference["per_date"].items():
        for v, s in stats.items():
            assert summary["per_date"][date][v]["n"] == s["n"]
            assert summary["per_date"][date][v]["rmse"] == pytest.approx(s["rmse"], rel=1e-5)


def test_outputs_are_cogs_and_images(demo):
    out, _, _ = demo
    cogs = [out / "stack_20230710.tif", out / "estimate_20230710.tif", out / "estimate_20230710_QC.tif"]
    cogs += sorted((out / "timeseries").glob("*.tif"))
    assert len(cogs) == 3 + 6
    for path in cogs:
        ds = gdal.Open(str(path))
        assert ds is not None and ds.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG", path
    for png in ("quicklook.png", "timeseries.png"):
        data = (out / png).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000, png
    with open(out / "timeseries.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    points = json.loads((DATA / "points.geojson").read_text())["features"]
    assert {r["date"] for r in rows} == {"2023-06-08", "2023-07-10", "2023-08-17"}
    assert {r["name"] for r in rows} == {p["properties"]["name"] for p in points}
    assert {r["variable"] for r in rows} == {"LAI", "fAPAR", "fCOVER"}


def test_printed_error_is_against_the_truth(demo):
    """Recompute the August LAI RMSE from the output, its QC and the truth file; compare with the summary."""
    out, _, stdout = demo
    est_path = next((out / "timeseries").glob("*20230817*[!C].tif"))
    est = gdal.Open(str(est_path))
    names = {est.GetRasterBand(k).GetDescription(): k for k in range(1, est.RasterCount + 1)}
    lai = est.GetRasterBand(names["LAI"]).ReadAsArray().astype(float)
    qc = gdal.Open(str(est_path).replace(".tif", "_QC.tif")).ReadAsArray()
    truth_ds = gdal.Open(str(DATA / "truth_20230817.tif"))
    gt, tgt = est.GetGeoTransform(), truth_ds.GetGeoTransform()
    xoff, yoff = int(round((gt[0] - tgt[0]) / 20)), int(round((tgt[3] - gt[3]) / 20))
    truth = truth_ds.GetRasterBand(1).ReadAsArray(xoff, yoff, est.RasterXSize, est.RasterYSize).astype(float)
    ok = (qc == 0) & np.isfinite(truth)
    assert ok.sum() > 10000
    rmse = float(np.sqrt(np.mean((lai[ok] - truth[ok]) ** 2)))
    bias = float(np.mean(lai[ok] - truth[ok]))
    summary = json.loads((out / "summary.json").read_text())
    s = summary["per_date"]["2023-08-17"]["LAI"]
    assert s["n"] == int(ok.sum())
    assert s["rmse"] == pytest.approx(rmse, rel=1e-9) and s["bias"] == pytest.approx(bias, rel=1e-9, abs=1e-12)
    line = re.search(r"^2023-08-17\s+LAI\s+(\d+)\s+([\d.]+)\s+([+-][\d.]+)", stdout, re.M)
    assert line and int(line.group(1)) == ok.sum() and float(line.group(2)) == pytest.approx(rmse, abs=5e-4)
    # the estimates follow the truth (a broken reader, angle or band order would not)
    for v in ("LAI", "fAPAR", "fCOVER"):
        assert summary["overall"][v]["r"] > 0.8, (v, summary["overall"][v])
    # the cloud of 10 July is masked: fewer QC 0 pixels than on the clear dates
    assert summary["per_date"]["2023-07-10"]["LAI"]["n"] < 0.95 * summary["per_date"]["2023-06-08"]["LAI"]["n"]
