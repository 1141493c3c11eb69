"""Test-time fixtures for the HLS and STAC readers: COG writers, synthetic granules and items, and two
servers on 127.0.0.1 (a static file server that honours byte ranges, as GDAL /vsicurl/ needs, and a
minimal STAC API). Nothing here touches the real network; every server has socket timeouts, bounded
reads and is shut down by its owner (use them as context managers).
"""

import datetime
import http.server
import json
import os
import re
import threading
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import parse_qs, urlparse

import numpy as np
from osgeo import gdal, osr

_TYPES = {np.dtype("uint8"): gdal.GDT_Byte, np.dtype("uint16"): gdal.GDT_UInt16, np.dtype("int16"): gdal.GDT_Int16,
          np.dtype("float32"): gdal.GDT_Float32}
MAX_BODY = 1 << 20  # largest POST body the STAC server accepts


def write_cog(path, array, epsg=32617, origin=(300000.0, 4000020.0), pixel=30.0, nodata=None, scale=None,
              offset=None, metadata=None, blocksize=128) -> str:
    """Write a single-band, tiled, uncompressed Cloud-Optimized GeoTIFF (no overviews) and return its path."""
    array = np.asarray(array)
    mem = gdal.GetDriverByName("MEM").Create("", array.shape[1], array.shape[0], 1, _TYPES[array.dtype])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    mem.SetProjection(srs.ExportToWkt())
    mem.SetGeoTransform((origin[0], pixel, 0.0, origin[1], 0.0, -pixel))
    band = mem.GetRasterBand(1)
    band.WriteArray(array)
    if nodata is not None:
        band.SetNoDataValue(float(nodata))
    if scale is not None:
        band.SetScale(float(scale))
    if offset is not None:
        band.SetOffset(float(offset))
    if metadata:
        mem.SetMetadata({k: str(v) for k, v in metadata.items()})
    out = gdal.Translate(str(path), mem, format="COG",
                         creationOptions=["BLOCKSIZE=%d" % blocksize, "COMPRESS=NONE", "OVERVIEWS=NONE"])
    assert out is not None, path
    out = None
    return str(path)


def lonlat_bbox(epsg, xmin, ymin, xmax, ymax) -> List[float]:
    """[west, south, east, north] of a projected rectangle (its corners)."""
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(epsg)
    dst.ImportFromEPSG(4326)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    pts = [ct.TransformPoint(x, y)[:2] for x in (xmin, xmax) for y in (ymin, ymax)]
    return [min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts)]


# --------------------------------------------------------------------------------------------
# Servers
# --------------------------------------------------------------------------------------------

class _Server:
    """A threaded HTTP server on 127.0.0.1 (free port), stopped by close() or leaving the `with` block."""

    def __init__(self, handler):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.lock = threading.Lock()
        self.requests = []  # (method, path, Range header or body)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _RangeHandler(http.server.BaseHTTPRequestHandler):
    """Static files with HTTP byte ranges (single range `bytes=a-b`, `a-` or `-n`; 206 + Content-Range)."""
    protocol_version = "HTTP/1.1"
    timeout = 10  # seconds a connection may stay idle

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_HEAD(self):
        self._serve(body=False)

    def do_GET(self):
        self._serve(body=True)

    def _serve(self, body):
        owner = self.server.owner
        rel = urlparse(self.path).path.lstrip("/")
        path = (owner.root / rel).resolve()
        with owner.lock:
            owner.requests.append((self.command, "/" + rel, self.headers.get("Range")))
        if owner.root not in path.parents or not path.is_file():
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        size = path.stat().st_size
        start, end, status = 0, size - 1, 200
        m = re.fullmatch(r"bytes=(\d*)-(\d*)", (self.headers.get("Range") or "").strip())
        if m and (m.group(1) or m.group(2)):
            if m.group(1):
                start, end = int(m.group(1)), min(int(m.group(2)) if m.group(2) else size - 1, size - 1)
            else:
                start = max(size - int(m.group(2)), 0)
            if start >= size or start > end:
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % size)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 206
        self.send_response(status)
        self.send_header("Content-Type", "image/tiff")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, size))
        self.end_headers()
        if not body:
            return
        with open(path, "rb") as f:
            f.seek(start)
            remaining = end - start + 1
            while remaining > 0:  # bounded by the range length
                chunk = f.read(min(65536, remaining))
                if not chunk:
                    break
                self.wfile.write(chunk)
                remaining -= len(chunk)
                with owner.lock:
                    owner.bytes[path.name] = owner.bytes.get(path.name, 0) + len(chunk)


class RangeServer(_Server):
    """Serves a folder with byte ranges; `bytes` counts the body bytes sent per file name."""

    def __init__(self, root):
        self.root = Path(root).resolve()
        self.bytes: Dict[str, int] = {}
        super().__init__(_RangeHandler)

    def reset(self):
        with self.lock:
            self.bytes.clear()
            self.requests.clear()


ITEM_SEARCH = ["https://api.stacspec.org/v1.0.0/core", "https://api.stacspec.org/v1.0.0/item-search",
               "https://api.stacspec.org/v1.0.0/item-search#query", "https://api.stacspec.org/v1.0.0/collections",
               "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"]


def _time(text: str) -> Optional[datetime.datetime]:
    if not text or text == "..":
        return None
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)


def _matches(item: dict, params: dict) -> bool:
    """STAC item-search filters: collections, ids, bbox (intersects the item's bbox), datetime, query."""
    if params.get("collections") and item.get("collection") not in params["collections"]:
        return False
    if params.get("ids") and item["id"] not in params["ids"]:
        return False
    if params.get("bbox"):
        w, s, e, n = params["bbox"][:4] if len(params["bbox"]) == 4 else params["bbox"][0:2] + params["bbox"][3:5]
        iw, is_, ie, in_ = item["bbox"][:4]
        if iw > e or ie < w or is_ > n or in_ < s:
            return False
    if params.get("datetime"):
        when = _time(item["properties"]["datetime"])
        parts = params["datetime"].split("/")
        lo, hi = _time(parts[0]), _time(parts[-1])
        if (lo and when < lo) or (hi and when > hi):
            return False
    ops = {"lt": np.less, "lte": np.less_equal, "gt": np.greater, "gte": np.greater_equal, "eq": np.equal,
           "neq": np.not_equal}
    for prop, conditions in (params.get("query") or {}).items():
        value = item["properties"].get(prop)
        if value is None or not all(ops[op](value, ref) for op, ref in conditions.items()):
            return False
    return True


class _StacHandler(http.server.BaseHTTPRequestHandler):
    """A minimal STAC API: landing page, conformance, collections and item search (GET and POST)."""
    timeout = 10

    def log_message(self, format, *args):  # noqa: A002
        pass

    def _json(self, obj, status=200, kind="application/json"):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        owner = self.server.owner
        url = urlparse(self.path)
        with owner.lock:
            owner.requests.append(("GET", url.path, url.query))
        base = owner.url
        if url.path in ("", "/"):
            links = [{"rel": "self", "href": base + "/", "type": "application/json"},
                     {"rel": "root", "href": base + "/", "type": "application/json"},
                     {"rel": "conformance", "href": base + "/conformance"},
                     {"rel": "data", "href": base + "/collections", "type": "application/json"},
                     {"rel": "search", "href": base + "/search", "type": "application/geo+json", "method": "GET"},
                     {"rel": "search", "href": base + "/search", "type": "application/geo+json", "method": "POST"}]
            return self._json({"type": "Catalog", "id": "leaf-test", "stac_version": "1.0.0",
                               "description": "test STAC API", "conformsTo": ITEM_SEARCH, "links": links})
        if url.path == "/conformance":
            return self._json({"conformsTo": ITEM_SEARCH})
        if url.path == "/collections":
            return self._json({"collections": [owner.collection(c) for c in owner.collection_ids()], "links": []})
        if url.path.startswith("/collections/"):
            cid = url.path.split("/")[2]
            if cid in owner.collection_ids():
                return self._json(owner.collection(cid))
            return self._json({"code": "NotFound", "description": "no collection %s" % cid}, 404)
        if url.path == "/search":
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            params = {"collections": q["collections"].split(",") if q.get("collections") else None,
                      "ids": q["ids"].split(",") if q.get("ids") else None,
                      "bbox": [float(v) for v in q["bbox"].split(",")] if q.get("bbox") else None,
                      "datetime": q.get("datetime"), "limit": int(q.get("limit", owner.page_size)),
                      "token": int(q.get("token", 0)), "query": json.loads(q["query"]) if q.get("query") else None}
            return self._search(params, None)
        return self._json({"code": "NotFound", "description": url.path}, 404)

    def do_POST(self):
        owner = self.server.owner
        url = urlparse(self.path)
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        body = json.loads(self.rfile.read(length) or b"{}")
        with owner.lock:
            owner.requests.append(("POST", url.path, body))
        if url.path != "/search":
            return self._json({"code": "NotFound", "description": url.path}, 404)
        params = dict(body, limit=int(body.get("limit") or owner.page_size), token=int(body.get("token") or 0))
        return self._search(params, body)

    def _search(self, params, body):
        owner = self.server.owner
        found = [it for it in owner.items if _matches(it, params)]
        start, limit = params["token"], max(1, min(params["limit"], 100))
        page = found[start:start + limit]
        links = []
        if start + limit < len(found):
            if body is None:
                q = urlparse(self.path).query
                q = re.sub(r"&?token=\d+", "", q)
                links.append({"rel": "next", "href": "%s/search?%s&token=%d" % (owner.url, q, start + limit),
                              "method": "GET", "type": "application/geo+json"})
            else:
                links.append({"rel": "next", "href": owner.url + "/search", "method": "POST",
                              "body": dict(body, token=start + limit), "type": "application/geo+json"})
        self._json({"type": "FeatureCollection", "features": page, "numberMatched": len(found),
                    "numberReturned": len(page), "links": links}, kind="application/geo+json")


class StacServer(_Server):
    """A STAC API over a list of item dicts (the items' `collection` fields define the collections)."""

    def __init__(self, items, page_size=10):
        self.items = list(items)
        self.page_size = page_size
        super().__init__(_StacHandler)

    def collection_ids(self):
        return sorted({it["collection"] for it in self.items})

    def collection(self, cid):
        return {"type": "Collection", "id": cid, "stac_version": "1.0.0", "description": cid, "license": "proprietary",
                "extent": {"spatial": {"bbox": [[-180, -90, 180, 90]]}, "temporal": {"interval": [[None, None]]}},
                "links": [{"rel": "self", "href": "%s/collections/%s" % (self.url, cid)},
                          {"rel": "root", "href": self.url + "/"},
                          {"rel": "items", "href": "%s/collections/%s/items" % (self.url, cid)}]}


# --------------------------------------------------------------------------------------------
# Synthetic HLS granule
# --------------------------------------------------------------------------------------------

# a green-vegetation spectrum (reflectance) per plugin band name
VEGETATION = {"B1": 0.03, "B2": 0.035, "B3": 0.07, "B4": 0.045, "B5": 0.33, "B6": 0.19, "B7": 0.10,
              "B8": 0.34, "B8A": 0.35, "B9": 0.005, "B10": 0.002, "B11": 0.19, "B12": 0.10}
HLS_BANDS = {"L30": ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B09", "B10", "B11"],
             "S30": ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12"]}
FMASK = {"cloud": 1 << 1, "shadow": 1 << 3, "water": 1 << 5, "aerosol_high": 3 << 6}


def hls_granule_name(product="L30", tile="T17SLU", stamp="2020117T160604"):
    return "HLS.%s.%s.%s.v2.0" % (product, tile, stamp)


def make_hls_granule(folder, product="L30", size=64, epsg=32617, origin=(300000.0, 4000020.0), tile="T17SLU",
                     stamp="2020117T160604") -> dict:
    """Write an HLS v2.0 granule (one COG per band) into `folder`; return what a reader should find.

    Reflectance: int16 DN = round(rho x 1e4), fill -9999 at pixel (0, 0); B03/B04 carry the GDAL scale,
    the others only HLS's scale_factor/add_offset/_FillValue metadata (and the thermal L30 B10/B11 are
    brightness temperatures, scale 0.01). Angles: uint16 degrees x 100, fill 40000 at (1, 1); VAA has no
    scale metadata (the reader's default applies). Fmask: cloud in rows 0-7, shadow in columns 0-3,
    water at rows 40-43, high aerosol (bits 6-7, not a mask bit) in rows 50-63, fill 255 at (2, 2).
    Returns {'name', 'folder', 'rho': {band: float64}, 'angles': {name: degrees}, 'fmask': uint8}.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = hls_granule_name(product, tile, stamp)
    yy, xx = np.mgrid[0:size, 0:size] / float(size)
    kw = dict(epsg=epsg, origin=origin, pixel=30.0)
    rho = {}
    for hls_band in HLS_BANDS[product]:
        path = folder / ("%s.%s.tif" % (name, hls_band))
        plugin = "B" + hls_band[1:].lstrip("0") if hls_band[1:].isdigit() else hls_band
        if product == "L30" and hls_band in ("B10", "B11"):  # thermal: brightness temperature
            write_cog(path, np.full((size, size), 2500, np.int16), nodata=-9999, **kw,
                      metadata={"scale_factor": 0.01, "add_offset": 0, "_FillValue": -9999})
            continue
        dn = np.round((VEGETATION[plugin] * (0.9 + 0.2 * xx) + 0.01 * yy) * 1e4).astype(np.int16)
        dn[0, 0] = -9999
        meta = {"scale_factor": 0.0001, "add_offset": 0, "_FillValue": -9999, "long_name": plugin}
        scale = 0.0001 if hls_band in ("B03", "B04") else None
        write_cog(path, dn, nodata=-9999, scale=scale, offset=0.0 if scale else None, metadata=meta, **kw)
        rho[plugin] = dn.astype(np.float64) * 0.0001
    angles = {"SZA": 35.0 + 2 * yy, "SAA": 140.0 + 3 * xx, "VZA": 4.0 + 3 * xx, "VAA": 100.0 + yy}
    for angle, deg in angles.items():
        dn = np.round(deg * 100).astype(np.uint16)
        dn[1, 1] = 40000
        meta = {} if angle == "VAA" else {"scale_factor": 0.01, "add_offset": 0, "_FillValue": 40000}
        write_cog(folder / ("%s.%s.tif" % (name, angle)), dn, nodata=40000, metadata=meta, **kw)
        angles[angle] = dn.astype(np.float64) * 0.01
    fmask = np.zeros((size, size), np.uint8)
    fmask[0:8, :] |= FMASK["cloud"]
    fmask[:, 0:4] |= FMASK["shadow"]
    fmask[40:44, :] |= FMASK["water"]
    fmask[50:, :] |= FMASK["aerosol_high"]
    fmask[2, 2] = 255
    write_cog(folder / ("%s.Fmask.tif" % name), fmask, nodata=255,
              metadata={"_FillValue": 255, "long_name": "Fmask"}, **kw)
    return {"name": name, "folder": str(folder), "rho": rho, "angles": angles, "fmask": fmask}


# --------------------------------------------------------------------------------------------
# Synthetic STAC items with COG assets
# --------------------------------------------------------------------------------------------

ES_S2 = {"B2": "blue", "B3": "green", "B4": "red", "B5": "rededge1", "B6": "rededge2", "B7": "rededge3",
         "B8": "nir", "B8A": "nir08", "B11": "swir16", "B12": "swir22"}
PC_S2 = {b: "B%02d" % int(b[1:]) if b[1:].isdigit() else b for b in ES_S2}
S2_10M = ("B2", "B3", "B4", "B8")
LANDSAT = {"SR_B2": "blue", "SR_B3": "green", "SR_B4": "red", "SR_B5": "nir08", "SR_B6": "swir16",
           "SR_B7": "swir22"}
EXTENSIONS = ["https://stac-extensions.github.io/raster/v1.1.0/schema.json",
              "https://stac-extensions.github.io/eo/v1.1.0/schema.json",
              "https://stac-extensions.github.io/view/v1.0.0/schema.json"]


def _feature(item_id, collection, when, epsg, x0, y1, width_m, height_m, properties, assets):
    w, s, e, n = lonlat_bbox(epsg, x0, y1 - height_m, x0 + width_m, y1)
    return {"type": "Feature", "stac_version": "1.0.0", "stac_extensions": EXTENSIONS, "id": item_id,
            "collection": collection, "bbox": [w, s, e, n],
            "geometry": {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]},
            "properties": dict({"datetime": when, "proj:epsg": epsg}, **properties), "assets": assets, "links": []}


def make_s2_item(folder, base_url, item_id="S2A_17SLU_20220615_0_L2A", convention="earth-search", size=64,
                 when="2022-06-15T16:10:00Z", baseline="04.00", dn_offset=1000, boa_offset_applied=None,
                 epsg=32617, origin=(300000.0, 4000020.0), write=True, properties=None) -> dict:
    """A Sentinel-2 L2A item dict whose COG assets (20 m bands `size` px, 10 m bands 2 x size px, SCL) are
    written into `folder` and referenced at `base_url` ('earth-search' or 'planetary-computer' asset keys).

    DN = round(rho x 1e4) + dn_offset. Earth Search items carry raster:bands (scale 0.0001, offset -0.1
    when baseline >= 04.00); Planetary Computer items none. SCL: 4 everywhere, 8 (cloud) in rows 0-7,
    5 in rows 8-15, 6 (water) in column 0-3, 0 (no data) at (20, 20). Returns the item; its 'expected'
    key holds {'rho': {band: rho on the 20 m grid (10 m bands: 2 x 2 means)}, 'scl': SCL}.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    es = convention == "earth-search"
    keys = ES_S2 if es else PC_S2
    yy, xx = np.mgrid[0:2 * size, 0:2 * size] / float(2 * size)
    assets, rho20 = {}, {}
    for band, key in keys.items():
        ten = band in S2_10M
        fine = (VEGETATION[band] * (0.9 + 0.2 * xx) + 0.01 * yy)
        n = 2 * size if ten else size
        rho = fine if ten else fine[::2, ::2]
        dn = (np.round(rho * 1e4) + dn_offset).astype(np.uint16)
        fname = "%s_%s.tif" % (item_id, key)
        if write:
            write_cog(folder / fname, dn, epsg=epsg, origin=origin, pixel=10.0 if ten else 20.0, nodata=0)
        phys = dn.astype(np.float64) * 0.0001 - dn_offset * 0.0001
        rho20[band] = phys.reshape(size, 2, size, 2).mean(axis=(1, 3)) if ten else phys
        asset = {"href": "%s/%s" % (base_url, fname), "type": "image/tiff; application=geotiff; profile=cloud-optimized",
                 "roles": ["data"], "gsd": 10 if ten else 20, "eo:bands": [{"name": key}]}
        assert n == dn.shape[0]
        if es:
            asset["raster:bands"] = [{"nodata": 0, "data_type": "uint16", "spatial_resolution": 10 if ten else 20,
                                      "scale": 0.0001, "offset": -0.1 if float(baseline) >= 4 else 0.0}]
        assets[key] = asset
    scl = np.full((size, size), 4, np.uint8)
    scl[0:8] = 8
    scl[8:16] = 5
    scl[:, 0:4] = 6
    scl[20, 20] = 0
    scl_key = "scl" if es else "SCL"
    fname = "%s_%s.tif" % (item_id, scl_key)
    if write:
        write_cog(folder / fname, scl, epsg=epsg, origin=origin, pixel=20.0, nodata=0)
    assets[scl_key] = {"href": "%s/%s" % (base_url, fname), "type": "image/tiff", "roles": ["data"]}
    if es:
        assets[scl_key]["raster:bands"] = [{"nodata": 0, "data_type": "uint8", "spatial_resolution": 20}]
    props = {"platform": "sentinel-2a", "constellation": "sentinel-2", "s2:processing_baseline": baseline,
             "eo:cloud_cover": 12.5}
    if es:
        props.update({"view:sun_azimuth": 131.5, "view:sun_elevation": 62.0, "view:incidence_angle": 5.5,
                      "view:azimuth": 285.0})
        if boa_offset_applied is not None:
            props["earthsearch:boa_offset_applied"] = boa_offset_applied
    else:
        props.update({"s2:mean_solar_zenith": 28.0, "s2:mean_solar_azimuth": 131.5})
    props.update(properties or {})
    item = _feature(item_id, "sentinel-2-l2a", when, epsg, origin[0], origin[1], size * 20.0, size * 20.0,
                    props, assets)
    item["expected"] = {"rho": rho20, "scl": scl}
    return item


def make_landsat_item(folder, base_url, item_id="LC08_L2SP_017035_20220615_02_T1", size=64,
                      when="2022-06-15T16:00:00Z", epsg=32617, origin=(300000.0, 4000020.0)) -> dict:
    """A Planetary Computer style landsat-c2-l2 item (assets blue ... swir22, qa_pixel; raster:bands scale
    2.75e-5, offset -0.2) with COGs in `folder`. QA_PIXEL: 21824 (clear) everywhere, cloud (bit 3) in rows
    0-7, dilated cloud only (bit 1, kept) in rows 8-15, fill 1 at (5, 30). 'expected' holds rho and qa."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    yy, xx = np.mgrid[0:size, 0:size] / float(size)
    assets, rho = {}, {}
    for band, key in LANDSAT.items():
        r = VEGETATION["B" + band[-1]] * (0.9 + 0.2 * xx) + 0.01 * yy
        dn = np.round((r + 0.2) / 2.75e-5).astype(np.uint16)
        fname = "%s_%s.tif" % (item_id, band)
        write_cog(folder / fname, dn, epsg=epsg, origin=origin, pixel=30.0, nodata=0)
        rho[band] = dn * 2.75e-5 - 0.2
        assets[key] = {"href": "%s/%s" % (base_url, fname), "type": "image/tiff", "roles": ["data"],
                       "raster:bands": [{"nodata": 0, "data_type": "uint16", "scale": 2.75e-05, "offset": -0.2}]}
    qa = np.full((size, size), 21824, np.uint16)
    qa[0:8] |= 1 << 3
    qa[8:16] |= 1 << 1
    qa[5, 30] = 1
    fname = "%s_QA_PIXEL.tif" % item_id
    write_cog(folder / fname, qa, epsg=epsg, origin=origin, pixel=30.0, nodata=1)
    assets["qa_pixel"] = {"href": "%s/%s" % (base_url, fname), "type": "image/tiff", "roles": ["cloud"],
                          "raster:bands": [{"nodata": 1, "data_type": "uint16", "unit": "bit index"}]}
    props = {"platform": "landsat-8", "instruments": ["oli", "tirs"], "view:sun_azimuth": 120.0,
             "view:sun_elevation": 65.0, "view:off_nadir": 0, "eo:cloud_cover": 5.0}
    item = _feature(item_id, "landsat-c2-l2", when, epsg, origin[0], origin[1], size * 30.0, size * 30.0,
                    props, assets)
    item["expected"] = {"rho": rho, "qa": qa}
    return item


def strip_expected(item: dict) -> dict:
    """The item as a server would publish it (without the test's 'expected' key)."""
    return {k: v for k, v in item.items() if k != "expected"}


def file_size(folder, name) -> int:
    return os.path.getsize(os.path.join(str(folder), name))
