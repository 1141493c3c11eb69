"""Time series on Earth Engine equal the local time series on the same two dates: per-date products, the
monthly mean and the table at points and polygons (tests/support/ee_server.py endpoint; nothing reaches Google)."""

import csv

import numpy as np
import pytest
from osgeo import gdal
from support.ee_server import FakeEarthEngine, FixtureImage
from test_gee_estimate import S2_ID, S2_PROPS, TIME_MS, _landcover, s2_case, s2_local_stack, store  # noqa: F401

from leaf_qgis import api
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.request import EarthEngineSource
from leaf_qgis.engine.timeseries import Feature

pytest.importorskip("ee")
NEWER_ID = "COPERNICUS/S2_SR_HARMONIZED/20190826T163901_20190826T164708_T17TNH"
CRS_WKT = 'PROJCS["WGS 84 / UTM zone 17N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],' \
          'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],' \
          'PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-81],PARAMETER["scale_factor",0.9996],' \
          'PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32617"]]'
FEATURES = [
    Feature(1, "point_clear", "POINT (600230 4499710)"),
    Feature(2, "point_cloud_on_newer", "POINT (600110 4499650)"),      # row 17: cloudy on the newer date
    Feature(3, "field", "POLYGON ((600100 4499500, 600400 4499500, 600400 4499800, 600100 4499800, 600100 4499500))"),
]


@pytest.fixture(scope="module")
def two_dates(s2_case, tmp_path_factory):  # noqa: F811
    """Fixture images of two dates (clouds over rows 10-19 on the newer one) and their local stacks."""
    images = dict(s2_case[0])
    old = images[S2_ID]
    scl = old.bands["SCL"].copy()
    scl[10:20, :] = 9
    bands = {b: (np.round(old.bands[b] * 0.9) if b != "SCL" else scl) for b in old.bands}
    images[NEWER_ID] = FixtureImage(bands, old.crs, old.transform, dict(S2_PROPS, MEAN_SOLAR_ZENITH_ANGLE=31.0),
                                    masks=old.masks, time_start=TIME_MS + 10 * 86400000)
    folder = tmp_path_factory.mktemp("gee_ts_stacks")
    classes = _landcover()[3]
    stacks = [s2_case[1], s2_local_stack(folder / "newer.tif", images[NEWER_ID], classes, "2019-08-26")]
    return images, stacks, s2_case[2]


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_timeseries_on_earth_engine_equals_local(two_dates, store, tmp_path):  # noqa: F811
    images, stacks, grid = two_dates
    options = dict(variables=["LAI", "fCOVER"], statistics=["mean", "count"], period="month",
                   features=FEATURES, features_crs=CRS_WKT, id_field="name")
    local = api.timeseries(stacks, str(tmp_path / "local"), algorithm="S2_SL2P_V0_20M", store=store,
                           table=str(tmp_path / "local.csv"), **options)
    with FakeEarthEngine(images=images, collections={"COPERNICUS/S2_SR_HARMONIZED": [S2_ID, NEWER_ID]}) as server:
        ee = api.backend("earthengine", project="test-project", url=server.url, creds=server.credentials())
        remote = api.timeseries(EarthEngineSource("S2"), str(tmp_path / "ee"), start="2019-08-01", end="2019-08-31",
                                grid=grid, algorithm="S2_SL2P_V0_20M", store=store, backend=ee,
                                table=str(tmp_path / "ee.csv"), **options)
    assert remote["dates"] == local["dates"] == ["2019-08-16", "2019-08-26"]
    for a, b in zip(remote["acquisitions"], local["acquisitions"]):
        ea, eb = gdal.Open(a["estimates"]).ReadAsArray(), gdal.Open(b["estimates"]).ReadAsArray()
        np.testing.assert_array_equal(np.isnan(ea), np.isnan(eb))
        assert np.nanmax(np.abs(ea - eb)) < 1e-4
        np.testing.assert_array_equal(gdal.Open(a["qc"]).ReadAsArray(), gdal.Open(b["qc"]).ReadAsArray())
        assert gdal.Open(a["estimates"]).GetMetadataItem("LEAF_RUNTIME") == "earthengine"
    for a, b in zip(remote["aggregates"], local["aggregates"]):
        assert (a["period"], a["statistic"]) == (b["period"], b["statistic"])
        x, y = gdal.Open(a["path"]).ReadAsArray(), gdal.Open(b["path"]).ReadAsArray()
        np.testing.assert_array_equal(np.isnan(x), np.isnan(y))
        assert np.nanmax(np.abs(x - y)) < 1e-4
    ee_rows, local_rows = _rows(tmp_path / "ee.csv"), _rows(tmp_path / "local.csv")
    assert len(ee_rows) == len(local_rows) == 3 * 2 * 2
    for r, s in zip(ee_rows, local_rows):
        for key in ("feature_id", "name", "date", "variable", "qc", "pixels", "valid_pixels"):
            assert r[key] == s[key], (key, r, s)
        assert (r["value"] == "") == (s["value"] == "")
        if r["value"]:
            assert abs(float(r["value"]) - float(s["value"])) < 1e-4
    cloudy = [r for r in ee_rows if r["name"] == "point_cloud_on_newer" and r["date"] == "2019-08-26"]
    assert cloudy and all(r["qc"] == "4" and r["value"] == "" for r in cloudy)
    field = [r for r in ee_rows if r["name"] == "field" and r["date"] == "2019-08-26"]
    assert 0 < int(field[0]["valid_pixels"]) < int(field[0]["pixels"])


def test_timeseries_without_images_one_sentence(two_dates, store, tmp_path):  # noqa: F811
    images, _, grid = two_dates
    with FakeEarthEngine(images=images, collections={"COPERNICUS/S2_SR_HARMONIZED": [S2_ID, NEWER_ID]}) as server:
        with pytest.raises(LeafError, match=r"^Earth Engine has no image of COPERNICUS/S2_SR_HARMONIZED over the area "
                                            r"from 2020-01-01 to 2020-03-01\.$"):
            api.timeseries(EarthEngineSource("S2"), str(tmp_path / "x"), start="2020-01-01", end="2020-02-29",
                           grid=grid, algorithm="S2_SL2P_V0_20M", store=store,
                           backend=api.backend("earthengine", project="test-project", url=server.url,
                                               creds=server.credentials()))
    assert not (tmp_path / "x").exists()
