"""Open any input as a scene with the Stack reading interface: a product (Sentinel-2 L2A SAFE folder or
zip, Landsat Collection 2 Level-2 folder or tar, HLS v2.0 granule folder), a STAC item (JSON file or URL;
its COG assets are read through /vsicurl/) or an analysis-ready stack.

Every scene offers: path, width, height, geotransform, projection, sensor, date, bands, has(name),
read(name, window) -> (float64 values, has_data), windows(size), require_reflectance(names), close().
"""

import glob
import json
import os
import re
import tarfile
import zipfile
from typing import List, Optional

from osgeo import gdal

from .errors import LeafError
from .gdalio import quiet
from .grid import Grid, footprint_in
from .stack import Stack

PRODUCT_KINDS = ("sentinel2", "landsat", "hls", "stac", "stack")
HLS_FILE = re.compile(r"HLS\.[LS]30\..*\.v2\.0\..*\.tif$")


def _members(path: str):
    """File names inside a zip or tar (empty for anything else); a damaged archive is one sentence."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                return z.namelist()
        if tarfile.is_tarfile(path):
            with tarfile.open(path) as t:
                return t.getnames()
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError) as e:
        raise LeafError("The archive %s is damaged or truncated (%s)." % (path, e)) from None
    if path.lower().endswith((".zip", ".tar", ".tar.gz", ".tgz")):
        raise LeafError("The archive %s is damaged or truncated (it is not a readable zip or tar)." % path)
    return []


def read_item(path: str) -> dict:
    """A STAC item from a local JSON file or an http(s) URL, as a dict; one sentence when it cannot be had."""
    try:
        if path.startswith(("http://", "https://")):
            import requests
            r = requests.get(path, timeout=60)
            r.raise_for_status()
            item = r.json()
        else:
            with open(path, encoding="utf-8") as f:
                item = json.load(f)
    except Exception as e:  # network, HTTP status, JSON syntax
        raise LeafError("The STAC item %s could not be read (%s)." % (path, str(e).splitlines()[0] if str(e) else
                                                                      type(e).__name__)) from None
    if not isinstance(item, dict) or item.get("type") != "Feature" or "assets" not in item:
        raise LeafError("The file %s is not a STAC item (a GeoJSON Feature with assets)." % path)
    if not any(lnk.get("rel") == "self" for lnk in item.get("links") or []):
        item.setdefault("links", []).append({"rel": "self", "href": path})  # relative asset links resolve here
    return item


def product_kind(path: str) -> str:
    """'sentinel2', 'landsat', 'hls', 'stac' or 'stack', from the names of the files the input holds."""
    if path.startswith(("http://", "https://")) or path.lower().endswith(".json"):
        return "stac"
    if not os.path.exists(path):
        raise LeafError("The input %s does not exist." % path)
    if os.path.isdir(path):
        names = [os.path.relpath(p, path) for p in glob.glob(os.path.join(path, "**", "*"), recursive=True)]
    else:
        names = _members(path)
        if not names:
            base = os.path.basename(path)
            if base.startswith("MTD_MSIL") or re.search(r"_MTL\.(txt|xml)$", base) or HLS_FILE.match(base):
                return product_kind(os.path.dirname(path) or ".")
            return "stack"
    base = [os.path.basename(n) for n in names]
    if any(b in ("MTD_MSIL2A.xml", "MTD_MSIL1C.xml") for b in base):
        return "sentinel2"
    if any(re.search(r"_MTL\.(txt|xml)$", b) for b in base):
        return "landsat"
    if any(HLS_FILE.match(b) for b in base):
        return "hls"
    raise LeafError("The input %s is neither a raster nor a Sentinel-2 L2A, Landsat Collection 2 Level-2 or HLS "
                    "product." % path)


def product_root(path: str) -> str:
    """A product given by its metadata file (MTD_MSIL2A.xml, *_MTL.txt) stands for its folder."""
    base = os.path.basename(path)
    if os.path.isfile(path) and (base.startswith("MTD_MSIL") or re.search(r"_MTL\.(txt|xml)$", base)
                                 or HLS_FILE.match(base)):
        return os.path.dirname(path) or "."
    return path


def open_source(path, grid: Optional[Grid] = None, resolution: Optional[float] = None, clip=None,
                band_map: Optional[str] = None, resampling: Optional[str] = None):
    """The scene for `path`, resampled onto `grid` when given (products; an analysis-ready stack is read
    on its own grid). `resolution` sets a product's default grid when no grid is given. `clip` is
    (polygon WKTs, their CRS WKT, buffer): pixels outside read as no data. `band_map` names the bands of a
    plain raster ('B3=1,B4=2,...,SCALE=0.0001', see stack.parse_band_map). `resampling` ('average',
    'bilinear', 'near') replaces the readers' default for reflectance (average going coarser).

    `path` may also be a STAC item dict, or a list of inputs of one acquisition (adjacent tiles), which
    are merged onto one grid (by default the union of their footprints in the first one's CRS)."""
    if isinstance(path, (list, tuple)):
        scene = _open_many(list(path), grid, resolution, resampling)
    elif isinstance(path, dict):
        from .stac import open_item
        scene = open_item(path, grid=grid, resampling=resampling)
    else:
        scene = _open(path, grid, resolution, band_map, resampling)
    if clip:
        from .clip import ClippedScene
        try:
            return ClippedScene(scene, *clip)
        except BaseException:
            scene.close()
            raise
    return scene


def _open_many(inputs, grid: Optional[Grid], resolution: Optional[float], resampling: Optional[str] = None):
    from .merge import MergedScene
    if len(inputs) == 1:
        return open_source(inputs[0], grid, resolution, resampling=resampling)
    if grid is None:
        bounds, first = [], None
        for item in inputs:
            with open_source(item, resolution=resolution) as scene:
                first = first or (scene.projection, abs(scene.geotransform[1]))
                bounds.append(_footprint(scene, first[0]))
        grid = Grid.from_bounds(first[0], min(b[0] for b in bounds), min(b[1] for b in bounds),
                                max(b[2] for b in bounds), max(b[3] for b in bounds), first[1])
    scenes = []
    try:
        for item in inputs:
            scenes.append(open_source(item, grid, resolution, resampling=resampling))
        return MergedScene(scenes)
    except BaseException:
        for scene in scenes:
            scene.close()
        raise


def _footprint(scene, projection: str):
    """A scene's footprint (xmin, ymin, xmax, ymax) in another CRS."""
    ds = gdal.GetDriverByName("MEM").Create("", scene.width, scene.height, 0)
    ds.SetGeoTransform(scene.geotransform)
    ds.SetProjection(scene.projection)
    return footprint_in(ds, projection)


def _open(path: str, grid: Optional[Grid], resolution: Optional[float], band_map: Optional[str] = None,
          resampling: Optional[str] = None):
    kind = product_kind(path)
    if kind == "stac":
        from .stac import open_item
        item = read_item(path)
        return _at_resolution(lambda g: open_item(item, grid=g, resampling=resampling), grid, resolution)
    root = product_root(path)
    if kind == "sentinel2":
        from .sentinel2 import open_safe
        return open_safe(root, grid=grid, resolution=resolution or 20, resampling=resampling)
    if kind == "landsat":
        from .landsat import open_landsat
        return _at_resolution(lambda g: open_landsat(root, grid=g, resampling=resampling), grid, resolution)
    if kind == "hls":
        from .hls import open_hls
        return _at_resolution(lambda g: open_hls(root, grid=g, resampling=resampling), grid, resolution)
    if grid is not None:
        raise LeafError("An area, CRS or resolution applies to products; the stack %s is read on its own grid "
                        "(clip or warp it with GDAL first)." % path)
    stack = Stack(path, band_map)
    if resolution is not None and not _same_pixel(stack.geotransform, resolution):
        stack.close()
        raise LeafError("An area, CRS or resolution applies to products; the stack %s is read on its own grid "
                        "(clip or warp it with GDAL first)." % path)
    return stack


def _same_pixel(geotransform, resolution: float) -> bool:
    return abs(abs(geotransform[1]) - resolution) <= 1e-9 * resolution and \
        abs(abs(geotransform[5]) - resolution) <= 1e-9 * resolution


def _at_resolution(open_on, grid: Optional[Grid], resolution: Optional[float]):
    """`open_on(grid)`; without a grid but with a resolution, the product's own extent at that resolution (a
    resolution is never dropped in silence)."""
    if grid is not None or resolution is None:
        return open_on(grid)
    scene = open_on(None)
    gt = scene.geotransform
    if _same_pixel(gt, resolution):
        return scene
    try:
        grid = Grid.from_bounds(scene.projection, gt[0], gt[3] + gt[5] * scene.height, gt[0] + gt[1] * scene.width,
                                gt[3], resolution)
    finally:
        scene.close()
    return open_on(grid)


# --------------------------------------------------------------------------------------------
# Folders of products (mosaic, time series)
# --------------------------------------------------------------------------------------------

def _is_stack(path: str) -> bool:
    """A GeoTIFF/VRT that is an analysis-ready stack (LEAF_SENSOR and LEAF_DATE), not an estimate or composite."""
    ds, _ = quiet(lambda: gdal.Open(path))
    if ds is None:
        return False
    md = ds.GetMetadata() or {}
    return bool(md.get("LEAF_DATE") and md.get("LEAF_SENSOR")) and not (md.get("LEAF_ALGORITHM") or
                                                                        md.get("LEAF_COMPOSITE"))


def _is_item_json(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
    except (OSError, ValueError):
        return False
    return isinstance(d, dict) and d.get("type") == "Feature" and "assets" in d


def is_product_folder(path: str) -> bool:
    """A SAFE or Landsat folder (its metadata file is directly inside), or the folder of one HLS granule."""
    names = [n for n in os.listdir(path) if not n.startswith(".")]
    if any(n in ("MTD_MSIL2A.xml", "MTD_MSIL1C.xml") or re.search(r"_MTL\.(txt|xml)$", n) for n in names):
        return True
    granules = {n.rsplit(".", 2)[0] for n in names if HLS_FILE.match(n)}
    return len(granules) == 1 and all(HLS_FILE.match(n) for n in names)


def find_products(folder: str) -> List[str]:
    """The products a folder holds, searched recursively, sorted by path: SAFE and Landsat folders, zips and
    tars, one file per HLS granule, STAC item JSON files and analysis-ready stacks (.tif/.vrt with LEAF_DATE)."""
    if not os.path.isdir(folder):
        raise LeafError("The folder %s does not exist." % folder)
    found, granules = [], set()
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if root != folder and is_product_folder(root) and not any(HLS_FILE.match(f) for f in files):
            found.append(root)
            dirs[:] = []
            continue
        for name in sorted(files):
            path = os.path.join(root, name)
            low = name.lower()
            if name.startswith("."):
                continue
            if HLS_FILE.match(name):
                granule = (root, name.rsplit(".", 2)[0])
                if granule not in granules:
                    granules.add(granule)
                    found.append(path)
            elif low.endswith((".zip", ".tar", ".tar.gz", ".tgz")):
                found.append(path)
            elif name in ("MTD_MSIL2A.xml", "MTD_MSIL1C.xml") or re.search(r"_MTL\.(txt|xml)$", name):
                found.append(root)
                dirs[:] = []
                break
            elif low.endswith(".json") and _is_item_json(path):
                found.append(path)
            elif low.endswith((".tif", ".tiff", ".vrt")) and _is_stack(path):
                found.append(path)
    if not found:
        raise LeafError("The folder %s holds no product (Sentinel-2 L2A SAFE, Landsat Collection 2 Level-2, HLS "
                        "granule, STAC item or analysis-ready stack with LEAF_DATE)." % folder)
    return sorted(set(found))


def expand_inputs(inputs, purpose: str = "") -> list:
    """Paths, URLs, STAC item dicts (or pystac Items) and folders -> the list of products (folders replaced by
    the products found in them). `purpose` ends the error for an empty list ('for the time series')."""
    if isinstance(inputs, (str, dict)) or hasattr(inputs, "to_dict"):
        inputs = [inputs]
    out = []
    for item in inputs or []:
        if hasattr(item, "to_dict"):
            item = item.to_dict()
        if isinstance(item, os.PathLike):
            item = os.fspath(item)
        if isinstance(item, str) and os.path.isdir(item) and not is_product_folder(item):
            out.extend(find_products(item))
        elif item not in (None, ""):
            out.append(item)
    if not out:
        raise LeafError("No product was given%s." % ((" " + purpose) if purpose else ""))
    return out
