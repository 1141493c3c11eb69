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
