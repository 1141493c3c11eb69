"""writer.py: products appear as complete COGs on commit, and nothing is left behind on abort."""

import os

import numpy as np
import pytest
from osgeo import gdal

from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.writer import BandSpec, ProductWriter

GT = (500000.0, 20.0, 0.0, 4300000.0, 0.0, -20.0)


def _srs_wkt():
    from osgeo import osr
    s = osr.SpatialReference()
    s.ImportFromEPSG(32614)
    return s.ExportToWkt()


def _writer(path, dtype=np.float32, nodata=float("nan"), width=700, height=600):
    bands = [BandSpec("LAI", "leaf area index", "m2/m2", {"VALID_MIN": "0"}), BandSpec("LAI_uncertainty")]
    return ProductWriter(str(path), width, height, GT, _srs_wkt(), bands, dtype, nodata, {"LEAF_ALGORITHM": "X"})


def test_commit_writes_a_cog_with_everything(tmp_path):
    w = _writer(tmp_path / "sub" / "out.tif")
    rng = np.random.default_rng(0)
    full = rng.random((2, 600, 700)).astype(np.float32)
    full[0, 10, 10] = np.nan
    for y in range(0, 600, 256):
        for x in range(0, 700, 256):
            win = (x, y, min(256, 700 - x), min(256, 600 - y))
            w.write(win, [full[i, y:y + win[3], x:x + win[2]] for i in range(2)])
    # nothing visible before commit
    assert not os.path.exists(tmp_path / "sub" / "out.tif")
    w.commit()
    assert os.listdir(tmp_path / "sub") == ["out.tif"]
    ds = gdal.Open(str(tmp_path / "sub" / "out.tif"))
    assert ds.GetMetadata("IMAGE_STRUCTURE").get("LAYOUT") == "COG"
    assert ds.GetMetadata("IMAGE_STRUCTURE").get("COMPRESSION") == "DEFLATE"
    assert ds.GetGeoTransform() == GT
    assert ds.GetMetadata()["LEAF_ALGORITHM"] == "X"
    b1 = ds.GetRasterBand(1)
    assert b1.GetDescription() == "LAI" and b1.GetUnitType() == "m2/m2"
    assert b1.GetMetadata()["LONG_NAME"] == "leaf area index" and b1.GetMetadata()["VALID_MIN"] == "0"
    assert np.isnan(b1.GetNoDataValue())
    assert ds.GetRasterBand(2).GetDescription() == "LAI_uncertainty"
    np.testing.assert_array_equal(np.stack([ds.GetRasterBand(i).ReadAsArray() for i in (1, 2)]), full)


def test_uint8_product(tmp_path):
    w = _writer(tmp_path / "qc.tif", dtype=np.uint8, nodata=255, width=30, height=20)
    w.write((0, 0, 30, 20), [np.full((20, 30), 3), np.full((20, 30), 255)])
    w.commit()
    ds = gdal.Open(str(tmp_path / "qc.tif"))
    assert ds.GetRasterBand(1).DataType == gdal.GDT_Byte
    assert ds.GetRasterBand(1).GetNoDataValue() == 255
    assert (ds.GetRasterBand(1).ReadAsArray() == 3).all()


def test_abort_leaves_nothing(tmp_path):
    w = _writer(tmp_path / "out.tif")
    w.write((0, 0, 10, 10), [np.zeros((10, 10)), np.zeros((10, 10))])
    assert os.listdir(tmp_path)  # the hidden partial file exists meanwhile
    assert all(n.startswith(".") for n in os.listdir(tmp_path))
    w.abort()
    assert os.listdir(tmp_path) == []


def test_commit_replaces_an_existing_file(tmp_path):
    target = tmp_path / "out.tif"
    target.write_bytes(b"old")
    w = _writer(target, width=8, height=8)
    w.write((0, 0, 8, 8), [np.ones((8, 8)), np.ones((8, 8))])
    w.commit()
    assert gdal.Open(str(target)).RasterCount == 2
    assert os.listdir(tmp_path) == ["out.tif"]


def test_unwritable_folder_is_one_sentence(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LeafError, match="output folder"):
        _writer(blocker / "sub" / "out.tif")


@pytest.mark.parametrize("window", [256, 100, 512])
def test_overviews_are_the_nearest_decimation(tmp_path, window):
    """Overviews written with the windows: pixel i of factor k is source pixel min(k*i + k//2, size - 1),
    whatever the window size (aligned or not), and the COG keeps them (factors as GDAL's COG driver picks)."""
    width, height = 1300, 700
    w = _writer(tmp_path / "o.tif", width=width, height=height)
    assert w.factors == [2, 4]  # 1300 -> 650 -> 325 px
    full = np.arange(width * height, dtype=np.float32).reshape(height, width)
    for y in range(0, height, window):
        for x in range(0, width, window):
            win = (x, y, min(window, width - x), min(window, height - y))
            part = full[y:y + win[3], x:x + win[2]]
            w.write(win, [part, -part])
    w.commit()
    ds = gdal.Open(str(tmp_path / "o.tif"))
    band = ds.GetRasterBand(1)
    assert band.GetOverviewCount() == 2
    for level, k in enumerate((2, 4)):
        ov = band.GetOverview(level).ReadAsArray()
        rows = np.minimum(np.arange(-(-height // k)) * k + k // 2, height - 1)
        cols = np.minimum(np.arange(-(-width // k)) * k + k // 2, width - 1)
        np.testing.assert_array_equal(ov, full[np.ix_(rows, cols)])
        np.testing.assert_array_equal(ds.GetRasterBand(2).GetOverview(level).ReadAsArray(), -full[np.ix_(rows, cols)])


def test_overview_factors_match_the_cog_driver():
    from leaf_qgis.engine.writer import overview_factors
    assert overview_factors(5490, 5490) == [2, 4, 8, 16]
    assert overview_factors(512, 512) == []
    assert overview_factors(513, 10) == [2]
    drv = gdal.GetDriverByName("MEM")
    for w, h in ((5490, 5490), (1300, 700), (513, 10)):
        src = drv.Create("", w, h, 1, gdal.GDT_Byte)
        src.SetGeoTransform(GT)
        cog = gdal.GetDriverByName("COG").CreateCopy("/vsimem/f.tif", src, 0, ["OVERVIEWS=AUTO", "COMPRESS=NONE"])
        b = cog.GetRasterBand(1)
        assert [round(w / b.GetOverview(i).XSize) for i in range(b.GetOverviewCount())] == overview_factors(w, h)
        cog = None
        gdal.Unlink("/vsimem/f.tif")
