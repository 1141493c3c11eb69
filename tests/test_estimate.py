"""estimate.py end to end: analysis-ready stack -> COG estimates + QC, checked against the independent
float64 forward pass and the toolbox's QC column; masks, nodata, cancel, angle options and errors."""

import os

import numpy as np
import pytest
from conftest import ALGORITHM_ID, OUTPUT_NAMES, S2_METADATA
from osgeo import gdal

from leaf_qgis import api
from leaf_qgis.engine.errors import Cancelled, LeafError
from leaf_qgis.engine.estimate import qc_path_for
from leaf_qgis.engine.variables import VARIABLES

OUT_OF_DOMAIN_ROWS = [476, 477, 478, 648, 649, 650, 831, 832, 833, 1043]


def _read(path):
    """(bands by description as arrays of row 0, dataset) for a 1-row raster."""
    ds = gdal.Open(str(path))
    assert ds is not None, path
    bands = {}
    for i in range(1, ds.RasterCount + 1):
        b = ds.GetRasterBand(i)
        bands[b.GetDescription()] = b.ReadAsArray()[0]
    return bands, ds


def _is_cog(ds):
    return (ds.GetMetadata("IMAGE_STRUCTURE") or {}).get("LAYOUT") == "COG"


def _run(stack, out_dir, store, **kw):
    out = os.path.join(str(out_dir), "est.tif")
    kw.setdefault("algorithm", ALGORITHM_ID)
    res = api.estimate(stack, out, store=store, **kw)
    return out, res


@pytest.fixture(scope="module")
def full_run(s2_sample_stack, network_cache, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("estimate_full")
    progress = []
    out, res = _run(s2_sample_stack, out_dir, network_cache, window_size=256, progress=progress.append)
    return out, res, progress, out_dir


# --------------------------------------------------------------------------------------------
# The full product on the 1050 samples
# --------------------------------------------------------------------------------------------

def test_output_is_a_cog_with_named_bands_units_and_nan_nodata(full_run, s2_sample_stack):
    out, res, _, _ = full_run
    assert os.path.isfile(out)
    assert res["OUTPUT"] == os.path.abspath(out)
    bands, ds = _read(out)
    assert _is_cog(ds)
    assert "LAYOUT=COG" in gdal.Info(ds)
    assert (ds.RasterXSize, ds.RasterYSize, ds.RasterCount) == (1050, 1, 14)
    assert list(bands) == OUTPUT_NAMES
    src = gdal.Open(s2_sample_stack)
    assert ds.GetGeoTransform() == src.GetGeoTransform()
    assert ds.GetSpatialRef().GetAuthorityCode(None) == "32614"
    for i, name in enumerate(OUTPUT_NAMES, start=1):
        b = ds.GetRasterBand(i)
        assert b.DataType == gdal.GDT_Float32
        assert np.isnan(b.GetNoDataValue())
        assert b.GetUnitType() == VARIABLES[name.split("_")[0]].unit
        assert b.GetUnitType()
    md = ds.GetMetadata()
    assert md["LEAF_ALGORITHM"] == "S2_SL2P_V0_20M"
    assert md["LEAF_SENSOR"] == "S2A" and md["LEAF_DATE"] == "2018-12-17"
    assert "sha256" in md["LEAF_NETWORKS"]


def test_qc_file_matches_toolbox_qc_column(full_run, s2_samples):
    out, res, _, _ = full_run
    qc_path = qc_path_for(out)
    assert qc_path.endswith("est_QC.tif") and res["QC"] == os.path.abspath(qc_path)
    bands, ds = _read(qc_path)
    assert _is_cog(ds)
    assert ds.RasterCount == 1
    b = ds.GetRasterBand(1)
    assert b.DataType == gdal.GDT_Byte and b.GetNoDataValue() == 255
    qc = bands["QC"]
    assert qc.dtype == np.uint8
    np.testing.assert_array_equal(qc & 1, s2_samples["QC"].astype(np.uint8))
    assert np.flatnonzero(qc & 1).tolist() == OUT_OF_DOMAIN_ROWS
    assert not (qc & 4).any() and (qc != 255).all()
    assert res["pixels"] == 1050 and res["estimated"] == 1050 and res["out_of_domain"] == 10
    assert res["invalid"] == 0
    assert res["out_of_range"] == int(((qc & 2) > 0).sum())


def test_estimates_match_independent_forward_pass(full_run, s2_reference_outputs):
    out, _, _, _ = full_run
    bands, _ = _read(out)
    np.testing.assert_allclose(bands["LAI"], s2_reference_outputs[:, 0], rtol=1e-4)
    for j, name in enumerate(OUTPUT_NAMES):
        np.testing.assert_allclose(bands[name], s2_reference_outputs[:, j], rtol=1e-4, err_msg=name)


def test_progress_and_no_leftovers(full_run):
    out, _, progress, out_dir = full_run
    assert progress and progress[-1] == pytest.approx(1.0)
    assert progress == sorted(progress)
    assert sorted(os.listdir(out_dir)) == ["est.tif", "est_QC.tif"]


# --------------------------------------------------------------------------------------------
# Options
# --------------------------------------------------------------------------------------------

def test_variable_subset_gives_four_bands(s2_sample_stack, network_cache, tmp_path, full_run):
    out, res = _run(s2_sample_stack, tmp_path, network_cache, variables=["LAI", "fCOVER"])
    bands, ds = _read(out)
    assert ds.RasterCount == 4
    assert list(bands) == ["LAI", "LAI_uncertainty", "fCOVER", "fCOVER_uncertainty"]
    assert res["variables"] == ["LAI", "fCOVER"]
    full, _ = _read(full_run[0])
    for name in bands:
        np.testing.assert_array_equal(bands[name], full[name])


def test_default_algorithm_for_an_s2_20m_stack(s2_sample_stack, network_cache, tmp_path):
    out = str(tmp_path / "lai.tif")
    res = api.estimate(s2_sample_stack, out, store=network_cache, variables=["LAI"])
    assert res["algorithm"] == ALGORITHM_ID
    assert gdal.Open(out).GetMetadataItem("LEAF_ALGORITHM") == ALGORITHM_ID


def test_unknown_variable_is_refused(s2_sample_stack, network_cache, tmp_path):
    with pytest.raises(LeafError, match="NDVI"):
        _run(s2_sample_stack, tmp_path, network_cache, variables=["LAI", "NDVI"])
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("runtime", ["numpy", "litert"])
def test_runtimes_and_window_sizes_give_the_same_product(s2_sample_stack, network_cache, tmp_path, full_run,
                                                         runtime):
    if runtime == "litert":
        pytest.importorskip("ai_edge_litert.interpreter")
    out, res = _run(s2_sample_stack, tmp_path, network_cache, runtime=runtime, window_size=97)
    assert res["runtime"] == runtime
    bands, _ = _read(out)
    full, _ = _read(full_run[0])
    for name in OUTPUT_NAMES:
        scale = np.abs(full[name]).max()
        np.testing.assert_allclose(bands[name], full[name], rtol=1e-5, atol=1e-5 * scale, err_msg=name)


def test_uint16_typed_stack_gives_the_same_product(s2_sample_stack_typed, network_cache, tmp_path, full_run):
    out, _ = _run(s2_sample_stack_typed, tmp_path, network_cache, window_size=256)
    bands, _ = _read(out)
    full, _ = _read(full_run[0])
    for name in OUTPUT_NAMES:
        np.testing.assert_array_equal(bands[name], full[name])
    qc, _ = _read(qc_path_for(out))
    full_qc, _ = _read(qc_path_for(full_run[0]))
    np.testing.assert_array_equal(qc["QC"], full_qc["QC"])


def test_explicit_qc_path(s2_sample_stack, network_cache, tmp_path):
    out = str(tmp_path / "a" / "lai.tif")
    qc = str(tmp_path / "b" / "flags.tif")
    res = api.estimate(s2_sample_stack, out, qc_path=qc, store=network_cache, variables=["LAI"],
                         algorithm=ALGORITHM_ID)
    assert os.path.isfile(out) and os.path.isfile(qc) and res["QC"] == os.path.abspath(qc)
    with pytest.raises(LeafError, match="must differ"):
        api.estimate(s2_sample_stack, out, qc_path=out, store=network_cache, algorithm=ALGORITHM_ID)


# --------------------------------------------------------------------------------------------
# Masked, nodata and invalid pixels
# --------------------------------------------------------------------------------------------

def test_mask_zero_gives_qc_4_and_nan(s2_band_factory, make_stack, network_cache, tmp_path, full_run):
    bands = s2_band_factory()
    masked = [0, 5, 476, 1049]
    bands[-1][1][0, masked] = 0
    stack = make_stack(tmp_path / "masked.tif", bands, S2_METADATA)
    out_dir = tmp_path / "out"
    out, res = _run(stack, out_dir, network_cache)
    est, _ = _read(out)
    qc, _ = _read(qc_path_for(out))
    full, _ = _read(full_run[0])
    full_qc, _ = _read(qc_path_for(full_run[0]))
    assert qc["QC"][masked].tolist() == [4] * len(masked)
    keep = np.setdiff1d(np.arange(1050), masked)
    np.testing.assert_array_equal(qc["QC"][keep], full_qc["QC"][keep])
    for name in OUTPUT_NAMES:
        assert np.isnan(est[name][masked]).all()
        np.testing.assert_array_equal(est[name][keep], full[name][keep])
    assert res["invalid"] == 4 and res["estimated"] == 1046 and res["pixels"] == 1050


def test_nodata_pixels_give_qc_255(s2_band_factory, make_stack, network_cache, tmp_path):
    bands = s2_band_factory()
    for b in bands:
        b[2] = dict(b[2], nodata=-9999)        # a GeoTIFF has one nodata value for all bands
    missing_refl, missing_angle = [3, 700], [10]
    bands[1][1][0, missing_refl] = -9999       # B4
    bands[9][1][0, missing_angle] = -9999      # SZA
    stack = make_stack(tmp_path / "nodata.tif", bands, S2_METADATA)
    out, res = _run(stack, tmp_path / "out", network_cache)
    est, _ = _read(out)
    qc, _ = _read(qc_path_for(out))
    gone = missing_refl + missing_angle
    assert qc["QC"][gone].tolist() == [255] * 3
    assert (qc["QC"][np.setdiff1d(np.arange(1050), gone)] != 255).all()
    for name in OUTPUT_NAMES:
        assert np.isnan(est[name][gone]).all()
    assert res["pixels"] == 1047


def test_reflectance_outside_valid_range_is_invalid(s2_band_factory, make_stack, network_cache, tmp_path):
    bands = s2_band_factory()
    bands[4][1][0, 20] = 12000                 # B7 = 1.2 > 1.05
    stack = make_stack(tmp_path / "bright.tif", bands, S2_METADATA)
    out, _ = _run(stack, tmp_path / "out", network_cache, variables=["LAI"])
    est, _ = _read(out)
    qc, _ = _read(qc_path_for(out))
    assert qc["QC"][20] == 4 and np.isnan(est["LAI"][20])


# --------------------------------------------------------------------------------------------
# Refusals and cancel
# --------------------------------------------------------------------------------------------

def test_wrong_sensor_is_refused(s2_band_factory, make_stack, network_cache, tmp_path):
    stack = make_stack(tmp_path / "l8.tif", s2_band_factory(), {"LEAF_SENSOR": "L8", "LEAF_DATE": "2018-12-17"})
    out_dir = tmp_path / "out"
    with pytest.raises(LeafError) as e:
        _run(stack, out_dir, network_cache)
    assert "L8" in str(e.value) and stack in str(e.value)
    assert not out_dir.exists() or os.listdir(out_dir) == []


def test_missing_reflectance_band_is_refused(s2_band_factory, make_stack, network_cache, tmp_path):
    bands = [b for b in s2_band_factory() if b[0] != "B11"]
    stack = make_stack(tmp_path / "nob11.tif", bands, S2_METADATA)
    with pytest.raises(LeafError, match="B11"):
        _run(stack, tmp_path / "out", network_cache)


def test_missing_angles_without_constants_are_refused(s2_band_factory, make_stack, network_cache, tmp_path):
    bands = [b for b in s2_band_factory() if b[0] != "SZA"]
    stack = make_stack(tmp_path / "nosza.tif", bands, S2_METADATA)
    with pytest.raises(LeafError, match="SZA"):
        _run(stack, tmp_path / "out", network_cache)
    bands = [b for b in s2_band_factory() if b[0] != "RAA"]
    stack = make_stack(tmp_path / "noraa.tif", bands, S2_METADATA)
    with pytest.raises(LeafError, match="RAA"):
        _run(stack, tmp_path / "out", network_cache)


def test_cancel_leaves_no_file(s2_sample_stack, network_cache, tmp_path):
    calls = []

    def is_canceled():
        calls.append(1)
        return len(calls) > 1          # true after the first window

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(Cancelled):
        _run(s2_sample_stack, out_dir, network_cache, window_size=100, is_canceled=is_canceled)
    # stopped at once: workers also ask before each window, so the count is the few windows in flight
    # (2 per thread), not the 11 of the stack
    assert 2 <= len(calls) <= 6
    assert os.listdir(out_dir) == []   # nothing, hidden temporary files included


def test_cancel_before_commit_leaves_no_file(s2_sample_stack, network_cache, tmp_path):
    """Cancel requested during the last window: still nothing written."""
    windows = 3
    calls = []

    def is_canceled():
        calls.append(1)
        return len(calls) > windows

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(Cancelled):
        _run(s2_sample_stack, out_dir, network_cache, window_size=400, is_canceled=is_canceled)
    assert os.listdir(out_dir) == []


# --------------------------------------------------------------------------------------------
# Angles: constants and azimuths
# --------------------------------------------------------------------------------------------

SZA, VZA, RAA = 38.5, 6.25, 123.0


def _constant_angle_bands(s2_band_factory, **angles):
    bands = [b for b in s2_band_factory() if b[0] not in ("VZA", "SZA", "RAA")]
    for name, value in angles.items():
        bands.insert(-1, [name, np.full((1, 1050), value, dtype=np.float64), {}])
    return bands


def test_angle_constants_replace_missing_angle_bands(s2_band_factory, make_stack, network_cache, tmp_path):
    with_bands = make_stack(tmp_path / "bands.tif", _constant_angle_bands(s2_band_factory, SZA=SZA, VZA=VZA, RAA=RAA),
                            S2_METADATA)
    without = make_stack(tmp_path / "none.tif", _constant_angle_bands(s2_band_factory), S2_METADATA)
    out_a, _ = _run(with_bands, tmp_path / "a", network_cache)
    out_b, _ = _run(without, tmp_path / "b", network_cache, angle_constants={"SZA": SZA, "vza": VZA, "RAA": RAA})
    a, _ = _read(out_a)
    b, _ = _read(out_b)
    for name in OUTPUT_NAMES + []:
        np.testing.assert_array_equal(a[name], b[name])
    np.testing.assert_array_equal(_read(qc_path_for(out_a))[0]["QC"], _read(qc_path_for(out_b))[0]["QC"])
    # and azimuth constants instead of RAA
    out_c, _ = _run(without, tmp_path / "c", network_cache,
                    angle_constants={"SZA": SZA, "VZA": VZA, "SAA": 150.0, "VAA": 150.0 - RAA})
    c, _ = _read(out_c)
    for name in OUTPUT_NAMES:
        np.testing.assert_allclose(c[name], a[name], rtol=1e-6, atol=1e-6 * np.abs(a[name]).max())


def test_angle_bands_win_over_constants(s2_sample_stack, network_cache, tmp_path, full_run):
    out, _ = _run(s2_sample_stack, tmp_path, network_cache, angle_constants={"SZA": 10.0, "VZA": 10.0, "RAA": 10.0})
    bands, _ = _read(out)
    full, _ = _read(full_run[0])
    np.testing.assert_array_equal(bands["LAI"], full["LAI"])


@pytest.mark.parametrize("sign", [1, -1])
def test_raa_band_and_azimuth_bands_agree(s2_band_factory, make_stack, network_cache, tmp_path, full_run, sign):
    bands = s2_band_factory()
    raa = bands[10][1]
    assert bands[10][0] == "RAA"
    vaa = np.linspace(0.0, 359.0, 1050)[None, :]
    saa = (vaa + sign * raa) % 360.0          # RAA = SAA - VAA (or its opposite: only cos(RAA) is used)
    bands = bands[:10] + [["SAA", saa, {}], ["VAA", vaa, {}]] + bands[11:]
    stack = make_stack(tmp_path / "azimuths.tif", bands, S2_METADATA)
    out, _ = _run(stack, tmp_path / "out", network_cache)
    est, _ = _read(out)
    full, _ = _read(full_run[0])
    for name in OUTPUT_NAMES:
        np.testing.assert_allclose(est[name], full[name], rtol=1e-5, atol=1e-5 * np.abs(full[name]).max(),
                                   err_msg=name)
    np.testing.assert_array_equal(_read(qc_path_for(out))[0]["QC"], _read(qc_path_for(full_run[0]))[0]["QC"])


# --------------------------------------------------------------------------------------------
# Networks missing from the store are installed first
# --------------------------------------------------------------------------------------------

def test_missing_networks_are_installed_from_base_url(s2_sample_stack, mirror_server, tmp_path, full_run):
    from leaf_qgis.engine.catalog import NetworkStore
    store = NetworkStore(str(tmp_path / "store"))
    messages = []
    out, _ = _run(s2_sample_stack, tmp_path / "out", store, base_url=mirror_server, variables=["LAI"],
                  log=messages.append)
    assert any("install" in m.lower() for m in messages)
    assert os.path.isdir(store.folder("S2_SL2P_V0_20M"))
    bands, _ = _read(out)
    full, _ = _read(full_run[0])
    np.testing.assert_array_equal(bands["LAI"], full["LAI"])


# --------------------------------------------------------------------------------------------
# 2-D rasters: windows in both directions land where they belong
# --------------------------------------------------------------------------------------------

def test_two_dimensional_stack_with_small_windows(s2_band_factory, make_stack, network_cache, tmp_path, full_run):
    bands = s2_band_factory()
    for b in bands:
        b[1] = b[1].reshape(30, 35)           # the same 1050 pixels, row-major
    stack = make_stack(tmp_path / "grid.tif", bands, S2_METADATA)
    out, res = _run(stack, tmp_path / "out", network_cache, window_size=16)   # 3 x 2 windows, ragged edges
    ds = gdal.Open(out)
    assert (ds.RasterXSize, ds.RasterYSize) == (35, 30)
    full, _ = _read(full_run[0])
    for i, name in enumerate(OUTPUT_NAMES, start=1):
        np.testing.assert_array_equal(ds.GetRasterBand(i).ReadAsArray().ravel(), full[name], err_msg=name)
    qc_ds = gdal.Open(qc_path_for(out))   # keep the dataset alive while its band is used
    qc = qc_ds.GetRasterBand(1).ReadAsArray().ravel()
    np.testing.assert_array_equal(qc, _read(qc_path_for(full_run[0]))[0]["QC"])
    assert res["out_of_domain"] == 10


def test_output_over_the_input_is_refused(s2_sample_stack, network_cache, tmp_path):
    import shutil
    stack = str(tmp_path / "stack.tif")
    shutil.copy(s2_sample_stack, stack)
    before = open(stack, "rb").read()
    try:
        with pytest.raises(LeafError):
            api.estimate(stack, stack, store=network_cache, algorithm=ALGORITHM_ID, variables=["LAI"])
    finally:
        assert open(stack, "rb").read() == before or pytest.fail("the input stack was overwritten")
