"""STAC search and items read through /vsicurl/, against a STAC API and a byte-range file server that
the tests start on 127.0.0.1 (tests/support/stac_fixtures.py); COG assets are written at test time."""

import subprocess
import sys

import numpy as np
import pytest
import requests
from osgeo import gdal, osr
from support.stac_fixtures import (
    RangeServer,
    StacServer,
    file_size,
    lonlat_bbox,
    make_landsat_item,
    make_s2_item,
    strip_expected,
    write_cog,
)

from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.grid import Grid
from leaf_qgis.engine.stac import PYSTAC_CLIENT_MISSING, REMOTE_OPTIONS, open_item, s2_scale_offset, search

ORIGIN = (300000.0, 4000020.0)
ELSEWHERE = (500000.0, 4500000.0)
WINDOW = (10, 20, 16, 16)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A byte-range server over a folder where each test's items write their COGs."""
    folder = tmp_path_factory.mktemp("cogs")
    with RangeServer(folder) as server:
        yield folder, server


@pytest.fixture(scope="module")
def es_item(files):
    folder, server = files
    return make_s2_item(folder, server.url, item_id="S2A_17SLU_20220615_0_L2A", boa_offset_applied=False)


@pytest.fixture(scope="module")
def catalog(files, es_item):
    """A STAC API (2 items per page) over S2 and Landsat items at several places and dates."""
    folder, server = files
    s2 = [es_item,
          make_s2_item(folder, server.url, "S2B_17SLU_20220801_0_L2A", when="2022-08-01T16:10:00Z", write=False),
          make_s2_item(folder, server.url, "S2A_17SNB_20220616_0_L2A", when="2022-06-16T16:10:00Z",
                       origin=ELSEWHERE, write=False)]
    s2 += [make_s2_item(folder, server.url, "S2A_17SLU_202206%02d_0_L2A" % d, when="2022-06-%02dT16:10:00Z" % d,
                        write=False, properties={"eo:cloud_cover": float(d)}) for d in (20, 22, 24, 26)]
    landsat = make_landsat_item(folder, server.url)
    with StacServer([strip_expected(it) for it in s2 + [landsat]], page_size=2) as api:
        yield api


def _bbox(epsg=32617, origin=ORIGIN, size_m=1280.0, margin=200.0):
    return lonlat_bbox(epsg, origin[0] + margin, origin[1] - size_m + margin, origin[0] + size_m - margin,
                       origin[1] - margin)


# ---------------------------------------------------------------------------- search


def test_search_filters_bbox_dates_and_collections(catalog):
    found = search(catalog.url, ["sentinel-2-l2a"], _bbox(), "2022-06-01/2022-06-30", max_items=50)
    assert sorted(i.id for i in found) == ["S2A_17SLU_20220615_0_L2A", "S2A_17SLU_20220620_0_L2A",
                                           "S2A_17SLU_20220622_0_L2A", "S2A_17SLU_20220624_0_L2A",
                                           "S2A_17SLU_20220626_0_L2A"]
    posts = [r for r in catalog.requests if r[0] == "POST"]
    assert len(posts) == 3 and posts[-1][2]["token"] == 4  # pages of 2 items followed through 'next' links
    landsat = search(catalog.url, "landsat-c2-l2", _bbox(), "2022-06-15", max_items=10)
    assert [i.id for i in landsat] == ["LC08_L2SP_017035_20220615_02_T1"]
    assert search(catalog.url, ["sentinel-2-l2a"], _bbox(origin=ELSEWHERE), "2022-06", 10)[0].id == \
        "S2A_17SNB_20220616_0_L2A"


def test_search_max_items_and_query(catalog):
    assert len(search(catalog.url, ["sentinel-2-l2a"], _bbox(), "2022-06-01/2022-06-30", max_items=3)) == 3
    clear = search(catalog.url, ["sentinel-2-l2a"], _bbox(), "2022-06-01/2022-06-30", max_items=10,
                   query={"eo:cloud_cover": {"lt": 21}})
    assert sorted(i.id for i in clear) == ["S2A_17SLU_20220615_0_L2A", "S2A_17SLU_20220620_0_L2A"]


def test_search_endpoint_get(catalog):
    bbox = ",".join("%.6f" % v for v in _bbox())
    r = requests.get(catalog.url + "/search", params={"bbox": bbox, "datetime": "2022-07-01T00:00:00Z/..",
                                                      "collections": "sentinel-2-l2a"}, timeout=10)
    assert r.status_code == 200 and [f["id"] for f in r.json()["features"]] == ["S2B_17SLU_20220801_0_L2A"]
    assert requests.get(catalog.url + "/collections/sentinel-2-l2a", timeout=10).json()["id"] == "sentinel-2-l2a"
    assert requests.get(catalog.url + "/collections/nope", timeout=10).status_code == 404


def test_search_without_pystac_client(monkeypatch, catalog):
    monkeypatch.setitem(sys.modules, "pystac_client", None)  # import fails as if not installed
    with pytest.raises(LeafError) as e:
        search(catalog.url, ["sentinel-2-l2a"], _bbox(), "2022-06", 10)
    assert str(e.value) == PYSTAC_CLIENT_MISSING


def test_plugin_imports_without_pystac_client():
    code = ("import sys; sys.modules['pystac_client'] = None; sys.modules['pystac'] = None; "
            "import leaf_qgis.engine.stac, leaf_qgis.engine.hls")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, cwd=str(__import__("pathlib").Path(
        __file__).resolve().parents[1]))


def test_search_bad_api(files):
    _, server = files  # a file server, not a STAC API: its landing page is a 404
    with pytest.raises(LeafError, match=r"^The STAC search at %s failed \(.*\)\.$" % server.url):
        search(server.url, ["sentinel-2-l2a"], _bbox(), "2022-06", 10)


# ---------------------------------------------------------------------------- items


def test_earth_search_item_reflectance_angles_and_mask(es_item):
    x, y, w, h = WINDOW
    with open_item(strip_expected(es_item)) as scene:
        assert scene.sensor == "S2A" and scene.date == "2022-06-15"
        assert (scene.width, scene.height) == (64, 64) and scene.geotransform[1] == 20.0
        assert scene.metadata["S2_PROCESSING_BASELINE"] == "04.00"
        for band in ("B5", "B8A", "B11", "B3", "B4"):  # 20 m bands as they are, 10 m bands as 2 x 2 means
            values, ok = scene.read(band, WINDOW)
            assert ok.all()
            np.testing.assert_allclose(values, es_item["expected"]["rho"][band][y:y + h, x:x + w], atol=1e-9)
        assert {n: scene.read(n, (0, 0, 1, 1))[0][0, 0] for n in ("SZA", "SAA", "VZA", "VAA")} == \
            {"SZA": 28.0, "SAA": 131.5, "VZA": 5.5, "VAA": 285.0}
        mask, ok = scene.read("MASK", (0, 0, 64, 64))
        scl = es_item["expected"]["scl"]
        assert not ok[20, 20]
        np.testing.assert_array_equal(mask[ok] == 1, np.isin(scl, (4, 5))[ok])


def test_pystac_item_and_offset_rules(files):
    import pystac
    folder, server = files
    harmonised = make_s2_item(folder, server.url, "S2A_17SLU_20230615_0_L2A", dn_offset=0, boa_offset_applied=True)
    item = pystac.Item.from_dict(strip_expected(harmonised))
    with open_item(item) as scene:  # raster:bands says -0.1 but the pixels are already harmonised
        values, _ = scene.read("B8A", WINDOW)
        np.testing.assert_allclose(values, harmonised["expected"]["rho"]["B8A"][20:36, 10:26], atol=1e-9)
    assert s2_scale_offset({"s2:processing_baseline": "04.00"}, {}) == (0.0001, -0.1)
    assert s2_scale_offset({"s2:processing_baseline": "02.14"}, {}) == (0.0001, 0.0)
    assert s2_scale_offset({}, {"scale": 0.0001, "offset": -0.1}) == (0.0001, -0.1)


@pytest.mark.parametrize("baseline, dn_offset", [("05.09", 1000), ("02.14", 0)])
def test_planetary_computer_s2_item(files, baseline, dn_offset):
    folder, server = files
    pc = make_s2_item(folder, server.url, "S2A_MSIL2A_20220615_N%s_pc" % baseline.replace(".", ""),
                      convention="planetary-computer", baseline=baseline, dn_offset=dn_offset)
    with open_item(strip_expected(pc)) as scene:
        assert "B8A" in scene.bands and "B12" in scene.bands and scene.has("MASK")
        values, ok = scene.read("B12", WINDOW)
        np.testing.assert_allclose(values, pc["expected"]["rho"]["B12"][20:36, 10:26], atol=1e-9)
        assert scene.read("SZA", (0, 0, 1, 1))[0][0, 0] == 28.0 and scene.has("SAA")
        assert not scene.has("VZA")  # no view angles in the item: the caller gives constants


def test_landsat_item(catalog, files):
    from leaf_qgis.engine.algorithm import get_algorithm
    from leaf_qgis.engine.estimate import check_fit
    folder, server = files
    item = make_landsat_item(folder, server.url, item_id="LC08_test")
    with open_item(strip_expected(item)) as scene:
        assert scene.sensor == "L8" and scene.date == "2022-06-15" and scene.geotransform[1] == 30.0
        values, ok = scene.read("SR_B4", WINDOW)
        np.testing.assert_allclose(values, item["expected"]["rho"]["SR_B4"][20:36, 10:26], atol=1e-9)
        mask, ok = scene.read("MASK", (0, 0, 64, 64))
        assert not ok[5, 30] and mask[0:8].max() == 0 and mask[8:].min() == 1  # cloud out, dilated cloud kept
        assert scene.read("SZA", (0, 0, 1, 1))[0][0, 0] == 25.0 and scene.read("VZA", (0, 0, 1, 1))[0][0, 0] == 0
        alg = get_algorithm("L8_SL2P_V0_30M")
        with pytest.raises(LeafError, match="neither an RAA band nor SAA and VAA"):
            check_fit(alg, scene, {})
        check_fit(alg, scene, {"VAA": 0.0})


def test_window_fetches_only_the_bytes_it_needs(files):
    folder, server = files
    dn = (np.arange(1024 * 1024) % 5000 + 1000).reshape(1024, 1024).astype(np.uint16)
    name = write_cog(folder / "S2A_big_B05.tif", dn, pixel=20.0, nodata=0).rsplit("/", 1)[1]
    item = {"id": "S2A_big", "collection": "sentinel-2-l2a",
            "properties": {"datetime": "2022-06-15T16:10:00Z", "platform": "sentinel-2a"},
            "assets": {"rededge1": {"href": "%s/%s" % (server.url, name),
                                    "raster:bands": [{"nodata": 0, "scale": 0.0001, "offset": -0.1}]}}}
    assert gdal.GetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN") is None
    gdal.VSICurlClearCache()
    server.reset()
    with open_item(item) as scene:
        values, ok = scene.read("B5", (600, 500, 16, 16))
        np.testing.assert_allclose(values, dn[500:516, 600:616] * 0.0001 - 0.1, atol=1e-9)
    size = file_size(folder, name)
    assert size > 2_000_000 and 0 < server.bytes[name] < size / 20  # the header and one 128 x 128 tile
    assert all(path == "/" + name for _, path, _ in server.requests)  # no directory listing, no sidecars
    for key in REMOTE_OPTIONS:  # the options were restored
        assert gdal.GetConfigOption(key) is None


def test_item_on_a_grid_and_no_overlap(es_item):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32617)
    grid = Grid.from_bounds(srs.ExportToWkt(), ORIGIN[0], ORIGIN[1] - 400, ORIGIN[0] + 400, ORIGIN[1], 10.0)
    with open_item(strip_expected(es_item), grid=grid) as scene:  # 10 m grid: 20 m bands replicated
        values, _ = scene.read("B5", (0, 0, 40, 40))
        np.testing.assert_allclose(values[::2, ::2], es_item["expected"]["rho"]["B5"][:20, :20], atol=1e-9)
    far = Grid.from_bounds(srs.ExportToWkt(), 700000.0, 5000000.0, 701000.0, 5001000.0, 20.0)
    with pytest.raises(LeafError, match="has no overlap with the area"):
        open_item(strip_expected(es_item), grid=far)


def test_bad_items(files, es_item):
    folder, server = files
    with pytest.raises(LeafError, match="neither Sentinel-2 L2A nor Landsat"):
        open_item({"id": "x", "collection": "modis", "properties": {}, "assets": {}})
    with pytest.raises(LeafError, match="has no reflectance asset"):
        open_item({"id": "x", "collection": "sentinel-2-l2a", "properties": {}, "assets": {"thumbnail": {"href": "a"}}})
    broken = strip_expected(es_item)
    broken["assets"] = dict(broken["assets"], rededge1=dict(broken["assets"]["rededge1"],
                                                            href=server.url + "/missing.tif"))
    with pytest.raises(LeafError, match=r"/vsicurl/%s/missing\.tif" % server.url):
        open_item(broken)
    with pytest.raises(LeafError, match="has no asset for band B9"):
        open_item(strip_expected(es_item), bands=["B5", "B9"])


# ---------------------------------------------------------------------------- with the estimator


def test_estimator_on_earth_search_item(es_item, s2_algorithm, network_cache):
    from leaf_qgis.engine.estimate import _process_window, check_fit
    from leaf_qgis.engine.estimator import Estimator
    est = Estimator(s2_algorithm, network_cache.installed(s2_algorithm))
    with open_item(strip_expected(es_item)) as scene:
        check_fit(s2_algorithm, scene, {})
        window = (0, 0, 64, 64)
        out = _process_window(scene, s2_algorithm, est, window, {}, None)
        mask, ok = scene.read("MASK", window)
    valid = (mask == 1) & ok
    assert valid.sum() > 1500
    assert np.isfinite(out["LAI"][valid]).all() and np.isnan(out["LAI"][~valid]).all()
