"""Subset on Earth Engine: the analysis-ready stack downloaded from Earth Engine holds the fixture's pixels
(reflectance, angles, MASK, no data) and the local engine estimates it as Earth Engine does."""

import numpy as np
import pytest
from osgeo import gdal
from support.ee_server import FakeEarthEngine
from test_gee_estimate import S2_BANDS, S2_ID, S2_PROPS, _read, s2_case, store  # noqa: F401  (fixtures)

from leaf_qgis import api
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.request import EarthEngineSource

pytest.importorskip("ee")


def test_subset_stack_holds_the_image_and_estimates_alike(s2_case, store, tmp_path):  # noqa: F811
    images, _, grid = s2_case
    fixture = images[S2_ID]
    with FakeEarthEngine(images=images) as server:
        kw = dict(backend=api.backend("earthengine", project="test-project", url=server.url,
                                      creds=server.credentials()))
        result = api.subset(EarthEngineSource(S2_ID), str(tmp_path / "stack.tif"), grid=grid, bands=S2_BANDS, **kw)
        api.estimate(EarthEngineSource(S2_ID), str(tmp_path / "ee.tif"), grid=grid, algorithm="S2_SL2P_V0_20M",
                     store=store, **kw)
    stack, meta = _read(result["OUTPUT"])
    assert list(stack) == S2_BANDS + ["SZA", "VZA", "RAA", "MASK"]
    assert meta["LEAF_SENSOR"] == "S2A" and meta["LEAF_DATE"] == "2019-08-16"
    assert gdal.Open(result["OUTPUT"]).GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG"
    valid = fixture.masks["B3"]
    for b in S2_BANDS:
        np.testing.assert_array_equal(np.isnan(stack[b]), ~valid)
        np.testing.assert_array_equal(stack[b][valid], (fixture.bands[b][valid] * 0.0001).astype(np.float32))
    assert np.all(stack["SZA"][valid] == np.float32(S2_PROPS["MEAN_SOLAR_ZENITH_ANGLE"]))
    raa = S2_PROPS["MEAN_SOLAR_AZIMUTH_ANGLE"] - S2_PROPS["MEAN_INCIDENCE_AZIMUTH_ANGLE_B8A"]
    assert np.allclose(stack["RAA"][valid], raa, atol=1e-4)
    np.testing.assert_array_equal(stack["MASK"][valid], np.isin(fixture.bands["SCL"], (4, 5))[valid])
    assert result["valid_pixels"] == int((np.isin(fixture.bands["SCL"], (4, 5)) & valid).sum())
    # the local engine on the downloaded stack: Earth Engine's numbers (float32 reflectance: to 1e-4)
    local = api.estimate(result["OUTPUT"], str(tmp_path / "local.tif"), algorithm="S2_SL2P_V0_20M", store=store,
                         threads=1)
    assert local["pixels"] == 1047
    a, _ = _read(str(tmp_path / "local.tif"))
    b, _ = _read(str(tmp_path / "ee.tif"))
    np.testing.assert_array_equal(np.isnan(a["LAI"]), np.isnan(b["LAI"]))
    assert np.nanmax(np.abs(a["LAI"] - b["LAI"])) < 1e-4
    qa, _ = _read(str(tmp_path / "local_QC.tif"))
    qb, _ = _read(str(tmp_path / "ee_QC.tif"))
    # identical here; a Float32 stack could in principle move a domain digit of a reflectance at exactly x.0
    np.testing.assert_array_equal(qa["QC"], qb["QC"])


def test_subset_unknown_band_one_sentence(s2_case, tmp_path):  # noqa: F811
    with pytest.raises(LeafError, match=r"^The Earth Engine collection COPERNICUS/S2_SR_HARMONIZED has no "
                                        r"reflectance band B13 \(it has B2, "):
        api.subset(EarthEngineSource(S2_ID), str(tmp_path / "x.tif"), grid=s2_case[2], bands=["B3", "B13"],
                   backend=api.backend("earthengine", project="test-project", url="http://127.0.0.1:9"))
