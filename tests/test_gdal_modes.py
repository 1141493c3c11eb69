"""The engine behaves the same whether GDAL's bindings return None on failure (QGIS 3.22, GDAL's default before 4.0)
or raise RuntimeError (after gdal/ogr/osr.UseExceptions(), which QGIS 3.40's Processing calls, so that is the
mode the plugin runs in under QGIS desktop and qgis_process 3.40 and 3.44). Each case runs in both modes here, so
the host (QGIS 3.22) checks the 3.40 behaviour too."""

import contextlib
import os

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from leaf_qgis import api
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.estimate import AUTO_BUNDLED
from leaf_qgis.engine.gdalio import gdal_raises, quiet
from leaf_qgis.engine.stack import Stack, open_raster
from leaf_qgis.engine.timeseries import read_features
from leaf_qgis.engine.writer import BandSpec, ProductWriter
from leaf_qgis.gee import download

MODULES = (gdal, ogr, osr)


@contextlib.contextmanager
def mode(raises: bool):
    """GDAL's error mode (gdal, ogr and osr) inside the block, the previous one restored afterwards."""
    before = [m.GetUseExceptions() for m in MODULES]
    _set([raises] * len(MODULES))
    try:
        assert gdal_raises() is raises
        yield
    finally:
        _set(before)


def _set(flags):
    """UseExceptions() pushes an error handler per module: switch them on in order and off in reverse order."""
    for m, on in zip(MODULES, flags):
        if on and not m.GetUseExceptions():
            m.UseExceptions()
    for m, on in reversed(list(zip(MODULES, flags))):
        if not on and m.GetUseExceptions():
            m.DontUseExceptions()


@pytest.fixture(params=[False, True], ids=["returns None", "raises"])
def gdal_mode(request):
    with mode(request.param):
        yield request.param


def test_quiet_gives_none_and_the_message(gdal_mode, tmp_path):
    missing = str(tmp_path / "missing.tif")
    ds, msg = quiet(lambda: gdal.Open(missing))
    assert ds is None and "missing.tif" in msg and "\n" not in msg
    assert quiet(lambda: 41 + 1) == (42, "")
    with pytest.raises(RuntimeError, match="not GDAL's"):   # an error of the caller's own passes through
        quiet(lambda: (_ for _ in ()).throw(RuntimeError("not GDAL's")))


@pytest.mark.parametrize("content", [b"this is not a raster\n", b"II*\x00" + b"\x01" * 100])
def test_unreadable_rasters_are_one_sentence(gdal_mode, tmp_path, content):
    path = tmp_path / "notes.tif"
    path.write_bytes(content)
    for opener in (open_raster, Stack):
        with pytest.raises(LeafError, match="is not a raster GDAL can read") as e:
            opener(str(path))
        assert str(path) in str(e.value) and "\n" not in str(e.value)


def test_unreadable_features_are_one_sentence(gdal_mode, tmp_path):
    with pytest.raises(LeafError, match="are not a vector file OGR can read"):
        read_features(str(tmp_path / "missing.gpkg"))


def test_earth_engine_answer_that_is_not_a_geotiff(gdal_mode):
    with pytest.raises(LeafError, match="not a GeoTIFF"):
        download._decode(b"<html>oops</html>", ["a"], (0, 0, 4, 4))


def test_estimate_runs_in_both_modes(s2_sample_stack, tmp_path):
    """The whole local estimate (bundled networks: nothing downloaded) gives the same numbers in both modes."""
    lai = {}
    for raises in (False, True):
        out = str(tmp_path / ("lai_%s.tif" % raises))
        with mode(raises):
            api.estimate(s2_sample_stack, out, algorithm=AUTO_BUNDLED, variables=["LAI"], runtime="numpy",
                         threads=2)
        ds = gdal.Open(out)   # held while its band is read (GDAL 3.6 frees the band with the dataset)
        lai[raises] = ds.GetRasterBand(1).ReadAsArray()
        ds = None
    assert np.isfinite(lai[False]).sum() > 1000
    np.testing.assert_array_equal(lai[True], lai[False])   # same process, same machine: the same numbers


def test_an_output_gdal_cannot_create_is_one_sentence(gdal_mode, tmp_path):
    path = str(tmp_path / ("x" * 250 + ".tif"))   # the temporary ".<name>.<pid>.partial.tif" is too long a name
    with pytest.raises(LeafError, match=r"^Cannot write .*\.tif: .+\.$") as e:
        ProductWriter(path, 4, 4, (0, 1, 0, 0, 0, -1), "", [BandSpec("LAI")], np.float32, np.nan, {})
    assert "\n" not in str(e.value)
    assert os.listdir(tmp_path) == []
