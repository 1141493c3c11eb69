"""Products straight into the tools: leaf:subset and leaf:estimate on a Sentinel-2 SAFE zip, in QGIS and
through qgis_process exactly as the README shows."""

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from test_qgis_process import qgis_env
from test_sentinel2 import make_safe, zip_safe

README = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md")


@pytest.fixture(scope="module")
def safe_zip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("product")
    safe, _, scl = make_safe(folder)
    return str(zip_safe(safe, folder / (safe.name + ".zip"))), scl


def _run(alg, params):
    import processing
    from qgis.core import QgsProcessingFeedback
    return processing.run(alg, params, feedback=QgsProcessingFeedback())


def test_subset_then_estimate_equals_estimate_on_the_product(qgis_app, network_cache, monkeypatch, safe_zip, tmp_path):
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", network_cache.root)
    path, scl = safe_zip
    stack = _run("leaf:subset", {"INPUT": path, "OUTPUT": str(tmp_path / "stack.tif")})["OUTPUT"]
    ds = gdal.Open(stack)
    names = [ds.GetRasterBand(i).GetDescription() for i in range(1, ds.RasterCount + 1)]
    for needed in ["B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12", "SZA", "VZA", "SAA", "VAA", "MASK"]:
        assert needed in names
    assert ds.GetMetadataItem("LEAF_SENSOR") == "S2A" and ds.GetMetadataItem("LEAF_DATE") == "2023-07-14"
    mask = ds.GetRasterBand(names.index("MASK") + 1).ReadAsArray()
    np.testing.assert_array_equal(mask == 1, np.isin(scl, [4, 5]))
    a = _run("leaf:estimate", {"INPUT": stack, "OUTPUT": str(tmp_path / "from_stack.tif")})
    b = _run("leaf:estimate", {"PRODUCT": path, "OUTPUT": str(tmp_path / "from_product.tif")})
    assert a["ALGORITHM_USED"] == b["ALGORITHM_USED"] == "S2_SL2P_V0_20M"
    ea, eb = gdal.Open(a["OUTPUT"]).ReadAsArray(), gdal.Open(b["OUTPUT"]).ReadAsArray()
    # the stack stores float32 reflectance and angles: the same numbers to float32 rounding
    np.testing.assert_allclose(ea, eb, rtol=1e-4, atol=1e-5)
    assert np.isfinite(eb[0][np.isin(scl, [4, 5]) & (gdal.Open(b["QC"]).ReadAsArray() == 0)]).all()


def test_subset_on_an_area_crs_and_resolution(qgis_app, safe_zip, tmp_path):
    path, _ = safe_zip
    ds = gdal.Open("/vsizip/" + path + "/" + [n for n in zipfile.ZipFile(path).namelist()
                                               if n.endswith("_B04_10m.jp2")][0])
    gt = ds.GetGeoTransform()
    x0, y1 = gt[0], gt[3]
    extent = "%f,%f,%f,%f [EPSG:32614]" % (x0 + 40, x0 + 240, y1 - 240, y1 - 40)
    out = _run("leaf:subset", {"INPUT": path, "EXTENT": extent, "RESOLUTION": 40, "OUTPUT": str(tmp_path / "a.tif")})
    sub = gdal.Open(out["OUTPUT"])
    assert (sub.RasterXSize, sub.RasterYSize) == (5, 5)
    assert sub.GetGeoTransform()[1] == 40
    far = "%f,%f,%f,%f [EPSG:32614]" % (x0 + 1e6, x0 + 1e6 + 100, y1, y1 + 100)
    from qgis.core import QgsProcessingException
    with pytest.raises(QgsProcessingException, match="no overlap"):
        _run("leaf:subset", {"INPUT": path, "EXTENT": far, "OUTPUT": str(tmp_path / "b.tif")})
    assert not (tmp_path / "b.tif").exists()


def test_subset_on_a_ccrs_tile(qgis_app, safe_zip, tmp_path):
    """TILE: the grid covers the CCRS sub-tile in EPSG:3979 (the product near 38.8 N, 99 W is in tile63_922),
    pixels aligned on the CRS origin as Earth Engine exports are (the tile's y edges are not whole km)."""
    path, _ = safe_zip
    out = _run("leaf:subset", {"INPUT": path, "TILE": "tile63_922", "RESOLUTION": 5000,
                               "OUTPUT": str(tmp_path / "t.tif")})["OUTPUT"]
    ds = gdal.Open(out)
    from osgeo import osr
    assert osr.SpatialReference(ds.GetProjection()).GetAuthorityCode(None) == "3979"
    assert ds.GetGeoTransform() == (-500000.0, 5000.0, 0.0, -885000.0, 0.0, -5000.0)
    assert (ds.RasterXSize, ds.RasterYSize) == (60, 61)   # y from -885077.33 - 300 km, snapped outward
    from qgis.core import QgsProcessingException
    with pytest.raises(QgsProcessingException, match="is not a CCRS tile name"):
        _run("leaf:subset", {"INPUT": path, "TILE": "tile99_5", "OUTPUT": str(tmp_path / "u.tif")})


def test_bad_product_is_one_sentence(qgis_app, tmp_path):
    from qgis.core import QgsProcessingException
    bad = tmp_path / "S2A_MSIL2A_broken.SAFE.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(QgsProcessingException, match="damaged or truncated"):
        _run("leaf:subset", {"INPUT": str(bad), "OUTPUT": str(tmp_path / "o.tif")})


def _readme_lines(prefix):
    lines = [ln.strip() for ln in open(README, encoding="utf-8") if ln.strip().startswith(prefix)]
    assert lines, "the README shows no command starting with %r" % prefix
    return lines[0]


def test_readme_product_commands_work_as_written(qgis_config, safe_zip, mirror_server, tmp_path):  # noqa: F811
    path, _ = safe_zip
    subset_cmd = _readme_lines("QT_QPA_PLATFORM=offscreen qgis_process.bin run leaf:subset")
    estimate_cmd = _readme_lines("QT_QPA_PLATFORM=offscreen qgis_process.bin run leaf:estimate -- PRODUCT=")
    name = subset_cmd.split("INPUT=")[1].split()[0]
    shutil.copy(path, tmp_path / name)
    env = qgis_env(qgis_config, LEAF_QGIS_NETWORK_BASE_URL=mirror_server, LEAF_QGIS_CACHE_DIR=str(tmp_path / "cache"))
    for cmd, outputs in ((subset_cmd, ["stack_s2.tif"]), (estimate_cmd, ["lai_s2.tif", "lai_s2_QC.tif"])):
        res = subprocess.run(["bash", "-c", cmd], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stdout + res.stderr
        for o in outputs:
            assert gdal.Open(str(tmp_path / o)).GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG", o


def test_estimate_on_a_stac_item(qgis_app, network_cache, monkeypatch, tmp_path):
    """A STAC item JSON (assets served with byte ranges on 127.0.0.1) is a PRODUCT of leaf:estimate."""
    import json

    from support.stac_fixtures import RangeServer, make_s2_item, strip_expected
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", network_cache.root)
    with RangeServer(str(tmp_path)) as server:
        item = strip_expected(make_s2_item(str(tmp_path), server.url, boa_offset_applied=False))
        path = tmp_path / "item.json"
        path.write_text(json.dumps(item))
        res = _run("leaf:estimate", {"PRODUCT": str(path), "VARIABLES": [0], "OUTPUT": str(tmp_path / "lai.tif")})
        assert res["ALGORITHM_USED"] == "S2_SL2P_V0_20M"
        lai = gdal.Open(res["OUTPUT"]).ReadAsArray()[0]
        qc = gdal.Open(res["QC"]).ReadAsArray()
        estimated = (qc & 4) == 0
        assert np.isfinite(lai[estimated]).all() and np.isnan(lai[~estimated]).all()
        assert estimated.sum() > 1000 and (qc == 4).any()   # the item's SCL clouds and water are masked


def test_subset_clipped_to_a_polygon_layer(qgis_app, safe_zip, tmp_path):
    """AREA = polygon layer: the grid covers its bounding box (+ buffer); pixels outside it have no data."""
    import json
    path, _ = safe_zip
    b04 = [n for n in zipfile.ZipFile(path).namelist() if n.endswith("_B04_10m.jp2")][0]
    gt = gdal.Open("/vsizip/" + path + "/" + b04).GetGeoTransform()
    x0, y1 = gt[0] + 100, gt[3] - 100
    triangle = [[x0, y1], [x0 + 200, y1], [x0, y1 - 200], [x0, y1]]
    geojson = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:32614"}},
               "features": [{"type": "Feature", "properties": {},
                             "geometry": {"type": "Polygon", "coordinates": [triangle]}}]}
    area = tmp_path / "area.geojson"
    area.write_text(json.dumps(geojson))
    out = _run("leaf:subset", {"INPUT": path, "AREA": str(area), "BUFFER": 20, "OUTPUT": str(tmp_path / "c.tif")})
    ds = gdal.Open(out["OUTPUT"])
    assert (ds.RasterXSize, ds.RasterYSize) == (12, 12)          # (200 + 2 x 20) m / 20 m
    b3 = ds.GetRasterBand(1).ReadAsArray()
    assert np.isnan(b3[-1, -1]) and np.isfinite(b3[5, 5])        # outside the triangle / inside it
    inside = np.isfinite(b3).sum()
    assert 0.4 * 144 < inside < 0.75 * 144                      # a buffered right triangle covers about 60 %


def test_subset_from_a_stac_search_merges_adjacent_tiles(qgis_app, tmp_path):
    """STAC search (127.0.0.1 API) over two adjacent items of one acquisition -> one merged stack; a search
    that finds two dates is refused."""
    from qgis.core import QgsProcessingException
    from support.stac_fixtures import RangeServer, StacServer, make_s2_item, strip_expected
    with RangeServer(str(tmp_path)) as files:
        west = make_s2_item(str(tmp_path), files.url, "S2A_17SLU_20220615_0_L2A", origin=(300000.0, 4000020.0),
                            boa_offset_applied=False)
        east = make_s2_item(str(tmp_path), files.url, "S2A_17SMU_20220615_0_L2A", origin=(301280.0, 4000020.0),
                            boa_offset_applied=False)
        later = make_s2_item(str(tmp_path), files.url, "S2B_17SLU_20220620_0_L2A", when="2022-06-20T16:10:00Z",
                             boa_offset_applied=False, write=False)
        with StacServer([strip_expected(i) for i in (west, east, later)]) as api:
            params = {"STAC_API": api.url, "STAC_COLLECTION": "sentinel-2-l2a",
                      "STAC_DATES": "2022-06-15T00:00:00Z/2022-06-15T23:59:59Z",
                      "EXTENT": "300000,302560,3998740,4000020 [EPSG:32617]", "OUTPUT": str(tmp_path / "m.tif")}
            out = _run("leaf:subset", params)
            ds = gdal.Open(out["OUTPUT"])
            assert (ds.RasterXSize, ds.RasterYSize) == (128, 64)
            names = [ds.GetRasterBand(i).GetDescription() for i in range(1, ds.RasterCount + 1)]
            b4 = ds.GetRasterBand(names.index("B4") + 1).ReadAsArray()
            np.testing.assert_allclose(b4[:, :64], west["expected"]["rho"]["B4"], atol=1e-6)
            np.testing.assert_allclose(b4[:, 64:], east["expected"]["rho"]["B4"], atol=1e-6)
            params.update(STAC_DATES="2022-06-01/2022-06-30", OUTPUT=str(tmp_path / "n.tif"))
            with pytest.raises(QgsProcessingException, match="2 acquisitions"):
                _run("leaf:subset", params)


def test_vrt_stack_points_at_the_product(qgis_app, network_cache, monkeypatch, safe_zip, tmp_path):
    """OUTPUT *.vrt: reflectance bands are VRTs of the product's JP2s (no pixels copied), angles and MASK sit
    in a GeoTIFF beside it; leaf:estimate on it gives the numbers of the COG stack."""
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", network_cache.root)
    path, _ = safe_zip
    vrt = _run("leaf:subset", {"INPUT": path, "OUTPUT": str(tmp_path / "stack.vrt")})["OUTPUT"]
    text = Path(vrt).read_text(encoding="utf-8")
    assert "stack.B4.vrt" in text and "stack.angles.tif" in text
    assert "/vsizip/" in (tmp_path / "stack.B4.vrt").read_text(encoding="utf-8")
    cog = _run("leaf:subset", {"INPUT": path, "OUTPUT": str(tmp_path / "stack.tif")})["OUTPUT"]
    a = gdal.Open(_run("leaf:estimate", {"INPUT": vrt, "OUTPUT": str(tmp_path / "a.tif")})["OUTPUT"]).ReadAsArray()
    b = gdal.Open(_run("leaf:estimate", {"INPUT": cog, "OUTPUT": str(tmp_path / "b.tif")})["OUTPUT"]).ReadAsArray()
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    assert os.path.getsize(vrt) + os.path.getsize(tmp_path / "stack.B4.vrt") < 20000


def test_subset_resampling_choice(qgis_app, safe_zip, tmp_path):
    """RESAMPLING: the 10 m bands onto 20 m by 2 x 2 average (default) or by nearest neighbour."""
    path, _ = safe_zip
    b2 = [n for n in zipfile.ZipFile(path).namelist() if n.endswith("_B02_10m.jp2")][0]
    dn = gdal.Open("/vsizip/" + path + "/" + b2).ReadAsArray().astype(float)
    out = {}
    for choice, name in ((0, "auto"), (3, "near")):
        res = _run("leaf:subset", {"INPUT": path, "RESAMPLING": choice, "OUTPUT": str(tmp_path / ("%s.tif" % name))})
        ds = gdal.Open(res["OUTPUT"])
        names = [ds.GetRasterBand(i).GetDescription() for i in range(1, ds.RasterCount + 1)]
        out[name] = ds.GetRasterBand(names.index("B2") + 1).ReadAsArray()
    mean = (dn[0::2, 0::2] + dn[1::2, 0::2] + dn[0::2, 1::2] + dn[1::2, 1::2]) / 4
    ok = (dn[0::2, 0::2] > 0) & (dn[1::2, 0::2] > 0) & (dn[0::2, 1::2] > 0) & (dn[1::2, 1::2] > 0)
    np.testing.assert_allclose(out["auto"][ok], ((mean - 1000) / 10000)[ok], atol=1e-6)
    assert not np.allclose(out["near"][ok], out["auto"][ok])
    near_ok = np.isfinite(out["near"])
    assert np.isin(np.round(out["near"][near_ok] * 10000 + 1000), dn).all()   # nearest keeps original DNs


def test_stac_search_area_from_extent_tile_or_none(qgis_app, tmp_path):
    """The lon/lat box of a STAC search comes from EXTENT, AREA or TILE (one function for every tool)."""
    from qgis.core import QgsProcessingContext, QgsProcessingException

    from leaf_qgis.engine.errors import LeafError
    from leaf_qgis.processing.area import search_bbox
    from leaf_qgis.processing.subset import SubsetAlgorithm
    alg, context = SubsetAlgorithm(), QgsProcessingContext()
    alg.initAlgorithm()
    box = search_bbox(alg, {"EXTENT": "-100,-99,38,39 [EPSG:4326]"}, context)
    np.testing.assert_allclose(box, [-100, 38, -99, 39])
    west, south, east, north = search_bbox(alg, {"TILE": "tile63_922"}, context)
    assert west < -99.0 < east and south < 38.8 < north   # the tile holds the synthetic product (38.8 N, 99 W)
    with pytest.raises(LeafError, match=r"A STAC search needs an area \(EXTENT, AREA or TILE\)\."):
        search_bbox(alg, {}, context)
    with pytest.raises(QgsProcessingException, match="needs an area"):
        _run("leaf:subset", {"STAC_API": "http://127.0.0.1:9/", "STAC_DATES": "2023-07-14/2023-07-15",
                             "OUTPUT": str(tmp_path / "x.tif")})
