"""Earth Engine credentials, project, quota and request-size failures: each one sentence with its fix;
retries with backoff; export task requests field by field; the task monitor. All against the local
endpoint (tests/support/ee_server.py): nothing here reaches Google."""

import json

import numpy as np
import pytest
from osgeo import gdal, osr
from support.ee_server import FakeEarthEngine, FixtureImage

from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.grid import Grid
from leaf_qgis.gee import download, export, session

ee = pytest.importorskip("ee")
import googleapiclient.http  # noqa: E402  (after importorskip: comes with earthengine-api)

PROJECT = "test-project"
EPSG = 32617
GT = (600000.0, 20.0, 0.0, 4500000.0, 0.0, -20.0)
IMAGE = "TEST/ramp"


def _grid(w, h):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    return Grid(srs.ExportToWkt(), GT, w, h)


def _ramp(h=300, w=200):
    return {IMAGE: FixtureImage({"a": np.arange(h * w, dtype=np.float64).reshape(h, w),
                                 "b": np.full((h, w), 2.5)}, "EPSG:%d" % EPSG, GT)}


@pytest.fixture()
def sleeps(monkeypatch):
    """googleapiclient's backoff sleeps, recorded instead of slept."""
    slept = []
    monkeypatch.setattr(googleapiclient.http.time, "sleep", lambda s: slept.append(s))
    return slept


@pytest.fixture()
def server():
    with FakeEarthEngine(images=_ramp()) as s:
        yield s


def _connect(server, project=PROJECT, creds=None):
    return session.connect(project, url=server.url, creds=creds if creds is not None else server.credentials())


def test_no_credentials_one_sentence(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(LeafError) as e:
        session.connect(PROJECT, url="http://127.0.0.1:9")
    msg = str(e.value)
    assert msg.startswith("No Earth Engine credentials were found; run 'earthengine authenticate'"), msg
    assert msg.count(".") == 1 and msg.endswith(".")


def test_unreachable_endpoint_one_sentence(sleeps):
    from google.oauth2.credentials import Credentials
    with pytest.raises(LeafError) as e:
        session.connect(PROJECT, url="http://127.0.0.1:9", creds=Credentials(token="x"))
    assert str(e.value) == ("Earth Engine could not be reached (failed to establish a new connection); check the "
                            "network connection and the proxy settings, then retry."), str(e.value)


def test_no_project_one_sentence(server):
    with pytest.raises(LeafError, match=r"^No Google Cloud project is set for Earth Engine; give EE_PROJECT"):
        session.connect("  ", url=server.url, creds=server.credentials())


def test_bad_key_file_one_sentence(tmp_path):
    key = tmp_path / "key.json"
    key.write_text(json.dumps({"type": "authorized_user", "refresh_token": "x"}))
    with pytest.raises(LeafError, match=r"^The Earth Engine credentials .*key.json cannot be used: not a "
                                        r"service-account key\.$"):
        session.connect(PROJECT, key_file=str(key), url="http://127.0.0.1:9")


def test_wrong_credentials_one_sentence(server):
    from google.oauth2.credentials import Credentials
    with pytest.raises(LeafError) as e:
        _connect(server, creds=Credentials(token="not-the-token"))
    msg = str(e.value)
    assert msg.startswith("Earth Engine did not accept the credentials (") and \
        "run 'earthengine authenticate' again or choose a valid service-account key" in msg, msg


def test_unregistered_project_one_sentence(server):
    with pytest.raises(LeafError) as e:
        _connect(server, project="someone-elses-project")
    msg = str(e.value)
    assert msg.startswith("The Cloud project someone-elses-project cannot use Earth Engine ("), msg
    assert "register it for Earth Engine and enable the Earth Engine API" in msg


def _fetch_all(ee_mod, image, grid, bands):
    out = np.zeros((len(bands), grid.height, grid.width), np.float32)
    for (x, y, w, h), values in download.download(ee_mod, image, grid, bands, PROJECT, threads=2):
        out[:, y:y + h, x:x + w] = values
    return out


def test_download_tiles_and_values(server, monkeypatch):
    monkeypatch.setattr(download, "REQUEST_BYTES", 64 * 64 * 2 * 4)   # 64 x 64 tiles for 2 bands
    e = _connect(server)
    grid = _grid(150, 130)
    got = _fetch_all(e, ee.Image(IMAGE).select(["a", "b"]).multiply(2), grid, ["a", "b"])
    expected = np.arange(300 * 200, dtype=np.float64).reshape(300, 200)[:130, :150] * 2
    np.testing.assert_array_equal(got[0], expected.astype(np.float32))
    assert np.all(got[1] == 5.0)
    calls = [r for r in server.requests if r["path"].endswith("image:computePixels")]
    assert len(calls) == 9      # ceil(150/64) x ceil(130/64)
    # the last tile (bottom right); two threads may send the last two requests in either order
    g = max((c["body"]["grid"] for c in calls), key=lambda g: (g["affineTransform"]["translateY"] * -1,
                                                               g["affineTransform"]["translateX"]))
    assert g["crsCode"] == "EPSG:32617" and g["dimensions"] == {"width": 150 - 128, "height": 130 - 128}
    assert g["affineTransform"]["translateX"] == 600000.0 + 128 * 20.0


def test_retries_with_backoff_then_success(server, sleeps):
    e = _connect(server)
    server.fail_next(503, "The service is currently unavailable.", "UNAVAILABLE", count=2,
                     path_contains="computePixels")
    got = _fetch_all(e, ee.Image(IMAGE).select(["b"]), _grid(10, 10), ["b"])
    assert np.all(got == 2.5)
    assert len([r for r in server.requests if r["path"].endswith("image:computePixels")]) == 3
    assert len(sleeps) == 2 and sleeps[1] > 0


def test_quota_exhausted_one_sentence_after_retries(server, sleeps):
    e = _connect(server)
    server.fail_next(429, "Too many concurrent aggregations.", "RESOURCE_EXHAUSTED", count=session.RETRIES + 1,
                     path_contains="computePixels")
    with pytest.raises(LeafError) as err:
        _fetch_all(e, ee.Image(IMAGE).select(["b"]), _grid(10, 10), ["b"])
    msg = str(err.value)
    assert msg.startswith("Earth Engine refused the request because a quota or rate limit of project test-project "
                          "was reached (Too many concurrent aggregations.)"), msg
    assert len([r for r in server.requests if r["path"].endswith("image:computePixels")]) == session.RETRIES + 1
    assert len(sleeps) == session.RETRIES


def test_request_too_large_is_split(server):
    e = _connect(server)
    server.fail_next(400, "Total request size (56623104 bytes) must be less than or equal to 50331648 bytes.",
                     "INVALID_ARGUMENT", count=1, path_contains="computePixels")
    got = _fetch_all(e, ee.Image(IMAGE).select(["a"]), _grid(200, 300), ["a"])
    np.testing.assert_array_equal(got[0], np.arange(300 * 200, dtype=np.float32).reshape(300, 200))
    assert len([r for r in server.requests if r["path"].endswith("image:computePixels")]) == 5   # refused + 4


def test_service_account_key_against_local_token_endpoint(server, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    key = tmp_path / "sa.json"
    key.write_text(json.dumps({"type": "service_account", "project_id": PROJECT, "private_key_id": "k1",
                               "private_key": pem, "client_email": "leaf@test-project.iam.gserviceaccount.com",
                               "client_id": "1", "token_uri": server.url + "/token"}))
    e = session.connect(PROJECT, key_file=str(key), url=server.url)
    assert e.Image(IMAGE).get("system:index").getInfo() == "ramp"
    assert len(server.token_requests) == 1


def test_export_requests_field_by_field(server):
    e = _connect(server)
    grid = _grid(120, 80)
    image = e.Image(IMAGE).select(["a"]).toFloat()
    ids = [export.start_export(e, image, "lai_run", grid, export.ExportTarget("drive", "leaf_out"), -9999.0, PROJECT),
           export.start_export(e, image, "lai_run", grid, export.ExportTarget("gcs", "my-bucket/leaf/2019"), -9999.0,
                                PROJECT),
           export.start_export(e, image, "lai_run", grid,
                               export.ExportTarget("asset", "projects/test-project/assets/leaf"), -9999.0, PROJECT)]
    assert len(set(ids)) == 3 and len(server.exports) == 3
    drive, gcs, asset = server.exports
    for body in (drive, gcs, asset):
        assert body["description"] == "lai_run"
        assert int(body["maxPixels"]["value"]) == 10 ** 13 and body["requestId"]
        # earthengine-api puts the pixel grid into the expression: reproject onto the grid's CRS and transform,
        # then clip to the pixel rectangle [0, 0, width, height] of that projection
        clip = _calls(body["expression"], "Image.clipToBoundsAndScale")
        assert len(clip) == 1
        rect = _calls(body["expression"], "GeometryConstructors.Rectangle")[0]
        assert rect["coordinates"]["constantValue"] == [0, 0, 120, 80]
        reproject = _calls(body["expression"], "Image.reproject")[0]
        assert reproject["crsTransform"]["constantValue"] == [20.0, 0.0, 600000.0, 0.0, -20.0, 4500000.0]
        projection = reproject["crs"]["functionInvocationValue"]
        assert projection["functionName"] == "Projection" and \
            projection["arguments"]["crs"]["constantValue"] == "EPSG:32617"
    for body in (drive, gcs):
        opts = body["fileExportOptions"]
        assert opts["fileFormat"] == "GEO_TIFF"
        assert opts["geoTiffOptions"]["cloudOptimized"] is True
        assert opts["geoTiffOptions"]["noData"] == {"floatValue": -9999.0}
    assert drive["fileExportOptions"]["driveDestination"] == {"folder": "leaf_out", "filenamePrefix": "lai_run"}
    assert gcs["fileExportOptions"]["cloudStorageDestination"] == {"bucket": "my-bucket",
                                                                   "filenamePrefix": "leaf/2019/lai_run"}
    assert asset["assetExportOptions"]["earthEngineDestination"]["name"] == "projects/test-project/assets/leaf/lai_run"


def _calls(expression, name):
    """Arguments of every invocation of function `name` anywhere in a serialized expression."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            call = node.get("functionInvocationValue")
            if isinstance(call, dict) and call.get("functionName") == name:
                found.append(call["arguments"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(expression)
    return found


def test_export_needs_a_destination():
    with pytest.raises(LeafError, match=r"^An export to Cloud Storage needs a bucket name\.$"):
        export.ExportTarget("gcs", "").check()


def test_task_monitor_list_status_cancel(server):
    e = _connect(server)
    grid = _grid(10, 10)
    task = export.start_export(e, e.Image(IMAGE).select(["a"]), "run1", grid, export.ExportTarget("gcs", "bkt"),
                               -9999.0, PROJECT)
    tasks = export.list_tasks(e, PROJECT)
    assert [t.id for t in tasks] == [task] and tasks[0].description == "run1" and tasks[0].state == "PENDING"
    server.set_operation_state(task, "SUCCEEDED", destination_uris=["gs://bkt/run1.tif"])
    status = export.task_status(e, task, PROJECT)
    assert status.state == "SUCCEEDED" and status.destinations == ["gs://bkt/run1.tif"]
    assert export.gdal_path(status.destinations[0]) == "/vsigs/bkt/run1.tif"
    other = export.start_export(e, e.Image(IMAGE).select(["a"]), "run2", grid, export.ExportTarget("drive", ""),
                                -9999.0, PROJECT)
    cancelled = export.cancel_task(e, other, PROJECT)
    assert cancelled.state in ("CANCELLING", "CANCELLED")
    with pytest.raises(LeafError, match=r"^Earth Engine failed: "):
        export.task_status(e, "NO_SUCH_TASK", PROJECT)


def test_decode_refuses_a_wrong_answer(tmp_path):
    path = str(tmp_path / "two_bands.tif")
    gdal.GetDriverByName("GTiff").Create(path, 4, 4, 2, gdal.GDT_Float32).FlushCache()
    with open(path, "rb") as f:
        data = f.read()
    with pytest.raises(LeafError, match=r"^Earth Engine answered a download with an unexpected image \(2 bands"):
        download._decode(data, ["a"], (0, 0, 4, 4))
    with pytest.raises(LeafError, match=r"not a GeoTIFF"):
        download._decode(b"<html>oops</html>", ["a"], (0, 0, 4, 4))
