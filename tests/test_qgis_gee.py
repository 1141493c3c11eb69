"""leaf:estimate BACKEND=1 and leaf:eetasks through qgis_process, against the local Earth Engine endpoint.

The plugin is installed from its zip into an empty profile whose LEAF settings hold the Cloud project and a
service-account key whose token URI is the local endpoint; earthengine-api comes from the venv (a user
installs it with the plugin's dependency installer). Nothing reaches Google.
"""

import json
import os
import subprocess
import sysconfig

import numpy as np
import pytest
from osgeo import gdal
from support.ee_server import FakeEarthEngine
from test_gee_estimate import S2_ID, s2_case, store  # noqa: F401  (fixtures)
from test_qgis_process import QGIS_PROCESS, qgis_env

from leaf_qgis import api

pytest.importorskip("ee")
pytestmark = pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin is not installed (make setup)")
EXTENT = "600000,600700,4499400,4500000 [EPSG:32617]"     # the fixture scene: 35 x 30 pixels of 20 m


@pytest.fixture(scope="module")
def service_key(tmp_path_factory):
    """A service-account key (fresh RSA key) whose token_uri is filled in per server."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    return {"type": "service_account", "project_id": "test-project", "private_key_id": "k1", "private_key": pem,
            "client_email": "leaf@test-project.iam.gserviceaccount.com", "client_id": "1"}


def _profile_settings(config, key_path, project="test-project"):
    from qgis.PyQt.QtCore import QSettings
    settings = QSettings(str(config / "profiles" / "default" / "QGIS" / "QGIS3.ini"), QSettings.Format.IniFormat)
    settings.setValue("leaf_qgis/ee_project", project)
    settings.setValue("leaf_qgis/ee_service_account_key", str(key_path))
    settings.sync()


def _run(config, server, networks, args, tmp_path):
    env = qgis_env(config, LEAF_QGIS_EE_URL=server.url, LEAF_QGIS_CACHE_DIR=networks.root,
                   PYTHONPATH=os.pathsep.join([sysconfig.get_paths()["purelib"], os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([QGIS_PROCESS, "run"] + args, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture()
def server_and_key(s2_case, service_key, qgis_config, tmp_path):  # noqa: F811
    with FakeEarthEngine(images=s2_case[0], collections={"COPERNICUS/S2_SR_HARMONIZED": [S2_ID]}) as server:
        key = tmp_path / "service-account.json"
        key.write_text(json.dumps(dict(service_key, token_uri=server.url + "/token")))
        _profile_settings(qgis_config, key)
        yield server


def test_qgis_process_downloads_tiles_into_cogs(server_and_key, qgis_config, store, s2_case, tmp_path):  # noqa: F811
    server = server_and_key
    # the first tile is refused as too large: the download splits it in four and goes on
    server.fail_next(400, "Total request size (56623104 bytes) must be less than or equal to 50331648 bytes.",
                     "INVALID_ARGUMENT", count=1, path_contains="computePixels")
    out = _run(qgis_config, server, store, ["leaf:estimate", "--json", "--", "BACKEND=1", "EE_SOURCE=" + S2_ID,
                                            "EXTENT=" + EXTENT, "OUTPUT=" + str(tmp_path / "ee_lai.tif")], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    results = json.loads(out.stdout[out.stdout.index("{"):])["results"]
    assert results["OUTPUT"] == str(tmp_path / "ee_lai.tif") and results["QC"] == str(tmp_path / "ee_lai_QC.tif")
    # automatic choice: an installed published LEAF V1 network, land cover being available on Earth Engine
    assert results["ALGORITHM_USED"] == "S2_SL2P_V1_20M" and results["PIXELS"] == 1047
    assert len(server.token_requests) >= 1                                   # the service-account key was used
    assert len([r for r in server.requests if r["path"].endswith("image:computePixels")]) == 5
    for name in ("ee_lai.tif", "ee_lai_QC.tif"):
        ds = gdal.Open(str(tmp_path / name))
        assert ds.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG", name
        assert ds.GetMetadataItem("LEAF_RUNTIME") == "earthengine"
    # the same numbers as the local engine on the same pixels
    local = api.estimate(s2_case[1], str(tmp_path / "local.tif"), algorithm="S2_SL2P_V1_20M", store=store, threads=1)
    assert local["pixels"] == results["PIXELS"]
    ee_ds, local_ds = gdal.Open(str(tmp_path / "ee_lai.tif")), gdal.Open(str(tmp_path / "local.tif"))
    a, b = ee_ds.GetRasterBand(1).ReadAsArray(), local_ds.GetRasterBand(1).ReadAsArray()
    assert ee_ds.GetRasterBand(1).GetDescription() == "LAI"
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
    assert np.nanmax(np.abs(a - b)) < 1e-4
    np.testing.assert_array_equal(gdal.Open(str(tmp_path / "ee_lai_QC.tif")).ReadAsArray(),
                                  gdal.Open(str(tmp_path / "local_QC.tif")).ReadAsArray())
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".")]       # no partial files left


def test_qgis_process_export_task_and_monitor(server_and_key, qgis_config, store, tmp_path):  # noqa: F811
    server = server_and_key
    out = _run(qgis_config, server, store, ["leaf:estimate", "--json", "--", "BACKEND=1", "EE_SOURCE=" + S2_ID,
                                            "EXTENT=" + EXTENT, "EE_OUTPUT=1", "EE_DESTINATION=leaf_out",
                                            "VARIABLES=0", "OUTPUT=" + str(tmp_path / "lai2019.tif")], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    results = json.loads(out.stdout[out.stdout.index("{"):])["results"]
    tasks = results["TASKS"].split(",")
    assert len(tasks) == 2 and not os.path.exists(tmp_path / "lai2019.tif")
    estimates, qc = server.exports
    assert estimates["description"] == "lai2019" and qc["description"] == "lai2019_QC"
    assert estimates["fileExportOptions"]["driveDestination"] == {"folder": "leaf_out", "filenamePrefix": "lai2019"}
    assert qc["fileExportOptions"]["geoTiffOptions"] == {"cloudOptimized": True, "noData": {"floatValue": 255.0}}
    out = _run(qgis_config, server, store, ["leaf:eetasks", "--json", "--", "ACTION=0"], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    listed = json.loads(json.loads(out.stdout[out.stdout.index("{"):])["results"]["TASKS"])
    assert sorted(t["id"] for t in listed) == sorted(tasks) and {t["state"] for t in listed} == {"PENDING"}
    out = _run(qgis_config, server, store, ["leaf:eetasks", "--json", "--", "ACTION=2", "TASK_ID=" + tasks[0]],
               tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert any(":cancel" in r["path"] and tasks[0] in r["path"] for r in server.requests), [r["path"] for r in server.requests][-3:]


def test_qgis_process_unregistered_project_one_sentence(server_and_key, qgis_config, store, tmp_path):  # noqa: F811
    out = _run(qgis_config, server_and_key, store, ["leaf:estimate", "--", "BACKEND=1", "EE_SOURCE=" + S2_ID,
                                                    "EXTENT=" + EXTENT, "EE_PROJECT=not-registered",
                                                    "OUTPUT=" + str(tmp_path / "x.tif")], tmp_path)
    assert out.returncode != 0
    lines = [ln for ln in (out.stdout + out.stderr).splitlines() if "cannot use Earth Engine" in ln]
    assert lines and "register it for Earth Engine" in lines[0], out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr and not os.path.exists(tmp_path / "x.tif")


def test_qgis_process_timeseries_on_earth_engine(server_and_key, qgis_config, store, tmp_path):  # noqa: F811
    from osgeo import ogr, osr
    points = str(tmp_path / "points.gpkg")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32617)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(points)
    layer = ds.CreateLayer("points", srs, ogr.wkbPoint)
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for name, wkt in (("a", "POINT (600230 4499710)"), ("b", "POINT (600110 4499650)")):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("name", name)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(f)
    ds = None
    out = _run(qgis_config, server_and_key, store, [
        "leaf:timeseries", "--json", "--", "BACKEND=1", "EE_SOURCE=S2", "START=2019-08-01", "END=2019-08-31",
        "EXTENT=" + EXTENT, "ALGORITHM=0", "VARIABLES=0",
        "FEATURES=" + points, "ID_FIELD=name",
        "OUTPUT_FOLDER=" + str(tmp_path / "series"), "TABLE=" + str(tmp_path / "series.csv")], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    results = json.loads(out.stdout[out.stdout.index("{"):])["results"]
    assert results["DATES"] == "2019-08-16" and results["ACQUISITIONS"] == 1 and results["ROWS"] == 2
    layer = results["LAYERS"][0]
    assert os.path.basename(layer) == "leaf_20190816_S2_SL2P_V1_20M.tif"
    assert gdal.Open(layer).GetMetadataItem("LEAF_RUNTIME") == "earthengine"
    rows = (tmp_path / "series.csv").read_text().splitlines()
    assert rows[0].startswith("feature_id,name,date,") and len(rows) == 3


def test_eetasks_loads_finished_cloud_storage_outputs(qgis_app, s2_case, monkeypatch, tmp_path):  # noqa: F811
    """A succeeded export's gs:// file is added to the project through GDAL's /vsigs/ (served on 127.0.0.1)."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProject
    from support.stac_fixtures import RangeServer

    from leaf_qgis.engine.grid import Grid
    from leaf_qgis.gee import export, session
    bucket = tmp_path / "gcs" / "leaf-bucket"
    bucket.mkdir(parents=True)
    ds = gdal.GetDriverByName("GTiff").Create(str(bucket / "lai2019.tif"), 8, 6, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((600000.0, 20.0, 0.0, 4500000.0, 0.0, -20.0))
    ds.GetRasterBand(1).Fill(2.5)
    ds = None
    with FakeEarthEngine(images=s2_case[0]) as server, RangeServer(tmp_path / "gcs") as gcs:
        monkeypatch.setenv("LEAF_QGIS_EE_URL", server.url)
        monkeypatch.setattr(session, "credentials", lambda key_file="": server.credentials())
        e = session.connect("test-project")
        grid = Grid(s2_case[2].projection, s2_case[2].geotransform, 8, 6)
        done = export.start_export(e, e.Image(S2_ID).select(["B3"]), "lai2019", grid,
                                   export.ExportTarget("gcs", "leaf-bucket"), -9999.0, "test-project")
        export.start_export(e, e.Image(S2_ID).select(["B4"]), "still_running", grid,
                            export.ExportTarget("gcs", "leaf-bucket"), -9999.0, "test-project")
        server.set_operation_state(done, "SUCCEEDED", destination_uris=["gs://leaf-bucket/lai2019.tif"])
        project = QgsProject.instance()
        project.removeAllMapLayers()
        context = QgsProcessingContext()
        context.setProject(project)
        for key, value in (("CPL_GS_ENDPOINT", gcs.url + "/"), ("GS_NO_SIGN_REQUEST", "YES")):
            gdal.SetConfigOption(key, value)
        try:
            res = processing.runAndLoadResults("leaf:eetasks", {"ACTION": 0, "EE_PROJECT": "test-project",
                                                                "LOAD": True, "TABLE": str(tmp_path / "tasks.csv")},
                                               context=context)
            assert res["LOADED"] == ["/vsigs/leaf-bucket/lai2019.tif"]
            layers = {lyr.source(): lyr for lyr in project.mapLayers().values()}
            assert list(layers) == ["/vsigs/leaf-bucket/lai2019.tif"]
            assert layers["/vsigs/leaf-bucket/lai2019.tif"].isValid()
        finally:
            for key in ("CPL_GS_ENDPOINT", "GS_NO_SIGN_REQUEST"):
                gdal.SetConfigOption(key, None)
            project.removeAllMapLayers()
    states = sorted(t["state"] for t in json.loads(res["TASKS"]))
    assert states == ["PENDING", "SUCCEEDED"]
    assert (tmp_path / "tasks.csv").read_text().splitlines()[0] == \
        "id,description,state,created,updated,destinations,error"


def test_readme_earth_engine_command_as_written(server_and_key, qgis_config, store, tmp_path):  # noqa: F811
    """The README's Earth Engine example, run by bash exactly as printed, against the local endpoint."""
    from test_qgis_process import REPO
    lines = [ln for ln in (REPO / "README.md").read_text(encoding="utf-8").splitlines()
             if "qgis_process.bin run leaf:estimate -- BACKEND=1" in ln]
    assert len(lines) == 1
    env = qgis_env(qgis_config, LEAF_QGIS_EE_URL=server_and_key.url, LEAF_QGIS_CACHE_DIR=store.root,
                   PYTHONPATH=sysconfig.get_paths()["purelib"])
    out = subprocess.run(["bash", "-c", lines[0]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    for name in ("lai.tif", "lai_QC.tif"):
        ds = gdal.Open(str(tmp_path / name))
        assert ds.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG" and ds.RasterXSize == 35, name


def test_qgis_process_subset_on_earth_engine_then_local_estimate(server_and_key, qgis_config, store, tmp_path):  # noqa: F811,E501
    stack = str(tmp_path / "ee_stack.tif")
    out = _run(qgis_config, server_and_key, store, ["leaf:subset", "--", "BACKEND=1", "EE_SOURCE=" + S2_ID,
                                                    "EXTENT=" + EXTENT, "OUTPUT=" + stack], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    ds = gdal.Open(stack)
    names = [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)]
    assert names == ["B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12", "SZA", "VZA", "RAA", "MASK"]
    assert ds.GetMetadataItem("LEAF_SENSOR") == "S2A" and ds.GetMetadataItem("LEAF_DATE") == "2019-08-16"
    ds = None
    out = _run(qgis_config, server_and_key, store, ["leaf:estimate", "--json", "--", "INPUT=" + stack,
                                                    "OUTPUT=" + str(tmp_path / "lai.tif")], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert json.loads(out.stdout[out.stdout.index("{"):])["results"]["PIXELS"] == 1047


def test_desktop_estimate_dialog_runs_on_earth_engine(plugin_zip, store, s2_case, service_key, tmp_path):  # noqa: F811
    """QGIS desktop under Xvfb: the Estimate dialog with Backend = Google Earth Engine, filled and run by the
    session script as a user would; the downloaded estimates and QC are loaded, styled, in the run's group."""
    from test_desktop import QGIS, XVFB, run_desktop
    if not os.path.exists(QGIS) or XVFB is None:
        pytest.skip("QGIS desktop or Xvfb is not installed (make setup)")
    output = str(tmp_path / "out" / "ee_lai.tif")
    with FakeEarthEngine(images=s2_case[0]) as server:
        key = tmp_path / "service-account.json"
        key.write_text(json.dumps(dict(service_key, token_uri=server.url + "/token")))
        report, out, _, _ = run_desktop(
            plugin_zip, store, "", tmp_path,
            dialog_parameters={"BACKEND": 1, "EE_SOURCE": S2_ID, "EXTENT": EXTENT, "OUTPUT": output},
            settings={"leaf_qgis/ee_project": "test-project", "leaf_qgis/ee_service_account_key": str(key)},
            extra_env={"LEAF_QGIS_EE_URL": server.url, "PYTHONPATH": sysconfig.get_paths()["purelib"]})
    assert report["run_ok"] is True, (report.get("log"), report["errors"], out.stderr[-2000:])
    assert report["results"]["OUTPUT"] == output and report["results"]["ALGORITHM_USED"] == "S2_SL2P_V1_20M"
    layers = report["groups"][0]["layers"]
    assert [lyr["source"] for lyr in layers] == [output, output.replace(".tif", "_QC.tif")]
    assert all(lyr["valid"] for lyr in layers)
    assert layers[0]["renderer"] == "singlebandpseudocolor" and layers[1]["renderer"] == "paletted"
    assert any(r["path"].endswith("image:computePixels") for r in server.requests)
