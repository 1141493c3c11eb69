"""Scenes made of single-band rasters (STAC items, HLS granules), read by windows on one target grid.

`search()` finds STAC items with pystac-client; `open_item()` turns an Earth Search or Planetary Computer
Sentinel-2 L2A / Landsat C2 L2 item into a scene with the reading interface of `stack.Stack` (path,
width, height, geotransform, projection, sensor, date, bands; has, read, windows, require_reflectance,
close), so the estimator consumes it like an analysis-ready stack. Remote COG assets are read through
GDAL `/vsicurl/`, window by window: only the tiles a window touches are fetched.

Conventions (documented here because STAC items differ between providers):

* Band names are those the algorithms expect: B1..B12, B8A for Sentinel-2; SR_B1..SR_B7 for Landsat.
  Earth Search names assets by colour (blue, green, red, rededge1..3, nir, nir08, swir16, swir22, scl),
  Planetary Computer by band (B02..B12, B8A, SCL) for Sentinel-2 and by colour (blue ... swir22,
  qa_pixel) for Landsat.
* Reflectance = DN x scale + offset from the asset's `raster:bands`. For Sentinel-2 baseline >= 04.00
  the L2A DN carry a +1000 offset: Earth Search advertises it as `offset: -0.1` but, when the item says
  `earthsearch:boa_offset_applied: true`, its pixels are already harmonised and the offset is not applied
  again; items without `raster:bands` (Planetary Computer) get scale 0.0001 and offset -0.1 when
  `s2:processing_baseline` >= 04.00, else 0 (spec §2.1).
* Angles are constants per scene, from the item's properties: Sentinel-2 items give scene means, as the
  Earth Engine collections LEAF uses (spec §2.3): SZA = `s2:mean_solar_zenith` or 90 - `view:sun_elevation`,
  SAA = `s2:mean_solar_azimuth` or `view:sun_azimuth`, VZA = `view:incidence_angle` or `view:off_nadir`,
  VAA = `view:azimuth` (taken as given: producers copy the granule's mean incidence azimuth). An angle an
  item does not give is left out, so the estimator asks for it as a constant (Landsat items have no view
  azimuth; their view is near nadir, `view:off_nadir` ~ 0, where the relative azimuth matters little).
* MASK (1 = valid) follows spec §5.1: Sentinel-2 SCL in {4, 5}; Landsat QA_PIXEL bits 0 (fill), 2 (cirrus),
  3 (cloud), 4 (shadow), 5 (snow) and 7 (water) all 0.
* Default grid: Sentinel-2 at 20 m (the grid of its first 20 m band; 10 m bands are averaged, spec §2.2),
  Landsat at 30 m; pass a `grid.Grid` to read on another grid (bands are warped to it).
"""

import contextlib
import threading
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple
from urllib.parse import urljoin

import numpy as np
from osgeo import gdal, osr

from .errors import LeafError
from .gdal_errors import read_array
from .grid import Grid, warped_vrt
from .scene import Scene
from .stack import Window, open_raster

# GDAL settings for reading COGs over HTTP: no directory listing on open (one request instead of
# several) and only raster extensions probed; set per thread so concurrent readers do not race.
REMOTE_OPTIONS = {
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".tif,.TIF,.tiff,.TIFF",
    "GDAL_HTTP_TIMEOUT": "60",
    "GDAL_HTTP_MAX_RETRY": "3",
    "GDAL_HTTP_RETRY_DELAY": "1",
}

S2_ASSETS = {  # band name -> (Earth Search asset key, Planetary Computer asset key)
    "B1": ("coastal", "B01"), "B2": ("blue", "B02"), "B3": ("green", "B03"), "B4": ("red", "B04"),
    "B5": ("rededge1", "B05"), "B6": ("rededge2", "B06"), "B7": ("rededge3", "B07"), "B8": ("nir", "B08"),
    "B8A": ("nir08", "B8A"), "B9": ("nir09", "B09"), "B11": ("swir16", "B11"), "B12": ("swir22", "B12"),
}
S2_20M = ("B5", "B6", "B7", "B8A", "B11", "B12")
S2_SCL_ASSETS = ("scl", "SCL")
S2_CLEAR_CLASSES = (4, 5)  # SCL vegetation, not vegetated
LANDSAT_ASSETS = {"SR_B1": "coastal", "SR_B2": "blue", "SR_B3": "green", "SR_B4": "red", "SR_B5": "nir08",
                  "SR_B6": "swir16", "SR_B7": "swir22"}
LANDSAT_QA_ASSET = "qa_pixel"
LANDSAT_QA_BITS = (0, 2, 3, 4, 5, 7)  # fill, cirrus, cloud, shadow, snow, water
PYSTAC_CLIENT_MISSING = ("Searching a STAC API needs the Python package pystac-client, which is not installed "
                         "(install it with pip install pystac-client).")


@contextlib.contextmanager
def gdal_options(options: Dict[str, str]):
    """Set GDAL configuration options for this thread and restore their previous values on exit."""
    previous = {k: gdal.GetThreadLocalConfigOption(k, None) for k in options}
    try:
        for k, v in options.items():
            gdal.SetThreadLocalConfigOption(k, v)
        yield
    finally:
        for k, v in previous.items():
            gdal.SetThreadLocalConfigOption(k, v)


def remote_options(source: Optional[str]) -> Dict[str, str]:
    return REMOTE_OPTIONS if source and source.startswith("/vsicurl") else {}


def gdal_path(href: str, base: Optional[str] = None) -> str:
    """A GDAL path for an asset href: http(s) URLs through /vsicurl/, relative hrefs resolved against base."""
    if base and "://" not in href and not href.startswith("/"):
        href = urljoin(base, href)
    if href.startswith(("http://", "https://")):
        return "/vsicurl/" + href
    if href.startswith("file://"):
        return href[len("file://"):]
    return href


@dataclass
class AssetBand:
    """One named band of a scene: where its numbers are and how they become physical values.

    A reflectance or angle band is DN x scale + offset; a MASK band is 1 where the DN has none of
    `clear_bits` set (bit flags) or is one of `clear_classes` (classification), else 0; a band with a
    `constant` has that value everywhere (scene-mean angles).
    """
    source: Optional[str] = None
    scale: float = 1.0
    offset: float = 0.0
    nodata: Optional[float] = None
    resampling: str = "near"
    constant: Optional[float] = None
    clear_bits: Optional[int] = None
    clear_classes: Optional[Tuple[int, ...]] = None


def _same_grid(a: Grid, b: Grid) -> bool:
    """True when two grids have the same size, geotransform (to a thousandth of a pixel) and CRS."""
    if (a.width, a.height) != (b.width, b.height):
        return False
    tol = 1e-3 * max(abs(b.geotransform[1]), abs(b.geotransform[5]), 1e-12)
    if any(abs(x - y) > tol for x, y in zip(a.geotransform, b.geotransform)):
        return False
    if a.projection == b.projection:
        return True
    sa, sb = osr.SpatialReference(), osr.SpatialReference()
    return sa.ImportFromWkt(a.projection or "") == 0 and sb.ImportFromWkt(b.projection or "") == 0 and bool(sa.IsSame(sb))


class AssetScene(Scene):
    """Single-band rasters (local files or /vsicurl/ URLs) read by windows on one grid, as a `Stack`.

    Sources open lazily (remote items cost one header read per asset actually used) unless `eager`,
    which opens every band now so that a missing or corrupt file is reported before any work. A band
    whose raster is not on the scene's grid is read through a warped VRT (`grid.warped_vrt`). GDAL
    handles are not thread-safe: give each thread its own `clone()`.
    """

    def __init__(self, path: str, bands: Dict[str, AssetBand], sensor: Optional[str], date: Optional[str],
                 grid: Optional[Grid] = None, reference: Optional[str] = None, metadata: Optional[dict] = None,
                 eager: bool = False):
        self.path = path
        self.bands = bands
        self.sensor = sensor
        self.date = date
        self.metadata = dict(metadata or {})
        self.cloud_cover: Optional[float] = None   # scene cloud cover (%), set by open_item / open_hls
        self.acquired = None                        # acquisition time (naive UTC datetime), likewise
        self._args = (path, bands, sensor, date, grid, reference, metadata)
        self._sources: Dict[str, object] = {}
        self._readers: Dict[Tuple[str, str], object] = {}
        self._lock = threading.Lock()
        if grid is None:
            if reference is None:
                raise LeafError("The scene %s has no band to define its grid." % path)
            grid = Grid.from_dataset(self._open(bands[reference].source))
        self.grid = grid
        self.width, self.height = grid.width, grid.height
        self.geotransform = tuple(grid.geotransform)
        self.projection = grid.projection
        for name in (bands if eager else [reference] if reference else []):
            if bands[name].source is not None:
                self.reader(bands[name])

    def clone(self) -> "AssetScene":
        """The same scene with its own GDAL handles (one per thread)."""
        path, bands, sensor, date, grid, reference, metadata = self._args
        return AssetScene(path, bands, sensor, date, grid or self.grid, reference, metadata)

    def _open(self, source: str):
        if source not in self._sources:
            with gdal_options(remote_options(source)):
                self._sources[source] = open_raster(source)
        return self._sources[source]

    def reader(self, band: AssetBand):
        """The dataset to read `band` from: its raster, or a warped VRT of it on the scene's grid."""
        key = (band.source, band.resampling)
        with self._lock:
            if key not in self._readers:
                ds = self._open(band.source)
                if _same_grid(Grid.from_dataset(ds), self.grid):
                    self._readers[key] = ds
                else:
                    with gdal_options(remote_options(band.source)):
                        self._readers[key] = warped_vrt(ds, self.grid, band.resampling, nodata=band.nodata,
                                                         name=band.source)
            return self._readers[key]

    def close(self):
        self._readers.clear()
        self._sources.clear()

    def require_reflectance(self, names: Iterable[str]):
        """Raise one sentence if a band is missing (bands of a scene are always scaled to reflectance)."""
        missing = [n for n in names if n not in self.bands]
        if missing:
            raise LeafError("The scene %s has no band %s (its bands are: %s)." % (
                self.path, ", ".join(missing), ", ".join(self.bands) or "none"))

    def read(self, name: str, window: Window) -> Tuple[np.ndarray, np.ndarray]:
        """(values as float64 in physical units, True where the pixel has data) for one band and window."""
        band = self.bands[name]
        shape = (window[3], window[2])
        if band.constant is not None:
            return np.full(shape, float(band.constant)), np.ones(shape, dtype=bool)
        ds = self.reader(band)
        with gdal_options(remote_options(band.source)):
            raw = read_array(ds.GetRasterBand(1), window, band.source, name)
        has_data = np.ones(shape, dtype=bool)
        if band.nodata is not None:
            has_data &= ~np.isnan(raw) if np.isnan(band.nodata) else raw != band.nodata
        if band.clear_bits is not None:
            values = ((raw.astype(np.int64) & band.clear_bits) == 0).astype(np.float64)
        elif band.clear_classes is not None:
            values = np.isin(raw, band.clear_classes).astype(np.float64)
        else:
            values = raw.astype(np.float64)
            if band.scale != 1.0 or band.offset != 0.0:
                values = values * band.scale + band.offset
        has_data &= np.isfinite(values)
        return values, has_data


# --------------------------------------------------------------------------------------------
# STAC search and items
# --------------------------------------------------------------------------------------------

def search(api_url: str, collections, bbox, datetime, max_items: int = 100, query: Optional[dict] = None) -> List:
    """Items (pystac.Item) of `collections` intersecting `bbox` (lon/lat) within `datetime` ('2020-06-01/2020-06-30').

    pystac-client is imported here only, so the plugin works without it until a search is made.
    """
    try:
        from pystac_client import Client
    except ImportError:
        raise LeafError(PYSTAC_CLIENT_MISSING) from None
    if isinstance(collections, str):
        collections = [collections]
    try:
        client = Client.open(api_url, timeout=60)
        found = client.search(collections=list(collections), bbox=list(bbox) if bbox else None, datetime=datetime,
                              max_items=max_items, query=query)
        return list(found.items())
    except LeafError:
        raise
    except Exception as e:  # pystac-client raises APIError, requests errors, pystac errors...
        raise LeafError("The STAC search at %s failed (%s)." % (api_url, str(e).strip().rstrip(".") or
                                                                  type(e).__name__)) from None


def _item_dict(item) -> dict:
    return item.to_dict() if hasattr(item, "to_dict") else dict(item)


def _raster_info(asset: dict) -> dict:
    """scale/offset/nodata of an asset's first band (raster extension 1.x `raster:bands` or STAC 1.1 `bands`)."""
    info = {}
    first = (asset.get("raster:bands") or asset.get("bands") or [{}])[0] or {}
    for source in (asset, first):
        for key in ("scale", "offset", "nodata"):
            for name in (key, "raster:" + key):
                if source.get(name) is not None:
                    info[key] = source[name]
    return info


def _float(props: dict, *names) -> Optional[float]:
    for n in names:
        try:
            if props.get(n) is not None:
                return float(props[n])
        except (TypeError, ValueError):
            continue
    return None


def _baseline(props: dict) -> Optional[float]:
    try:
        return float(props.get("s2:processing_baseline"))
    except (TypeError, ValueError):
        return None


def s2_scale_offset(props: dict, info: dict) -> Tuple[float, float]:
    """Reflectance scale and offset of a Sentinel-2 L2A asset (see the module docstring)."""
    scale = float(info.get("scale", 0.0001))
    if props.get("earthsearch:boa_offset_applied") is True:
        return scale, 0.0
    if "offset" in info:
        return scale, float(info["offset"])
    baseline = _baseline(props)
    return scale, (-1000.0 * scale if baseline is not None and baseline >= 4.0 else 0.0)


def _angle_bands(props: dict, landsat: bool) -> Dict[str, AssetBand]:
    elevation = _float(props, "view:sun_elevation")
    angles = {
        "SZA": _float(props, "s2:mean_solar_zenith") if not landsat else None,
        "SAA": _float(props, "view:sun_azimuth", "s2:mean_solar_azimuth"),
        "VZA": _float(props, "view:incidence_angle", "view:off_nadir"),
        "VAA": _float(props, "view:azimuth"),
    }
    if angles["SZA"] is None and elevation is not None:
        angles["SZA"] = 90.0 - elevation
    return {k: AssetBand(constant=v) for k, v in angles.items() if v is not None}


def _sensor(props: dict, item_id: str, landsat: bool) -> Optional[str]:
    platform = str(props.get("platform") or "").lower().replace("_", "-")
    if landsat:
        digits = "".join(c for c in platform if c.isdigit())
        return "L" + digits if digits else None
    if platform.startswith("sentinel-2") and len(platform) == 11:
        return "S2" + platform[-1].upper()
    return item_id[:3].upper() if item_id[:3].upper() in ("S2A", "S2B", "S2C") else None


def open_item(item, grid: Optional[Grid] = None, bands: Optional[Iterable[str]] = None,
              resampling: Optional[str] = None) -> AssetScene:
    """A scene for a Sentinel-2 L2A or Landsat C2 L2 STAC item (pystac.Item or its dict), read by windows.

    `bands` limits the scene to these band names (default: every known band the item has, plus MASK and
    the angles it gives); `grid` is the target grid (default: the item's 20 m / 30 m grid).
    """
    d = _item_dict(item)
    item_id = d.get("id") or "?"
    props = d.get("properties") or {}
    assets = d.get("assets") or {}
    base = next((lnk.get("href") for lnk in d.get("links") or [] if lnk.get("rel") == "self"), None)
    collection = str(d.get("collection") or "").lower()
    platform = str(props.get("platform") or "").lower()
    landsat = collection.startswith("landsat") or platform.startswith("landsat")
    if not landsat and not (collection.startswith("sentinel-2") or platform.startswith("sentinel-2")):
        raise LeafError("The STAC item %s (collection %s) is neither Sentinel-2 L2A nor Landsat C2 L2." % (
            item_id, d.get("collection") or "unknown"))
    path = base or "STAC item %s" % item_id

    def asset(*keys):
        return next(((k, assets[k]) for k in keys if k in assets and assets[k].get("href")), (None, None))

    out: Dict[str, AssetBand] = {}
    if landsat:
        for name, key in LANDSAT_ASSETS.items():
            _, a = asset(key, name)
            if a is not None:
                info = _raster_info(a)
                out[name] = AssetBand(gdal_path(a["href"], base), float(info.get("scale", 2.75e-5)),
                                      float(info.get("offset", -0.2)), info.get("nodata", 0),
                                      resampling or "average")
        _, qa = asset(LANDSAT_QA_ASSET, "QA_PIXEL")
        if qa is not None:
            out["MASK"] = AssetBand(gdal_path(qa["href"], base), nodata=_raster_info(qa).get("nodata", 1),
                                    clear_bits=sum(1 << b for b in LANDSAT_QA_BITS))
        reference = "SR_B4" if "SR_B4" in out else next(iter(out), None)
    else:
        for name, keys in S2_ASSETS.items():
            _, a = asset(*keys)
            if a is not None:
                info = _raster_info(a)
                scale, offset = s2_scale_offset(props, info)
                out[name] = AssetBand(gdal_path(a["href"], base), scale, offset, info.get("nodata", 0),
                                      resampling or "average")
        _, scl = asset(*S2_SCL_ASSETS)
        if scl is not None:
            out["MASK"] = AssetBand(gdal_path(scl["href"], base), nodata=_raster_info(scl).get("nodata", 0),
                                    clear_classes=S2_CLEAR_CLASSES)
        reference = next((b for b in S2_20M + tuple(S2_ASSETS) if b in out), None)
    if bands is not None:
        wanted = set(bands)
        unknown = wanted - set(out) - {"SZA", "SAA", "VZA", "VAA"}
        if unknown:
            raise LeafError("The STAC item %s has no asset for band %s." % (item_id, ", ".join(sorted(unknown))))
        out = {k: v for k, v in out.items() if k in wanted or k == "MASK"}
        reference = reference if reference in out else next((k for k in out if k != "MASK"), None)
    if reference is None:
        raise LeafError("The STAC item %s has no reflectance asset this plugin knows (assets: %s)." % (
            item_id, ", ".join(assets) or "none"))
    out.update(_angle_bands(props, landsat))
    metadata = {"STAC_ITEM": item_id, "STAC_COLLECTION": d.get("collection") or ""}
    if not landsat and props.get("s2:processing_baseline") is not None:
        metadata["S2_PROCESSING_BASELINE"] = str(props["s2:processing_baseline"])
    when = str(props.get("datetime") or props.get("start_datetime") or "")
    date = when[:10] or None
    scene = AssetScene(path, out, _sensor(props, item_id, landsat), date, grid, reference, metadata)
    scene.cloud_cover = _float(props, "eo:cloud_cover")
    scene.acquired = _utc(when)
    return scene


def _utc(text: str):
    """An ISO date-time ('2022-06-15T16:10:00Z') as a naive UTC datetime, None when unreadable."""
    import datetime as dt
    try:
        t = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t
