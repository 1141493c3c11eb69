"""leaf:timeseries in a headless QGIS (processing.run, loaded layers with temporal properties, errors, cancel)
and through qgis_process.bin exactly as the README shows it."""

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, ogr
from test_qgis_process import qgis_env
from test_timeseries import DATES, POINTS, RECT, make_stacks, read_layer, write_features

qgis_core = pytest.importorskip("qgis.core", reason="QGIS Python bindings are not installed (run make setup)")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def stack_folder(s2_samples, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ts_stacks")
    make_stacks(s2_samples, folder)
    return folder


@pytest.fixture
def use_network_cache(network_cache, monkeypatch):
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", network_cache.root)


def _run(params, feedback=None, context=None):
    import processing
    from qgis.core import QgsProcessingFeedback
    return processing.run("leaf:timeseries", params, feedback=feedback or QgsProcessingFeedback(), context=context)


def test_runs_headless_and_the_table_equals_the_layers(qgis_app, use_network_cache, stack_folder, tmp_path):
    sites = write_features(tmp_path / "sites.gpkg")
    res = _run({"FOLDER": str(stack_folder), "START": "2023-06-01", "END": "2023-06-30", "VARIABLES": [0, 2],
                "AGGREGATION": [1, 4], "FEATURES": sites, "ID_FIELD": "name", "OUTPUT_FOLDER": str(tmp_path / "out"),
                "TABLE": str(tmp_path / "series.gpkg"), "CHART": str(tmp_path / "series.html")})
    assert res["DATES"] == ",".join(DATES[:2]) and res["ACQUISITIONS"] == 2
    assert res["OUTPUT_FOLDER"] == str(tmp_path / "out") and res["TABLE"] == str(tmp_path / "series.gpkg")
    assert res["CHART"] == str(tmp_path / "series.html") and res["ROWS"] == len(POINTS) * 2 * 2
    assert [os.path.basename(p) for p in res["LAYERS"]] == ["leaf_20230610_S2_SL2P_V0_20M.tif",
                                                            "leaf_20230625_S2_SL2P_V0_20M.tif"]
    assert [os.path.basename(p) for p in res["AGGREGATES"]] == ["leaf_202306_mean.tif", "leaf_202306_count.tif"]
    assert all(os.path.isfile(p) for p in res["LAYERS"] + res["QC_LAYERS"] + res["AGGREGATES"])
    table = ogr.Open(res["TABLE"])
    lyr = table.GetLayer(0)
    checked = 0
    for f in lyr:
        c, r = (int(x) for x in POINTS[f["name"]])
        layer = res["LAYERS"][DATES.index(f["date"].replace("/", "-"))]
        est = read_layer(layer)
        qc = read_layer(layer.replace(".tif", "_QC.tif"))["QC"]
        assert f["qc"] == int(qc[r, c])
        value = est[f["variable"]][r, c]
        assert (f["value"] is None and np.isnan(value)) or f["value"] == float(value)
        checked += 1
    assert checked == res["ROWS"]
    html = Path(res["CHART"]).read_text(encoding="utf-8")
    assert html.count('class="series"') == len(POINTS) * 2


def test_polygon_layer_and_declared_outputs(qgis_app, use_network_cache, stack_folder, tmp_path):
    from qgis.core import QgsApplication, QgsVectorLayer
    alg = QgsApplication.processingRegistry().algorithmById("leaf:timeseries")
    assert {o.name() for o in alg.outputDefinitions()} >= {"OUTPUT_FOLDER", "TABLE", "CHART", "LAYERS", "QC_LAYERS",
                                                             "AGGREGATES", "DATES", "ACQUISITIONS", "ROWS"}
    assert {d.name() for d in alg.destinationParameterDefinitions()} == {"OUTPUT_FOLDER", "TABLE", "CHART"}
    fields = write_features(tmp_path / "fields.gpkg", points={}, polygons={"field": RECT})
    layer = QgsVectorLayer(fields, "fields", "ogr")
    assert layer.isValid()
    res = _run({"INPUT": sorted(str(p) for p in stack_folder.glob("*.tif")), "VARIABLES": [0], "FEATURES": layer,
                "ID_FIELD": "name", "OUTPUT_FOLDER": str(tmp_path / "out"), "TABLE": str(tmp_path / "t.csv"),
                "CHART": str(tmp_path / "c.png")})
    rows = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 3 and all(",field," in r and r.endswith(",20," + r.split(",")[-1]) for r in rows[1:])
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    assert res["ACQUISITIONS"] == 3
    del layer


def test_layers_load_time_enabled_in_the_run_group(qgis_app, use_network_cache, stack_folder, tmp_path):
    import processing
    from qgis.core import (
        Qgis,
        QgsProcessingContext,
        QgsProject,
        QgsSingleBandPseudoColorRenderer,
    )
    project = QgsProject.instance()
    project.removeAllMapLayers()
    project.layerTreeRoot().removeAllChildren()
    context = QgsProcessingContext()
    context.setProject(project)
    res = processing.runAndLoadResults("leaf:timeseries", {
        "FOLDER": str(stack_folder), "VARIABLES": [0], "AGGREGATION": [1], "OUTPUT_FOLDER": str(tmp_path / "july")},
        context=context)
    root = project.layerTreeRoot()
    group = root.findGroup("Time series july (2023-06-10 to 2023-07-05)")
    assert group is not None
    dated = [n.layer() for n in group.findLayers() if n.parent() is group]
    assert [lyr.source() for lyr in dated] == res["LAYERS"]
    for lyr, date in zip(dated, DATES):
        props = lyr.temporalProperties()
        assert props.isActive() and props.mode() == Qgis.RasterTemporalMode.FixedTemporalRange
        rng = props.fixedTemporalRange()
        day = datetime.date.fromisoformat(date)
        assert rng.begin().date().toPyDate() == day and rng.end().date().toPyDate() == day + datetime.timedelta(days=1)
        assert rng.includeBeginning() and not rng.includeEnd()
        assert isinstance(lyr.renderer(), QgsSingleBandPseudoColorRenderer) and date in lyr.name()
    qc = group.findGroup("QC per date")
    assert qc is not None and not qc.itemVisibilityChecked() and len(qc.findLayers()) == 3
    aggregates = group.findGroup("Aggregates")
    ranges = [n.layer().temporalProperties().fixedTemporalRange() for n in aggregates.findLayers()]
    assert [(r.begin().date().toPyDate().isoformat(), r.end().date().toPyDate().isoformat()) for r in ranges] == \
        [("2023-06-01", "2023-07-01"), ("2023-07-01", "2023-08-01")]
    del dated, ranges
    project.removeAllMapLayers()
    root.removeAllChildren()


@pytest.mark.parametrize("case", ["id_field", "no_dates", "outside", "no_features"])
def test_bad_inputs_are_one_sentence(qgis_app, use_network_cache, stack_folder, tmp_path, case):
    from qgis.core import QgsProcessingException
    params = {"FOLDER": str(stack_folder), "OUTPUT_FOLDER": str(tmp_path / "out")}
    sites = write_features(tmp_path / "sites.gpkg")
    if case == "id_field":
        params.update(FEATURES=sites, ID_FIELD="nom", TABLE=str(tmp_path / "t.csv"))
        expected = "has no field nom (its fields are: fid, name)."
    elif case == "no_dates":
        params.update(START="2024-05-01", END="2024-05-31")
        expected = ("None of the 3 products was acquired between 2024-05-01 and 2024-05-31 (their dates: "
                    "2023-06-10, 2023-06-25, 2023-07-05).")
    elif case == "outside":
        params.update(FEATURES=write_features(tmp_path / "far.gpkg", points={"far": (900.0, 900.0)}),
                      TABLE=str(tmp_path / "t.csv"))
        expected = "None of the 1 features lies inside the area (#1)."
    else:
        params.update(TABLE=str(tmp_path / "t.csv"))
        expected = "A table or a chart needs features (FEATURES) to extract the series at."
    with pytest.raises(QgsProcessingException) as err:
        _run(params)
    msg = str(err.value)
    assert expected in msg and "Traceback" not in msg
    assert not (tmp_path / "out").exists() and not (tmp_path / "t.csv").exists()


def test_cancel_from_feedback_leaves_nothing(qgis_app, use_network_cache, stack_folder, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    class CancelAfterFirstDate(QgsProcessingFeedback):
        def setProgress(self, p):  # noqa: N802
            super().setProgress(p)
            if p >= 30:
                self.cancel()

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        _run({"FOLDER": str(stack_folder), "AGGREGATION": [1], "FEATURES": write_features(tmp_path / "s.gpkg"),
              "TABLE": str(tmp_path / "t.gpkg"), "OUTPUT_FOLDER": str(out)}, feedback=CancelAfterFirstDate())
    assert os.listdir(out) == [] and sorted(os.listdir(tmp_path)) == ["out", "s.gpkg"]


def test_stac_search_over_an_extent(qgis_app, use_network_cache, tmp_path):
    """STAC_API + EXTENT + START/END: the items found (local COG assets) become the dates of the series."""
    from support.stac_fixtures import StacServer, make_s2_item, strip_expected
    items = [make_s2_item(tmp_path / "cogs", str(tmp_path / "cogs"), "S2A_17SLU_202206%02d_0_L2A" % d,
                          when="2022-06-%02dT16:10:00Z" % d, boa_offset_applied=False) for d in (5, 15, 25)]
    with StacServer([strip_expected(i) for i in items]) as api:
        res = _run({"STAC_API": api.url, "START": "2022-06-10", "END": "2022-06-30", "VARIABLES": [0],
                    "EXTENT": "300000,300640,3999380,4000020 [EPSG:32617]", "OUTPUT_FOLDER": str(tmp_path / "out")})
    assert res["DATES"] == "2022-06-15,2022-06-25"
    ds = gdal.Open(res["LAYERS"][0])
    assert (ds.RasterXSize, ds.RasterYSize) == (32, 32) and ds.GetMetadataItem("LEAF_DATE") == "2022-06-15"


# --------------------------------------------------------------------------------------------
# qgis_process, as the README shows it
# --------------------------------------------------------------------------------------------

def make_dated_safe_zip(folder: Path, date: str, seed: int) -> Path:
    """The synthetic SAFE of test_sentinel2 (20 x 20 px at 20 m), acquired on `date`, zipped."""
    from test_sentinel2 import make_safe, zip_safe
    work = folder / ("work_%s" % date)
    safe, _, _ = make_safe(work, seed=seed)
    stamp = date.replace("-", "")
    mtd = safe / "MTD_MSIL2A.xml"
    mtd.write_text(mtd.read_text(encoding="utf-8").replace("2023-07-14T10:30:31", date + "T10:30:31"),
                   encoding="utf-8")
    name = safe.name.replace("20230714", stamp)
    out = zip_safe(safe, folder / (name + ".zip"))
    shutil.rmtree(work)
    return out


def readme_command() -> str:
    lines = [ln.strip() for ln in (REPO / "README.md").read_text(encoding="utf-8").splitlines()
             if ln.strip().startswith("QT_QPA_PLATFORM=offscreen qgis_process.bin run leaf:timeseries")]
    assert lines, "the README shows no qgis_process command for leaf:timeseries"
    return lines[0]


def test_readme_command_through_qgis_process(qgis_config, network_cache, tmp_path):  # noqa: F811
    """products/ holds four dated SAFE zips (one after the end date) and fields.gpkg two points and a polygon."""
    products = tmp_path / "products"
    products.mkdir()
    for seed, date in enumerate(("2023-06-14", "2023-07-09", "2023-07-24", "2023-09-03")):
        make_dated_safe_zip(products, date, seed)
    write_features(tmp_path / "fields.gpkg", points={"well": (3.5, 4.5), "barn": (15.2, 12.7)},
                   polygons={"pasture": [(8.0, 8.0), (14.0, 8.0), (14.0, 16.0), (8.0, 16.0)]})
    cmd = readme_command()
    env = qgis_env(qgis_config, LEAF_QGIS_CACHE_DIR=network_cache.root)
    out = subprocess.run(["bash", "-c", cmd], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    series = sorted(os.listdir(tmp_path / "lai_series"))
    assert series == sorted(["leaf_20230614_S2_SL2P_V0_20M.tif", "leaf_20230614_S2_SL2P_V0_20M_QC.tif",
                      "leaf_20230709_S2_SL2P_V0_20M.tif", "leaf_20230709_S2_SL2P_V0_20M_QC.tif",
                      "leaf_20230724_S2_SL2P_V0_20M.tif", "leaf_20230724_S2_SL2P_V0_20M_QC.tif",
                      "leaf_202306_count.tif", "leaf_202306_mean.tif", "leaf_202307_count.tif",
                      "leaf_202307_mean.tif"])
    rows = (tmp_path / "lai_series.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "feature_id,name,date,sensor,algorithm,variable,value,uncertainty,qc,pixels,valid_pixels"
    assert len(rows) == 1 + 3 * 3
    well = [r.split(",") for r in rows[1:] if ",well," in r]
    lai = read_layer(str(tmp_path / "lai_series" / "leaf_20230709_S2_SL2P_V0_20M.tif"))["LAI"]
    got = [r for r in well if r[2] == "2023-07-09"][0][6]
    assert (got == "" and np.isnan(lai[4, 3])) or float(got) == float(lai[4, 3])
    html = (tmp_path / "lai_series.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'class="series" data-feature="([^"]+)"', html)) == ["barn", "pasture", "well"]
    assert "lai_series" in out.stdout
