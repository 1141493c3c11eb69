"""leaf:mosaic in a headless QGIS (processing.run) and once through qgis_process, on the synthetic July 2023
Sentinel-2 products of test_composite (whose expected winners are worked out there by hand)."""

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from support.stac_fixtures import RangeServer, StacServer, make_s2_item, strip_expected
from test_composite import CLOUD, WHEN, WINNER_LEAF, _percent, _scl, make_l8, make_s2
from test_qgis_process import QGIS_PROCESS, qgis_env

REPO = Path(__file__).resolve().parents[1]
ROWS = {"veg": slice(0, 5), "veg_b_cloudy": slice(5, 10), "water": slice(10, 15), "veg_c_cloudy": slice(15, 20)}


@pytest.fixture(scope="module")
def july(tmp_path_factory):
    """A folder 'july' holding the three July products (as zips' unpacked SAFE folders) and one of August."""
    folder = tmp_path_factory.mktemp("mosaic") / "july"
    folder.mkdir()
    out = {d: make_s2(folder, WHEN[d], CLOUD[d], _percent(d), _scl(d)) for d in "ABC"}
    out["late"] = make_s2(folder, "2023-08-05T10:30:00.000Z", 0.0, _percent("C"), np.full((20, 20), 4, np.uint8))
    out["folder"] = str(folder)
    return out


def _run(alg, params, feedback=None, context=None):
    import processing
    from qgis.core import QgsProcessingFeedback
    return processing.run(alg, params, feedback=feedback or QgsProcessingFeedback(), context=context)


def _band(path, name):
    ds = gdal.Open(path)
    names = [ds.GetRasterBand(i).GetDescription() for i in range(1, ds.RasterCount + 1)]
    return ds.GetRasterBand(names.index(name) + 1).ReadAsArray()


def test_mosaic_stack_then_estimate(qgis_app, network_cache, monkeypatch, july, tmp_path):
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", network_cache.root)
    res = _run("leaf:mosaic", {"INPUT": [july[d] for d in ("A", "B", "C", "late")], "START": "2023-07-01",
                               "END": "2023-08-01", "OUTPUT": str(tmp_path / "mosaic.tif")})
    assert res["OUTPUT"] == str(tmp_path / "mosaic.tif") and res["PRODUCTS"] == 3 and res["SENSOR"] == "S2A"
    assert res["PIXELS"] == 20 * 20 - 1 and res["QC"] is None
    source = _band(res["OUTPUT"], "SOURCE")
    for block, rows in ROWS.items():
        assert (source[rows, :19] == "ABC".index(WINNER_LEAF[block])).all(), block
    est = _run("leaf:estimate", {"INPUT": res["OUTPUT"], "VARIABLES": [0], "OUTPUT": str(tmp_path / "lai.tif")})
    assert est["ALGORITHM_USED"] == "S2_SL2P_V0_20M" and est["PIXELS"] == 20 * 20 - 1
    assert np.isfinite(gdal.Open(est["OUTPUT"]).ReadAsArray()[0][0:10, :19]).all()


def test_mosaic_folder_to_estimates_loads_styled_layers(qgis_app, network_cache, monkeypatch, july, tmp_path):
    import processing
    from qgis.core import (
        QgsMultiBandColorRenderer,
        QgsPalettedRasterRenderer,
        QgsProcessingContext,
        QgsProject,
        QgsSingleBandPseudoColorRenderer,
    )
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", network_cache.root)
    project = QgsProject.instance()
    project.removeAllMapLayers()
    context = QgsProcessingContext()
    context.setProject(project)
    out = str(tmp_path / "lai_july.tif")
    res = processing.runAndLoadResults("leaf:mosaic", {
        "FOLDER": july["folder"], "START": "2023-07-01", "END": "2023-08-01", "METHOD": 3, "OUTPUT_TYPE": 1,
        "VARIABLES": [0, 2], "OUTPUT": out}, context=context)
    assert res["QC"] == str(tmp_path / "lai_july_QC.tif") and res["DATE"] == str(tmp_path / "lai_july_DATE.tif")
    assert res["PRODUCTS"] == 3
    written = sorted(f for f in os.listdir(tmp_path) if not f.endswith(".aux.xml"))   # QGIS may keep statistics
    assert written == ["lai_july.tif", "lai_july_DATE.tif", "lai_july_QC.tif"]
    # most recent: C (26 July = DOY 206) except where C is cloudy (rows 15-19: B, DOY 196)
    doy = _band(res["DATE"], "DOY")
    assert (doy[0:15, :19] == 206).all() and (doy[15:20, :19] == 196).all()
    layers = {lyr.source(): lyr for lyr in project.mapLayers().values()}
    assert isinstance(layers[out].renderer(), QgsSingleBandPseudoColorRenderer)
    assert isinstance(layers[res["QC"]].renderer(), QgsPalettedRasterRenderer)
    assert isinstance(layers[res["DATE"]].renderer(), QgsSingleBandPseudoColorRenderer)
    stack = str(tmp_path / "stack.tif")
    processing.runAndLoadResults("leaf:mosaic", {"FOLDER": july["folder"], "START": "2023-07-01",
                                                 "END": "2023-08-01", "OUTPUT": stack}, context=context)
    layers = {lyr.source(): lyr for lyr in project.mapLayers().values()}
    renderer = layers[stack].renderer()
    assert isinstance(renderer, QgsMultiBandColorRenderer)
    names = [layers[stack].bandName(i) for i in (renderer.redBand(), renderer.greenBand(), renderer.blueBand())]
    assert [n.split(":")[-1].strip() for n in names] == ["B8A", "B4", "B3"]
    del layers, renderer
    project.removeAllMapLayers()


def test_mosaic_errors_are_one_sentence(qgis_app, july, tmp_path):
    from qgis.core import QgsProcessingException
    with pytest.raises(QgsProcessingException) as e:
        _run("leaf:mosaic", {"FOLDER": july["folder"], "START": "2023-09-01", "END": "2023-10-01",
                             "OUTPUT": str(tmp_path / "a.tif")})
    assert "No product falls in the period 2023-09-01 to 2023-10-01" in str(e.value)
    assert "Traceback" not in str(e.value)
    l8, _ = make_l8(tmp_path / "l8")
    with pytest.raises(QgsProcessingException, match="different sensors .*allow mixing sensors"):
        _run("leaf:mosaic", {"INPUT": [july["A"], l8], "START": "2023-07-01", "END": "2023-08-01",
                             "OUTPUT": str(tmp_path / "b.tif")})
    res = _run("leaf:mosaic", {"INPUT": [july["A"], l8], "START": "2023-07-01", "END": "2023-08-01",
                               "MIX_SENSORS": True, "OUTPUT": str(tmp_path / "c.tif")})
    assert res["SENSOR"] == "HLS_L30"
    with pytest.raises(QgsProcessingException, match="Give products"):
        _run("leaf:mosaic", {"START": "2023-07-01", "END": "2023-08-01", "OUTPUT": str(tmp_path / "d.tif")})
    with pytest.raises(QgsProcessingException, match="end date must come after"):
        _run("leaf:mosaic", {"FOLDER": july["folder"], "START": "2023-08-01", "END": "2023-07-01",
                             "OUTPUT": str(tmp_path / "e.tif")})
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(QgsProcessingException, match="The folder %s holds no product" % empty):
        _run("leaf:mosaic", {"FOLDER": str(empty), "START": "2023-07-01", "END": "2023-08-01",
                             "OUTPUT": str(tmp_path / "f.tif")})
    assert sorted(os.listdir(tmp_path)) == ["c.tif", "empty", "l8"]


def test_mosaic_cancel_leaves_no_file(qgis_app, july, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda p: feedback.cancel())
    with pytest.raises(QgsProcessingException, match="Cancelled; no output was written"):
        _run("leaf:mosaic", {"FOLDER": july["folder"], "START": "2023-07-01", "END": "2023-08-01",
                             "RESOLUTION": 2, "OUTPUT": str(tmp_path / "x.tif")}, feedback=feedback)
    assert os.listdir(tmp_path) == []


def test_mosaic_stac_search_over_an_extent(qgis_app, tmp_path):
    folder = tmp_path / "cogs"
    with RangeServer(folder) as files:
        items = [make_s2_item(folder, files.url, "S2A_17SLU_202206%02d_0_L2A" % d, when="2022-06-%02dT16:10:00Z" % d,
                              boa_offset_applied=False) for d in (5, 15)]
        items.append(make_s2_item(folder, files.url, "S2A_17SLU_20220705_0_L2A", when="2022-07-05T16:10:00Z",
                                  boa_offset_applied=False, write=False))
        with StacServer([strip_expected(i) for i in items]) as api:
            # item columns 25-54, rows 10-39: away from its cloud rows, water columns and no-data pixel (20, 20)
            extent = "%f,%f,%f,%f [EPSG:32617]" % (300500.0, 301100.0, 4000020.0 - 800, 4000020.0 - 200)
            res = _run("leaf:mosaic", {"STAC_API": api.url, "STAC_COLLECTION": "sentinel-2-l2a", "EXTENT": extent,
                                       "START": "2022-06-01", "END": "2022-07-01", "METHOD": 3,
                                       "OUTPUT": str(tmp_path / "stac.tif")})
    assert res["PRODUCTS"] == 2 and res["SENSOR"] == "S2A"
    ds = gdal.Open(res["OUTPUT"])
    assert (ds.RasterXSize, ds.RasterYSize) == (30, 30) and ds.GetGeoTransform()[1] == 20
    assert (_band(res["OUTPUT"], "SOURCE") == 1).all() and (_band(res["OUTPUT"], "COUNT") == 2).all()


def test_qgis_process_mosaic_as_in_the_readme(qgis_config, july, mirror_server, tmp_path):  # noqa: F811
    """The README's leaf:mosaic and leaf:estimate commands, run as written in a folder holding 'july', then
    leaf:mosaic once with --json."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    mosaic = [ln.strip() for ln in text.splitlines() if "qgis_process.bin run leaf:mosaic" in ln]
    estimate = [ln.strip() for ln in text.splitlines() if "run leaf:estimate -- INPUT=mosaic_july.tif" in ln]
    assert mosaic and estimate, "the README shows no qgis_process commands for leaf:mosaic and its estimates"
    os.symlink(july["folder"], tmp_path / "july")
    env = qgis_env(qgis_config, LEAF_QGIS_NETWORK_BASE_URL=mirror_server, LEAF_QGIS_CACHE_DIR=str(tmp_path / "cache"))
    for cmd in (mosaic[0], estimate[0]):
        out = subprocess.run(["bash", "-c", cmd], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stdout + out.stderr
    ds = gdal.Open(str(tmp_path / "mosaic_july.tif"))
    assert ds.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG" and ds.GetMetadataItem("LEAF_COMPOSITE") == "leaf"
    lai = gdal.Open(str(tmp_path / "lai_july.tif"))   # whichever algorithm Estimate chooses for a Sentinel-2 stack
    assert lai.GetMetadataItem("LEAF_ALGORITHM") and lai.GetMetadataItem("LEAF_SENSOR") == "S2A"
    assert lai.GetMetadataItem("LEAF_DATE") == "2023-07-16"
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".")]
    out = subprocess.run([QGIS_PROCESS, "run", "leaf:mosaic", "--json", "--", "FOLDER=" + july["folder"],
                          "START=2023-07-01", "END=2023-08-01", "METHOD=1", "OUTPUT=" + str(tmp_path / "ndvi.tif")],
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    results = json.loads(out.stdout[out.stdout.index("{"):])["results"]
    assert results["OUTPUT"] == str(tmp_path / "ndvi.tif") and results["PRODUCTS"] == 3
    assert results["SENSOR"] == "S2A" and results["PIXELS"] == 20 * 20 - 1


def test_mosaic_feeds_estimate_in_a_model(qgis_app, network_cache, monkeypatch, july, tmp_path):
    """A graphical model: folder -> leaf:mosaic -> leaf:estimate (the mosaic's OUTPUT as the estimate's INPUT)."""
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFile,
    )

    from leaf_qgis.compat import FILE_FOLDER
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", network_cache.root)
    static = QgsProcessingModelChildParameterSource.fromStaticValue
    model = QgsProcessingModelAlgorithm("mosaic_then_estimate", "leaf")
    model.addModelParameter(QgsProcessingParameterFile("folder", "folder", behavior=FILE_FOLDER),
                            QgsProcessingModelParameter("folder"))
    mosaic = QgsProcessingModelChildAlgorithm("leaf:mosaic")
    mosaic.setChildId("mosaic")
    mosaic.addParameterSources("FOLDER", [QgsProcessingModelChildParameterSource.fromModelParameter("folder")])
    mosaic.addParameterSources("START", [static("2023-07-01")])
    mosaic.addParameterSources("END", [static("2023-08-01")])
    model.addChildAlgorithm(mosaic)
    estimate = QgsProcessingModelChildAlgorithm("leaf:estimate")
    estimate.setChildId("estimate")
    estimate.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromChildOutput("mosaic", "OUTPUT")])
    estimate.addParameterSources("VARIABLES", [static([0])])
    output = QgsProcessingModelOutput("lai", "lai")
    output.setChildId("estimate")
    output.setChildOutputName("OUTPUT")
    estimate.setModelOutputs({"lai": output})
    model.addChildAlgorithm(estimate)
    lai = str(tmp_path / "lai.tif")
    results, ok = model.run({"folder": july["folder"], "estimate:lai": lai}, QgsProcessingContext(),
                            QgsProcessingFeedback())
    # the model output is keyed "<child>:<output>" by QGIS 3.22, by the output's own name by QGIS 3.40 and later
    assert ok and results.get("estimate:lai", results.get("lai")) == lai
    assert results["CHILD_RESULTS"]["mosaic"]["PRODUCTS"] == 3
    assert results["CHILD_RESULTS"]["estimate"]["ALGORITHM_USED"] == "S2_SL2P_V0_20M"
    assert np.isfinite(gdal.Open(lai).ReadAsArray()[0][0:10, :19]).all()
