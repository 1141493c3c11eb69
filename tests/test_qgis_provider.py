"""The LEAF provider inside a headless QGIS: algorithms, dialogs, processing.run, errors, styled layers."""

import os
from unittest import mock

import numpy as np
import pytest
from osgeo import gdal

qgis_core = pytest.importorskip("qgis.core", reason="QGIS Python bindings are not installed (run make setup)")


V0_INDEX = None  # leaf:installnetworks lists algorithm ids sorted


def setup_module(module):
    from leaf_qgis.engine.algorithm import load_algorithms
    module.V0_INDEX = sorted(load_algorithms()).index("S2_SL2P_V0_20M")


@pytest.fixture
def use_network_cache(network_cache, monkeypatch):
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", network_cache.root)


def _run(alg_id, params, context=None):
    import processing
    from qgis.core import QgsProcessingFeedback
    return processing.run(alg_id, params, feedback=QgsProcessingFeedback(), context=context)


ALGORITHM_IDS = ["leaf:eetasks", "leaf:estimate", "leaf:installnetworks", "leaf:listnetworks", "leaf:mosaic", "leaf:subset",
                 "leaf:timeseries", "leaf:train"]


def test_provider_lists_algorithms(qgis_app):
    from qgis.core import QgsApplication
    provider = QgsApplication.processingRegistry().providerById("leaf")
    assert provider.name() == "LEAF"
    ids = sorted(a.id() for a in provider.algorithms())
    assert ids == ALGORITHM_IDS
    for a in provider.algorithms():
        assert a.shortHelpString().strip(), a.id()
        assert a.group(), a.id()


def test_every_dialog_can_be_created(qgis_app):
    import qgis.utils
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsApplication
    from qgis.gui import QgisInterface, QgsMapCanvas
    canvas = QgsMapCanvas()
    iface = mock.Mock(spec=QgisInterface)
    iface.mapCanvas.return_value = canvas
    with mock.patch.object(qgis.utils, "iface", iface):
        for alg in QgsApplication.processingRegistry().providerById("leaf").algorithms():
            dialog = AlgorithmDialog(alg.create(), False, None)
            # QGIS 3.22 titles the dialog with the tool's name, QGIS >= 3.40 with 'group - name'
            assert dialog.windowTitle() in (alg.displayName(), "%s - %s" % (alg.group(), alg.displayName()))
            names = {w.parameterDefinition().name() for w in dialog.mainWidget().wrappers.values()}
            assert names == {p.name() for p in alg.parameterDefinitions()}
            dialog.close()
            dialog.deleteLater()


def test_estimate_runs_and_reports_outputs(qgis_app, use_network_cache, s2_sample_stack, tmp_path):
    out = str(tmp_path / "est.tif")
    res = _run("leaf:estimate", {"INPUT": s2_sample_stack, "VARIABLES": [0, 2], "OUTPUT": out})
    assert res["OUTPUT"] == out and res["QC"] == str(tmp_path / "est_QC.tif")
    assert res["PIXELS"] == 1050 and res["OUT_OF_DOMAIN"] == 10
    ds = gdal.Open(out)
    assert [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)] == \
        ["LAI", "LAI_uncertainty", "fCOVER", "fCOVER_uncertainty"]
    assert ds.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG"
    qc = gdal.Open(res["QC"]).ReadAsArray()
    assert int((qc & 1).sum()) == 10


def test_estimate_loads_styled_layers(qgis_app, use_network_cache, s2_sample_stack, tmp_path):
    import processing
    from processing.core.Processing import Processing  # noqa: F401
    from qgis.core import QgsPalettedRasterRenderer, QgsProcessingContext, QgsProject, QgsSingleBandPseudoColorRenderer
    project = QgsProject.instance()
    project.removeAllMapLayers()
    context = QgsProcessingContext()
    context.setProject(project)
    out = str(tmp_path / "styled.tif")
    res = processing.runAndLoadResults("leaf:estimate", {"INPUT": s2_sample_stack, "OUTPUT": out}, context=context)
    layers = {lyr.source(): lyr for lyr in project.mapLayers().values()}
    assert out in layers and res["QC"] in layers
    est, qc = layers[out], layers[res["QC"]]
    assert isinstance(est.renderer(), QgsSingleBandPseudoColorRenderer)
    assert est.renderer().classificationMin() == 0 and est.renderer().classificationMax() == 8
    assert isinstance(qc.renderer(), QgsPalettedRasterRenderer)
    assert [c.value for c in qc.renderer().classes()] == [0, 1, 2, 3, 4, 8, 9, 10, 11]
    assert "QC" in qc.name()
    del est, qc, layers
    project.removeAllMapLayers()


@pytest.mark.parametrize("kind", ["missing", "corrupt", "no_bands"])
def test_bad_input_is_one_sentence(qgis_app, use_network_cache, s2_sample_stack, tmp_path, kind):
    from qgis.core import QgsProcessingException
    path = str(tmp_path / "in.tif")
    if kind == "corrupt":
        with open(path, "wb") as f:
            f.write(b"II*\x00garbage that is not a tiff")
    elif kind == "no_bands":
        gdal.Translate(path, s2_sample_stack, bandList=[1, 2])
    with pytest.raises(QgsProcessingException) as err:
        _run("leaf:estimate", {"INPUT": path, "OUTPUT": str(tmp_path / "out.tif")})
    msg = str(err.value)
    assert "Traceback" not in msg and path in msg
    expected = {"missing": "does not exist", "corrupt": "not a raster GDAL can read", "no_bands": "has no band named B5"}
    assert expected[kind] in msg
    assert not [f for f in os.listdir(tmp_path) if f.startswith(("out", ".out"))]


def test_install_and_list_networks(qgis_app, mirror_server, monkeypatch, tmp_path):
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LEAF_QGIS_NETWORK_BASE_URL", mirror_server)
    res = _run("leaf:installnetworks", {"ALGORITHM": V0_INDEX})
    assert os.path.isfile(os.path.join(res["FOLDER"], "model0.tflite"))
    listing = _run("leaf:listnetworks", {})
    assert "S2_SL2P_V0_20M" in listing["REPORT"] and "installed in" in listing["REPORT"]
    assert mirror_server in listing["REPORT"]


def test_checksum_mismatch_from_folder(qgis_app, shared_dir, monkeypatch, tmp_path):
    from qgis.core import QgsProcessingException
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "offline"
    src.mkdir()
    mirror = shared_dir / "upstream-mirror"
    for rel in ["rfernand387/LEAF-Toolbox/607a3c3b0b2864840bca162b9ea3a50f5bc91c86/LEAF-Toolbox-CCRS-Files/Inputs/"
                "Sentinel2/Sentinel_csv/s2_sl2p_weiss_or_prosail_NNT3_Single_0_1.csv"]:
        data = bytearray((mirror / rel).read_bytes())
        data[200] = ord("7") if data[200] != ord("7") else ord("3")
        (src / os.path.basename(rel)).write_bytes(bytes(data))
    with pytest.raises(QgsProcessingException) as err:
        _run("leaf:installnetworks", {"ALGORITHM": V0_INDEX, "SOURCE_FOLDER": str(src)})
    assert "Checksum mismatch" in str(err.value)
    assert not (tmp_path / "cache" / "S2_SL2P_V0_20M").exists()


def test_lai_matches_engine_numbers(qgis_app, use_network_cache, s2_sample_stack, tmp_path):
    """The Processing wrapper adds nothing to the numbers: same as calling the engine directly."""
    from leaf_qgis import api
    a = _run("leaf:estimate", {"INPUT": s2_sample_stack, "VARIABLES": [0], "OUTPUT": str(tmp_path / "a.tif")})
    api.estimate(s2_sample_stack, str(tmp_path / "b.tif"), variables=["LAI"])
    np.testing.assert_array_equal(gdal.Open(a["OUTPUT"]).ReadAsArray(), gdal.Open(str(tmp_path / "b.tif")).ReadAsArray())


def test_cancel_from_feedback_leaves_nothing(qgis_app, use_network_cache, s2_sample_stack, tmp_path):
    """Cancelling through QgsProcessingFeedback stops within a window and removes every partial file."""
    import processing
    from osgeo import gdal as _gdal
    from qgis.core import QgsProcessingException, QgsProcessingFeedback
    big = str(tmp_path / "tall.tif")  # 1050 x 600 pixels: several 512-pixel windows
    _gdal.Translate(big, s2_sample_stack, options="-outsize 1050 600 -r near")

    class CancelAfterFirstWindow(QgsProcessingFeedback):
        def setProgress(self, p):  # noqa: N802
            super().setProgress(p)
            if p > 0:
                self.cancel()

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("leaf:estimate", {"INPUT": big, "OUTPUT": str(out / "c.tif")}, feedback=CancelAfterFirstWindow())
    assert os.listdir(out) == []


def test_band_map_for_a_raster_without_band_names(qgis_app, use_network_cache, s2_sample_stack, tmp_path):
    """Any GDAL raster plus a band map: same numbers as the stack whose descriptions name the bands."""
    src = gdal.Open(s2_sample_stack)
    names = [src.GetRasterBand(i).GetDescription() for i in range(1, src.RasterCount + 1)]
    plain = gdal.GetDriverByName("GTiff").Create(str(tmp_path / "plain.tif"), src.RasterXSize, src.RasterYSize,
                                                 src.RasterCount, gdal.GDT_Float64)
    plain.SetGeoTransform(src.GetGeoTransform())
    plain.SetProjection(src.GetProjection())
    for i in range(1, src.RasterCount + 1):
        plain.GetRasterBand(i).WriteArray(src.GetRasterBand(i).ReadAsArray())   # DN, no names, no scale
    plain = None
    band_map = ",".join("%s=%d" % (n, i) for i, n in enumerate(names, start=1)) + ",SCALE=0.0001,SENSOR=S2A"
    a = _run("leaf:estimate", {"INPUT": str(tmp_path / "plain.tif"), "BAND_MAP": band_map, "ALGORITHM": 0,
                               "OUTPUT": str(tmp_path / "a.tif")})
    b = _run("leaf:estimate", {"INPUT": s2_sample_stack, "OUTPUT": str(tmp_path / "b.tif")})
    np.testing.assert_array_equal(gdal.Open(a["OUTPUT"]).ReadAsArray(), gdal.Open(b["OUTPUT"]).ReadAsArray())
    from qgis.core import QgsProcessingException
    with pytest.raises(QgsProcessingException, match="band map entry B3=99"):
        _run("leaf:estimate", {"INPUT": str(tmp_path / "plain.tif"), "BAND_MAP": "B3=99",
                               "OUTPUT": str(tmp_path / "c.tif")})
