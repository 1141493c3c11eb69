"""Read a Sentinel-2 L2A product (.SAFE folder or .zip of one) as a stack the estimator can consume.

`open_safe` returns an `S2Scene` with the reading interface of `stack.Stack` (path, width, height,
geotransform, projection, sensor, date, bands, has, read, windows, require_reflectance, close), on a
target `Grid` (default: the tile at 20 m). Nothing is extracted or computed up front: every band is an
in-memory warped VRT of its JP2 (through /vsizip/ for a zip), read by windows.

* Reflectance (B1..B12, B8A): rho = (DN + BOA_ADD_OFFSET) / BOA_QUANTIFICATION_VALUE in float64 (the
  offset is -1000 from processing baseline 04.00 on and absent before; spec §2.1). DN 0 is no data.
  Each band is read from the coarsest native resolution that is still not coarser than the target, so
  going coarser is a mean of whole native pixels (10 m -> 20 m: 2 x 2 mean, spec §2.2); when the band
  only exists coarser than the target it is interpolated bilinearly. No-data DNs are left out of a mean
  (a target pixel is no data only when all its native pixels are). JP2 overviews are never used.
* Angles SZA, SAA, VZA, VAA (degrees, per pixel) from the 5 km grids of MTD_TL.xml, interpolated
  bilinearly to each pixel centre. The view angles are those of band B8A (bandId 8), whose scene means
  LEAF uses (spec §2.3): the detectors' grids are merged node by node (a node takes the value of the
  detector that has one, the mean where several do), nodes still empty (outside the swath) are filled
  from their neighbours, and azimuths are handled as sine/cosine components so 359° and 1° average to 0°.
* MASK (1 = keep) from the scene classification SCL (20 m, nearest): by default SCL in {4 vegetation,
  5 not vegetated} (spec §5.1 [TB]); SCL itself is also available.
"""

import datetime
import os
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

import numpy as np
from osgeo import gdal, osr

from .errors import LeafError
from .gdal_errors import read_array
from .gdalio import quiet
from .grid import Grid, warped_vrt
from .scene import Scene
from .stack import Window, canonical_band_name
from .xmldoc import parse_xml

DEFAULT_S2_MASK_CLASSES = (4, 5)
REFLECTANCE_BANDS = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B11", "B12")
# bandId of the metadata (Spectral_Information, BOA_ADD_OFFSET, angle grids) -> band name
BAND_IDS = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12")
VIEW_ANGLE_BAND = "B8A"
SPACECRAFTS = {"SENTINEL-2A": "S2A", "SENTINEL-2B": "S2B", "SENTINEL-2C": "S2C"}
_IMAGE_NAME = re.compile(r"_(B\d\d|B8A|SCL)_(\d+)m$")


# --------------------------------------------------------------------------------------------
# Files through GDAL's virtual file system (plain folders and /vsizip/ alike)
# --------------------------------------------------------------------------------------------

def _read_bytes(path: str) -> bytes:
    f = gdal.VSIFOpenL(path, "rb")
    if f is None:
        raise LeafError("The file %s cannot be read." % path)
    try:
        size = gdal.VSIStatL(path).size
        return bytes(gdal.VSIFReadL(1, size, f))
    finally:
        gdal.VSIFCloseL(f)


def _exists(path: str) -> bool:
    return gdal.VSIStatL(path) is not None


def _parse_xml(path: str):
    return parse_xml(_read_bytes(path), path)


def _text(root, name: str) -> Optional[str]:
    e = root.first(name)
    return e.text.strip() if e is not None and e.text else None


# --------------------------------------------------------------------------------------------
# Product metadata (MTD_MSIL2A.xml)
# --------------------------------------------------------------------------------------------

@dataclass
class S2Metadata:
    """What MTD_MSIL2A.xml says about a product (offsets: band name -> BOA_ADD_OFFSET, empty before 04.00)."""

    path: str
    spacecraft: str          # S2A, S2B, S2C
    date: str                # sensing date, YYYY-MM-DD
    baseline: str            # processing baseline, e.g. '04.00'
    quantification: float    # BOA_QUANTIFICATION_VALUE
    offsets: Dict[str, float] = field(default_factory=dict)
    image_files: List[str] = field(default_factory=list)   # relative to the .SAFE, without '.jp2'
    start_time: str = ""                   # PRODUCT_START_TIME (ISO, UTC)
    cloud_cover: Optional[float] = None    # Cloud_Coverage_Assessment (%), None when absent

    @property
    def baseline_number(self) -> float:
        return float(self.baseline)


def _l1c_error(path: str) -> LeafError:
    return LeafError("The product %s is Level-1C (top-of-atmosphere); LEAF needs a Level-2A (surface "
                     "reflectance) product." % path)


def read_metadata(mtd_path: str) -> S2Metadata:
    """Parse spacecraft, sensing date, processing baseline, quantification and offsets of MTD_MSIL2A.xml."""
    root = _parse_xml(mtd_path)
    level = (_text(root, "PROCESSING_LEVEL") or "") + " " + (_text(root, "PRODUCT_TYPE") or "")
    if "Level-1C" in root.local or "1C" in level:
        raise _l1c_error(mtd_path)
    craft = SPACECRAFTS.get((_text(root, "SPACECRAFT_NAME") or "").upper())
    if craft is None:
        raise LeafError("The metadata %s names no known Sentinel-2 spacecraft (%s)." % (
            mtd_path, _text(root, "SPACECRAFT_NAME")))
    start = _text(root, "PRODUCT_START_TIME") or _text(root, "DATATAKE_SENSING_START") or ""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", start):
        raise LeafError("The metadata %s has no sensing date." % mtd_path)
    baseline = _text(root, "PROCESSING_BASELINE") or ""
    if not re.fullmatch(r"0[2-9]\.\d\d", baseline):
        raise LeafError("The metadata %s has an unknown or unsupported processing baseline %r (expected "
                        "02.00 to 09.99)." % (mtd_path, baseline))
    quant = _text(root, "BOA_QUANTIFICATION_VALUE")
    try:
        quantification = float(quant)
    except (TypeError, ValueError):
        quantification = 0.0
    if not quantification > 0:
        raise LeafError("The metadata %s has no valid BOA_QUANTIFICATION_VALUE (%s)." % (mtd_path, quant))
    names = {e.get("bandId"): canonical_band_name(e.get("physicalBand") or "")
             for e in root.all("Spectral_Information")} or {str(i): b for i, b in enumerate(BAND_IDS)}
    try:
        offsets = {names.get(e.get("band_id"), e.get("band_id")): float(e.text) for e in root.all("BOA_ADD_OFFSET")}
    except (TypeError, ValueError):
        raise LeafError("The metadata %s has an unreadable BOA_ADD_OFFSET value." % mtd_path) from None
    if float(baseline) >= 4.0 and not offsets:
        raise LeafError("The metadata %s is of baseline %s but has no BOA_ADD_OFFSET values." % (mtd_path, baseline))
    files = [e.text.strip() for e in root.all("IMAGE_FILE") if e.text]
    return S2Metadata(mtd_path, craft, start[:10], baseline, quantification, offsets, files, start,
                      _percent(_text(root, "Cloud_Coverage_Assessment")))


def _percent(text: Optional[str]) -> Optional[float]:
    """A percentage from the metadata, None when absent or unreadable (informative only)."""
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def acquisition_time(text: str) -> Optional[datetime.datetime]:
    """'2023-07-14T10:30:31.024Z' -> naive UTC datetime (None when unreadable)."""
    try:
        t = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return t.astimezone(datetime.timezone.utc).replace(tzinfo=None) if t.tzinfo else t


# --------------------------------------------------------------------------------------------
# Tile metadata (MTD_TL.xml): tile grid and angle grids
# --------------------------------------------------------------------------------------------

@dataclass
class AngleGrid:
    """A 5 km node grid: node (i, j) is at (ulx + j * step_x, uly - i * step_y); components are float64
    arrays without NaN ([zenith] or [sin, cos] of an azimuth)."""

    ulx: float
    uly: float
    step_x: float
    step_y: float
    components: List[np.ndarray]
    azimuth: bool


@dataclass
class TileInfo:
    path: str
    projection: str
    ulx: float
    uly: float
    width_m: float
    height_m: float
    angles: Dict[str, AngleGrid]   # SZA, SAA, VZA, VAA
    means: Dict[str, float]        # the product's own scene means (Mean_Sun_Angle, Mean_Viewing_... B8A)
    cloud_cover: Optional[float] = None  # CLOUDY_PIXEL_PERCENTAGE (%, Earth Engine's S2 cloud property)


def _values(element) -> np.ndarray:
    rows = [[float(v) for v in e.text.split()] for e in element.all("VALUES")]
    if not rows or len({len(r) for r in rows}) != 1:
        raise ValueError("ragged or empty Values_List")
    return np.array(rows, dtype=np.float64)


def _fill_nan(a: np.ndarray) -> np.ndarray:
    """Fill NaN nodes with the mean of their valid 8-neighbours, repeatedly until none is left (the
    swath edge is extended outward ring by ring; only pixels without data lie there)."""
    a = a.copy()
    while np.isnan(a).any():
        valid = ~np.isnan(a)
        p_val = np.pad(np.where(valid, a, 0.0), 1)
        p_cnt = np.pad(valid.astype(np.float64), 1)
        total = np.zeros_like(a)
        count = np.zeros_like(a)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                if di or dj:
                    sl = (slice(1 + di, 1 + di + a.shape[0]), slice(1 + dj, 1 + dj + a.shape[1]))
                    total += p_val[sl]
                    count += p_cnt[sl]
        fill = ~valid & (count > 0)
        a[fill] = total[fill] / count[fill]
    return a


def _components(grids: List[np.ndarray], azimuth: bool) -> List[np.ndarray]:
    """Merge detector grids node by node (mean of the detectors that have a value), then fill NaN nodes."""
    stack = np.stack(grids)
    parts = [np.sin(np.radians(stack)), np.cos(np.radians(stack))] if azimuth else [stack]
    out = []
    for p in parts:
        n = np.sum(~np.isnan(p), axis=0)
        with np.errstate(invalid="ignore"):
            merged = np.where(n > 0, np.nansum(p, axis=0) / np.maximum(n, 1), np.nan)
        out.append(_fill_nan(merged))
    return out


def read_tile_metadata(path: str) -> TileInfo:
    """Parse the tile's CRS, extent and sun / B8A view angle grids from MTD_TL.xml."""
    root = _parse_xml(path)
    epsg = _text(root, "HORIZONTAL_CS_CODE") or ""
    srs = osr.SpatialReference()
    if not epsg.upper().startswith("EPSG:") or srs.ImportFromEPSG(int(epsg.split(":")[1])) != 0:
        raise LeafError("The tile metadata %s has no usable HORIZONTAL_CS_CODE (%s)." % (path, epsg))
    geo = {e.get("resolution"): e for e in root.all("Geoposition")}
    size = {e.get("resolution"): e for e in root.all("Size")}
    res = next((r for r in ("10", "20", "60") if r in geo and r in size), None)
    if res is None:
        raise LeafError("The tile metadata %s has no tile geoposition and size." % path)
    try:
        ulx, uly = float(_text(geo[res], "ULX")), float(_text(geo[res], "ULY"))
        width_m = float(_text(size[res], "NCOLS")) * float(res)
        height_m = float(_text(size[res], "NROWS")) * float(res)
    except (TypeError, ValueError):
        raise LeafError("The tile metadata %s has an unreadable tile geoposition or size." % path) from None

    def grid(element, kind):
        part = element.first(kind)
        if part is None:
            raise ValueError(kind)
        return part, _values(part)

    view_id = str(BAND_IDS.index(VIEW_ANGLE_BAND))
    sun = root.first("Sun_Angles_Grid")
    views = [e for e in root.all("Viewing_Incidence_Angles_Grids") if e.get("bandId") == view_id]
    if sun is None or not views:
        raise LeafError("The tile metadata %s has no %s angle grids." % (
            path, "sun" if sun is None else "band %s viewing" % VIEW_ANGLE_BAND))
    angles = {}
    try:
        for name, sources, kind in (("SZA", [sun], "Zenith"), ("SAA", [sun], "Azimuth"),
                                    ("VZA", views, "Zenith"), ("VAA", views, "Azimuth")):
            parsed = [grid(s, kind) for s in sources]
            step_x = float(_text(parsed[0][0], "COL_STEP"))
            step_y = float(_text(parsed[0][0], "ROW_STEP"))
            arrays = [a for _, a in parsed]
            if len({a.shape for a in arrays}) != 1 or np.isnan(np.stack(arrays)).all():
                raise ValueError(name)
            angles[name] = AngleGrid(ulx, uly, step_x, step_y, _components(arrays, kind == "Azimuth"),
                                     kind == "Azimuth")
    except (ValueError, TypeError, AttributeError):
        raise LeafError("The tile metadata %s has incomplete or unreadable angle grids." % path) from None
    means = {}   # informative only: left out when absent or unreadable
    pairs = [(("SZA", "SAA"), e) for e in root.all("Mean_Sun_Angle")]
    pairs += [(("VZA", "VAA"), e) for e in root.all("Mean_Viewing_Incidence_Angle") if e.get("bandId") == view_id]
    for (zen, azi), e in pairs:
        try:
            means[zen], means[azi] = float(_text(e, "ZENITH_ANGLE")), float(_text(e, "AZIMUTH_ANGLE"))
        except (TypeError, ValueError):
            pass
    return TileInfo(path, srs.ExportToWkt(), ulx, uly, width_m, height_m, angles, means,
                    _percent(_text(root, "CLOUDY_PIXEL_PERCENTAGE")))


def interpolate(grid: AngleGrid, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Bilinear interpolation of an angle grid at points (x, y) of the tile CRS, in degrees; points
    beyond the outer nodes take the edge value."""
    rows, cols = grid.components[0].shape
    fc = np.clip((x - grid.ulx) / grid.step_x, 0, cols - 1)
    fr = np.clip((grid.uly - y) / grid.step_y, 0, rows - 1)
    c0 = np.minimum(np.floor(fc).astype(int), cols - 2)
    r0 = np.minimum(np.floor(fr).astype(int), rows - 2)
    wc, wr = fc - c0, fr - r0
    out = []
    for a in grid.components:
        top = a[r0, c0] * (1 - wc) + a[r0, c0 + 1] * wc
        bottom = a[r0 + 1, c0] * (1 - wc) + a[r0 + 1, c0 + 1] * wc
        out.append(top * (1 - wr) + bottom * wr)
    if grid.azimuth:
        return np.degrees(np.arctan2(out[0], out[1])) % 360.0
    return out[0]


# --------------------------------------------------------------------------------------------
# The scene
# --------------------------------------------------------------------------------------------

@dataclass
class _Band:
    kind: str                      # 'reflectance', 'angle', 'mask', 'scl'
    file: Optional[str] = None     # JP2 path (reflectance, SCL)
    vrt: Optional[object] = None   # warped VRT on the target grid
    offset: float = 0.0


def _find_product(path: str) -> Tuple[str, str]:
    """(root of the .SAFE as a GDAL path, path of MTD_MSIL2A.xml) for a .SAFE folder or a .zip of one."""
    if not os.path.exists(path):
        raise LeafError("The Sentinel-2 product %s does not exist." % path)
    if os.path.isdir(path):
        candidates = [path]
    elif path.lower().endswith(".zip"):
        base = "/vsizip/" + os.path.abspath(path)
        entries, _ = quiet(lambda: gdal.ReadDir(base))
        if not entries:
            raise LeafError("The file %s is not a readable zip archive (truncated or corrupt)." % path)
        candidates = [base] + [base + "/" + e for e in entries]
    else:
        raise LeafError("The input %s is neither a .SAFE folder nor a .zip of one." % path)
    for c in candidates:
        if _exists(c + "/MTD_MSIL2A.xml"):
            return c, c + "/MTD_MSIL2A.xml"
        if _exists(c + "/MTD_MSIL1C.xml"):
            raise _l1c_error(path)
    raise LeafError("The product %s has no MTD_MSIL2A.xml; is it a Sentinel-2 L2A .SAFE?" % path)


def _pick(files: Dict[int, str], target: float) -> Tuple[int, str]:
    """The coarsest native resolution not coarser than the target, else the finest there is."""
    finer = [r for r in files if r <= target + 1e-6]
    res = max(finer) if finer else min(files)
    return res, files[res]


class S2Scene(Scene):
    """A Sentinel-2 L2A product on a target grid, read by windows like `stack.Stack`."""

    def __init__(self, path: str, grid: Optional[Grid] = None, resolution: float = 20,
                 mask_classes: Iterable[int] = DEFAULT_S2_MASK_CLASSES, resampling: Optional[str] = None):
        self.resampling = resampling  # reflectance onto the grid; None: average going coarser, else bilinear
        self.path = path
        root, mtd = _find_product(path)
        self.metadata = read_metadata(mtd)
        granules = gdal.ReadDir(root + "/GRANULE") or []
        tl = next((root + "/GRANULE/" + g + "/MTD_TL.xml" for g in sorted(granules)
                   if _exists(root + "/GRANULE/" + g + "/MTD_TL.xml")), None)
        if tl is None:
            raise LeafError("The product %s has no GRANULE/*/MTD_TL.xml." % path)
        self.tile = read_tile_metadata(tl)
        t = self.tile
        self.grid = grid or Grid.from_bounds(t.projection, t.ulx, t.uly - t.height_m, t.ulx + t.width_m, t.uly,
                                             resolution)
        self.width, self.height = self.grid.width, self.grid.height
        self.geotransform, self.projection = self.grid.geotransform, self.grid.projection
        self.sensor, self.date = self.metadata.spacecraft, self.metadata.date
        # scene cloud cover (%): the tile's CLOUDY_PIXEL_PERCENTAGE, else the product's assessment
        self.cloud_cover = t.cloud_cover if t.cloud_cover is not None else self.metadata.cloud_cover
        self.acquired = acquisition_time(self.metadata.start_time)   # naive UTC datetime
        self.mask_classes = tuple(int(c) for c in mask_classes)
        self.missing: Dict[str, str] = {}   # band -> declared file that is not in the product
        self.bands: Dict[str, _Band] = {}
        self._coords = (None, None)

        files: Dict[str, Dict[int, str]] = {}
        for rel in self.metadata.image_files:
            m = _IMAGE_NAME.search(rel)
            if m:
                files.setdefault(canonical_band_name(m.group(1)), {})[int(m.group(2))] = root + "/" + rel + ".jp2"
        target = self.grid.resolution
        for name in REFLECTANCE_BANDS:
            if name not in files:
                continue
            res, f = _pick(files[name], target)
            if not _exists(f):
                self.missing[name] = f
                continue
            method = self.resampling or ("average" if res <= target + 1e-6 else "bilinear")
            self.bands[name] = _Band("reflectance", f, self._warp(f, method),
                                     self.metadata.offsets.get(name, 0.0))
        for name in ("SZA", "VZA", "SAA", "VAA"):
            self.bands[name] = _Band("angle")
        scl = files.get("SCL", {})
        scl_file = scl.get(20) or (_pick(scl, target)[1] if scl else None)
        if scl_file is None or not _exists(scl_file):
            raise LeafError("The product %s has no scene classification file %s." % (
                path, scl_file or "SCL_20m.jp2"))
        # JPEG 2000 tiles are decoded whole: tell the window scheduler their size (Scene.work_units)
        blocks = [b.vrt._leaf_source.GetRasterBand(1).GetBlockSize()[0] for b in self.bands.values()
                  if b.kind == "reflectance" and abs(b.vrt._leaf_source.GetGeoTransform()[1] - target) < 1e-6]
        self.read_block = max(blocks) if blocks else None
        self.bands["MASK"] = _Band("mask", scl_file, self._warp(scl_file, "near"))
        self.bands["SCL"] = _Band("scl", scl_file, self.bands["MASK"].vrt)

    def _warp(self, f: str, resampling: str):
        ds, _ = quiet(lambda: gdal.Open(f))
        if ds is None:
            raise LeafError("The band file %s is corrupt: GDAL cannot read it." % f)
        return warped_vrt(ds, self.grid, resampling, nodata=0, name=f)

    # --- the Stack interface -------------------------------------------------------------

    def close(self):
        for b in self.bands.values():
            b.vrt = None

    def require_reflectance(self, names):
        """Raise one sentence naming the missing band file (or band) if a reflectance band is absent."""
        for n in names:
            if n in self.missing:
                raise LeafError("Band %s of %s is missing: the file %s is not in the product." % (
                    n, self.path, self.missing[n]))
            if n not in self.bands:
                raise LeafError("The product %s has no band %s (its bands are: %s)." % (
                    self.path, n, ", ".join(self.bands)))

    def read(self, name: str, window: Window) -> Tuple[np.ndarray, np.ndarray]:
        """(float64 values, True where the pixel has data) of one band over a window of the target grid."""
        if name in self.missing:
            self.require_reflectance([name])
        band = self.bands[name]
        if band.kind == "angle":
            x, y = self._tile_coordinates(window)
            values = interpolate(self.tile.angles[name], x, y)
            return values, np.ones(values.shape, dtype=bool)
        raw = self._read_raw(band, window)
        if band.kind == "mask":
            return np.isin(raw, self.mask_classes).astype(np.float64), np.ones(raw.shape, dtype=bool)
        has_data = raw != 0
        if band.kind == "scl":
            return raw, has_data
        return (raw + band.offset) / self.metadata.quantification, has_data

    def _read_raw(self, band: _Band, window: Window) -> np.ndarray:
        return read_array(band.vrt.GetRasterBand(1), window, band.file).astype(np.float64)

    def _tile_coordinates(self, window: Window) -> Tuple[np.ndarray, np.ndarray]:
        """Pixel centres of a window in the tile's CRS (cached for the last window: 4 angles share them)."""
        key, xy = self._coords
        if key == window:
            return xy
        gt = self.geotransform
        cols = np.arange(window[0], window[0] + window[2]) + 0.5
        rows = np.arange(window[1], window[1] + window[3]) + 0.5
        c, r = np.meshgrid(cols, rows)
        x = gt[0] + c * gt[1] + r * gt[2]
        y = gt[3] + c * gt[4] + r * gt[5]
        src, dst = osr.SpatialReference(), osr.SpatialReference()
        src.ImportFromWkt(self.projection)
        dst.ImportFromWkt(self.tile.projection)
        if not src.IsSame(dst):
            for s in (src, dst):
                s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            pts = np.array(osr.CoordinateTransformation(src, dst).TransformPoints(
                np.stack([x.ravel(), y.ravel()], axis=1).tolist()))
            x, y = pts[:, 0].reshape(x.shape), pts[:, 1].reshape(y.shape)
        self._coords = (window, (x, y))
        return x, y


def open_safe(path: str, grid: Optional[Grid] = None, resolution: float = 20,
              mask_classes: Iterable[int] = DEFAULT_S2_MASK_CLASSES, resampling: Optional[str] = None) -> S2Scene:
    """Open a Sentinel-2 L2A .SAFE folder or .zip on `grid` (default: the tile at `resolution` metres).

    `mask_classes` are the SCL classes kept by MASK. Raises LeafError, one sentence naming the file, for
    a Level-1C product, a corrupt zip, missing metadata or angle grids, an unsupported baseline, a
    corrupt band file or no overlap with the grid; a missing reflectance file is reported when the band
    is required (`require_reflectance`) or read.
    """
    return S2Scene(path, grid, resolution, mask_classes, resampling)


