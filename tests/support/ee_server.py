"""A local, offline Earth Engine REST endpoint for tests.

Usage::

    with FakeEarthEngine(images={"p/img": FixtureImage({...}, "EPSG:32617", gt)}) as server:
        ee.Initialize(credentials=server.credentials(), url=server.url, project="test-project")
        ee.Image("p/img").getInfo()

Serves the discovery document and algorithm list shipped with
earthengine-api, evaluates ``value:compute`` and ``image:computePixels``
requests with :mod:`ee_eval`, records ``image:export`` requests as
operations, and implements the OAuth2 JWT-bearer token endpoint used by
service-account credentials.  Binds 127.0.0.1 only; never talks to Google.
"""

from __future__ import annotations

import base64
import datetime as _dt
import io
import json
import os
import re
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np

from . import ee_eval

__all__ = ["FixtureImage", "FakeEarthEngine"]

UNAUTHENTICATED_MESSAGE = (
    "Request had invalid authentication credentials. Expected OAuth 2 access token, "
    "login cookie or other valid authentication credential."
)


def unregistered_project_message(project: str) -> str:
    # Wording of the real API for an unregistered project, as quoted in
    # https://github.com/healthysustainablecities/global-indicators/issues/547
    # ("Project my-projectid-... is not registered to use Earth Engine. Visit
    # https://code.earthengine.google.com/register?project=... to register your
    # project. See https://developers.google.com/earth-engine/guides/access for
    # more details.").
    return (
        f"Project {project} is not registered to use Earth Engine. Visit "
        f"https://code.earthengine.google.com/register?project={project} to register "
        "your project. See https://developers.google.com/earth-engine/guides/access "
        "for more details."
    )


class FixtureImage:
    """A fake image asset on its own pixel grid."""

    def __init__(
        self,
        bands: dict[str, np.ndarray],
        crs: str,
        transform: tuple,
        properties: dict | None = None,
        masks: dict[str, np.ndarray] | None = None,
        time_start: int | None = None,
    ):
        if not bands:
            raise ValueError("FixtureImage needs at least one band")
        shapes = {np.asarray(a).shape[:2] for a in bands.values()}
        if len(shapes) != 1:
            raise ValueError(f"all bands must share one (H, W) shape, got {shapes}")
        self.bands = {k: np.asarray(v) for k, v in bands.items()}
        self.crs = crs
        self.transform = tuple(transform)  # GDAL geotransform (x0, dx, 0, y0, 0, dy)
        self.properties = dict(properties or {})
        self.masks = {k: np.asarray(v, bool) for k, v in (masks or {}).items()}
        self.time_start = time_start
        if time_start is not None:
            self.properties["system:time_start"] = time_start


def _now_rfc3339() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _HttpError(Exception):
    def __init__(self, code: int, message: str, status: str):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


_API_PATH = re.compile(r"^/(v1|v1alpha|v1beta)/projects/([^/:]+)(?:/(.*))?$")

_GDAL_TYPES = {
    "uint8": "Byte", "int8": "Int16", "int16": "Int16", "uint16": "UInt16",
    "int32": "Int32", "uint32": "UInt32", "int64": "Float64",
}
_NUMPY_TYPES = {
    "uint8": np.uint8, "int8": np.int8, "int16": np.int16, "uint16": np.uint16,
    "int32": np.int32, "uint32": np.uint32, "int64": np.int64,
}


class FakeEarthEngine:
    """A ThreadingHTTPServer speaking the Earth Engine REST API on 127.0.0.1."""

    def __init__(
        self,
        images: dict[str, FixtureImage] | None = None,
        collections: dict[str, list[str]] | None = None,
        token: str = "test-token",
        projects=("test-project",),
    ):
        self.images = dict(images or {})
        self.collections = dict(collections or {})
        self.token = token
        self.projects = tuple(projects)
        self.url = ""
        self.requests: list[dict] = []
        self.exports: list[dict] = []
        self.token_requests: list[dict] = []
        self.operations: dict[str, dict] = {}  # op id -> operation
        self._failures: list[dict] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        import ee

        base = os.path.join(os.path.dirname(ee.__file__), "tests")
        with open(os.path.join(base, "cloud_api_discovery_document.json"), "rb") as f:
            self._discovery = f.read()
        with open(os.path.join(base, "algorithms.json"), "rb") as f:
            self._algorithms = f.read()

    # ---- lifecycle --------------------------------------------------------

    def start(self) -> "FakeEarthEngine":
        if self._httpd is not None:
            return self
        server = self

        class Handler(_Handler):
            fake = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> "FakeEarthEngine":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ---- test controls ----------------------------------------------------

    def fail_next(
        self, status: int, message: str, reason_status: str, count: int = 1, path_contains: str = ""
    ) -> None:
        """The next ``count`` requests whose path contains ``path_contains`` fail.

        The discovery document and /token are only affected when
        ``path_contains`` is non-empty and matches them.
        """
        with self._lock:
            self._failures.append(
                {"status": status, "message": message, "reason": reason_status,
                 "count": count, "path": path_contains}
            )

    def set_operation_state(self, op_id_or_name, state, destination_uris=None, error_message=None):
        op_id = str(op_id_or_name).rsplit("/", 1)[-1]
        with self._lock:
            op = self.operations[op_id]
            md = op["metadata"]
            md["state"] = state
            md["updateTime"] = _now_rfc3339()
            if state in ("RUNNING", "SUCCEEDED", "FAILED") and "startTime" not in md:
                md["startTime"] = md["updateTime"]
            if destination_uris is not None:
                md["destinationUris"] = list(destination_uris)
            done = state in ("SUCCEEDED", "FAILED", "CANCELLED")
            op["done"] = done
            if done and "endTime" not in md:
                md["endTime"] = md["updateTime"]
            if error_message is not None or state == "FAILED":
                op["error"] = {"code": 2, "message": error_message or "Export failed."}
            elif "error" in op:
                del op["error"]
            if state == "SUCCEEDED":
                op["response"] = {"@type": "type.googleapis.com/google.protobuf.Empty"}
            return json.loads(json.dumps(op))

    def credentials(self):
        import google.oauth2.credentials

        return google.oauth2.credentials.Credentials(token=self.token)

    # ---- request handling (called from handler threads) ----------------

    def _take_failure(self, path: str, api: bool) -> dict | None:
        with self._lock:
            for f in self._failures:
                if f["count"] <= 0:
                    continue
                if f["path"] and f["path"] in path or (not f["path"] and api):
                    f["count"] -= 1
                    return f
            self._failures = [f for f in self._failures if f["count"] > 0]
        return None

    def handle(self, method: str, raw_path: str, headers: dict, body: bytes):
        """Returns (status, content_type, bytes)."""
        parsed = urllib.parse.urlsplit(raw_path)
        path = parsed.path
        query = urllib.parse.parse_qs(parsed.query)
        ctype = headers.get("content-type", "")
        parsed_body: Any = None
        if body:
            if "json" in ctype or body[:1] in (b"{", b"["):
                try:
                    parsed_body = json.loads(body)
                except ValueError:
                    parsed_body = None
            elif "x-www-form-urlencoded" in ctype:
                parsed_body = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
        record = {"method": method, "path": raw_path, "body": parsed_body, "headers": headers}
        with self._lock:
            self.requests.append(record)
        result = self._dispatch(method, raw_path, path, query, headers, parsed_body)
        record["status"] = result[0]
        return result

    def _dispatch(self, method, raw_path, path, query, headers, parsed_body):
        is_discovery = path.endswith("/$discovery/rest")
        is_token = path == "/token"
        fail = self._take_failure(raw_path, api=not (is_discovery or is_token))
        if fail:
            return self._error(fail["status"], fail["message"], fail["reason"])
        try:
            if is_discovery:
                return 200, "application/json", self._discovery
            if is_token:
                return self._token(parsed_body)
            self._check_auth(headers)
            m = _API_PATH.match(path)
            if not m:
                raise _HttpError(404, f"Method not found: {path}", "NOT_FOUND")
            project, rest = m.group(2), m.group(3) or ""
            if project not in self.projects:
                raise _HttpError(403, unregistered_project_message(project), "PERMISSION_DENIED")
            return self._route(method, project, rest, query, parsed_body)
        except _HttpError as e:
            return self._error(e.code, e.message, e.status)
        except ee_eval.NotFoundError as e:
            return self._error(400, str(e), "INVALID_ARGUMENT")
        except ee_eval.EvalError as e:
            return self._error(400, str(e), "INVALID_ARGUMENT")
        except Exception as e:  # a bug in the fake: make it visible
            return self._error(500, f"local fake server error: {type(e).__name__}: {e}", "INTERNAL")

    @staticmethod
    def _error(code: int, message: str, status: str):
        body = {"error": {"code": code, "message": message, "status": status}}
        return code, "application/json", json.dumps(body).encode()

    @staticmethod
    def _json(obj: Any, code: int = 200):
        return code, "application/json", json.dumps(obj).encode()

    def _check_auth(self, headers: dict) -> None:
        auth = headers.get("authorization", "")
        if auth != f"Bearer {self.token}":
            raise _HttpError(401, UNAUTHENTICATED_MESSAGE, "UNAUTHENTICATED")

    def _token(self, form: Any):
        form = form if isinstance(form, dict) else {}
        with self._lock:
            self.token_requests.append(dict(form))
        if form.get("grant_type") == "refresh_token" and form.get("refresh_token"):
            # user credentials (e.g. ee's persistent credentials with token_uri set here)
            return self._json({"access_token": self.token, "expires_in": 3600,
                               "token_type": "Bearer"})
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return self._json(
                {"error": "unsupported_grant_type",
                 "error_description": f"Invalid grant_type: {form.get('grant_type')}"}, 400)
        try:
            payload_b64 = form["assertion"].split(".")[1]
            payload = json.loads(base64.urlsafe_b64decode(payload_b64 + "=" * (-len(payload_b64) % 4)))
        except Exception:
            return self._json({"error": "invalid_grant", "error_description": "Invalid JWT."}, 400)
        missing = [k for k in ("iss", "aud", "exp") if k not in payload]
        if missing or payload["exp"] < time.time():
            return self._json(
                {"error": "invalid_grant",
                 "error_description": f"Invalid JWT: missing {missing} or expired."}, 400)
        return self._json({"access_token": self.token, "expires_in": 3600, "token_type": "Bearer"})

    def _route(self, method: str, project: str, rest: str, query: dict, body: Any):
        body = body if isinstance(body, dict) else {}
        if method == "GET" and rest == "algorithms":
            return 200, "application/json", self._algorithms
        if method == "POST" and rest == "value:compute":
            result = ee_eval.evaluate(body["expression"], self.images, self.collections,
                                      pixels=False)
            return self._json({"result": ee_eval.to_json(result)})
        if method == "POST" and rest == "image:computePixels":
            return self._compute_pixels(body)
        if method == "POST" and rest in ("image:export", "table:export", "video:export"):
            return self._export(project, rest, body)
        if method == "GET" and rest == "operations":
            with self._lock:
                ops = [json.loads(json.dumps(o)) for o in self.operations.values()
                       if o["name"].startswith(f"projects/{project}/")]
            return self._json({"operations": list(reversed(ops))} if ops else {})
        m = re.fullmatch(r"operations/([^/:]+)(:cancel|:wait)?", rest)
        if m:
            op_id, verb = m.group(1), m.group(2)
            with self._lock:
                op = self.operations.get(op_id)
            if op is None:
                raise _HttpError(404, f"Operation projects/{project}/operations/{op_id} not found.",
                                 "NOT_FOUND")
            if method == "GET" and not verb:
                with self._lock:
                    return self._json(json.loads(json.dumps(op)))
            if method == "POST" and verb == ":cancel":
                if not op["done"]:
                    self.set_operation_state(op_id, "CANCELLED")
                return self._json({})
            if method == "POST" and verb == ":wait":
                with self._lock:
                    return self._json(json.loads(json.dumps(op)))
        raise _HttpError(404, f"Method not found: {method} {rest}", "NOT_FOUND")

    def _export(self, project: str, rest: str, body: dict):
        with self._lock:
            self.exports.append(body)
            op_id = body.get("requestId") or uuid.uuid4().hex[:24].upper()
            op_id = re.sub(r"[^A-Za-z0-9_-]", "_", op_id)
            if op_id in self.operations:
                return self._json(json.loads(json.dumps(self.operations[op_id])))
            now = _now_rfc3339()
            kind = {"image:export": "EXPORT_IMAGE", "table:export": "EXPORT_FEATURES",
                    "video:export": "EXPORT_VIDEO"}[rest]
            op = {
                "name": f"projects/{project}/operations/{op_id}",
                "metadata": {
                    "@type": "type.googleapis.com/google.earthengine.v1alpha.OperationMetadata",
                    "state": "PENDING",
                    "description": body.get("description", ""),
                    "type": kind,
                    "createTime": now,
                    "updateTime": now,
                },
                "done": False,
            }
            self.operations[op_id] = op
            return self._json(json.loads(json.dumps(op)))

    def _compute_pixels(self, body: dict):
        grid = ee_eval.grid_from_request(body.get("grid"))
        img = ee_eval.evaluate(body["expression"], self.images, self.collections, grid=grid)
        if not isinstance(img, ee_eval.EEImage):
            raise _HttpError(400, "computePixels: expression is not an Image", "INVALID_ARGUMENT")
        band_ids = body.get("bandIds")
        if band_ids:
            names = img.band_names()
            missing = [b for b in band_ids if b not in names]
            if missing:
                raise _HttpError(400, f"computePixels: unknown band(s) {missing}; available {names}",
                                 "INVALID_ARGUMENT")
            img = img.with_bands([img.bands[names.index(b)] for b in band_ids])
        if grid is None:
            grid = img.grid
        if grid is None:
            raise _HttpError(400, "computePixels: a grid is required for constant images",
                             "INVALID_ARGUMENT")
        if not img.bands:
            raise _HttpError(400, "computePixels: image has no bands", "INVALID_ARGUMENT")
        shape = (grid.height, grid.width)
        arrays = []
        for b in img.bands:
            if b.data.ndim != 2:
                raise _HttpError(400, f"computePixels: band '{b.name}' is an array band; "
                                      "use arrayFlatten first", "INVALID_ARGUMENT")
            data = np.broadcast_to(b.data, shape)
            mask = np.broadcast_to(b.mask, shape)
            arrays.append(np.where(mask, data, 0.0))
        ptypes = [b.ptype for b in img.bands]
        fmt = (body.get("fileFormat") or "GEO_TIFF").upper()
        if fmt in ("NPY", "NUMPY_NDARRAY"):
            dtype = [(b.name, _NUMPY_TYPES.get(b.ptype, np.float32 if b.ptype == "float"
                                               else np.float64)) for b in img.bands]
            out = np.zeros(shape, dtype=dtype)
            for b, a in zip(img.bands, arrays):
                out[b.name] = a
            buf = io.BytesIO()
            np.save(buf, out, allow_pickle=False)
            return 200, "application/octet-stream", buf.getvalue()
        if fmt not in ("GEO_TIFF", "GEOTIFF"):
            raise _HttpError(400, f"local fake supports fileFormat GEO_TIFF and NPY, not {fmt}",
                             "INVALID_ARGUMENT")
        return 200, "image/tiff", _geotiff(arrays, [b.name for b in img.bands], ptypes, grid)


def _output_gdal_type(ptypes: list[str]) -> str:
    """Float32 if any band is non-integer, else the narrowest type holding all."""
    if any(p not in ee_eval.INT_RANGES for p in ptypes):
        return "Float32"
    t = ptypes[0]
    for p in ptypes[1:]:
        t = ee_eval._union_type(t, p)
    return _GDAL_TYPES[t]


def _geotiff(arrays, names, ptypes, grid) -> bytes:
    from osgeo import gdal, osr

    gdal_type = getattr(gdal, f"GDT_{_output_gdal_type(ptypes)}")
    path = f"/vsimem/fake_ee_{uuid.uuid4().hex}.tif"
    ds = gdal.GetDriverByName("GTiff").Create(path, grid.width, grid.height, len(arrays), gdal_type)
    try:
        ds.SetGeoTransform(grid.transform)
        srs = osr.SpatialReference()
        srs.SetFromUserInput(grid.crs)
        ds.SetProjection(srs.ExportToWkt())
        for i, (a, n) in enumerate(zip(arrays, names), start=1):
            band = ds.GetRasterBand(i)
            band.SetDescription(n)
            band.WriteArray(np.asarray(a))
        ds.FlushCache()
        ds = None
        f = gdal.VSIFOpenL(path, "rb")
        try:
            gdal.VSIFSeekL(f, 0, 2)
            size = gdal.VSIFTellL(f)
            gdal.VSIFSeekL(f, 0, 0)
            return bytes(gdal.VSIFReadL(1, size, f))
        finally:
            gdal.VSIFCloseL(f)
    finally:
        ds = None
        gdal.Unlink(path)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeEarthEngine
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # silence
        pass

    def _do(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, ctype, data = self.fake.handle(self.command, self.path, headers, body)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = do_PATCH = do_PUT = _do  # noqa: N815
