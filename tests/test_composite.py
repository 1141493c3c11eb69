"""The mosaic engine (leaf_qgis.engine.composite) on small synthetic products built here.

Three Sentinel-2 L2A SAFEs of July 2023 (20 x 20 pixels at 20 m) hold, row block by row block, spectra chosen
so that the LEAF production score (spec §6.3) picks a known image; the expected scores are computed below
from the §6.3 formulas with the numbers written out, not with the engine.
"""

import datetime
import json
import math
import os
import warnings
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from support.stac_fixtures import RangeServer, make_hls_granule, make_s2_item
from test_sentinel2 import write_jp2, write_mtd, write_mtd_tl

from leaf_qgis import api
from leaf_qgis.engine import composite as cp
from leaf_qgis.engine.errors import Cancelled, LeafError
from leaf_qgis.engine.grid import Grid
from leaf_qgis.engine.sources import find_products

ULX, ULY = 500000.0, 4300000.0   # the synthetic tile of test_sentinel2 (EPSG:32614, 400 m x 400 m)
N = 20                           # pixels a side at 20 m
S2_10M = ("B02", "B03", "B04", "B08")
S2_20M = ("B05", "B06", "B07", "B8A", "B11", "B12")
ROLE_FILES = ("B02", "B03", "B04", "B8A", "B11", "B12")   # blue, green, red, nir, swir1, swir2
OTHER = {"B05": 12.0, "B06": 25.0, "B07": 30.0, "B08": 38.0}   # percent, the same for every date

# percent reflectance (blue, green, red, nir, swir1, swir2) of three dates A, B, C
VEG = {"A": (3, 6, 4, 40, 20, 10), "B": (4, 7, 5, 35, 22, 12), "C": (2.5, 5.5, 3.5, 45, 18, 9)}
WATER = {"A": (8, 7, 5, 3, 2, 1), "B": (6, 6, 4, 2.5, 1.5, 1), "C": (9, 8, 6, 4, 2.5, 1.5)}
WHEN = {"A": "2023-07-06T10:30:00.000Z", "B": "2023-07-16T10:30:00.000Z", "C": "2023-07-26T10:30:00.000Z"}
CLOUD = {"A": 10.0, "B": 70.0, "C": 5.0}
# row blocks: 0-4 vegetation, all clear; 5-9 vegetation, B cloudy (SCL 8); 10-14 water (SCL 6, kept);
# 15-19 vegetation, C cloudy (SCL 9). Pixel (0, 19) is SCL 0 (no data) on every date; (1, 19) is snow
# (SCL 11) on C; (2, 19) is SCL 3 (shadow) on C and 7 (unclassified, kept) on A and B.
BLOCKS = {"veg": slice(0, 5), "veg_b_cloudy": slice(5, 10), "water": slice(10, 15), "veg_c_cloudy": slice(15, 20)}


def _scl(date):
    scl = np.full((N, N), 4, np.uint8)
    scl[10:15] = 6
    if date == "B":
        scl[5:10] = 8
    if date == "C":
        scl[15:20] = 9
        scl[1, 19] = 11
        scl[2, 19] = 3
    else:
        scl[2, 19] = 7
    scl[0, 19] = 0
    return scl


def _percent(date):
    """{band file name: 20 x 20 percent reflectance} of one date."""
    out = {}
    for k, band in enumerate(ROLE_FILES):
        a = np.full((N, N), float(VEG[date][k]))
        a[10:15] = WATER[date][k]
        out[band] = a
    for band, value in OTHER.items():
        out[band] = np.full((N, N), value)
    return out


def make_s2(folder, when, cloud, percent, scl, spacecraft="Sentinel-2A", tile="T14SNA"):
    """A Sentinel-2 L2A SAFE (baseline 04.00) of the test tile acquired at `when` (ISO, UTC) with scene cloud
    cover `cloud` (%); `percent` maps band file names (B02 ...) to 20 x 20 percent reflectance (10 m bands
    are written at 10 m, each 20 m pixel as 2 x 2 equal pixels); `scl` is the 20 x 20 scene classification."""
    stamp = when[:19].replace("-", "").replace(":", "")
    safe = Path(folder) / ("S2%s_MSIL2A_%s_N0400_R108_%s_%s.SAFE" % (spacecraft[-1], stamp, tile, stamp))
    granule = "GRANULE/L2A_%s_A000001_%s" % (tile, stamp)
    files = []
    for band, pct in percent.items():
        res = 10 if band in S2_10M else 20
        dn = np.round(pct * 100.0 + 1000).astype(np.uint16)
        if res == 10:
            dn = np.kron(dn, np.ones((2, 2), np.uint16))
        rel = "%s/IMG_DATA/R%dm/%s_%s_%s_%dm" % (granule, res, tile, stamp, band, res)
        (safe / rel).parent.mkdir(parents=True, exist_ok=True)
        write_jp2(safe / (rel + ".jp2"), dn, res)
        files.append(rel)
    rel = "%s/IMG_DATA/R20m/%s_%s_SCL_20m" % (granule, tile, stamp)
    write_jp2(safe / (rel + ".jp2"), np.asarray(scl, np.uint8), 20)
    write_mtd(safe / "MTD_MSIL2A.xml", files + [rel], spacecraft=spacecraft)
    mtd = (safe / "MTD_MSIL2A.xml").read_text().replace("2023-07-14T10:30:31.024Z", when)
    (safe / "MTD_MSIL2A.xml").write_text(mtd)
    write_mtd_tl(safe / granule / "MTD_TL.xml")
    tl = (safe / granule / "MTD_TL.xml").read_text().replace(
        "</n1:Level-2A_Tile_ID>", "<n1:Quality_Indicators_Info><Image_Content_QI><CLOUDY_PIXEL_PERCENTAGE>%s"
        "</CLOUDY_PIXEL_PERCENTAGE></Image_Content_QI></n1:Quality_Indicators_Info></n1:Level-2A_Tile_ID>" % cloud)
    (safe / granule / "MTD_TL.xml").write_text(tl)
    return str(safe)


@pytest.fixture(scope="module")
def july(tmp_path_factory):
    """{'A', 'B', 'C'}: the three products of the period, and 'late': one of 5 August (outside it) whose
    vegetation would otherwise win everything (NIR 60 %, cloud 0)."""
    folder = tmp_path_factory.mktemp("july")
    out = {d: make_s2(folder, WHEN[d], CLOUD[d], _percent(d), _scl(d)) for d in "ABC"}
    late = _percent("C")
    late["B8A"][:] = 60.0
    out["late"] = make_s2(folder, "2023-08-05T10:30:00.000Z", 0.0, late, np.full((N, N), 4, np.uint8))
    return out


def _bands(path):
    ds = gdal.Open(path)
    return {ds.GetRasterBand(i).GetDescription(): ds.GetRasterBand(i).ReadAsArray().astype(np.float64)
            for i in range(1, ds.RasterCount + 1)}, ds.GetMetadata()


# --------------------------------------------------------------------------------------------
# The LEAF best-pixel score, by hand (spec §6.3 with the numbers of VEG / WATER / CLOUD / WHEN)
# --------------------------------------------------------------------------------------------

def _median(values):
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def _hand_scores(spectra, dates):
    """Total scores of the listed dates for one pixel: percent bands, per-band medians, class, spectral score,
    spatial (cloud) and temporal terms with weights 1 and sigma 6 (Sentinel-2)."""
    med = [_median([spectra[d][k] for d in dates]) for k in range(6)]
    mb, mg, mr, mn, ms1, ms2 = med
    max_ndvi = max((spectra[d][3] - spectra[d][2]) / (spectra[d][3] + spectra[d][2])
                   if spectra[d][3] / spectra[d][1] >= 2.5 else 0.0 for d in dates)
    ndwis = []
    for d in dates:
        b, g, r, n, s1, s2 = spectra[d]
        vis = max(b, g)
        ndwi = (vis - n) / (vis + n)
        if max(ms1, ms2) > 7:
            ndwi = 0.0
        if max(b, g, r, n, s1, s2) < 2 and max(ms1, ms2) < 7:
            ndwi = 1.0
        ndwis.append(ndwi)
    cls = 0 if max(ndwis) > 0.1 else 2 if max_ndvi > 0.3 else 1
    # the window is [2023-07-01, 2023-08-01): mid-date 2023-07-16 12:00 UTC = DOY 196.5 (0 = 1 January)
    doy = {"A": 186 + 10.5 / 24, "B": 196 + 10.5 / 24, "C": 206 + 10.5 / 24}
    scores = {}
    for d in dates:
        b, g, r, n, s1, s2 = spectra[d]
        blu_ref = 0.25 * ms2 if cls == 2 else mb
        blu_pen = math.exp(abs(blu_ref - b))
        nir_pen = abs(mn - n)
        spec = (mb + mn) / (blu_pen + nir_pen) if cls == 0 else n / (max(b, 0.01) + nir_pen + blu_pen)
        scores[d] = spec / (spec + 1) + (1 - CLOUD[d] / 100) + math.exp(-0.5 * ((doy[d] - 196.5) / 6) ** 2)
    return scores, cls


def test_hand_scores_pick_the_documented_winners():
    """The example is built so that each row block has a different winner: the numbers, worked out."""
    s, cls = _hand_scores(VEG, "ABC")
    assert cls == 2 and max(s, key=s.get) == "C"            # C 2.0448 > A 2.0410 > B 2.0219
    assert s["C"] == pytest.approx(0.841121 + 0.95 + 0.253705, abs=1e-5)
    s, cls = _hand_scores(VEG, "AC")
    assert max(s, key=s.get) == "C"                          # B cloudy: C 2.0838 > A 1.9895
    s, cls = _hand_scores(WATER, "ABC")
    assert cls == 0 and max(s, key=s.get) == "A"             # water: A 2.0618 > B 1.8823 > C 1.9511
    s, cls = _hand_scores(VEG, "AB")
    assert max(s, key=s.get) == "B"                          # C cloudy: B 2.0779 > A 2.0000


def test_leaf_scores_equal_the_hand_scores():
    pct = {r: np.array([[[VEG[d][k]]] for d in "ABC"], dtype=np.float64) for k, r in enumerate(cp.ROLES)}
    clear = np.ones((3, 1, 1), bool)
    doy = [186 + 10.5 / 24 - 196.5, 196 + 10.5 / 24 - 196.5, 206 + 10.5 / 24 - 196.5]
    score, cls = cp.leaf_scores(pct, clear, [CLOUD[d] for d in "ABC"], doy, [6, 6, 6])
    hand, _ = _hand_scores(VEG, "ABC")
    np.testing.assert_allclose(score[:, 0, 0], [hand[d] for d in "ABC"], rtol=1e-12)
    assert cls[0, 0] == 2
    clear[1] = False
    score, _ = cp.leaf_scores(pct, clear, [CLOUD[d] for d in "ABC"], doy, [6, 6, 6])
    hand, _ = _hand_scores(VEG, "AC")
    assert np.isnan(score[1, 0, 0])
    np.testing.assert_allclose(score[[0, 2], 0, 0], [hand["A"], hand["C"]], rtol=1e-12)


def test_delta_doy_from_the_window_middle():
    mid = datetime.datetime(2023, 7, 1) + (datetime.datetime(2023, 8, 1) - datetime.datetime(2023, 7, 1)) / 2
    assert mid == datetime.datetime(2023, 7, 16, 12)
    assert cp.delta_doy(datetime.datetime(2023, 7, 6, 10, 30), mid) == pytest.approx(-10.0625)
    # production moves the mid-date to the image's year: across New Year an image lands far from the middle
    assert cp.delta_doy(datetime.datetime(2024, 1, 2), datetime.datetime(2023, 12, 31)) == pytest.approx(1 - 365)  # 2024 is a leap year


# --------------------------------------------------------------------------------------------
# The composite on products
# --------------------------------------------------------------------------------------------

WINNER_LEAF = {"veg": "C", "veg_b_cloudy": "C", "water": "A", "veg_c_cloudy": "B"}


def _index(july, order=("A", "B", "C", "late")):
    return {d: i for i, d in enumerate(order)}


def test_leaf_best_pixel_composite(july, tmp_path):
    inputs = [july[d] for d in ("A", "B", "C", "late")]
    out = str(tmp_path / "leaf.tif")
    res = api.mosaic(inputs, out, start="2023-07-01", end="2023-08-01", method="leaf", window_size=8)
    assert res["products"] == inputs[:3]
    b, md = _bands(out)
    for needed in ["B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12", "SZA", "VZA", "SAA", "VAA", "MASK",
                   "DATE", "DOY", "SOURCE", "COUNT"]:
        assert needed in b, needed
    assert "SENSOR" not in b
    assert md["LEAF_SENSOR"] == "S2A" and md["LEAF_COMPOSITE"] == "leaf" and md["LEAF_DATE"] == "2023-07-16"
    assert md["LEAF_PERIOD"] == "2023-07-01/2023-08-01"
    idx = _index(july)
    day = {d: (datetime.date(2023, 7, int(WHEN[d][8:10])) - datetime.date(1970, 1, 1)).days for d in "ABC"}
    for block, rows in BLOCKS.items():
        winner = WINNER_LEAF[block]
        src = b["SOURCE"][rows, :19]
        assert (src == idx[winner]).all(), (block, np.unique(src))
        assert (b["DATE"][rows, :19] == day[winner]).all()
        assert (b["DOY"][rows, :19] == int(WHEN[winner][8:10]) + 180).all()   # 1 July = DOY 181, 0-based 181
        spectra = WATER if block == "water" else VEG
        np.testing.assert_allclose(b["B8A"][rows, :19], spectra[winner][3] / 100, rtol=1e-6)
        np.testing.assert_allclose(b["B2"][rows, :19], spectra[winner][0] / 100, rtol=1e-6)
        np.testing.assert_allclose(b["B5"][rows, :19], OTHER["B05"] / 100, rtol=1e-6)
    assert (b["MASK"][:, :19] == 1).all()
    assert (b["COUNT"][0:5, :19] == 3).all() and (b["COUNT"][5:10, :19] == 2).all()


def test_weights_change_the_winner(july, tmp_path):
    """Spectral score alone (spatial and temporal weights 0: score = spec): vegetation goes to A (8.60 >
    5.29 > 2.60 by the numbers of test_hand_scores...)."""
    out = str(tmp_path / "spec.tif")
    api.mosaic([july[d] for d in "ABC"], out, start="2023-07-01", end="2023-08-01",
                 weights={"spectral": 1, "spatial": 0, "temporal": 0})
    b, md = _bands(out)
    assert (b["SOURCE"][0:5, :19] == 0).all()
    assert md["LEAF_SCORE_WEIGHTS"] == '{"spatial": 0, "spectral": 1, "temporal": 0}'


def test_masks_respected(july, tmp_path):
    out = str(tmp_path / "m.tif")
    api.mosaic([july[d] for d in "ABC"], out, start="2023-07-01", end="2023-08-01", method="recent")
    b, _ = _bands(out)
    # no data on every date: no value, COUNT 0
    assert np.isnan(b["B4"][0, 19]) and np.isnan(b["SOURCE"][0, 19]) and np.isnan(b["MASK"][0, 19])
    assert b["COUNT"][0, 19] == 0
    # snow (SCL 11) on C is a candidate (production keeps it) but flagged invalid: MASK 0
    assert b["SOURCE"][1, 19] == 2 and b["MASK"][1, 19] == 0
    # shadow (SCL 3) on C is removed, unclassified (SCL 7) on B kept
    assert b["SOURCE"][2, 19] == 1 and b["MASK"][2, 19] == 1 and b["COUNT"][2, 19] == 2
    # water (SCL 6) is kept by production's mask; cloud (SCL 8, 9) never chosen
    assert (b["SOURCE"][10:15, :19] == 2).all()
    assert (b["SOURCE"][15:20, :19] == 1).all() and (b["COUNT"][15:20, :19] == 2).all()


def test_max_ndvi_median_recent_by_hand(july, tmp_path):
    inputs = [july[d] for d in "ABC"]
    res = {}
    for method in ("max_ndvi", "median", "recent"):
        out = str(tmp_path / (method + ".tif"))
        api.mosaic(inputs, out, start="2023-07-01", end="2023-08-01", method=method)
        res[method] = _bands(out)[0]
    ndvi = {d: (VEG[d][3] - VEG[d][2]) / (VEG[d][3] + VEG[d][2]) for d in "ABC"}   # A 0.818, B 0.75, C 0.856
    assert max(ndvi, key=ndvi.get) == "C" and (res["max_ndvi"]["SOURCE"][0:5, :19] == 2).all()
    assert ndvi["A"] > ndvi["B"] and (res["max_ndvi"]["SOURCE"][15:20, :19] == 0).all()   # C cloudy
    water_ndvi = {d: (WATER[d][3] - WATER[d][2]) / (WATER[d][3] + WATER[d][2]) for d in "ABC"}
    best = max(water_ndvi, key=water_ndvi.get)                                           # B: -0.2308
    assert (res["max_ndvi"]["SOURCE"][10:15, :19] == "ABC".index(best)).all()
    # recent: C where clear, else B
    assert (res["recent"]["SOURCE"][0:15, :19] == 2).all() and (res["recent"]["SOURCE"][15:20, :19] == 1).all()
    # median: per band, of the clear dates; even counts give the mean of the two middle values
    med = res["median"]
    np.testing.assert_allclose(med["B8A"][0:5, :19], 0.40, rtol=1e-6)                 # 35, 40, 45
    np.testing.assert_allclose(med["B2"][0:5, :19], 0.03, rtol=1e-6)                  # 2.5, 3, 4
    np.testing.assert_allclose(med["B8A"][5:10, :19], (40 + 45) / 200, rtol=1e-6)     # B cloudy
    np.testing.assert_allclose(med["B4"][15:20, :19], (4 + 5) / 200, rtol=1e-6)       # C cloudy
    # DATE / SOURCE: the median-date observation (the earlier middle one for an even count)
    assert (med["SOURCE"][0:5, :19] == 1).all() and (med["SOURCE"][5:10, :19] == 0).all()
    assert (med["SOURCE"][15:20, :19] == 0).all()


def test_period_cloud_limit_and_errors(july, tmp_path):
    inputs = [july[d] for d in ("A", "B", "C", "late")]
    out = str(tmp_path / "c.tif")
    res = api.mosaic(inputs, out, start="2023-07-01", end="2023-08-01", method="recent", cloud_limit=50)
    assert res["products"] == [july["A"], july["C"]]              # B has 70 % cloud, late is in August
    b, md = _bands(out)
    assert set(np.unique(b["SOURCE"][np.isfinite(b["SOURCE"])])) == {0, 2}
    assert '"cloud_cover":70.0' not in md["LEAF_SOURCES"] and july["C"] in md["LEAF_SOURCES"]
    with pytest.raises(LeafError, match=r"No product falls in the period 2023-09-01 to 2023-10-01 \(end excluded\)"
                                        r".*outside the period") as e:
        api.mosaic(inputs, str(tmp_path / "none.tif"), start="2023-09-01", end="2023-10-01")
    assert july["late"] in str(e.value) and "\n" not in str(e.value)
    with pytest.raises(LeafError, match="ends .* before it starts"):
        api.mosaic(inputs, str(tmp_path / "none.tif"), start="2023-08-01", end="2023-07-01")
    with pytest.raises(LeafError, match="Unknown compositing method"):
        api.mosaic(inputs, str(tmp_path / "none.tif"), method="best")
    with pytest.raises(LeafError, match="does not exist"):
        api.mosaic([str(tmp_path / "missing.zip")], str(tmp_path / "none.tif"))
    assert not [f for f in os.listdir(tmp_path) if f.startswith(("none", ".none"))]


def test_folder_input_and_empty_folder(july, tmp_path):
    folder = Path(july["A"]).parent
    found = find_products(str(folder))
    assert found == sorted(july[d] for d in ("A", "B", "C", "late"))
    out = str(tmp_path / "f.tif")
    res = api.mosaic(str(folder), out, start="2023-07-01", end="2023-08-01", method="recent")
    assert len(res["products"]) == 3
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("nothing here")
    with pytest.raises(LeafError, match="The folder %s holds no product" % empty):
        api.mosaic(str(empty), str(tmp_path / "e.tif"))


def test_cancel_leaves_no_files(july, tmp_path):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        api.mosaic([july[d] for d in "ABC"], str(out / "x.tif"), start="2023-07-01", end="2023-08-01", window_size=4,
                     threads=2, is_canceled=cancel)
    assert os.listdir(out) == []


def test_explicit_grid_in_another_crs(july, tmp_path):
    """A grid in EPSG:3979 (LEAF production's Canada LCC) at 40 m: every product is warped onto it."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3979)
    # the tile centre in EPSG:3979, a 200 m x 200 m square around it
    src = osr.SpatialReference()
    src.ImportFromEPSG(32614)
    for s in (src, srs):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    x, y, _ = osr.CoordinateTransformation(src, srs).TransformPoint(ULX + 100, ULY - 100)
    grid = Grid.from_bounds(srs.ExportToWkt(), x - 40, y - 40, x + 40, y + 40, 40)
    out = str(tmp_path / "lcc.tif")
    api.mosaic([july[d] for d in "ABC"], out, start="2023-07-01", end="2023-08-01", grid=grid)
    ds = gdal.Open(out)
    assert ds.GetGeoTransform()[1] == 40 and osr.SpatialReference(ds.GetProjection()).IsSame(srs)
    b, _ = _bands(out)
    assert (b["SOURCE"] == 2).all()   # rows 0-9 of the tile: C wins (see WINNER_LEAF)


def test_window_size_bounds_memory():
    assert cp.window_size_for(3) == 512 and cp.window_size_for(20) == 256 and cp.window_size_for(200) == 128


# --------------------------------------------------------------------------------------------
# Mixed sensors: Sentinel-2 and a Landsat 8 product in another UTM zone
# --------------------------------------------------------------------------------------------

L8_RHO = {"SR_B1": 0.03, "SR_B2": 0.04, "SR_B3": 0.07, "SR_B4": 0.05, "SR_B5": 0.33, "SR_B6": 0.20, "SR_B7": 0.10}


def make_l8(folder, epsg=32615, date="2023-07-11", time="16:50:00.0000000Z", cloud=20.0):
    """A Landsat 8 C2 L2 folder in EPSG:`epsg` covering the Sentinel-2 test tile (30 m, constant spectra
    L8_RHO, QA_PIXEL clear). Returns (path, {band: reflectance the reader gives})."""
    src, dst, geo = osr.SpatialReference(), osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(32614)
    dst.ImportFromEPSG(epsg)
    geo.ImportFromEPSG(4326)
    for s in (src, dst, geo):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    pts = [ct.TransformPoint(x, y)[:2] for x in (ULX - 200, ULX + 600) for y in (ULY - 600, ULY + 200)]
    x0, y1 = math.floor(min(p[0] for p in pts) / 30) * 30, math.ceil(max(p[1] for p in pts) / 30) * 30
    w = int(math.ceil((max(p[0] for p in pts) - x0) / 30))
    h = int(math.ceil((y1 - min(p[1] for p in pts)) / 30))
    stem = "LC08_L2SP_029033_%s_20230720_02_T1" % date.replace("-", "")
    folder = Path(folder) / stem
    folder.mkdir(parents=True)
    to_geo = osr.CoordinateTransformation(dst, geo)
    corners = {c: to_geo.TransformPoint(x, y)[:2] for c, x, y in (
        ("UL", x0, y1), ("UR", x0 + 30 * w, y1), ("LL", x0, y1 - 30 * h), ("LR", x0 + 30 * w, y1 - 30 * h))}

    def tif(name, data):
        ds = gdal.GetDriverByName("GTiff").Create(str(folder / ("%s_%s.TIF" % (stem, name))), w, h, 1, gdal.GDT_UInt16)
        ds.SetProjection(dst.ExportToWkt())
        ds.SetGeoTransform((x0, 30.0, 0.0, y1, 0.0, -30.0))
        ds.GetRasterBand(1).WriteArray(data)
        ds = None

    rho = {}
    for band, value in L8_RHO.items():
        dn = np.full((h, w), round((value + 0.2) / 2.75e-5), np.uint16)
        tif(band, dn)
        rho[band] = float(dn[0, 0]) * 2.75e-5 - 0.2
    tif("QA_PIXEL", np.full((h, w), 21824, np.uint16))
    mtl = "\n".join([
        "GROUP = LANDSAT_METADATA_FILE", "  GROUP = PRODUCT_CONTENTS", '    LANDSAT_PRODUCT_ID = "%s"' % stem,
        '    PROCESSING_LEVEL = "L2SP"', "    COLLECTION_NUMBER = 02"]
        + ['    FILE_NAME_BAND_%d = "%s_SR_B%d.TIF"' % (n, stem, n) for n in range(1, 8)]
        + ['    FILE_NAME_QUALITY_L1_PIXEL = "%s_QA_PIXEL.TIF"' % stem, "  END_GROUP = PRODUCT_CONTENTS",
           "  GROUP = IMAGE_ATTRIBUTES", '    SPACECRAFT_ID = "LANDSAT_8"', "    CLOUD_COVER = %s" % cloud,
           "    DATE_ACQUIRED = %s" % date, '    SCENE_CENTER_TIME = "%s"' % time, "    SUN_AZIMUTH = 125.0",
           "    SUN_ELEVATION = 65.0", "  END_GROUP = IMAGE_ATTRIBUTES", "  GROUP = PROJECTION_ATTRIBUTES"]
        + ["    CORNER_%s_LAT_PRODUCT = %.6f\n    CORNER_%s_LON_PRODUCT = %.6f" % (c, lat, c, lon)
           for c, (lon, lat) in corners.items()]
        + ["  END_GROUP = PROJECTION_ATTRIBUTES", "  GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS"]
        + ["    REFLECTANCE_MULT_BAND_%d = 2.75e-05\n    REFLECTANCE_ADD_BAND_%d = -0.2" % (n, n) for n in range(1, 8)]
        + ["  END_GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS", "END_GROUP = LANDSAT_METADATA_FILE", "END", ""])
    (folder / ("%s_MTL.txt" % stem)).write_text(mtl)
    return str(folder), rho


def test_mixed_sensors_refused_unless_allowed(july, tmp_path):
    l8, rho = make_l8(tmp_path / "l8")
    inputs = [july["B"], l8]
    with pytest.raises(LeafError, match=r"different sensors \(L8: .*LC08.*; S2: .*S2A_MSIL2A.*\); allow mixing"):
        api.mosaic(inputs, str(tmp_path / "no.tif"), start="2023-07-01", end="2023-08-01")
    # default grid: the union of both footprints in the first product's CRS, at 30 m when sensors are mixed
    res = api.mosaic(inputs, str(tmp_path / "union.tif"), start="2023-07-01", end="2023-08-01", mix_sensors=True)
    ds = gdal.Open(res["OUTPUT"])
    assert ds.GetGeoTransform()[1] == 30 and osr.SpatialReference(ds.GetProjection()).GetAuthorityCode(None) == "32614"
    assert ds.RasterXSize * 30 > 800 and ds.RasterYSize * 30 > 800   # the Landsat scene reaches beyond the tile
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32614)
    tile = Grid.from_bounds(srs.ExportToWkt(), ULX, ULY - 400, ULX + 400, ULY, 20)
    out = str(tmp_path / "mixed.tif")
    res = api.mosaic(inputs, out, start="2023-07-01", end="2023-08-01", grid=tile, method="recent", mix_sensors=True)
    b, md = _bands(out)
    assert md["LEAF_SENSOR"] == "HLS_L30" and md["LEAF_SENSORS"] == "L8,S2A" and res["sensor"] == "HLS_L30"
    assert [n for n in b if n.startswith("B")] == ["B2", "B3", "B4", "B5", "B6", "B7"]
    # B (16 July) is more recent than the Landsat scene (11 July) except where B is cloudy (rows 5-9)
    assert (b["SENSOR"][0:5, :19] == 21).all() and (b["SENSOR"][5:10, :19] == 8).all()
    assert (b["SOURCE"][5:10, :19] == 1).all() and (b["SOURCE"][0:5, :19] == 0).all()
    # HLS v2.0 bandpass adjustment of S2A to OLI: NIR (B8A) 0.9983 x rho - 0.0001, red 0.9765 x rho + 0.0009
    np.testing.assert_allclose(b["B5"][0:5, :19], 0.9983 * 0.35 - 0.0001, rtol=1e-6)
    np.testing.assert_allclose(b["B4"][0:5, :19], 0.9765 * 0.05 + 0.0009, rtol=1e-6)
    np.testing.assert_allclose(b["B7"][0:5, :19], 1.003 * 0.12 - 0.0012, rtol=1e-6)
    # Landsat 8 as it is, OLI band numbers
    np.testing.assert_allclose(b["B5"][5:10, :19], rho["SR_B5"], rtol=1e-6)
    np.testing.assert_allclose(b["B2"][5:10, :19], rho["SR_B2"], rtol=1e-6)
    # mixing allowed but one sensor: its own bands, a SENSOR band
    one = str(tmp_path / "one.tif")
    api.mosaic([july["A"], july["B"]], one, start="2023-07-01", end="2023-08-01", mix_sensors=True)
    b, md = _bands(one)
    assert "B8A" in b and (b["SENSOR"][np.isfinite(b["SOURCE"])] == 21).all() and md["LEAF_SENSOR"] == "S2A"


def test_s2a_and_s2b_are_one_sensor(tmp_path):
    """Sentinel-2A and 2B composite together; LEAF_SENSOR is the spacecraft with most chosen pixels."""
    a = make_s2(tmp_path, WHEN["A"], 10.0, _percent("A"), np.full((N, N), 4, np.uint8))
    scl = np.full((N, N), 4, np.uint8)
    scl[:5] = 8
    b_ = make_s2(tmp_path, WHEN["C"], 10.0, _percent("C"), scl, spacecraft="Sentinel-2B")
    out = str(tmp_path / "ab.tif")
    api.mosaic([a, b_], out, start="2023-07-01", end="2023-08-01", method="recent")
    b, md = _bands(out)
    assert md["LEAF_SENSOR"] == "S2B" and md["LEAF_SENSORS"] == "S2A,S2B"
    assert (b["SOURCE"][:5] == 0).all() and (b["SOURCE"][5:] == 1).all()


# --------------------------------------------------------------------------------------------
# STAC items and HLS granules
# --------------------------------------------------------------------------------------------

def test_stac_items(tmp_path):
    """Three Earth Search items (SCL: cloud rows 0-7, water columns 0-3, no data at (20, 20)); the cloud limit
    leaves out the 90 % one."""
    folder = tmp_path / "cogs"
    with RangeServer(folder) as server:
        items = [make_s2_item(folder, server.url, "S2A_17SLU_20220605_0_L2A", when="2022-06-05T16:10:00Z",
                              boa_offset_applied=False),
                 make_s2_item(folder, server.url, "S2A_17SLU_20220615_0_L2A", when="2022-06-15T16:10:00Z",
                              boa_offset_applied=False),
                 make_s2_item(folder, server.url, "S2A_17SLU_20220625_0_L2A", when="2022-06-25T16:10:00Z",
                              boa_offset_applied=False, properties={"eo:cloud_cover": 90.0})]
        expected = items[0]["expected"]
        items = [{k: v for k, v in it.items() if k != "expected"} for it in items]
        out = str(tmp_path / "stac.tif")
        res = api.mosaic(items, out, start="2022-06-01", end="2022-07-01", method="recent", cloud_limit=80)
    assert res["products"] == ["STAC item S2A_17SLU_20220605_0_L2A", "STAC item S2A_17SLU_20220615_0_L2A"]
    b, md = _bands(out)
    keep = np.ones((64, 64), bool)
    keep[0:8, 4:] = False        # the fixture's water columns 0-3 overwrite its cloud rows
    keep[20, 20] = False
    assert np.isnan(b["SOURCE"][~keep]).all()
    assert (b["SOURCE"][keep] == 1).all() and (b["COUNT"][keep] == 2).all()   # water (SCL 6) kept
    np.testing.assert_allclose(b["B8A"][keep], expected["rho"]["B8A"][keep], rtol=1e-6)
    assert '"cloud_cover":12.5' in md["LEAF_SOURCES"]


def test_hls_granules_in_a_folder(tmp_path):
    """Two L30 granules (Fmask: cloud rows 0-7, shadow columns 0-3 removed; water rows 40-43 kept)."""
    a = make_hls_granule(tmp_path / "hls", stamp="2020117T160604")
    b_ = make_hls_granule(tmp_path / "hls", stamp="2020133T160604")
    assert find_products(str(tmp_path / "hls")) == sorted(
        [os.path.join(a["folder"], a["name"] + ".B01.tif"), os.path.join(b_["folder"], b_["name"] + ".B01.tif")])
    out = str(tmp_path / "hls.tif")
    res = api.mosaic(str(tmp_path / "hls"), out, start="2020-04-01", end="2020-06-01", method="recent")
    assert len(res["products"]) == 2
    b, md = _bands(out)
    assert md["LEAF_SENSOR"] == "HLS_L30"
    keep = np.ones((64, 64), bool)
    keep[0:8] = keep[:, 0:4] = False
    keep[0, 0] = keep[2, 2] = False
    assert np.isnan(b["SOURCE"][~keep]).all()
    assert (b["SOURCE"][keep] == 1).all()
    assert (b["MASK"][40:44, 4:] == 1).all()


# --------------------------------------------------------------------------------------------
# Composite -> estimate
# --------------------------------------------------------------------------------------------

def test_composite_feeds_estimate(july, network_cache, tmp_path):
    out = str(tmp_path / "stack.tif")
    api.mosaic([july[d] for d in "ABC"], out, start="2023-07-01", end="2023-08-01")
    res = api.estimate(out, str(tmp_path / "lai.tif"), store=network_cache, variables=["LAI"])
    assert res["algorithm"] == "S2_SL2P_V0_20M"
    lai = gdal.Open(res["OUTPUT"]).ReadAsArray()[0]
    qc = gdal.Open(res["QC"]).ReadAsArray()
    assert qc[0, 19] == 255 and np.isnan(lai[0, 19])                       # no clear observation
    assert qc[1, 19] & 4 and np.isnan(lai[1, 19])                           # snow: MASK 0
    assert np.isfinite(lai[0:10, :19]).all()
    # a composite of one product estimates like the product itself where the toolbox mask keeps the pixel
    single = str(tmp_path / "single.tif")
    api.mosaic([july["A"]], single, start="2023-07-01", end="2023-08-01")
    a = api.estimate(single, str(tmp_path / "a.tif"), store=network_cache, variables=["LAI"])
    p = api.estimate(july["A"], str(tmp_path / "p.tif"), store=network_cache, variables=["LAI"])
    ea, ep = gdal.Open(a["OUTPUT"]).ReadAsArray(), gdal.Open(p["OUTPUT"]).ReadAsArray()
    keep = np.isin(_scl("A"), (4, 5))
    np.testing.assert_allclose(ea[:, keep], ep[:, keep], rtol=1e-4, atol=1e-5)


def test_estimates_output_carries_the_date(july, network_cache, tmp_path):
    out = tmp_path / "o"
    res = api.mosaic([july[d] for d in "ABC"], str(out / "lai.tif"), start="2023-07-01", end="2023-08-01",
                       output_type="estimates", variables=["LAI", "fCOVER"], store=network_cache)
    assert res["OUTPUT"] == str(out / "lai.tif") and res["QC"] == str(out / "lai_QC.tif")
    assert res["DATE"] == str(out / "lai_DATE.tif")
    assert sorted(os.listdir(out)) == ["lai.tif", "lai_DATE.tif", "lai_QC.tif"]
    ds = gdal.Open(res["DATE"])
    names = [ds.GetRasterBand(i).GetDescription() for i in range(1, ds.RasterCount + 1)]
    assert names == ["DATE", "DOY", "SOURCE", "COUNT"] and ds.GetRasterBand(1).DataType == gdal.GDT_UInt16
    d = {n: ds.GetRasterBand(i + 1).ReadAsArray() for i, n in enumerate(names)}
    assert d["SOURCE"][0, 0] == 2 and d["DOY"][0, 0] == 206 and d["DATE"][0, 0] == 19564   # C, 26 July 2023
    assert d["DATE"][0, 19] == 65535 and d["COUNT"][0, 19] == 0
    est = gdal.Open(res["OUTPUT"])
    assert est.RasterCount == 4 and est.GetMetadataItem("LEAF_ALGORITHM") == "S2_SL2P_V0_20M"
    assert ds.GetMetadataItem("LEAF_COMPOSITE") == "leaf"
    # the estimates name the composite's products, not the temporary composite file
    assert est.GetMetadataItem("LEAF_INPUT") == "composite of 3 products (LEAF_SOURCES)"
    assert [os.path.basename(s["path"]) if isinstance(s, dict) else os.path.basename(s)
            for s in json.loads(est.GetMetadataItem("LEAF_SOURCES"))] == [os.path.basename(july[d]) for d in "ABC"]


def test_nanmedian0_equals_numpy():
    """The sort-based median of the composite equals numpy's nanmedian, NaN where a pixel has no value."""
    rng = np.random.default_rng(0)
    for n in (1, 2, 3, 4, 7):
        a = rng.normal(size=(n, 30, 30))
        a[rng.uniform(size=a.shape) < 0.4] = np.nan
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)   # all-NaN pixels
            expected = np.nanmedian(a, axis=0)
        np.testing.assert_array_equal(cp.nanmedian0(a), expected)


def test_stacks_from_subset_as_inputs(july, tmp_path):
    """leaf:subset stacks composite like their products (their MASK is the toolbox rule, SCL 4 and 5 kept); a
    stack on another grid is resampled onto the composite's by nearest neighbour."""
    a, c = str(tmp_path / "a.tif"), str(tmp_path / "c.tif")
    api.subset(july["A"], a)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32614)
    api.subset(july["C"], c, grid=Grid.from_bounds(srs.ExportToWkt(), ULX, ULY - 200, ULX + 200, ULY, 20))
    assert find_products(str(tmp_path)) == [a, c]
    out = str(tmp_path / "out" / "m.tif")
    res = api.mosaic([a, c], out, start="2023-07-01", end="2023-08-01", method="recent")
    assert res["products"] == [a, c] and (res["width"], res["height"]) == (20, 20)
    b, md = _bands(out)
    assert md["LEAF_SENSOR"] == "S2A"
    # C covers the top-left 10 x 10 pixels (its SCL 4 there, except (1, 19)/(2, 19) which lie outside)
    assert (b["SOURCE"][:10, :10] == 1).all()
    # elsewhere A where its toolbox MASK keeps the pixel (SCL 4 or 5): not the water rows 10-14 (SCL 6)
    assert (b["SOURCE"][10:, :10][np.isin(_scl("A")[10:, :10], (4, 5))] == 0).all()
    assert np.isnan(b["SOURCE"][10:15, 10:19]).all()
    np.testing.assert_allclose(b["B8A"][:10, :10], VEG["C"][3] / 100, rtol=1e-6)
