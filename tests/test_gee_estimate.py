"""The Earth Engine backend computes what the local engine computes (issue 6).

The same pixels are given to both backends: to the local engine as an analysis-ready stack, to the Earth
Engine graph as fixture assets of the local Earth Engine endpoint (tests/support/ee_server.py), whose evaluator
runs the serialized expression graph with numpy. The EE run goes all the way through earthengine-api,
computePixels, the tiled download and the COG writer; its products must equal the local ones to 1e-4 (and
relative 1e-6 for the large-valued CCC/CWC outputs, float32 precision), QC bits exactly.

Pixels: the 1050 real LEAF samples (shared/realdata), plus cloud, no data, saturated, negative and
domain-edge pixels, and land-cover classes 0-19 (with NALCMS missing over a corner, where Copernicus fills
in) for the land-cover algorithm.
"""

import csv
import os

import numpy as np
import pytest
from conftest import write_stack
from osgeo import gdal, osr
from support.ee_server import FakeEarthEngine, FixtureImage

from leaf_qgis import api
from leaf_qgis.engine.algorithm import load_algorithms
from leaf_qgis.engine.catalog import NetworkStore
from leaf_qgis.engine.grid import Grid
from leaf_qgis.engine.request import EarthEngineSource, Period
from leaf_qgis.gee.landcover import COPERNICUS, COPERNICUS_TO_CCRS, NALCMS

pytest.importorskip("ee")

H, W = 30, 35                        # 1050 pixels: one per LEAF sample
EPSG = 32617
ORIGIN = (600000.0, 4500000.0)
S2_ID = "COPERNICUS/S2_SR_HARMONIZED/20190816T163901_20190816T164708_T17TNH"
L8_ID = "LANDSAT/LC08/C02/T1_L2/LC08_017030_20190816"
L8_TOA = "LANDSAT/LC08/C02/T1_TOA/LC08_017030_20190816"
TIME_MS = 1565974741000               # 2019-08-16
S2_PROPS = {"MEAN_SOLAR_ZENITH_ANGLE": 33.71, "MEAN_INCIDENCE_ZENITH_ANGLE_B8A": 6.42,
            "MEAN_SOLAR_AZIMUTH_ANGLE": 151.2, "MEAN_INCIDENCE_AZIMUTH_ANGLE_B8A": 287.9,
            "CLOUDY_PIXEL_PERCENTAGE": 12.0, "SPACECRAFT_NAME": "Sentinel-2A"}
S2_BANDS = ["B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12"]
L8_BANDS = ["SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"]
LARGE = ("CCC", "CWC")                # outputs of order 100: compare to float32 precision


def _grid(pixel):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    return Grid(srs.ExportToWkt(), (ORIGIN[0], pixel, 0.0, ORIGIN[1], 0.0, -pixel), W, H)


def _read_csv(path, columns):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {c: np.array([float(r[c]) for r in rows], dtype=np.float64) for c in columns}


@pytest.fixture(scope="module")
def store(shared_dir, tmp_path_factory):
    """Published networks installed from the upstream mirror (offline)."""
    store = NetworkStore(str(tmp_path_factory.mktemp("gee_networks")))
    algs = load_algorithms()
    for alg_id in ("S2_SL2P_V0_20M", "S2_SL2P_V1_20M", "L8_SL2P_V0_30M", "HLS_SL2P_V0_30M"):
        store.install(algs[alg_id], source=str(shared_dir / "upstream-mirror"))
    return store


def _special_pixels(dn, valid, scl_or_qa, kind):
    """Cloud, no data, saturated and domain-edge pixels in the first rows (same edits for both backends)."""
    dn[:, 0, 0:3] = 0                      # no data in every band
    valid[0, 0:3] = False
    dn[0, 0, 5] = 10600 if kind == "S2" else 46000   # reflectance > 1.05
    dn[1, 0, 6] = 7000 if kind == "S2" else 40000    # spec §3.1 domain edge (digit 8 for S2, 0 for Landsat)
    if kind == "S2":
        scl_or_qa[1, :6] = 9              # cloud high
        scl_or_qa[2, :3] = 5
        scl_or_qa[2, 3:6] = 3             # shadow
    else:
        scl_or_qa[1, :6] |= 1 << 3        # cloud
        scl_or_qa[2, :3] |= 1 << 1        # dilated cloud: kept by the toolbox rule
        scl_or_qa[2, 3:6] |= 1 << 7       # water
        dn[2, 3, 0:4] = 5000              # negative reflectance (5000 x 2.75e-5 - 0.2 < 0)


def _landcover():
    """NALCMS classes 0..19 cycling, missing in the top-left corner where Copernicus values (remapped) apply."""
    nalcms = (np.arange(H * W).reshape(H, W) % 20).astype(np.float64)
    nalcms_valid = np.ones((H, W), dtype=bool)
    nalcms_valid[:8, :10] = False
    cop_values = np.array(sorted(COPERNICUS_TO_CCRS) + [255])     # 255: not in the table -> class 0
    copernicus = cop_values[np.arange(H * W).reshape(H, W) % cop_values.size].astype(np.float64)
    remapped = np.array([COPERNICUS_TO_CCRS.get(int(v), 0) for v in copernicus.ravel()]).reshape(H, W)
    expected = np.where(nalcms_valid, nalcms, remapped)
    return nalcms, nalcms_valid, copernicus, expected


@pytest.fixture(scope="module")
def s2_case(shared_dir, tmp_path_factory):
    """(fixture images, local stack path) for one Sentinel-2 scene built from the 1050 samples."""
    cols = ["B03", "B04", "B05", "B06", "B07", "B8A", "B11", "B12"]
    samples = _read_csv(shared_dir / "realdata/leaf_sl2p_python_sr_samples/Surface_refelctance_S2_L2A.csv", cols)
    dn = np.stack([np.round(samples[c] * 1e4).reshape(H, W) for c in cols])
    valid = np.ones((H, W), dtype=bool)
    scl = np.full((H, W), 4.0)
    scl[5:10, 20:] = 5
    _special_pixels(dn, valid, scl, "S2")
    nalcms, nalcms_valid, copernicus, classes = _landcover()
    grid = _grid(20.0)
    bands = {b: dn[i] for i, b in enumerate(S2_BANDS)}
    bands.update(B2=np.round(dn[0] * 0.8), B8=dn[5], SCL=scl)      # the 10 m bands the 20 m networks do not use
    images = {
        S2_ID: FixtureImage(bands, "EPSG:%d" % EPSG, grid.geotransform, dict(S2_PROPS),
                            masks={b: valid for b in S2_BANDS + ["B2", "B8"]}, time_start=TIME_MS),
        NALCMS: FixtureImage({"landcover": nalcms}, "EPSG:%d" % EPSG, grid.geotransform,
                             masks={"landcover": nalcms_valid}),
        COPERNICUS: FixtureImage({"discrete_classification": copernicus}, "EPSG:%d" % EPSG, grid.geotransform),
    }
    path = s2_local_stack(tmp_path_factory.mktemp("gee_s2") / "s2.tif", images[S2_ID], classes, "2019-08-16")
    return images, path, grid


def s2_local_stack(path, image: FixtureImage, classes, date) -> str:
    """The local twin of a Sentinel-2 fixture image: the same DNs with scale 0.0001 (DN x 0.0001 + 0 in float64,
    as Earth Engine computes), its scene-mean angles as bands, MASK from SCL, the land-cover classes."""
    valid = image.masks["B3"]
    ones = np.ones((H, W))
    props = image.properties
    layers = [[b, np.where(valid, image.bands[b], 0.0), {"scale": 0.0001, "offset": 0.0, "nodata": 0}]
              for b in S2_BANDS]
    layers += [["SZA", ones * props["MEAN_SOLAR_ZENITH_ANGLE"], {}],
               ["VZA", ones * props["MEAN_INCIDENCE_ZENITH_ANGLE_B8A"], {}],
               ["SAA", ones * props["MEAN_SOLAR_AZIMUTH_ANGLE"], {}],
               ["VAA", ones * props["MEAN_INCIDENCE_AZIMUTH_ANGLE_B8A"], {}],
               ["MASK", np.isin(image.bands["SCL"], (4, 5)).astype(np.float64), {}],
               ["LANDCOVER", classes.astype(np.float64), {}]]
    return write_stack(path, layers, {"LEAF_SENSOR": "S2A", "LEAF_DATE": date}, epsg=EPSG, origin=ORIGIN, pixel=20.0)


@pytest.fixture(scope="module")
def l8_case(shared_dir, tmp_path_factory):
    """(fixture images, local stack path) for one Landsat 8 scene with per-pixel angles from its TOA twin."""
    samples = _read_csv(shared_dir / "realdata/leaf_sl2p_python_sr_samples/Surface_refelctance_LC08_T1_L2.csv",
                        L8_BANDS + ["QA_PIXEL"])
    rows = np.arange(H * W) % samples["SR_B3"].size
    dn = np.stack([np.round((samples[b][rows] + 0.2) / 2.75e-05).reshape(H, W) for b in L8_BANDS])
    valid = np.ones((H, W), dtype=bool)
    qa = samples["QA_PIXEL"][rows].reshape(H, W).astype(np.int64)
    _special_pixels(dn, valid, qa, "L8")
    yy, xx = np.mgrid[0:H, 0:W]
    angles = {"SZA": 3500 + 7 * yy + 3 * xx, "VZA": 20 + 13 * xx, "SAA": 14000 + 5 * yy, "VAA": 10000 + 2500 * (xx % 9)}
    grid = _grid(30.0)
    bands = {b: dn[i] for i, b in enumerate(L8_BANDS)}
    bands["QA_PIXEL"] = qa.astype(np.float64)
    images = {
        L8_ID: FixtureImage(bands, "EPSG:%d" % EPSG, grid.geotransform, {"CLOUD_COVER_LAND": 3.0},
                            masks={b: valid for b in L8_BANDS}, time_start=TIME_MS),
        L8_TOA: FixtureImage({k: v.astype(np.float64) for k, v in angles.items()}, "EPSG:%d" % EPSG,
                             grid.geotransform, time_start=TIME_MS),
    }
    keep = (qa & sum(1 << b for b in (0, 2, 3, 4, 5, 7))) == 0
    layers = [[b, np.where(valid, dn[i], 0.0), {"scale": 2.75e-05, "offset": -0.2, "nodata": 0}]
              for i, b in enumerate(L8_BANDS)]
    layers += [[k, v * 0.01, {}] for k, v in angles.items()]
    layers += [["MASK", keep.astype(np.float64), {}]]
    path = write_stack(tmp_path_factory.mktemp("gee_l8") / "l8.tif", layers, {"LEAF_SENSOR": "L8"}, epsg=EPSG,
                       origin=ORIGIN, pixel=30.0)
    return images, path, grid


def _read(path):
    ds = gdal.Open(path)
    out = {ds.GetRasterBand(i + 1).GetDescription(): ds.GetRasterBand(i + 1).ReadAsArray().astype(np.float64)
           for i in range(ds.RasterCount)}
    return out, ds.GetMetadata()


def _compare(local_dir, ee_dir, names):
    local, _ = _read(str(local_dir / "out.tif"))
    remote, meta = _read(str(ee_dir / "out.tif"))
    qc_local, _ = _read(str(local_dir / "out_QC.tif"))
    qc_remote, _ = _read(str(ee_dir / "out_QC.tif"))
    np.testing.assert_array_equal(qc_remote["QC"], qc_local["QC"])
    worst = {}
    for name in names:
        a, b = remote[name], local[name]
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b), err_msg=name)
        ok = ~np.isnan(b)
        tol = 1e-4 + (1e-6 * np.abs(b[ok]) if name.split("_")[0] in LARGE else 0)
        assert np.all(np.abs(a[ok] - b[ok]) <= tol), (name, np.max(np.abs(a[ok] - b[ok])))
        worst[name] = float(np.max(np.abs(a[ok] - b[ok])))
    return qc_local["QC"], worst, meta


def _earth_engine(server):
    return api.backend("earthengine", project="test-project", url=server.url, creds=server.credentials())


def _run_both(server, case, alg_id, store, tmp_path, image_id, **kwargs):
    """The local engine on the stack and the Earth Engine backend on the fixture image, same options."""
    images, stack, grid = case
    (tmp_path / "local").mkdir()
    (tmp_path / "ee").mkdir()
    local = api.estimate(stack, str(tmp_path / "local" / "out.tif"), algorithm=alg_id, store=store, threads=1,
                         **kwargs)
    remote = api.estimate(EarthEngineSource(image_id), str(tmp_path / "ee" / "out.tif"), grid=grid, algorithm=alg_id,
                          store=store, backend=_earth_engine(server), **kwargs)
    return local, remote


@pytest.mark.parametrize("alg_id", ["S2_SL2P_V0_20M", "S2_SL2P_V1_20M"])
def test_sentinel2_graph_equals_local_engine(s2_case, store, tmp_path, alg_id):
    with FakeEarthEngine(images=s2_case[0]) as server:
        local, remote = _run_both(server, s2_case, alg_id, store, tmp_path, S2_ID)
    names = load_algorithms()[alg_id].output_names()
    qc, worst, meta = _compare(tmp_path / "local", tmp_path / "ee", names)
    # every QC case is present, so the equality above means something
    assert {0, 1, 4, 255} <= set(np.unique(qc).astype(int)), np.unique(qc)
    assert (qc.astype(int) & 2).any()
    for key in ("pixels", "estimated", "out_of_domain", "out_of_range", "invalid"):
        assert remote[key] == local[key], key
    assert meta["LEAF_ALGORITHM"] == alg_id and meta["LEAF_RUNTIME"] == "earthengine"
    assert meta["LEAF_DATE"] == "2019-08-16"
    if alg_id == "S2_SL2P_V1_20M":   # classes 0 and 18 (and unknown Copernicus values) are invalid
        assert remote["invalid"] > local["pixels"] * 0.08


def test_landsat8_graph_equals_local_engine(l8_case, store, tmp_path):
    with FakeEarthEngine(images=l8_case[0]) as server:
        local, remote = _run_both(server, l8_case, "L8_SL2P_V0_30M", store, tmp_path, L8_ID)
    qc, worst, _ = _compare(tmp_path / "local", tmp_path / "ee", load_algorithms()["L8_SL2P_V0_30M"].output_names())
    assert {0, 4, 255} <= set(np.unique(qc).astype(int))
    assert remote["estimated"] == local["estimated"] > 900


def test_period_takes_the_most_recent_clear_pixel(s2_case, store, tmp_path):
    """A collection over a period: per pixel the newest image whose MASK keeps it, and that image's date."""
    images = dict(s2_case[0])
    old = images[S2_ID]
    newer_id = "COPERNICUS/S2_SR_HARMONIZED/20190826T163901_20190826T164708_T17TNH"
    scl = old.bands["SCL"].copy()
    scl[10:20, :] = 9                                      # clouds over rows 10-19 of the newer image
    bands = {b: (old.bands[b] * 0.9 if b != "SCL" else scl) for b in old.bands}
    images[newer_id] = FixtureImage(bands, old.crs, old.transform, dict(S2_PROPS, MEAN_SOLAR_ZENITH_ANGLE=31.0),
                                    masks=old.masks, time_start=TIME_MS + 10 * 86400000)
    cloudy_id = "COPERNICUS/S2_SR_HARMONIZED/20190821T163901_20190821T164708_T17TNH"
    images[cloudy_id] = FixtureImage(bands, old.crs, old.transform, dict(S2_PROPS, CLOUDY_PIXEL_PERCENTAGE=95.0),
                                     masks=old.masks, time_start=TIME_MS + 5 * 86400000)
    collection = {"COPERNICUS/S2_SR_HARMONIZED": [S2_ID, cloudy_id, newer_id]}
    grid = s2_case[2]
    runs = {}
    with FakeEarthEngine(images=images, collections=collection) as server:
        for name, source, period in (("old", EarthEngineSource(S2_ID), Period()),
                                     ("new", EarthEngineSource(newer_id), Period()),
                                     ("period", EarthEngineSource("S2", max_cloud=50),
                                      Period.half_open("2019-08-01", "2019-09-01"))):
            (tmp_path / name).mkdir()
            runs[name] = api.estimate(source, str(tmp_path / name / "out.tif"), grid=grid, period=period,
                                      algorithm="S2_SL2P_V0_20M", store=store, backend=_earth_engine(server))
    assert runs["period"]["images"] == 2                   # the 95 % cloudy scene is filtered out
    old_lai, _ = _read(str(tmp_path / "old" / "out.tif"))
    new_lai, _ = _read(str(tmp_path / "new" / "out.tif"))
    got, meta = _read(str(tmp_path / "period" / "out.tif"))
    date, _ = _read(str(tmp_path / "period" / "out_DATE.tif"))
    new_clear = np.isin(scl, (4, 5)) & s2_case[0][S2_ID].masks["B3"]
    old_clear = np.isin(old.bands["SCL"], (4, 5)) & s2_case[0][S2_ID].masks["B3"]
    day_old, day_new = TIME_MS // 86400000, TIME_MS // 86400000 + 10
    for name in ("LAI", "fCOVER"):
        np.testing.assert_allclose(got[name][new_clear], new_lai[name][new_clear], atol=1e-6)
        fallback = ~new_clear & old_clear
        assert fallback.sum() > 300
        np.testing.assert_allclose(got[name][fallback], old_lai[name][fallback], atol=1e-6)
    assert np.all(date["DATE"][new_clear] == day_new) and np.all(date["DATE"][~new_clear & old_clear] == day_old)
    assert np.all(date["DATE"][~new_clear & ~old_clear] == 65535)
    assert "most recent clear pixel" in meta["LEAF_INPUT"]


def test_leaf_uint8_encoding_equals_local(s2_case, store, tmp_path):
    with FakeEarthEngine(images=s2_case[0]) as server:
        local, remote = _run_both(server, s2_case, "S2_SL2P_V0_20M", store, tmp_path, S2_ID, encoding="leaf-uint8")
    ds_local = gdal.Open(str(tmp_path / "local" / "out.tif"))
    ds_ee = gdal.Open(str(tmp_path / "ee" / "out.tif"))
    assert ds_local.GetRasterBand(1).DataType == ds_ee.GetRasterBand(1).DataType == gdal.GDT_Byte
    assert ds_ee.RasterCount == ds_local.RasterCount == 8           # LAI, fAPAR, fCOVER, Albedo and uncertainties
    for i in range(1, ds_ee.RasterCount + 1):
        a, b = ds_ee.GetRasterBand(i).ReadAsArray(), ds_local.GetRasterBand(i).ReadAsArray()
        # both encode float32 values with engine.estimate.encode_uint8; here no value sits at a count boundary
        np.testing.assert_array_equal(a, b, err_msg="band %d" % i)
        assert ds_ee.GetRasterBand(i).GetScale() == ds_local.GetRasterBand(i).GetScale()


def test_cancel_leaves_no_file(s2_case, store, tmp_path):
    from leaf_qgis.engine.errors import Cancelled
    calls = []

    def cancel_after_first():
        calls.append(1)
        return len(calls) > 3
    with FakeEarthEngine(images=s2_case[0]) as server:
        with pytest.raises(Cancelled):
            api.estimate(EarthEngineSource(S2_ID), str(tmp_path / "out.tif"), grid=s2_case[2],
                         algorithm="S2_SL2P_V0_20M", store=store, backend=_earth_engine(server),
                         is_canceled=cancel_after_first)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("source, period, algorithm, message", [
    (EarthEngineSource("COPERNICUS/S2_HARMONIZED/20190816T163901_20190816T164708_T17TNH"), Period(), "S2_SL2P_V0_20M",
     r"^The Earth Engine image COPERNICUS/S2_HARMONIZED/\S+ is not from a supported collection \("),
    (EarthEngineSource(S2_ID), Period(), "L8_SL2P_V0_30M",
     r"^L8_SL2P_V0_30M is for L8, but the Earth Engine source \S+ is S2A, S2B, S2C\.$"),
    (EarthEngineSource(S2_ID), Period(), "SNAP_3_0_S2A_20M",
     r"^SNAP_3_0_S2A_20M follows SNAP's rules, which the Earth Engine backend does not translate; run it with the "
     r"local backend\.$"),
    (EarthEngineSource("S2"), Period.half_open("2019-09-01", "2019-08-01"), "S2_SL2P_V0_20M",
     r"^The period 2019-09-01 to 2019-08-01 is empty; the end date must come after the start date\.$"),
    (EarthEngineSource("S2"), Period(), "S2_SL2P_V0_20M",
     r"^An Earth Engine run over the collection COPERNICUS/S2_SR_HARMONIZED needs a start and an end date\.$"),
    (EarthEngineSource("S2"), Period.half_open("2020-01-01", "2020-02-01"), "S2_SL2P_V0_20M",
     r"^Earth Engine has no image of COPERNICUS/S2_SR_HARMONIZED over the area from 2020-01-01 to 2020-02-01\.$"),
    (EarthEngineSource("COPERNICUS/S2_SR_HARMONIZED/NO_SUCH_IMAGE"), Period(), "S2_SL2P_V0_20M",
     r"^Earth Engine failed: .*NO_SUCH_IMAGE"),
])
def test_bad_sources_one_sentence(s2_case, store, tmp_path, source, period, algorithm, message):
    from leaf_qgis.engine.errors import LeafError
    with FakeEarthEngine(images=s2_case[0], collections={"COPERNICUS/S2_SR_HARMONIZED": [S2_ID]}) as server:
        with pytest.raises(LeafError, match=message):
            api.estimate(source, str(tmp_path / "out.tif"), grid=s2_case[2], period=period, algorithm=algorithm,
                         store=store, backend=_earth_engine(server))
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("case, alg_id, image_id, effect", [
    ("s2_case", "S2_SL2P_V0_20M", S2_ID, 2e-5),    # cosines truncated to 4 decimals
    ("l8_case", "L8_SL2P_V0_30M", L8_ID, 1e-2),    # and negative cos RAA cast to uint16: 0
])
def test_toolbox_angle_quantization_equals_local(request, store, tmp_path, case, alg_id, image_id, effect):
    """The LEAF Toolbox's cosines (pi = 3.1415, x 1e4 cast to uint16/int16): Earth Engine casts in the graph."""
    data = request.getfixturevalue(case)
    with FakeEarthEngine(images=data[0]) as server:
        local, remote = _run_both(server, data, alg_id, store, tmp_path, image_id, angle_quantization="toolbox")
    _compare(tmp_path / "local", tmp_path / "ee", load_algorithms()[alg_id].output_names())
    assert remote["estimated"] == local["estimated"]
    meta = gdal.Open(str(tmp_path / "ee" / "out.tif")).GetMetadata()
    assert meta["LEAF_ANGLE_QUANTIZATION"] == "toolbox"
    # the quantisation changes LAI on these pixels, so the equality above tests the casts
    full = api.estimate(data[1], str(tmp_path / "full.tif"), algorithm=alg_id, store=store, threads=1,
                        variables=["LAI"])
    assert full["estimated"] == local["estimated"]
    a = _read(str(tmp_path / "full.tif"))[0]["LAI"]
    b = _read(str(tmp_path / "local" / "out.tif"))[0]["LAI"]
    assert np.nanmax(np.abs(a - b)) > effect


def test_area_polygons_mask_the_download_as_locally(s2_case, store, tmp_path):
    """AREA polygons: pixels whose centre is outside are no data (QC 255), on both backends alike."""
    from osgeo import osr
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    clip = (["POLYGON ((600100 4499500, 600500 4499900, 600650 4499450, 600100 4499500))"], srs.ExportToWkt(), 0.0)
    with FakeEarthEngine(images=s2_case[0]) as server:
        local, remote = _run_both(server, s2_case, "S2_SL2P_V0_20M", store, tmp_path, S2_ID, clip=clip)
    qc, _, _ = _compare(tmp_path / "local", tmp_path / "ee", load_algorithms()["S2_SL2P_V0_20M"].output_names())
    assert 100 < local["pixels"] == remote["pixels"] < 600 and (qc == 255).sum() > 500


HLS_ID = "NASA/HLS/HLSL30/v002/HLS_L30_T17TNH_2019228T162139_v2_0"


def test_hls_graph_equals_local_engine(shared_dir, store, tmp_path):
    """HLS L30: reflectance as is, per-pixel angle bands in degrees, Fmask bits 0-5 (fill 255)."""
    bands = ["B3", "B4", "B5", "B6", "B7"]
    samples = _read_csv(shared_dir / "realdata/leaf_sl2p_python_sr_samples/Surface_refelctance_LC08_T1_L2.csv",
                        ["SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"])
    rows = np.arange(H * W) % samples["SR_B3"].size
    refl = {b: samples["SR_" + b][rows].reshape(H, W) for b in bands}
    fmask = np.zeros((H, W))
    fmask[3, :5] = 2          # cloud
    fmask[4, :5] = 64         # aerosol level only: kept
    fmask[5, :5] = 255        # fill
    yy, xx = np.mgrid[0:H, 0:W]
    angles = {"SZA": 35.0 + 0.07 * yy, "VZA": 0.2 + 0.13 * xx, "SAA": 140.0 + 0.05 * yy, "VAA": 100.0 + 25 * (xx % 9)}
    grid = _grid(30.0)
    image = FixtureImage(dict(refl, Fmask=fmask, **angles), "EPSG:%d" % EPSG, grid.geotransform,
                         {"CLOUD_COVERAGE": 4.0}, time_start=TIME_MS)
    keep = (fmask.astype(int) & 63) == 0
    layers = [[b, refl[b], {}] for b in bands] + [[k, v, {}] for k, v in angles.items()]
    layers.append(["MASK", keep.astype(np.float64), {}])
    stack = write_stack(tmp_path / "hls.tif", layers, {"LEAF_SENSOR": "HLS_L30"}, epsg=EPSG, origin=ORIGIN, pixel=30.0)
    with FakeEarthEngine(images={HLS_ID: image}) as server:
        local, remote = _run_both(server, ({HLS_ID: image}, stack, grid), "HLS_SL2P_V0_30M", store, tmp_path, HLS_ID)
    qc, _, _ = _compare(tmp_path / "local", tmp_path / "ee", load_algorithms()["HLS_SL2P_V0_30M"].output_names())
    assert (qc == 4).sum() == 10 and remote["estimated"] == local["estimated"] > 1000
