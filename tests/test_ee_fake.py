"""Tests of the offline Earth Engine fake (tests/support/ee_server.py, tests/support/ee_eval.py).

Every test talks to the local server with the real ``ee`` client; nothing
contacts Google.  Expected values are computed by hand or with numpy.
"""

import base64
import json
import time
import urllib.error
import urllib.request

import numpy as np
import pytest

ee = pytest.importorskip("ee")
gdal = pytest.importorskip("osgeo.gdal")

from support.ee_server import FakeEarthEngine, FixtureImage  # noqa: E402

PROJECT = "test-project"
CRS = "EPSG:32617"
GT = (500000.0, 10.0, 0.0, 4000000.0, 0.0, -10.0)  # 3 rows x 4 cols of 10 m
JAN5, JAN15, FEB10 = 1578182400000, 1579046400000, 1581292800000

B1 = np.array(
    [[-3.5, -1.0, 0.0, 2.5],
     [4.0, 5.0, 300.0, -70000.0],
     [7.0, 8.0, 9.0, 10.0]]
)
B1_MASK = np.ones((3, 4), bool)
B1_MASK[0, 1] = False
B2 = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], dtype=np.uint16)


def _scene(value, mask=None, **props):
    masks = {"B": mask} if mask is not None else None
    return FixtureImage({"B": np.full((3, 4), float(value))}, CRS, GT, properties=props,
                        masks=masks, time_start=props.pop("t", None))


def _fixtures():
    left_masked = np.ones((3, 4), bool)
    left_masked[:, 0] = False
    only_corner = np.zeros((3, 4), bool)
    only_corner[0, 0] = True
    images = {
        "projects/p/assets/a": FixtureImage(
            {"B1": B1, "B2": B2}, CRS, GT, properties={"CLOUD": 12.5, "name": "alpha"},
            masks={"B1": B1_MASK}, time_start=JAN5),
        "p/c/s1": FixtureImage({"B": np.full((3, 4), 1.0)}, CRS, GT,
                               properties={"CLOUD": 10}, time_start=JAN5),
        "p/c/s2": FixtureImage({"B": np.full((3, 4), 2.0)}, CRS, GT,
                               properties={"CLOUD": 30}, masks={"B": left_masked},
                               time_start=JAN15),
        "p/c/s3": FixtureImage({"B": np.full((3, 4), 3.0)}, CRS, GT,
                               properties={"CLOUD": 5}, masks={"B": only_corner},
                               time_start=FEB10),
        # 4 pixels to the east of the others: a different native grid
        "p/d/east": FixtureImage({"B": np.full((3, 4), 7.0)}, CRS,
                                 (GT[0] + 40.0,) + GT[1:], properties={"CLOUD": 1},
                                 time_start=FEB10),
    }
    return images, {"p/c": ["p/c/s1", "p/c/s2", "p/c/s3"], "p/d": ["p/c/s1", "p/d/east"]}


@pytest.fixture(scope="module")
def server():
    images, collections = _fixtures()
    with FakeEarthEngine(images=images, collections=collections) as srv:
        yield srv


@pytest.fixture
def eeinit(server):
    ee.Initialize(credentials=server.credentials(), url=server.url, project=PROJECT)
    yield server
    ee.Reset()


def _grid(col=0, row=0, width=4, height=3, crs=CRS, scale=10.0):
    return {
        "dimensions": {"width": width, "height": height},
        "affineTransform": {"scaleX": scale, "shearX": 0.0, "translateX": GT[0] + col * scale,
                            "shearY": 0.0, "scaleY": -scale, "translateY": GT[3] - row * scale},
        "crsCode": crs,
    }


def _pixels(image, tmp_path, **grid):
    """computePixels as GeoTIFF -> ({band name: array}, gdal dataset info)."""
    data = ee.data.computePixels(
        {"expression": image, "fileFormat": "GEO_TIFF", "grid": _grid(**grid)})
    path = tmp_path / f"px{time.monotonic_ns()}.tif"
    path.write_bytes(data)
    ds = gdal.Open(str(path))
    out = {ds.GetRasterBand(i).GetDescription(): ds.GetRasterBand(i).ReadAsArray()
           for i in range(1, ds.RasterCount + 1)}
    info = {"dtype": gdal.GetDataTypeName(ds.GetRasterBand(1).DataType),
            "gt": ds.GetGeoTransform(), "size": (ds.RasterXSize, ds.RasterYSize)}
    ds = None
    return out, info


def _wkt(crs):
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs)
    return srs.ExportToWkt()


def _img():
    return ee.Image("projects/p/assets/a")


# ---------------------------------------------------------------- pixels


def test_arithmetic_masks_and_band_names(eeinit, tmp_path):
    img = _img()
    expr = (img.select("B1").add(img.select("B2")).multiply(2).rename("s")
            .addBands(img.select("B1").mask().rename("m"))
            .addBands(img.select(["B1"]).add(img.select("B2")).unmask(-999).rename("u")))
    px, info = _pixels(expr, tmp_path)
    assert list(px) == ["s", "m", "u"]
    assert info["dtype"] == "Float32" and info["size"] == (4, 3)
    assert info["gt"] == GT
    expected = (B1 + B2) * 2
    expected_masked = np.where(B1_MASK, expected, 0)  # masked pixels are written as 0
    np.testing.assert_allclose(px["s"], expected_masked)
    np.testing.assert_array_equal(px["m"], B1_MASK.astype(float))
    assert px["u"][0, 1] == -999 and px["u"][0, 0] == -2.5
    # band pairing: one-band operand broadcast, names from the longer operand
    names = ee.Image.constant(1).add(img).bandNames().getInfo()
    assert names == ["B1", "B2"]
    assert img.divide(0).bandNames().getInfo() == ["B1", "B2"]


def test_mod_ceil_floor_negative_and_division_by_zero(eeinit, tmp_path):
    c = ee.Image.constant
    expr = ee.Image.cat([
        c(-7).mod(3).rename("mod1"), c(7).mod(-3).rename("mod2"),
        c(-7.5).ceil().rename("ceil"), c(-7.5).floor().rename("floor"),
        c(-7.4).round().rename("round"), c(5).divide(0).rename("div0"),
        c(-8).abs().rename("abs"), c(2).pow(10).rename("pow"),
        c(-7.5).lt(-7).rename("lt"), c(3).neq(3).rename("neq"),
        c(6).bitwiseAnd(3).rename("band"), c(1).leftShift(4).rename("shl"),
        c(0).Not().rename("not"), c(12).clamp(0, 10).rename("clamp"),
    ])
    px, _ = _pixels(expr, tmp_path, width=2, height=1)
    got = {k: float(v[0, 0]) for k, v in px.items()}
    assert got == {"mod1": -1, "mod2": 1, "ceil": -7, "floor": -8, "round": -7, "div0": 0,
                   "abs": 8, "pow": 1024, "lt": 1, "neq": 0, "band": 2, "shl": 16, "not": 1,
                   "clamp": 10}


def test_casts_truncate_and_saturate(eeinit, tmp_path):
    b1 = _img().select("B1").unmask(0)
    px, info = _pixels(b1.toUint8().rename("u8"), tmp_path)
    assert info["dtype"] == "Byte"
    np.testing.assert_array_equal(
        px["u8"], [[0, 0, 0, 2], [4, 5, 255, 0], [7, 8, 9, 10]])
    px, info = _pixels(b1.toInt16().rename("i16"), tmp_path)
    assert info["dtype"] == "Int16"
    np.testing.assert_array_equal(
        px["i16"], [[-3, 0, 0, 2], [4, 5, 300, -32768], [7, 8, 9, 10]])
    px, info = _pixels(b1.toFloat().rename("f"), tmp_path)
    assert info["dtype"] == "Float32"
    np.testing.assert_array_equal(px["f"], np.where(B1_MASK, B1, 0))
    dt = _img().select("B1").toUint16().getInfo()["bands"][0]["data_type"]
    assert dt == {"type": "PixelType", "precision": "int", "min": 0, "max": 65535}


def test_remap_where_update_mask_unmask(eeinit, tmp_path):
    b2 = _img().select("B2")
    remapped = b2.remap([1, 2, 3], [10, 20, 30])  # others masked
    expr = ee.Image.cat([
        remapped.unmask(-1).rename("remap"),
        b2.remap([1, 2], [7, 8], 0).rename("remap_default"),
        b2.where(b2.gt(10), 100).rename("where"),
        b2.updateMask(b2.mod(2)).unmask(-5).rename("upd"),
        b2.updateMask(_img().select("B1")).mask().rename("updm"),
    ])
    px, _ = _pixels(expr, tmp_path)
    np.testing.assert_array_equal(px["remap"][0], [10, 20, 30, -1])
    assert (px["remap"][1:] == -1).all()
    np.testing.assert_array_equal(px["remap_default"][0], [7, 8, 0, 0])
    np.testing.assert_array_equal(px["where"][2], [9, 10, 100, 100])
    np.testing.assert_array_equal(px["upd"][0], [1, -5, 3, -5])
    # B1 is 0 at (0, 2) and masked at (0, 1)
    np.testing.assert_array_equal(px["updm"][0], [1, 0, 0, 1])


def test_array_network_against_numpy(eeinit, tmp_path):
    w1 = np.array([[0.5, -0.25, 0.1], [0.2, 0.3, -0.4]])
    bias = np.array([[0.1], [-0.2]])
    w2 = np.array([[1.5, -2.0]])
    img = _img().unmask(0).select(["B1", "B2"]).addBands(ee.Image.constant(1).rename("one"))
    x = img.divide(100).toArray().toArray(1)  # (3, 1) per pixel
    hidden = ee.Image(ee.Array(w1.tolist())).matrixMultiply(x).add(
        ee.Image(ee.Array(bias.tolist()))).tanh()
    out = ee.Image(ee.Array(w2.tolist())).matrixMultiply(hidden)  # (1, 1)
    flat = out.arrayProject([0]).arrayFlatten([["lai"]])
    px, _ = _pixels(flat, tmp_path)
    assert list(px) == ["lai"]
    feats = np.stack([np.where(B1_MASK, B1, 0), B2, np.ones((3, 4))], -1) / 100.0
    expected = (w2 @ np.tanh(w1 @ feats[..., None] + bias))[..., 0, 0]
    np.testing.assert_allclose(px["lai"], expected, rtol=1e-6)
    # 2x2 flatten labels
    two = ee.Image(ee.Array([[1, 2], [3, 4]])).arrayFlatten([["a", "b"], ["x", "y"]])
    assert two.bandNames().getInfo() == ["a_x", "a_y", "b_x", "b_y"]


def test_compute_pixels_window_partly_outside(eeinit, tmp_path):
    expr = _img().select(["B2"], ["v"]).addBands(_img().select("B2").mask().rename("m"))
    px, info = _pixels(expr, tmp_path, col=2, row=-1, width=4, height=3)
    assert info["gt"] == (500020.0, 10.0, 0.0, 4000010.0, 0.0, -10.0)
    assert info["dtype"] == "Float32"  # mask() is float
    np.testing.assert_array_equal(px["v"], [[0, 0, 0, 0], [3, 4, 0, 0], [7, 8, 0, 0]])
    np.testing.assert_array_equal(px["m"], [[0, 0, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0]])
    # NPY format: structured array, one field per band
    arr = ee.data.computePixels({"expression": expr, "fileFormat": "NUMPY_NDARRAY",
                                 "grid": _grid(width=2, height=1)})
    assert arr.dtype.names == ("v", "m") and arr["v"].tolist() == [[1, 2]]
    # a grid given as WKT of the same CRS is aligned too
    grid = _grid(width=2, height=1)
    grid["crsWkt"] = _wkt(grid.pop("crsCode"))
    arr = ee.data.computePixels({"expression": expr, "fileFormat": "NUMPY_NDARRAY", "grid": grid})
    assert arr["v"].tolist() == [[1, 2]]
    with pytest.raises(ee.EEException, match="aligned"):
        _pixels(expr, tmp_path, col=0.5)
    with pytest.raises(ee.EEException, match="aligned"):
        _pixels(expr, tmp_path, crs="EPSG:32618")


# ---------------------------------------------------------------- values


def test_value_compute_element_get_and_numbers(eeinit):
    img = _img()
    assert img.get("CLOUD").getInfo() == 12.5
    assert img.get("system:index").getInfo() == "a"
    assert img.set("k", 3).get("k").getInfo() == 3
    copied = ee.Image.constant(1).copyProperties(img, ["system:time_start", "CLOUD"])
    assert copied.get("CLOUD").getInfo() == 12.5
    assert copied.get("system:time_start").getInfo() == JAN5
    assert copied.get("name").getInfo() is None
    assert ee.Number(7).add(2).multiply(3).getInfo() == 27
    assert ee.Number(-7.9).int().getInfo() == -7
    assert ee.Number(7).divide(0).getInfo() == 0
    assert ee.String("leaf").cat("_qgis").getInfo() == "leaf_qgis"
    assert ee.Date("2020-01-01").advance(4, "day").millis().getInfo() == JAN5
    assert ee.Date.fromYMD(2020, 1, 15).millis().getInfo() == JAN15
    info = img.getInfo()
    assert info["type"] == "Image" and info["id"] == "projects/p/assets/a"
    assert [b["id"] for b in info["bands"]] == ["B1", "B2"]
    assert info["bands"][0]["crs"] == CRS and info["bands"][0]["dimensions"] == [4, 3]
    assert info["properties"]["system:time_start"] == JAN5
    with pytest.raises(ee.EEException, match="unsupported function Image.pixelArea"):
        img.addBands(ee.Image.pixelArea()).getInfo()
    with pytest.raises(ee.EEException, match="not found"):
        ee.Image("nope").getInfo()


def test_collections_filter_map_sort_mosaic(eeinit, tmp_path):
    coll = ee.ImageCollection("p/c")
    assert coll.size().getInfo() == 3
    jan = coll.filterDate("2020-01-01", "2020-02-01")
    assert jan.aggregate_array("system:index").getInfo() == ["s1", "s2"]
    assert jan.filter(ee.Filter.lt("CLOUD", 20)).aggregate_array("CLOUD").getInfo() == [10]
    assert coll.filter(ee.Filter.gt("CLOUD", 5)).size().getInfo() == 2
    assert coll.filter(ee.Filter.And(ee.Filter.gte("CLOUD", 5), ee.Filter.eq("CLOUD", 30))
                       ).aggregate_array("CLOUD").getInfo() == [30]
    assert coll.sort("CLOUD").aggregate_array("system:index").getInfo() == ["s3", "s1", "s2"]
    assert coll.sort("CLOUD", False).first().get("CLOUD").getInfo() == 30
    mapped = coll.map(lambda i: i.multiply(10).set("x", 1))
    assert mapped.aggregate_array("x").getInfo() == [1, 1, 1]
    near = ee.Geometry.Rectangle([-81.01, 36.0, -80.99, 36.2])
    far = ee.Geometry.Rectangle([0, 0, 1, 1])
    assert coll.filterBounds(near).size().getInfo() == 3
    assert coll.filterBounds(far).size().getInfo() == 0
    utm_near = ee.Geometry.Rectangle([500000, 3999970, 500040, 4000000], CRS, False)
    assert coll.filterBounds(utm_near).size().getInfo() == 3
    wkt_far = ee.Geometry.Rectangle([100000, 100000, 100040, 100030],
                                    ee.Projection(_wkt(CRS)), False)
    assert coll.filterBounds(wkt_far).size().getInfo() == 0
    px, _ = _pixels(mapped.mosaic(), tmp_path)
    # s3 (30) on top where valid (corner), then s2 (20) except column 0, then s1 (10)
    np.testing.assert_array_equal(px["B"], [[30, 20, 20, 20], [10, 20, 20, 20], [10, 20, 20, 20]])
    px, _ = _pixels(coll.sort("system:time_start", False).mosaic(), tmp_path)
    np.testing.assert_array_equal(px["B"][:, :2], [[1, 1], [1, 1], [1, 1]])
    imgs = ee.ImageCollection.fromImages([ee.Image.constant(4), ee.Image.constant(5)])
    px, _ = _pixels(imgs.mosaic().rename("c"), tmp_path, width=1, height=1)
    assert px["c"][0, 0] == 5


# ---------------------------------------------------------------- tasks


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_export_and_operations(eeinit):
    server = eeinit
    region = ee.Geometry.Rectangle([500000, 3999970, 500040, 4000000], CRS, False)
    task = ee.batch.Export.image.toDrive(
        _img().select("B1"), description="leaf_export", folder="out", region=region,
        scale=10, crs=CRS, maxPixels=1e9)
    task.start()
    body = server.exports[-1]
    assert body["description"] == "leaf_export"
    assert body["fileExportOptions"]["driveDestination"]["folder"] == "out"
    assert "expression" in body and body["maxPixels"]
    status = task.status()
    assert status["state"] == "READY" and status["description"] == "leaf_export"
    ops = ee.data.listOperations()
    names = [o["name"] for o in ops]
    assert task.name in names
    server.set_operation_state(task.id, "SUCCEEDED",
                               destination_uris=["https://drive.google.com/x"])
    status = ee.data.getTaskStatus(task.id)[0]
    assert status["state"] == "COMPLETED"
    assert status["destination_uris"] == ["https://drive.google.com/x"]
    op = ee.data.getOperation(task.name)
    assert op["done"] is True and op["metadata"]["state"] == "SUCCEEDED"
    task2 = ee.batch.Export.image.toCloudStorage(
        _img(), description="gcs", bucket="b", region=region, scale=10)
    task2.start()
    assert server.exports[-1]["fileExportOptions"]["cloudStorageDestination"]["bucket"] == "b"
    ee.data.cancelOperation(task2.name)
    assert ee.data.getOperation(task2.name)["metadata"]["state"] == "CANCELLED"
    server.set_operation_state(task2.name, "FAILED", error_message="boom")
    assert ee.data.getTaskStatus(task2.id)[0]["error_message"] == "boom"
    task3 = ee.batch.Export.image.toAsset(
        _img(), description="asset", assetId="projects/test-project/assets/out", region=region,
        scale=10)
    task3.start()
    assert server.exports[-1]["assetExportOptions"]["earthEngineDestination"]["name"] == (
        "projects/test-project/assets/out")
    server.set_operation_state(task3.id, "RUNNING")
    assert ee.data.getOperation(task3.name)["done"] is False
    tasks = {t["id"]: t["state"] for t in ee.data.getTaskList()}
    assert tasks[task.id] == "COMPLETED" and tasks[task2.id] == "FAILED"
    assert ee.data.getTaskStatus("MISSING")[0]["state"] == "UNKNOWN"


# ---------------------------------------------------------------- errors / auth


def test_401_without_or_with_wrong_token(server):
    url = f"{server.url}/v1/projects/{PROJECT}/algorithms"
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url, timeout=5)
    assert err.value.code == 401
    assert json.loads(err.value.read())["error"]["status"] == "UNAUTHENTICATED"
    req = urllib.request.Request(url, headers={"Authorization": "Bearer wrong"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=5)
    assert err.value.code == 401
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {server.token}"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert "algorithms" in json.loads(resp.read())
    import google.auth.exceptions
    import google.oauth2.credentials

    # the client answers a 401 by refreshing; a bare token cannot be refreshed
    bad = google.oauth2.credentials.Credentials(token="wrong")
    before = len(server.requests)
    try:
        with pytest.raises(google.auth.exceptions.RefreshError):
            ee.Initialize(credentials=bad, url=server.url, project=PROJECT)
    finally:
        ee.Reset()
    assert [r["status"] for r in server.requests[before:] if "algorithms" in r["path"]] == [401]
    # refreshable user credentials get a new token from the server's /token
    refreshable = google.oauth2.credentials.Credentials(
        token="expired", refresh_token="r", token_uri=server.url + "/token",
        client_id="c", client_secret="s")
    try:
        ee.Initialize(credentials=refreshable, url=server.url, project=PROJECT)
        assert ee.Number(2).multiply(21).getInfo() == 42
    finally:
        ee.Reset()
    assert server.token_requests[-1]["grant_type"] == "refresh_token"


def test_403_unknown_project(server):
    try:
        with pytest.raises(ee.EEException, match="Project other-project is not registered"):
            ee.Initialize(credentials=server.credentials(), url=server.url,
                          project="other-project")
    finally:
        ee.Reset()


def test_fail_next_then_retry_succeeds(eeinit, monkeypatch):
    import googleapiclient.http

    server = eeinit
    monkeypatch.setattr(googleapiclient.http.time, "sleep", lambda s: None)
    ee.data.setMaxRetries(3)
    before = len(server.requests)
    server.fail_next(503, "The service is currently unavailable.", "UNAVAILABLE", count=2,
                     path_contains="value:compute")
    assert ee.Number(1).add(1).getInfo() == 2
    computes = [r for r in server.requests[before:] if "value:compute" in r["path"]]
    assert len(computes) == 3
    server.fail_next(400, "bad thing", "INVALID_ARGUMENT")
    with pytest.raises(ee.EEException, match="bad thing"):
        ee.Number(1).getInfo()


def test_service_account_token_flow(server):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from google.oauth2 import service_account

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    info = {
        "type": "service_account", "project_id": PROJECT, "private_key_id": "k1",
        "private_key": pem, "client_email": f"sa@{PROJECT}.iam.gserviceaccount.com",
        "client_id": "1", "token_uri": server.url + "/token",
    }
    creds = service_account.Credentials.from_service_account_info(
        info, scopes=["https://www.googleapis.com/auth/earthengine"])
    before = len(server.token_requests)
    try:
        ee.Initialize(credentials=creds, url=server.url, project=PROJECT)
        assert ee.Number(20).subtract(1).getInfo() == 19
    finally:
        ee.Reset()
    assert len(server.token_requests) == before + 1
    req = server.token_requests[-1]
    assert req["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    payload = req["assertion"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["iss"] == info["client_email"] and claims["aud"] and claims["exp"]


def test_per_scene_map_with_property_constant_and_mosaic(eeinit, tmp_path):
    day_ms = 86400000
    coll = (ee.ImageCollection("p/c").filterDate("2020-01-01", "2020-03-01")
            .filter(ee.Filter.lt("CLOUD", 20)))  # s1 (JAN5) and s3 (FEB10)

    def prepare(image):
        date = ee.Image.constant(
            ee.Number(image.get("system:time_start")).divide(day_ms).floor()).rename("DATE")
        return image.addBands(date).updateMask(image.select("B").gt(0))

    mosaic = ee.ImageCollection(coll.map(prepare)).sort("system:time_start").mosaic()
    assert mosaic.bandNames().getInfo() == ["B", "DATE"]
    px, info = _pixels(mosaic, tmp_path)
    assert info["dtype"] == "Float32"  # DATE comes from a divided number
    expected_b = np.full((3, 4), 1.0)
    expected_b[0, 0] = 3.0
    expected_date = np.full((3, 4), JAN5 // day_ms)
    expected_date[0, 0] = FEB10 // day_ms
    np.testing.assert_array_equal(px["B"], expected_b)
    np.testing.assert_array_equal(px["DATE"], expected_date)


def test_constant_and_pixel_bands_mix(eeinit, tmp_path):
    b2 = _img().select("B2")
    mixed = ee.Image.constant(10).addBands(b2)
    expr = ee.Image.cat([
        mixed.reduce(ee.Reducer.max()).rename("max"),
        mixed.reduce(ee.Reducer.sum()).rename("sum"),
        mixed.toArray().arrayProject([0]).arrayFlatten([["c", "b"]]).select("b").rename("arr"),
        ee.Image.constant(5).where(b2.gt(6), b2).rename("where"),
        ee.Image.constant(1).updateMask(b2.lt(3)).unmask(0).rename("upd"),
    ])
    px, _ = _pixels(expr, tmp_path)
    np.testing.assert_array_equal(px["max"], np.maximum(B2, 10))
    np.testing.assert_array_equal(px["sum"], B2 + 10.0)
    np.testing.assert_array_equal(px["arr"], B2)
    np.testing.assert_array_equal(px["where"], np.where(B2 > 6, B2, 5))
    np.testing.assert_array_equal(px["upd"], (B2 < 3).astype(float))


def test_fixtures_on_different_grids(eeinit, tmp_path):
    mosaic = ee.ImageCollection("p/d").map(lambda i: i.add(0)).mosaic()
    assert mosaic.bandNames().getInfo() == ["B"]  # value:compute needs no common grid
    px, _ = _pixels(mosaic.unmask(-1), tmp_path, col=-1, width=10)
    np.testing.assert_array_equal(px["B"][0], [-1, 1, 1, 1, 1, 7, 7, 7, 7, -1])
    east = ee.Image("p/d/east")
    assert east.getInfo()["bands"][0]["crs_transform"] == [10.0, 0.0, 500040.0, 0.0, -10.0,
                                                           4000000.0]


def test_collection_mean_median_respect_masks(eeinit, tmp_path):
    coll = ee.ImageCollection("p/c")
    px, _ = _pixels(coll.mean().rename("mean").addBands(coll.median().rename("med")), tmp_path)
    # (0,0): s1=1, s3=3 (s2 masked in column 0); (0,1): s1=1, s2=2; (1,0): s1 only
    assert (px["mean"][0, 0], px["mean"][0, 1], px["mean"][1, 0]) == (2.0, 1.5, 1.0)
    assert (px["med"][0, 0], px["med"][0, 1], px["med"][1, 0]) == (2.0, 1.5, 1.0)
