"""The time-series engine (leaf_qgis.engine.timeseries) on small synthetic inputs, without QGIS.

Three analysis-ready stacks (32 x 32 px, S2A, 20 m) hold the LEAF toolbox's S2 samples shifted per date, so
values differ between dates and some pixels are out of the networks' domain; the second date has clouds
(MASK = 0) in rows 0-3, the third in columns 0-1, the first one pixel without data. Every expected number is
read back from the per-date COGs with GDAL and recomputed here by hand, pixel by pixel.
"""

import csv
import json
import math
import os
import struct

import numpy as np
import pytest
from conftest import S2_CSV_BANDS, S2_STACK_BANDS, write_stack
from osgeo import gdal, ogr, osr

from leaf_qgis import api
from leaf_qgis.engine import timeseries as ts
from leaf_qgis.engine.errors import Cancelled, LeafError
from leaf_qgis.engine.sources import find_products

DATES = ["2023-06-10", "2023-06-25", "2023-07-05"]
SIZE = 32
ORIGIN = (500000.0, 4300000.0)
PIXEL = 20.0
EPSG = 32614
# points as (col, row) in pixel units (any place inside the pixel) and their names
POINTS = {"north": (3.2, 1.9), "middle": (16.5, 16.5), "west": (0.7, 20.1), "edge": (31.99, 31.01)}
# a polygon (pixel units): the rectangle of columns 10-14 and rows 20-23, plus a triangle whose hypotenuse
# passes between pixel centres
RECT = [(10.0, 20.0), (15.0, 20.0), (15.0, 24.0), (10.0, 24.0)]


def xy(col, row):
    return ORIGIN[0] + col * PIXEL, ORIGIN[1] - row * PIXEL


def make_stacks(samples, folder, dates=DATES, size=SIZE, origin=ORIGIN):
    """One analysis-ready stack per date (see the module docstring); their paths."""
    os.makedirs(str(folder), exist_ok=True)
    paths = []
    n = size * size
    for k, date in enumerate(dates):
        idx = (np.arange(n) + 97 * k) % 1050
        bands = []
        for csv_name, name in zip(S2_CSV_BANDS, S2_STACK_BANDS):
            dn = np.round(samples[csv_name][idx] * 1e4).reshape(size, size)
            if k == 0 and name == "B3":
                dn[size - 1, size - 1] = np.nan          # no data
            bands.append((name, dn, {"scale": 0.0001, "offset": 0.0}))
        for name in ("VZA", "SZA", "RAA"):
            bands.append((name, np.degrees(np.arccos(samples["cos" + name][idx])).reshape(size, size), {}))
        mask = np.ones((size, size))
        if k == 1:
            mask[:4, :] = 0
        if k == 2:
            mask[:, :2] = 0
        bands.append(("MASK", mask, {}))
        path = os.path.join(str(folder), "stack_%s.tif" % date.replace("-", ""))
        paths.append(write_stack(path, bands, {"LEAF_SENSOR": "S2A", "LEAF_DATE": date}, epsg=EPSG, origin=origin,
                                 pixel=PIXEL))
    return paths


def write_features(path, points=POINTS, polygons=None, epsg=EPSG, id_name="name"):
    """A GeoPackage of points (and polygons) in pixel units of the stacks' grid, with a text id field."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    lyr = ds.CreateLayer("sites", srs, ogr.wkbUnknown)
    lyr.CreateField(ogr.FieldDefn(id_name, ogr.OFTString))
    for name, (c, r) in points.items():
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(id_name, name)
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%r %r)" % xy(c, r)))
        lyr.CreateFeature(f)
    for name, ring in (polygons or {}).items():
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(id_name, name)
        pts = [xy(c, r) for c, r in ring + [ring[0]]]
        f.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON ((%s))" % ", ".join("%r %r" % p for p in pts)))
        lyr.CreateFeature(f)
    ds = None
    return str(path)


def read_layer(path):
    """{band description: array} of a COG, read with GDAL."""
    ds = gdal.Open(path)
    return {ds.GetRasterBand(i).GetDescription(): ds.GetRasterBand(i).ReadAsArray() for i in range(1, ds.RasterCount + 1)}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(text):
    return float(text) if text not in ("", None) else None


@pytest.fixture(scope="module")
def stacks(s2_samples, tmp_path_factory):
    return make_stacks(s2_samples, tmp_path_factory.mktemp("series_stacks"))


@pytest.fixture(scope="module")
def run(stacks, network_cache, tmp_path_factory):
    """One run over the three stacks: LAI and fCOVER, monthly mean/max/median/count, points and two polygons,
    a CSV table and an HTML chart."""
    folder = tmp_path_factory.mktemp("series_run")
    features = write_features(folder / "sites.gpkg", polygons={"field": RECT})
    messages = []
    result = api.timeseries(stacks, str(folder / "out"), start="2023-06-01", end="2023-07-31",
                           variables=["LAI", "fCOVER"], statistics=["mean", "max", "median", "count"],
                           period="month", features=features, id_field="name", table=str(folder / "series.csv"),
                           chart=str(folder / "series.html"), store=network_cache, threads=2, log=messages.append)
    return folder, result, messages


# --------------------------------------------------------------------------------------------
# Per-date outputs
# --------------------------------------------------------------------------------------------

def test_one_cog_per_date_with_clear_names(run):
    folder, result, _ = run
    assert result["dates"] == DATES
    names = sorted(os.listdir(folder / "out"))
    for d in DATES:
        stem = "leaf_%s_S2_SL2P_V0_20M" % d.replace("-", "")
        assert stem + ".tif" in names and stem + "_QC.tif" in names
    for acq in result["acquisitions"]:
        ds = gdal.Open(acq["estimates"])
        assert ds.GetMetadataItem("LEAF_DATE") == acq["date"]
        assert ds.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG"
        assert [ds.GetRasterBand(i).GetDescription() for i in (1, 2, 3, 4)] == \
            ["LAI", "LAI_uncertainty", "fCOVER", "fCOVER_uncertainty"]
        assert (ds.RasterXSize, ds.RasterYSize) == (SIZE, SIZE)
        assert gdal.Open(acq["qc"]).GetMetadataItem("LEAF_DATE") == acq["date"]
    assert not [n for n in names if n.startswith(".")], "no temporary file is left"
    qc = [read_layer(a["qc"])["QC"] for a in result["acquisitions"]]
    assert (qc[1][:4] & 4 == 4).all() and (qc[2][:, :2] & 4 == 4).all() and qc[0][-1, -1] == 255
    assert all((q & 1).any() for q in qc), "the samples include inputs out of the networks' domain"


# --------------------------------------------------------------------------------------------
# The table equals the per-date layers
# --------------------------------------------------------------------------------------------

def expected_point_rows(result, name, col, row):
    out = []
    for acq in result["acquisitions"]:
        est, qc = read_layer(acq["estimates"]), read_layer(acq["qc"])["QC"]
        for v in acq["variables"]:
            value, unc, q = est[v][row, col], est[v + "_uncertainty"][row, col], int(qc[row, col])
            valid = q != 255 and q & 7 == 0 and math.isfinite(value)
            out.append((name, acq["date"], v, value, unc, q, 1, int(valid)))
    return out


def test_table_values_equal_the_layers_at_the_points(run):
    folder, result, _ = run
    rows = read_csv(folder / "series.csv")
    assert list(rows[0].keys()) == ["feature_id", "name", "date", "sensor", "algorithm", "variable", "value",
                                    "uncertainty", "qc", "pixels", "valid_pixels"]
    checked = 0
    for name, (c, r) in POINTS.items():
        got = [x for x in rows if x["name"] == name]
        expected = expected_point_rows(result, name, int(c), int(r))
        assert len(got) == len(expected) == 6
        for g, e in zip(got, expected):
            assert (g["name"], g["date"], g["variable"]) == e[:3]
            if math.isfinite(e[3]):
                assert number(g["value"]) == float(e[3])          # exactly the float32 of the COG
                assert number(g["uncertainty"]) == float(e[4])
            else:
                assert g["value"] == "" and g["uncertainty"] == ""
            assert (int(g["qc"]), int(g["pixels"]), int(g["valid_pixels"])) == e[5:]
            assert g["sensor"] == "S2A" and g["algorithm"] == "S2_SL2P_V0_20M"
            checked += 1
    assert checked == 24
    north = [x for x in rows if x["name"] == "north" and x["date"] == DATES[1]]
    assert all(x["qc"] == "4" and x["value"] == "" for x in north), "clouded pixel: QC 4, no value"
    edge = [x for x in rows if x["name"] == "edge" and x["date"] == DATES[0]]
    assert all(x["qc"] == "255" for x in edge), "pixel without data: QC 255"


def test_polygon_mean_by_hand(run):
    """The rectangle covers the 5 x 4 pixels whose centres are inside it; its value is the mean of the valid ones."""
    folder, result, _ = run
    rows = [x for x in read_csv(folder / "series.csv") if x["name"] == "field"]
    assert len(rows) == 6
    for acq, pair in zip(result["acquisitions"], (rows[0:2], rows[2:4], rows[4:6])):
        est, qc = read_layer(acq["estimates"]), read_layer(acq["qc"])["QC"]
        for g in pair:
            values, uncs, qcs = [], [], []
            for r in range(SIZE):
                for c in range(SIZE):
                    cx, cy = c + 0.5, r + 0.5                      # pixel centre, pixel units
                    if 10 <= cx <= 15 and 20 <= cy <= 24:
                        q = int(qc[r, c])
                        v = float(est[g["variable"]][r, c])
                        if q != 255 and q & 7 == 0 and math.isfinite(v):
                            values.append(v)
                            uncs.append(float(est[g["variable"] + "_uncertainty"][r, c]))
                            qcs.append(q)
            assert int(g["pixels"]) == 20 and int(g["valid_pixels"]) == len(values) > 0
            assert number(g["value"]) == pytest.approx(sum(values) / len(values), rel=1e-12)
            assert number(g["uncertainty"]) == pytest.approx(sum(uncs) / len(uncs), rel=1e-12)
            q = 0
            for x in qcs:
                q |= x
            assert int(g["qc"]) == q


def test_geopackage_table_and_png_chart(stacks, network_cache, tmp_path):
    """The same rows in a GeoPackage attribute table (date as a date field); the PNG chart is a real image."""
    features = write_features(tmp_path / "sites.gpkg", points={"north": POINTS["north"], "middle": POINTS["middle"]})
    result = api.timeseries(stacks, str(tmp_path / "out"), variables=["LAI"], features=features, id_field="name",
                           table=str(tmp_path / "t.gpkg"), chart=str(tmp_path / "c.png"), store=network_cache)
    ds = ogr.Open(str(tmp_path / "t.gpkg"))
    lyr = ds.GetLayer(0)
    assert lyr.GetGeomType() == ogr.wkbNone and lyr.GetFeatureCount() == 6
    defn = lyr.GetLayerDefn()
    assert defn.GetFieldDefn(defn.GetFieldIndex("date")).GetType() == ogr.OFTDate
    got = [(f["name"], f["date"].replace("/", "-"), f["variable"], f["value"], f["qc"]) for f in lyr]
    expected = [(e[0], e[1], e[2], e[3], e[5]) for n in ("north", "middle")
                for e in expected_point_rows(result, n, int(POINTS[n][0]), int(POINTS[n][1])) if e[2] == "LAI"]
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g[:3] == e[:3] and g[4] == e[4]
        assert (g[3] is None and not math.isfinite(e[3])) or g[3] == float(e[3])
    png = (tmp_path / "c.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 300 and height >= 2 * 200      # one panel row per feature


def test_html_chart_has_one_series_per_feature(run):
    folder, _, _ = run
    text = (folder / "series.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<script" not in text and "http" not in text.replace(
        "http://www.w3.org/2000/svg", "")
    series = [(f, v) for f, v in __import__("re").findall(r'class="series" data-feature="([^"]*)" '
                                                           r'data-variable="([^"]*)"', text)]
    assert sorted(series) == sorted((f, v) for f in list(POINTS) + ["field"] for v in ("LAI", "fCOVER"))
    assert text.count("<circle") >= 5 * 2 * 2      # at least two observations per series


# --------------------------------------------------------------------------------------------
# Aggregation
# --------------------------------------------------------------------------------------------

def hand_statistics(result, dates, accept_domain=False, variables=("LAI", "fCOVER")):
    """{(statistic, variable): array} recomputed pixel by pixel in plain Python from the per-date layers."""
    layers = [(read_layer(a["estimates"]), read_layer(a["qc"])["QC"]) for a in result["acquisitions"]
              if a["date"] in dates]
    reject = 6 if accept_domain else 7
    out = {}
    for v in variables:
        stats = {s: np.full((SIZE, SIZE), np.nan) for s in ("mean", "max", "median")}
        count = np.zeros((SIZE, SIZE), dtype=int)
        for r in range(SIZE):
            for c in range(SIZE):
                obs = sorted(float(est[v][r, c]) for est, qc in layers
                             if qc[r, c] != 255 and qc[r, c] & reject == 0 and math.isfinite(est[v][r, c]))
                count[r, c] = len(obs)
                if obs:
                    stats["mean"][r, c] = sum(obs) / len(obs)
                    stats["max"][r, c] = obs[-1]
                    mid = len(obs) // 2
                    stats["median"][r, c] = obs[mid] if len(obs) % 2 else (obs[mid - 1] + obs[mid]) / 2
        out.update({(s, v): a for s, a in stats.items()})
        out[("count", v)] = count
    return out


def test_monthly_aggregation_by_hand(run):
    folder, result, _ = run
    by_name = {(a["period"], a["statistic"]): a for a in result["aggregates"]}
    assert sorted(by_name) == sorted((p, s) for p in ("202306", "202307") for s in ("mean", "max", "median", "count"))
    assert by_name[("202306", "mean")]["dates"] == DATES[:2] and by_name[("202307", "count")]["dates"] == DATES[2:]
    for period, dates in (("202306", DATES[:2]), ("202307", DATES[2:])):
        expected = hand_statistics(result, dates)
        for s in ("mean", "max", "median", "count"):
            path = by_name[(period, s)]["path"]
            assert os.path.basename(path) == "leaf_%s_%s.tif" % (period, s)
            ds = gdal.Open(path)
            assert ds.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG"
            assert ds.GetMetadataItem("LEAF_STATISTIC") == s and ds.GetMetadataItem("LEAF_DATES") == ",".join(dates)
            got = read_layer(path)
            for v in ("LAI", "fCOVER"):
                band = got[v + "_count" if s == "count" else v]
                if s == "count":
                    assert band.dtype == np.uint16
                    np.testing.assert_array_equal(band, expected[(s, v)])
                else:
                    np.testing.assert_allclose(band, expected[(s, v)], rtol=1e-6, equal_nan=True)
    june = read_layer(by_name[("202306", "count")]["path"])["LAI_count"]
    july = read_layer(by_name[("202307", "count")]["path"])["LAI_count"]
    assert set(np.unique(june)) == {1, 2} and set(np.unique(july)) == {0, 1}, "clouds and QC make counts differ"


def test_n_day_periods_and_out_of_domain_accepted(stacks, network_cache, tmp_path):
    """10-day periods from 2023-06-01: 06-10 | 06-25 | 07-05 fall in three periods; accepting out-of-domain
    inputs counts the QC-1 observations too."""
    strict = api.timeseries(stacks, str(tmp_path / "a"), start="2023-06-01", variables=["LAI"],
                           statistics=["count", "mean"], period=10, store=network_cache)
    labels = sorted({a["period"] for a in strict["aggregates"]})
    assert labels == ["20230601-20230610", "20230621-20230630", "20230701-20230710"]
    loose = api.timeseries(stacks, str(tmp_path / "b"), start="2023-06-01", variables=["LAI"],
                          statistics=["count", "mean"], period=10, accept_out_of_domain=True, store=network_cache)
    for a, b in zip(sorted(strict["aggregates"], key=lambda x: x["path"]),
                    sorted(loose["aggregates"], key=lambda x: x["path"])):
        if a["statistic"] != "count":
            continue
        qc = read_layer(strict["acquisitions"][[x["date"] for x in strict["acquisitions"]].index(a["dates"][0])]["qc"])["QC"]
        ca, cb = read_layer(a["path"])["LAI_count"], read_layer(b["path"])["LAI_count"]
        domain_only = (qc != 255) & (qc & 7 == 1)
        assert domain_only.any()
        np.testing.assert_array_equal(ca[domain_only], 0)
        np.testing.assert_array_equal(cb[domain_only], 1)
        np.testing.assert_array_equal(ca[~domain_only], cb[~domain_only])
    expected = hand_statistics(loose, [DATES[0]], accept_domain=True, variables=["LAI"])
    first = [a for a in loose["aggregates"] if a["period"] == labels[0] and a["statistic"] == "mean"][0]
    np.testing.assert_allclose(read_layer(first["path"])["LAI"], expected[("mean", "LAI")], rtol=1e-6, equal_nan=True)


def test_aggregation_windows_do_not_change_the_numbers(run, tmp_path):
    """Small windows (7 px, so windows cut the grid unevenly) give the numbers of one window."""
    _, result, _ = run
    acqs = [ts.Acquisition(a["date"], a["sensor"], [], [], estimates=a["estimates"], qc=a["qc"],
                           algorithm=a["algorithm"], variables=a["variables"]) for a in result["acquisitions"][:2]]
    period = ts.periods_for(acqs, "month")[0]
    small = ts.aggregate(period, ["LAI"], ["median", "count"], {"median": str(tmp_path / "m.tif"),
                                                                  "count": str(tmp_path / "c.tif")}, window_size=7,
                         threads=2)
    whole = [a for a in result["aggregates"] if a["period"] == "202306"]
    for s, band in (("median", "LAI"), ("count", "LAI_count")):
        ref = [a["path"] for a in whole if a["statistic"] == s][0]
        np.testing.assert_array_equal(read_layer(small[s])[band], read_layer(ref)[band])


def test_periods():
    acqs = [ts.Acquisition(d, "S2A", [], []) for d in ("2023-01-31", "2023-02-01", "2023-02-28", "2023-12-31")]
    months = ts.periods_for(acqs, "month")
    assert [(p.label, str(p.first), str(p.last), len(p.acquisitions)) for p in months] == [
        ("202301", "2023-01-01", "2023-01-31", 1), ("202302", "2023-02-01", "2023-02-28", 2),
        ("202312", "2023-12-01", "2023-12-31", 1)]
    weeks = ts.periods_for(acqs, 7, start="2023-01-30")
    assert [p.label for p in weeks] == ["20230130-20230205", "20230227-20230305", "20231225-20231231"]
    assert [len(p.acquisitions) for p in weeks] == [2, 1, 1]
    for bad in (0, "fortnight", 2.5):
        with pytest.raises(LeafError, match="period"):
            ts.period_days(bad)


# --------------------------------------------------------------------------------------------
# Products: dates, grouping of tiles of one day, one grid, STAC search
# --------------------------------------------------------------------------------------------

def test_products_grouped_by_day_and_merged_onto_one_grid(network_cache, tmp_path):
    """STAC items (local JSON): two adjacent tiles of 2022-06-15 are one acquisition, 2022-06-20 another,
    2022-07-01 is after the end; all dates share the union grid of the tiles."""
    from support.stac_fixtures import make_s2_item, strip_expected
    cogs = tmp_path / "cogs"
    items = [make_s2_item(cogs, str(cogs), "S2A_17SLU_20220615_0_L2A", origin=(300000.0, 4000020.0),
                          boa_offset_applied=False),
             make_s2_item(cogs, str(cogs), "S2A_17SMU_20220615_0_L2A", origin=(301280.0, 4000020.0),
                          boa_offset_applied=False),
             make_s2_item(cogs, str(cogs), "S2B_17SLU_20220620_0_L2A", when="2022-06-20T16:10:00Z",
                          properties={"platform": "sentinel-2b"}, boa_offset_applied=False),
             make_s2_item(cogs, str(cogs), "S2A_17SLU_20220701_0_L2A", when="2022-07-01T16:10:00Z",
                          boa_offset_applied=False)]
    folder = tmp_path / "items"
    folder.mkdir()
    for it in items:
        (folder / (it["id"] + ".json")).write_text(json.dumps(strip_expected(it)))
    messages = []
    result = api.timeseries(str(folder), str(tmp_path / "out"), start="2022-06-01", end="2022-06-30",
                           variables=["LAI"], prefix="site", store=network_cache, log=messages.append)
    assert result["dates"] == ["2022-06-15", "2022-06-20"]
    first, second = result["acquisitions"]
    assert len(first["inputs"]) == 2 and len(second["inputs"]) == 1
    assert os.path.basename(first["estimates"]) == "site_20220615_S2_SL2P_V0_20M.tif"
    assert second["sensor"] == "S2B"
    grids = [(gdal.Open(a["estimates"]).RasterXSize, gdal.Open(a["estimates"]).RasterYSize,
              gdal.Open(a["estimates"]).GetGeoTransform()) for a in result["acquisitions"]]
    assert grids[0] == grids[1] and grids[0][:2] == (128, 64)
    lai = [read_layer(a["estimates"])["LAI"] for a in result["acquisitions"]]
    assert np.isfinite(lai[0][30:, 70:]).all(), "the east tile of the first day is merged in"
    assert np.isnan(lai[1][:, 64:]).all(), "the second day has only the west tile"
    assert any("outside the dates" in m and "20220701" in m for m in messages)


def test_grid_in_another_crs_needs_a_resolution(tmp_path):
    """Without an area the grid is the union of the footprints, in `crs` when given (then at `resolution`)."""
    from support.stac_fixtures import make_s2_item, strip_expected
    items = [strip_expected(make_s2_item(tmp_path, str(tmp_path), "S2A_17SLU_20220615_0_L2A",
                                         boa_offset_applied=False))]
    utm18 = osr.SpatialReference()
    utm18.ImportFromEPSG(32618)
    with pytest.raises(LeafError, match="Give the output resolution in the units of the chosen CRS."):
        ts.plan_timeseries(items, crs=utm18.ExportToWkt())
    plan = ts.plan_timeseries(items, crs=utm18.ExportToWkt(), resolution=30)
    assert osr.SpatialReference(plan.grid.projection).GetAuthorityCode(None) == "32618"
    assert plan.grid.resolution == 30 and plan.grid.width >= 1280 / 30
    native = ts.plan_timeseries(items)
    assert native.grid.geotransform == (300000.0, 20.0, 0.0, 4000020.0, 0.0, -20.0)
    assert (native.grid.width, native.grid.height) == (64, 64)


def test_stac_search_inputs(tmp_path):
    from support.stac_fixtures import StacServer, make_s2_item, strip_expected
    items = [make_s2_item(tmp_path, str(tmp_path), "S2A_17SLU_202206%02d_0_L2A" % d, write=False,
                          when="2022-06-%02dT16:10:00Z" % d) for d in (5, 15, 30)]
    with StacServer([strip_expected(i) for i in items]) as api:
        found = ts.stac_inputs(api.url, "sentinel-2-l2a", [-84, 36, -82, 37], "2022-06-05", "2022-06-15")
        assert sorted(i["id"] for i in found) == ["S2A_17SLU_20220605_0_L2A", "S2A_17SLU_20220615_0_L2A"]
        with pytest.raises(LeafError, match="found no sentinel-2-l2a product"):
            ts.stac_inputs(api.url, "sentinel-2-l2a", [-84, 36, -82, 37], "2021-01-01", "2021-01-31")


def test_find_products_skips_outputs(stacks, run):
    """A folder scan finds the stacks, not the estimates and aggregates of an earlier run."""
    folder, _, _ = run
    with pytest.raises(LeafError, match="holds no product"):
        find_products(str(folder / "out"))
    assert find_products(os.path.dirname(stacks[0])) == sorted(stacks)


# --------------------------------------------------------------------------------------------
# Bad inputs are one sentence; errors and cancel leave nothing behind
# --------------------------------------------------------------------------------------------

def one_sentence(err) -> str:
    msg = str(err.value)
    assert "\n" not in msg and "Traceback" not in msg and msg.endswith(".")
    return msg


def test_no_product_in_the_date_range(stacks, tmp_path):
    with pytest.raises(LeafError) as err:
        api.timeseries(stacks, str(tmp_path / "out"), start="2024-01-01", end="2024-02-01")
    assert one_sentence(err) == ("None of the 3 products was acquired between 2024-01-01 and 2024-02-01 (their dates: "
                                 "2023-06-10, 2023-06-25, 2023-07-05).")
    assert not (tmp_path / "out").exists()
    with pytest.raises(LeafError, match="The end date 2023-06-01 is before the start date 2023-07-01"):
        api.timeseries(stacks, str(tmp_path / "out"), start="2023-07-01", end="2023-06-01")


def test_features_outside_the_area(stacks, network_cache, tmp_path):
    far = write_features(tmp_path / "far.gpkg", points={"elsewhere": (500.0, 500.0)},
                         polygons={"away": [(-50.0, -50.0), (-40.0, -50.0), (-40.0, -40.0)]})
    with pytest.raises(LeafError) as err:
        api.timeseries(stacks, str(tmp_path / "out"), variables=["LAI"], features=far, id_field="name",
                      table=str(tmp_path / "t.csv"), store=network_cache)
    assert one_sentence(err) == "None of the 2 features lies inside the area (elsewhere, away)."
    assert not (tmp_path / "out").exists() and not (tmp_path / "t.csv").exists()
    # some inside, some outside: the outside ones are left out and named
    mixed = write_features(tmp_path / "mixed.gpkg", points={"elsewhere": (500.0, 500.0), "middle": POINTS["middle"]})
    messages = []
    result = api.timeseries(stacks, str(tmp_path / "out2"), variables=["LAI"], features=mixed, id_field="name",
                           table=str(tmp_path / "t2.csv"), store=network_cache, log=messages.append)
    assert {r["name"] for r in read_csv(tmp_path / "t2.csv")} == {"middle"} and result["features"] == 1
    assert any("outside the area" in m and "elsewhere" in m for m in messages)


def test_unknown_id_field_and_other_bad_parameters(stacks, tmp_path):
    sites = write_features(tmp_path / "sites.gpkg")
    cases = [
        (dict(features=sites, id_field="nom", table=str(tmp_path / "t.csv")),
         "The features %s have no field nom (their fields are: name)." % sites),
        (dict(table=str(tmp_path / "t.csv")), "A table or a chart needs features (points or polygons) to extract at."),
        (dict(features=sites, table=str(tmp_path / "t.xlsx")), "must end in .gpkg or .csv"),
        (dict(features=sites, chart=str(tmp_path / "c.svg")), "must end in .png or .html or .htm"),
        (dict(statistics=["mode"]), "Unknown statistic mode (choose among mean, max, median, count)."),
        (dict(statistics=["mean"], period="fortnight"), "The period 'fortnight' is neither 'month' nor a number of days."),
        (dict(prefix="a/b"), "may hold letters, digits"),
        (dict(features=str(tmp_path / "missing.gpkg")), "are not a vector file OGR can read"),
    ]
    for kwargs, expected in cases:
        with pytest.raises(LeafError) as err:
            api.timeseries(stacks, str(tmp_path / "out"), **kwargs)
        assert expected in one_sentence(err), kwargs
    assert not (tmp_path / "out").exists()


def test_stacks_on_different_grids_are_refused(s2_samples, tmp_path):
    a = make_stacks(s2_samples, tmp_path / "a", dates=DATES[:1])
    b = make_stacks(s2_samples, tmp_path / "b", dates=DATES[1:2], origin=(ORIGIN[0] + 40, ORIGIN[1]))
    with pytest.raises(LeafError) as err:
        api.timeseries(a + b, str(tmp_path / "out"))
    assert "are not on one grid" in one_sentence(err)


def test_cancel_leaves_no_files(stacks, network_cache, tmp_path):
    """Cancelled after the first date was written: no per-date file, no table, no chart, no folder we made."""
    sites = write_features(tmp_path / "sites.gpkg")
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "mine.txt").write_text("the user's file")

    class CancelAfterFirstDate:
        def __init__(self):
            self.seen = [0.0]

        def progress(self, f):
            self.seen.append(f)

        def is_canceled(self):
            return self.seen[-1] >= 0.3     # 0.05 + 0.75 x 1/3: the first of three dates is written

    for out in (tmp_path / "new", existing):
        stop = CancelAfterFirstDate()
        with pytest.raises(Cancelled):
            api.timeseries(stacks, str(out), variables=["LAI"], statistics=["mean"], features=sites, id_field="name",
                          table=str(tmp_path / "t.gpkg"), chart=str(tmp_path / "c.html"), store=network_cache,
                          progress=stop.progress, is_canceled=stop.is_canceled)
        assert 0.3 <= max(stop.seen) < 0.6, "cancelled after the first date, before the second"
    assert sorted(os.listdir(tmp_path)) == ["existing", "sites.gpkg"]
    assert os.listdir(existing) == ["mine.txt"]


def test_error_on_a_later_date_leaves_no_files(s2_samples, network_cache, tmp_path):
    """The second stack lacks band B5: the first date's files are removed with the failure."""
    paths = make_stacks(s2_samples, tmp_path / "in", dates=DATES[:2])
    gdal.Translate(paths[1] + ".tmp.tif", paths[1], bandList=[1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    os.replace(paths[1] + ".tmp.tif", paths[1])
    with pytest.raises(LeafError) as err:
        api.timeseries(paths, str(tmp_path / "out"), algorithm="S2_SL2P_V0_20M", store=network_cache)
    assert "has no band named B5" in one_sentence(err) and paths[1] in str(err.value)
    assert not (tmp_path / "out").exists()


def test_a_stack_and_a_product_of_one_date_is_one_sentence(tmp_path):
    """A product and its own subset stack are one acquisition: refused, naming both and the date."""
    from test_sentinel2 import make_safe
    safe, _, _ = make_safe(tmp_path / "p")
    stack = str(tmp_path / "stack.tif")
    api.subset(str(safe), stack)
    with pytest.raises(LeafError, match=r"The stack .*stack\.tif and the product .*\.SAFE are of one acquisition "
                                        r"\(2023-07-14\); give one or the other\."):
        api.timeseries([stack, str(safe)], str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()
