"""The requests of engine.request: frozen, built from the tools' flat option names, unknown names refused; the
period conventions; the one date parser (engine.dates) says what the tools said."""

import dataclasses
import datetime

import pytest

from leaf_qgis.engine.dates import parse_day
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.grid import Grid
from leaf_qgis.engine.request import (
    AUTO,
    Area,
    EarthEngineSource,
    EstimateRequest,
    Execution,
    Export,
    Features,
    MosaicRequest,
    Period,
    Retrieval,
    Sources,
    StacSearch,
    SubsetRequest,
    TimeSeriesRequest,
)

GRID = Grid("EPSG:32618", (452200.0, 20.0, 0.0, 5011800.0, 0.0, -20.0), 130, 130)
D = datetime.date


# ---------------------------------------------------------------------------------------------- frozen


def test_requests_and_their_parts_are_frozen():
    request = EstimateRequest.from_options("stack.tif", "lai.tif", variables=["LAI"], angle_constants={"SZA": 30},
                                           metadata={"LEAF_X": "1"}, threads=2)
    for obj, name in ((request, "output"), (request.retrieval, "algorithm"), (request.area, "grid"),
                      (request.execution, "threads"), (request.sources, "inputs"), (request.period, "first")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, None)
    assert request.retrieval.variables == ("LAI",)            # lists become tuples
    with pytest.raises(TypeError):
        request.retrieval.angles["SZA"] = 40                   # mappings are read-only
    with pytest.raises(TypeError):
        request.metadata["LEAF_X"] = "2"
    assert dict(request.retrieval.angles) == {"SZA": 30} and dict(request.metadata) == {"LEAF_X": "1"}


def test_inputs_are_copied_and_given_back_as_plain_values(tmp_path):
    item = {"type": "Feature", "id": "S2A_X", "assets": {"B04": {"href": "b04.tif"}}, "links": []}
    sources = Sources([tmp_path / "a.SAFE", item])
    item["assets"]["B04"]["href"] = "changed.tif"              # the caller's dict changes afterwards
    assert sources.inputs[0] == str(tmp_path / "a.SAFE")       # PathLike -> str
    plain = sources.plain_inputs()
    assert isinstance(plain[1], dict) and plain[1]["assets"]["B04"]["href"] == "b04.tif"
    plain[1]["links"].append({"rel": "self"})                  # a reader may add links to its copy
    assert sources.plain_inputs()[1]["links"] == []
    assert Sources("one.tif").inputs == ("one.tif",) and Sources.of(None).inputs == ()
    assert Sources.of(EarthEngineSource(" S2 ")).earth_engine.source == "S2"
    assert Sources.of(StacSearch("http://x")).stac.collection == "sentinel-2-l2a"


def test_requests_compare_by_value():
    a = MosaicRequest.from_options(["a.zip", "b.zip"], "m.tif", start="2023-07-01", end="2023-08-01", method="median")
    b = MosaicRequest(Sources(("a.zip", "b.zip")), "m.tif", Period(D(2023, 7, 1), D(2023, 7, 31)), method="median")
    assert a == b
    assert a != dataclasses.replace(b, method="leaf")


# ---------------------------------------------------------------------------------------------- options


def test_estimate_options_reach_their_parts():
    clip = (["POLYGON ((0 0, 1 0, 1 1, 0 0))"], "EPSG:4326", 25)
    r = EstimateRequest.from_options(
        "stack.tif", "lai.tif", qc_path="qc.tif", algorithm="S2_SL2P_V0_20M", variables=["LAI", "fAPAR"],
        angle_constants={"SZA": 35.0}, landcover="lc.tif", angle_quantization="toolbox", store="S", base_url="U",
        runtime="numpy", window_size=256, threads=3, encoding="leaf-uint8", grid=GRID, resolution=20.0, clip=clip,
        band_map="B3=1", resampling="near", metadata={"LEAF_INPUT": "x"})
    assert r.sources == Sources(("stack.tif",), band_map="B3=1")
    assert (r.output, r.qc) == ("lai.tif", "qc.tif")
    assert r.retrieval == Retrieval("S2_SL2P_V0_20M", ("LAI", "fAPAR"), "leaf-uint8", "toolbox", {"SZA": 35.0},
                                    "lc.tif", "numpy")
    assert r.area == Area(grid=GRID, polygons=tuple(clip[0]), polygons_crs="EPSG:4326", buffer=25.0, resolution=20.0,
                          resampling="near")
    assert r.area.clip() == (clip[0], "EPSG:4326", 25.0)
    assert r.execution == Execution(threads=3, window_size=256, store="S", base_url="U")
    assert r.period.open and r.export is None


def test_defaults_are_the_tools_defaults():
    r = EstimateRequest.from_options("stack.tif", "lai.tif")
    assert r.retrieval == Retrieval() and r.retrieval.algorithm == AUTO and r.retrieval.encoding == "float32"
    assert r.area == Area() and r.area.clip() is None and not r.area.has_area
    assert r.qc == "" and r.execution == Execution()
    assert Retrieval(algorithm="").algorithm == AUTO and Retrieval(algorithm=None).algorithm == AUTO


@pytest.mark.parametrize("cls, output", [(SubsetRequest, "s.tif"), (EstimateRequest, "e.tif"),
                                         (MosaicRequest, "m.tif"), (TimeSeriesRequest, "folder")])
def test_unknown_option_is_a_type_error(cls, output):
    with pytest.raises(TypeError, match=r"unexpected option algoritm$"):
        cls.from_options("in.tif", output, algoritm="S2_SL2P_V0_20M")
    with pytest.raises(TypeError, match=r"unexpected options colour, size$"):
        cls.from_options("in.tif", output, size=1, colour="red")


def test_options_given_twice_are_refused():
    with pytest.raises(TypeError, match="angle_constants= and angles= both give angles"):
        EstimateRequest.from_options("s.tif", "o.tif", angle_constants={"SZA": 1}, angles={"SZA": 2})
    with pytest.raises(TypeError, match="clip= gives the polygons"):
        EstimateRequest.from_options("s.tif", "o.tif", clip=(["POINT (0 0)"], "EPSG:4326", 0), buffer=5)
    with pytest.raises(TypeError, match="period= or start=/end="):
        MosaicRequest.from_options("s.tif", "o.tif", period=Period(), start="2023-01-01")
    with pytest.raises(TypeError, match="export_name= needs export="):
        EstimateRequest.from_options("s.tif", "o.tif", export_name="x")


def test_parts_as_options_and_overrides():
    area = Area(extent=(1, 2, 3, 4), extent_crs="EPSG:4326")
    r = SubsetRequest.from_options("p.SAFE", "s.vrt", area=area, resolution=60, bands=["B4"], window_size=128)
    assert r.area == Area(extent=(1.0, 2.0, 3.0, 4.0), extent_crs="EPSG:4326", resolution=60)
    assert r.area.has_area and r.bands == ("B4",) and r.execution.window_size == 128
    e = EstimateRequest.from_options(EarthEngineSource("S2", max_cloud=20), "", export=Export("drive", "leaf"),
                                     export_name="july", start="2019-08-01", end="2019-09-01")
    assert e.export == Export("drive", "leaf", "july") and e.sources.earth_engine.max_cloud == 20
    assert e.period == Period(D(2019, 8, 1), D(2019, 8, 31))


def test_mosaic_output_types():
    stack = MosaicRequest.from_options("folder", "m.tif", cloud_limit=50, weights={"spectral": 2, "spatial": 1,
                                       "temporal": 1}, mix_sensors=True, qc_path="q.tif", date_path="d.tif")
    assert stack.estimates is None and dict(stack.weights)["spectral"] == 2 and stack.mix_sensors
    assert (stack.qc, stack.dates, stack.cloud_limit) == ("q.tif", "d.tif", 50)
    est = MosaicRequest.from_options("folder", "m.tif", output_type="estimates", variables=["LAI"])
    assert est.estimates == Retrieval(variables=("LAI",))
    with pytest.raises(LeafError, match=r"^Unknown output type 'layers' \(stack or estimates\)\.$"):
        MosaicRequest.from_options("folder", "m.tif", output_type="layers")
    with pytest.raises(TypeError, match=r"the retrieval options \(algorithm, variables\) need output_type"):
        MosaicRequest.from_options("folder", "m.tif", algorithm="X", variables=["LAI"])


def test_timeseries_options():
    t = TimeSeriesRequest.from_options(["a.tif", "b.tif"], "out", start="2023-06-01", end="2023-07-31", period=16,
                                       statistics=["mean", "count"], features="sites.gpkg", id_field="name",
                                       accept_out_of_domain=True, table="t.csv", chart="c.png", prefix="x")
    assert t.period == Period(D(2023, 6, 1), D(2023, 7, 31)) and t.aggregation == 16
    assert t.features == Features(path="sites.gpkg", id_field="name")
    assert (t.statistics, t.table, t.chart, t.prefix, t.accept_out_of_domain) == (
        ("mean", "count"), "t.csv", "c.png", "x", True)
    items = TimeSeriesRequest.from_options("a.tif", "out", features=["f1", "f2"], features_crs="EPSG:32617")
    assert items.features == Features(items=("f1", "f2"), crs="EPSG:32617") and items.aggregation == "month"
    by_period = TimeSeriesRequest.from_options("a.tif", "out", period=Period.half_open("2019-08-01", "2019-09-01"))
    assert by_period.period.last == D(2019, 8, 31) and by_period.aggregation == "month"
    with pytest.raises(TypeError, match="need features="):
        TimeSeriesRequest.from_options("a.tif", "out", id_field="name")


# ---------------------------------------------------------------------------------------------- periods and dates


def test_period_conventions():
    half = Period.half_open("2023-07-01", "2023-08-01")       # mosaic, Earth Engine: the end excluded
    assert (half.first, half.last, half.end) == (D(2023, 7, 1), D(2023, 7, 31), D(2023, 8, 1))
    both = Period.inclusive("2023-06-01", datetime.datetime(2023, 8, 31, 23, 59))   # time series: both included
    assert (both.first, both.last, both.end) == (D(2023, 6, 1), D(2023, 8, 31), D(2023, 9, 1))
    assert Period.half_open("2023-07-01").last is None and Period().open and not half.open
    reversed_ = Period.half_open("2023-08-01", "2023-07-01")   # not refused here: the tools say it in their words
    assert reversed_.end == D(2023, 7, 1) and reversed_.last < reversed_.first


def test_parse_day_says_what_the_tools_said():
    assert parse_day("2023-07-10", "start") == D(2023, 7, 10)
    assert parse_day("2023-07-10T15:43:29Z", "start") == D(2023, 7, 10)
    assert parse_day(datetime.datetime(2023, 7, 10, 23, 0), "end") == D(2023, 7, 10)
    assert parse_day(D(2023, 7, 10), "end") == D(2023, 7, 10)
    assert parse_day(None, "start") is None and parse_day("", "start") is None
    # the sentence of engine.timeseries and engine.composite, which have their own parsers until they move here
    with pytest.raises(LeafError, match=r"^The start date '10/07/2023' is not a date \(YYYY-MM-DD\)\.$"):
        parse_day("10/07/2023", "start")
    with pytest.raises(LeafError, match=r"^The end date 'July' is not a date"):
        Period.inclusive("2023-07-01", "July")
