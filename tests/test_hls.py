"""HLS v2.0 granule reader: synthetic granules written at test time (tests/support/stac_fixtures.py)."""

import os

import numpy as np
import pytest
from osgeo import osr
from support.stac_fixtures import RangeServer, hls_granule_name, make_hls_granule

from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.grid import Grid
from leaf_qgis.engine.hls import granule_date, open_hls

WINDOW = (0, 0, 64, 64)


@pytest.fixture(scope="module")
def l30(tmp_path_factory):
    return make_hls_granule(tmp_path_factory.mktemp("hls") / "l30")


@pytest.fixture(scope="module")
def s30(tmp_path_factory):
    return make_hls_granule(tmp_path_factory.mktemp("hls") / "s30", product="S30", tile="T33UUP",
                            stamp="2021200T101031")


def _clear(fmask, bits=(0, 1, 2, 3, 4, 5)):
    return (fmask & sum(1 << b for b in bits)) == 0


def test_l30_reflectance_angles_and_mask(l30):
    with open_hls(l30["folder"]) as scene:
        assert scene.sensor == "HLS_L30" and scene.date == "2020-04-26"
        assert (scene.width, scene.height) == (64, 64) and scene.geotransform[1] == 30.0
        assert {"B1", "B2", "B3", "B4", "B5", "B6", "B7", "B9", "SZA", "SAA", "VZA", "VAA", "MASK"} == set(scene.bands)
        scene.require_reflectance(["B3", "B4", "B5", "B6", "B7"])
        for band in ("B3", "B4", "B5", "B6", "B7"):  # GDAL scale (B3, B4) and scale_factor metadata (others)
            values, ok = scene.read(band, WINDOW)
            np.testing.assert_allclose(values[ok], l30["rho"][band][ok], rtol=0, atol=1e-12)
            assert not ok[0, 0] and ok.sum() == 64 * 64 - 1  # the -9999 fill
        for angle in ("SZA", "SAA", "VZA", "VAA"):  # VAA has no scale metadata: the 0.01 default
            values, ok = scene.read(angle, WINDOW)
            np.testing.assert_allclose(values[ok], l30["angles"][angle][ok], atol=1e-9)
            assert not ok[1, 1] and ok.sum() == 64 * 64 - 1
        assert 35.0 <= scene.read("SZA", (0, 0, 1, 1))[0][0, 0] < 37.0  # degrees, not hundredths
        mask, ok = scene.read("MASK", WINDOW)
        assert not ok[2, 2]
        np.testing.assert_array_equal(mask[ok] == 1, _clear(l30["fmask"])[ok])
        assert mask[0:8].max() == 0 and mask[:, 0:4].max() == 0 and mask[40:44].max() == 0  # cloud, shadow, water
        assert mask[50:, 4:].min() == 1  # high aerosol is not a mask bit


def test_window_reads_part_of_the_grid(l30):
    with open_hls(l30["folder"]) as scene:
        values, ok = scene.read("B5", (10, 20, 16, 8))
        assert values.shape == (8, 16) and ok.all()
        np.testing.assert_allclose(values, l30["rho"]["B5"][20:28, 10:26], atol=1e-12)
        assert list(scene.windows(40)) == [(0, 0, 40, 40), (40, 0, 24, 40), (0, 40, 40, 24), (40, 40, 24, 24)]


def test_open_parent_folder(tmp_path):
    g = make_hls_granule(tmp_path / "downloads" / "granule", size=8)
    with open_hls(str(tmp_path / "downloads")) as scene:
        assert scene.path == os.path.join(g["folder"], g["name"]) and scene.width == 8


def test_open_by_one_file_and_configurable_mask(l30):
    one = os.path.join(l30["folder"], l30["name"] + ".B04.tif")
    with open_hls(one, mask_bits=(1, 3)) as scene:  # cloud and shadow only: water is kept
        mask, ok = scene.read("MASK", WINDOW)
        np.testing.assert_array_equal(mask[ok] == 1, _clear(l30["fmask"], (1, 3))[ok])
        assert mask[40:44, 4:].min() == 1 and mask[0:8].max() == 0
        assert scene.metadata["HLS_FMASK_BITS"] == "1,3"
    with open_hls(one, mask_bits=None) as scene:
        assert not scene.has("MASK")


def test_s30_band_names(s30):
    with open_hls(s30["folder"]) as scene:
        assert scene.sensor == "HLS_S30" and scene.date == "2021-07-19"
        assert {"B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12"} <= set(scene.bands)
        for band in ("B8A", "B11", "B12"):
            values, ok = scene.read(band, WINDOW)
            np.testing.assert_allclose(values[ok], s30["rho"][band][ok], atol=1e-12)


def test_granule_date():
    assert granule_date("2020117") == "2020-04-26"
    assert granule_date("2020366") == "2020-12-31"  # leap year
    assert granule_date("2021001") == "2021-01-01"


def test_grid_resamples_onto_coarser_pixels(l30):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32617)
    grid = Grid.from_bounds(srs.ExportToWkt(), 300000.0 + 600, 4000020.0 - 1200, 300000.0 + 1200, 4000020.0 - 600, 60.0)
    with open_hls(l30["folder"], grid=grid) as scene:
        assert (scene.width, scene.height) == (10, 10)
        values, ok = scene.read("B5", (0, 0, 10, 10))
        expected = l30["rho"]["B5"][20:40, 20:40].reshape(10, 2, 10, 2).mean(axis=(1, 3))
        np.testing.assert_allclose(values, expected, atol=1e-9)


def test_remote_assets_read_through_vsicurl(l30):
    names = [f for f in os.listdir(l30["folder"]) if f.startswith(l30["name"])]
    with RangeServer(l30["folder"]) as server:
        assets = {n.split(".")[-2]: {"href": "%s/%s" % (server.url, n)} for n in names}
        with open_hls(assets) as scene:
            assert scene.path.startswith("/vsicurl/http://127.0.0.1")
            values, ok = scene.read("B6", (8, 8, 16, 16))
            np.testing.assert_allclose(values, l30["rho"]["B6"][8:24, 8:24], atol=1e-12)
            scene.close()


# ---------------------------------------------------------------------------- bad input


def test_missing_band_file(tmp_path):
    g = make_hls_granule(tmp_path / "g")
    os.remove(os.path.join(g["folder"], g["name"] + ".B05.tif"))
    with pytest.raises(LeafError, match=r"has no B05 file \(expected .*%s\.B05\.tif\)\.$" % g["name"]):
        open_hls(g["folder"])
    os.remove(os.path.join(g["folder"], g["name"] + ".Fmask.tif"))
    with pytest.raises(LeafError, match="has no Fmask file"):
        open_hls(g["folder"], bands=["B3", "B4"])
    assert not open_hls(g["folder"], bands=["B3", "B4"], mask_bits=()).has("MASK")


def test_corrupt_file(tmp_path):
    g = make_hls_granule(tmp_path / "g")
    bad = os.path.join(g["folder"], g["name"] + ".B06.tif")
    with open(bad, "wb") as f:
        f.write(b"not a tiff at all")
    with pytest.raises(LeafError, match="The input %s is not a raster GDAL can read" % bad):
        open_hls(g["folder"])


def test_unknown_naming(tmp_path):
    (tmp_path / "scene_B04.tif").write_bytes(b"x")
    with pytest.raises(LeafError, match="No file in .* is named like an HLS v2.0 granule file"):
        open_hls(str(tmp_path))
    with pytest.raises(LeafError, match="scene_B04.tif is not named like an HLS v2.0 granule file"):
        open_hls(str(tmp_path / "scene_B04.tif"))
    with pytest.raises(LeafError, match="does not exist"):
        open_hls(str(tmp_path / "nowhere"))


def test_several_granules_in_one_folder(tmp_path):
    make_hls_granule(tmp_path, size=8)
    make_hls_granule(tmp_path, size=8, stamp="2020133T160604")
    with pytest.raises(LeafError, match="Several HLS granules are in"):
        open_hls(str(tmp_path))
    one = tmp_path / (hls_granule_name(stamp="2020133T160604") + ".B03.tif")
    assert open_hls(str(one)).date == "2020-05-12"


def test_no_overlap(l30):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32617)
    far = Grid.from_bounds(srs.ExportToWkt(), 700000.0, 5000000.0, 701000.0, 5001000.0, 30.0)
    with pytest.raises(LeafError, match=r"The raster .*%s\.B01\.tif has no overlap with the area" % l30["name"]):
        open_hls(l30["folder"], grid=far)


# ---------------------------------------------------------------------------- with the estimator


def test_estimator_on_hls_granule(l30, shared_dir, tmp_path):
    from leaf_qgis.engine.algorithm import get_algorithm
    from leaf_qgis.engine.catalog import NetworkStore
    from leaf_qgis.engine.estimate import _process_window, check_fit
    from leaf_qgis.engine.estimator import QC_INVALID, QC_NODATA, Estimator

    alg = get_algorithm("HLS_SL2P_V0_30M")
    installed = NetworkStore(str(tmp_path)).install(alg, source=str(shared_dir / "upstream-mirror"))
    est = Estimator(alg, installed)
    with open_hls(l30["folder"]) as scene:
        check_fit(alg, scene, {})
        out = _process_window(scene, alg, est, WINDOW, {}, None)
        mask, mask_ok = scene.read("MASK", WINDOW)
    valid = (mask == 1) & mask_ok
    valid[0, 0] = valid[1, 1] = False  # reflectance / angle fill
    assert valid.sum() > 1000
    assert np.isfinite(out["LAI"][valid]).all() and (out["LAI"][valid] > 0.5).all()
    assert np.isnan(out["LAI"][~valid]).all()
    assert out["QC"][0, 0] == QC_NODATA and out["QC"][1, 1] == QC_NODATA
    assert (out["QC"][0:8, 4:] & QC_INVALID).all()  # cloud


def test_estimate_stack_on_hls_folder(l30, shared_dir, tmp_path):
    """The whole path: folder -> sources.open_source -> HLS scene (one per worker thread) -> COG products."""
    from leaf_qgis import api
    from leaf_qgis.engine.algorithm import get_algorithm
    from leaf_qgis.engine.catalog import NetworkStore

    store = NetworkStore(str(tmp_path / "store"))
    store.install(get_algorithm("HLS_SL2P_V0_30M"), source=str(shared_dir / "upstream-mirror"))
    result = api.estimate(l30["folder"], str(tmp_path / "lai.tif"), store=store, variables=["LAI"],
                            window_size=32, threads=2)
    assert result["algorithm"] == "HLS_SL2P_V0_30M"
    assert result["pixels"] == 64 * 64 - 2  # reflectance and angle fills
    assert result["estimated"] == 52 * 60  # rows 8-63 less water rows 40-43, columns 4-63 (Fmask bits 0-5 clear)
