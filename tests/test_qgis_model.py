"""The graphical model tests/data/subset_mosaic_estimate.model3 (leaf:subset x 2 -> leaf:mosaic -> leaf:estimate)
runs headless in QGIS and through qgis_process, and gives what the tools give when run one by one."""

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from test_composite import CLOUD, WHEN, _percent, _scl, make_s2
from test_qgis_process import QGIS_PROCESS, qgis_env
from test_sentinel2 import ULX, ULY, zip_safe

MODEL = Path(__file__).resolve().parent / "data" / "subset_mosaic_estimate.model3"
AREA = "%f,%f,%f,%f [EPSG:32614]" % (ULX + 40, ULX + 360, ULY - 360, ULY - 40)   # 16 x 16 pixels at 20 m


@pytest.fixture(scope="module")
def products(tmp_path_factory):
    """Two products of July 2023 (dates A and C of test_composite) as SAFE zips."""
    folder = tmp_path_factory.mktemp("model_products")
    out = []
    for d in "AC":
        safe = Path(make_s2(folder, WHEN[d], CLOUD[d], _percent(d), _scl(d)))
        out.append(str(zip_safe(safe, folder / (safe.name + ".zip"))))
    return out


def _params(products, out):
    return {"product_a": products[0], "product_b": products[1], "area": AREA, "start": "2023-07-01",
            "end": "2023-08-01", "estimate:estimates": str(out)}


def _one_by_one(products, tmp_path):
    import processing
    from qgis.core import QgsProcessingFeedback
    fb = QgsProcessingFeedback()
    mosaic = processing.run("leaf:mosaic", {"INPUT": products, "EXTENT": AREA, "START": "2023-07-01",
                                            "END": "2023-08-01", "OUTPUT": str(tmp_path / "m.tif")}, feedback=fb)
    est = processing.run("leaf:estimate", {"INPUT": mosaic["OUTPUT"], "OUTPUT": str(tmp_path / "e.tif")}, feedback=fb)
    return gdal.Open(est["OUTPUT"]).ReadAsArray()


def test_model_runs_headless(qgis_app, network_cache, monkeypatch, products, tmp_path):
    import processing
    from qgis.core import QgsProcessingFeedback, QgsProcessingModelAlgorithm
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", network_cache.root)
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(MODEL))
    assert [c.algorithmId() for c in sorted(model.childAlgorithms().values(), key=lambda c: c.childId())] == [
        "leaf:estimate", "leaf:mosaic", "leaf:subset", "leaf:subset"]
    res = processing.run(model, _params(products, tmp_path / "model.tif"), feedback=QgsProcessingFeedback())
    out = gdal.Open(res["estimate:estimates"])
    assert (out.RasterXSize, out.RasterYSize, out.RasterCount) == (16, 16, 14)
    assert out.GetMetadataItem("LEAF_ALGORITHM") == "S2_SL2P_V0_20M"
    got, direct = out.ReadAsArray(), _one_by_one(products, tmp_path)
    # The subset stacks carry the toolbox's per-image mask (SCL 4 and 5 kept, spec 5.1), which removes the
    # water rows (SCL 6, product rows 10-14 = area rows 8-12) that the mosaic's production mask (5.2) keeps
    # when it reads the products itself; everywhere else the Float32 stacks in between change nothing.
    water = np.zeros((16, 16), bool)
    water[8:13] = True
    assert np.isnan(got[0][water]).all() and np.isfinite(direct[0][water]).all()
    np.testing.assert_allclose(got[:, ~water], direct[:, ~water], rtol=1e-4, atol=1e-5, equal_nan=True)
    assert np.isfinite(got[0][~water]).mean() > 0.9


def test_model_runs_in_qgis_process(qgis_config, network_cache, products, tmp_path):  # noqa: F811
    env = qgis_env(qgis_config, LEAF_QGIS_CACHE_DIR=network_cache.root)
    out = tmp_path / "qp.tif"
    args = ["%s=%s" % kv for kv in _params(products, out).items()]
    run = subprocess.run([QGIS_PROCESS, "--json", "run", str(MODEL), "--"] + args, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:] + run.stdout[-2000:]
    result = json.loads(run.stdout[run.stdout.index("{"):])
    assert result["results"]["estimate:estimates"] == str(out)
    ds = gdal.Open(str(out))
    assert ds.RasterCount == 14 and ds.GetMetadata("IMAGE_STRUCTURE").get("LAYOUT") == "COG"
    assert np.isfinite(ds.GetRasterBand(1).ReadAsArray()).mean() > 0.5
