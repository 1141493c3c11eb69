"""Read a Landsat Collection-2 Level-2 product (folder or .tar) with the reading interface of `Stack`.

`open_landsat(path)` gives a `LandsatScene` with bands SR_B1..SR_B7 (surface reflectance = DN x
REFLECTANCE_MULT + REFLECTANCE_ADD from the MTL, 2.75e-5 and -0.2 by default; DN 0 is fill), QA_PIXEL,
MASK (1 = keep, from chosen QA_PIXEL bits) and the angles SZA, SAA, VZA, VAA in degrees per pixel. The
files stay where they are: a tar is read through GDAL's /vsitar/ and never extracted, and every band is
read by windows (through a virtual warp when a target grid is given).

Angles, from the best source available:
* per-pixel angle files (`*_SZA.TIF`, `*_SAA.TIF`, `*_VZA.TIF`, `*_VAA.TIF`, int16 hundredths of a
  degree) when the product has them: exact (USGS values).
* otherwise the sun from `solar.sun_position` (NOAA equations, ~0.01 deg) at each pixel's longitude and
  latitude, and the view geometry from the satellite ephemeris in the ANG.txt file (ECEF positions,
  one a second): each pixel is taken as imaged when it lies in the plane through the satellite normal to
  its inertial velocity (a push-broom or whisk-broom line of sight at right angles to the flight
  direction), and VZA/VAA are the direction from the pixel (on the WGS84 ellipsoid, height 0) to the
  satellite at that time; the sun is then computed at that time too. This ignores the small along-track
  tilts of the detector rows, terrain height and ETM+/TM scan-mirror timing. VZA agrees with the USGS
  mean view vector (RPC_BAND04 MEAN_SAT_VECTOR, near nadir) of all six real ANG files within 0.13 deg.
  No per-pixel USGS view angles were available to check off-nadir pixels or VAA; VAA is meaningless
  close to nadir, where it swings by 180 degrees over a few pixels (SL2P uses only cos(SAA - VAA), and
  VZA ~ 0 there).
* without ANG.txt: VZA from the across-track distance d of the pixel to a nominal ground track through
  the scene centre with the orbit's heading (inclination 98.2 deg, Earth rotation included), for a
  spherical Earth (R = 6371 km) and the altitude 705 km: VZA = atan(sin(g) / (cos(g) - R / (R + h))),
  g = d / R. VAA points from the pixel to the track (perpendicular to it). The scene centre (centre of
  the MTL product corners) is not exactly on the track: on the two real products this differs from the
  ephemeris model by at most 0.18 deg in VZA and 6.6 deg in VAA where VZA > 3 deg. The sun is computed
  at the scene centre time (the scene takes ~25 s: error <= ~0.05 deg).
Angles are computed every ANGLE_STEP pixels and interpolated (error < 0.001 deg in VZA, SZA, SAA).
"""

import datetime
import math
import os
import re
import tarfile
from dataclasses import dataclass, field
from typing import Dict, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, osr

from .errors import LeafError
from .gdal_errors import read_array
from .gdalio import quiet
from .grid import Grid, warped_vrt
from .scene import Scene
from .solar import sun_position
from .xmldoc import parse_xml

QA_BITS = {"fill": 0, "dilated_cloud": 1, "cirrus": 2, "cloud": 3, "cloud_shadow": 4, "snow": 5, "water": 7}
DEFAULT_QA_MASK = (0, 2, 3, 4, 5, 7)     # LEAF Toolbox rule (spec sl2p.md 5.1): these bits all clear = keep
DEFAULT_SCALE, DEFAULT_OFFSET = 2.75e-5, -0.2
ANGLES = ("SZA", "SAA", "VZA", "VAA")
ALTITUDE_M = 705000.0
EARTH_RADIUS_M = 6371000.0
INCLINATION_DEG = 98.2
_OMEGA_EARTH = 7.2921150e-5              # rad/s
_WGS84_A, _WGS84_F = 6378137.0, 1 / 298.257223563
_LEVEL2 = ("L2SP", "L2SR")
ANGLE_STEP = 8                           # angles are computed every 8 pixels and interpolated

Window = Tuple[int, int, int, int]


# ----------------------------------------------------------------------------------------- metadata

def parse_odl(text: str) -> Dict[str, object]:
    """USGS ODL text (MTL.txt, ANG.txt) -> nested dicts {GROUP: {KEY: value}}; values are strings, or
    lists of strings for parenthesised tuples (which may span several lines)."""
    root: Dict[str, object] = {}
    stack = [root]
    pending = ""
    for line in text.splitlines():
        line = (pending + " " + line.strip()) if pending else line.strip()
        if not line or line == "END":
            continue
        if line.count("(") > line.count(")"):
            pending = line
            continue
        pending = ""
        if "=" not in line:
            raise ValueError("no '=' in %r" % line[:60])
        key, value = (s.strip() for s in line.split("=", 1))
        if key == "GROUP":
            stack[-1][value] = {}
            stack.append(stack[-1][value])
        elif key == "END_GROUP":
            if len(stack) == 1:
                raise ValueError("unbalanced END_GROUP")
            stack.pop()
        elif value.startswith("("):
            stack[-1][key] = [v.strip().strip('"') for v in value.strip("()").split(",") if v.strip()]
        else:
            stack[-1][key] = value.strip('"')
    if len(stack) != 1 or pending:
        raise ValueError("unterminated group or tuple")
    return root


def _parse_xml(text: str, name: str) -> Dict[str, object]:
    def walk(el):
        if not el.children:
            return (el.text or "").strip()
        return {child.tag: walk(child) for child in el.children}
    root = parse_xml(text, name)
    return {root.tag: walk(root)}


@dataclass
class LandsatMetadata:
    """What the reader needs from a Collection-2 MTL file."""

    product_id: str
    spacecraft: str                  # 'LANDSAT_8'
    sensor: str                      # 'L8'
    level: str                       # 'L2SP' or 'L2SR'
    collection: int
    date: str                        # 'YYYY-MM-DD'
    time: datetime.datetime          # scene centre time, naive UTC
    sun_azimuth: float               # degrees, at the scene centre
    sun_elevation: float
    centre_lon: float                # centre of the product corners (degrees)
    centre_lat: float
    files: Dict[str, str]            # 'SR_B3' / 'QA_PIXEL' -> file name
    scale: Dict[str, float] = field(default_factory=dict)
    offset: Dict[str, float] = field(default_factory=dict)
    cloud_cover: Optional[float] = None  # CLOUD_COVER (%), the scene property LEAF production filters on


def _corner_centre(attrs) -> Tuple[float, float]:
    """Centre of the four product corners, averaged as unit vectors (safe across the antimeridian)."""
    v = np.zeros(3)
    for c in ("UL", "UR", "LL", "LR"):
        lat, lon = math.radians(float(attrs["CORNER_%s_LAT_PRODUCT" % c])), math.radians(float(attrs["CORNER_%s_LON_PRODUCT" % c]))
        v += (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))
    return math.degrees(math.atan2(v[1], v[0])), math.degrees(math.atan2(v[2], math.hypot(v[0], v[1])))


def read_mtl(text: str, name: str = "the MTL file") -> LandsatMetadata:
    """Parse a Collection-2 Level-2 MTL (.txt ODL or .xml); LeafError naming `name` when it is not one."""
    try:
        tree = _parse_xml(text, name) if text.lstrip().startswith("<") else parse_odl(text)
        top = tree["LANDSAT_METADATA_FILE"]
        contents, image = top["PRODUCT_CONTENTS"], top["IMAGE_ATTRIBUTES"]
        proj = top["PROJECTION_ATTRIBUTES"]
        level = contents["PROCESSING_LEVEL"].upper()
        collection = int(contents["COLLECTION_NUMBER"])
        spacecraft = image["SPACECRAFT_ID"].upper()
        date = image["DATE_ACQUIRED"]
        clock = image["SCENE_CENTER_TIME"].rstrip("Z")
        hms, _, frac = clock.partition(".")
        when = datetime.datetime.strptime(date + " " + hms, "%Y-%m-%d %H:%M:%S")
        when += datetime.timedelta(microseconds=round(float("0." + (frac or "0")) * 1e6))
        sun_az, sun_el = float(image["SUN_AZIMUTH"]), float(image["SUN_ELEVATION"])
        lon, lat = _corner_centre(proj)
        product_id = contents.get("LANDSAT_PRODUCT_ID", "")
    except (KeyError, ValueError, TypeError, AttributeError) as e:
        raise LeafError("%s is not a Landsat Collection-2 MTL file that can be read (%s)." % (name, e)) from None
    if not level.startswith("L2"):
        raise LeafError("%s describes a Level-1 product (%s); surface reflectance needs a Level-2 (L2SP or L2SR) "
                        "product." % (name, level))
    if level not in _LEVEL2 or collection != 2:
        raise LeafError("%s describes a %s product of collection %d; only Collection-2 L2SP/L2SR products are "
                        "supported." % (name, level, collection))
    m = re.match(r"LANDSAT_(\d)$", spacecraft)
    if not m:
        raise LeafError("%s names an unknown spacecraft %s." % (name, spacecraft))
    files = {}
    for key, value in contents.items():
        b = re.match(r"FILE_NAME_BAND_(\d+)$", key)
        if b:
            files["SR_B%s" % b.group(1)] = value
    if "FILE_NAME_QUALITY_L1_PIXEL" in contents:
        files["QA_PIXEL"] = contents["FILE_NAME_QUALITY_L1_PIXEL"]
    meta = LandsatMetadata(product_id, spacecraft, "L" + m.group(1), level, collection, date, when, sun_az, sun_el,
                           lon, lat, files)
    try:
        meta.cloud_cover = float(image["CLOUD_COVER"]) if image.get("CLOUD_COVER") not in (None, "") else None
    except ValueError:
        meta.cloud_cover = None
    sr = top.get("LEVEL2_SURFACE_REFLECTANCE_PARAMETERS") or {}
    for band in files:
        n = band[4:]
        try:
            meta.scale[band] = float(sr.get("REFLECTANCE_MULT_BAND_%s" % n, DEFAULT_SCALE))
            meta.offset[band] = float(sr.get("REFLECTANCE_ADD_BAND_%s" % n, DEFAULT_OFFSET))
        except ValueError:
            raise LeafError("%s has an unreadable reflectance scale for band %s." % (name, n)) from None
    return meta


@dataclass
class Ephemeris:
    """Satellite ECEF positions (m) at `times` seconds after `epoch` (naive UTC), from ANG.txt."""

    epoch: datetime.datetime
    times: np.ndarray
    xyz: np.ndarray                  # (n, 3)

    @classmethod
    def from_ang(cls, text: str, name: str = "the ANG file") -> "Ephemeris":
        try:
            eph = parse_odl(text)["EPHEMERIS"]
            epoch = (datetime.datetime(int(eph["EPHEMERIS_EPOCH_YEAR"]), 1, 1)
                     + datetime.timedelta(days=int(eph["EPHEMERIS_EPOCH_DAY"]) - 1,
                                          seconds=float(eph["EPHEMERIS_EPOCH_SECONDS"])))
            times = np.array(eph["EPHEMERIS_TIME"], dtype=np.float64)
            xyz = np.column_stack([np.array(eph["EPHEMERIS_ECEF_%s" % a], dtype=np.float64) for a in "XYZ"])
        except (KeyError, ValueError, TypeError) as e:
            raise LeafError("%s is not a Landsat angle coefficient file that can be read (%s)." % (name, e)) from None
        if len(times) < 2 or xyz.shape != (len(times), 3) or np.any(np.diff(times) <= 0):
            raise LeafError("%s has no usable satellite ephemeris." % name)
        return cls(epoch, times, xyz)

    def position(self, t):
        return np.stack([np.interp(t, self.times, self.xyz[:, i]) for i in range(3)], axis=-1)

    def velocity(self, t):
        v = np.gradient(self.xyz, self.times, axis=0)
        return np.stack([np.interp(t, self.times, v[:, i]) for i in range(3)], axis=-1)


# ----------------------------------------------------------------------------------------- geometry

def _ecef(lon, lat):
    """WGS84 ECEF (m) of points at height 0, and their local east/north/up unit vectors."""
    lam, phi = np.radians(lon), np.radians(lat)
    e2 = _WGS84_F * (2 - _WGS84_F)
    n = _WGS84_A / np.sqrt(1 - e2 * np.sin(phi) ** 2)
    p = np.stack([n * np.cos(phi) * np.cos(lam), n * np.cos(phi) * np.sin(lam), n * (1 - e2) * np.sin(phi)], -1)
    east = np.stack([-np.sin(lam), np.cos(lam), np.zeros_like(lam)], -1)
    north = np.stack([-np.sin(phi) * np.cos(lam), -np.sin(phi) * np.sin(lam), np.cos(phi)], -1)
    up = np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], -1)
    return p, east, north, up


def view_from_ephemeris(eph: Ephemeris, lon, lat):
    """(VZA, VAA, imaging time in seconds after eph.epoch) per point, see the module docstring."""
    p, east, north, up = _ecef(np.asarray(lon, float), np.asarray(lat, float))
    t = np.full(p.shape[:-1], 0.5 * (eph.times[0] + eph.times[-1]))
    omega = np.array([0.0, 0.0, _OMEGA_EARTH])
    for _ in range(6):  # Newton on g(t) = (S(t) - P) . u(t), u = inertial velocity direction
        s, v = eph.position(t), eph.velocity(t)
        u = v + np.cross(omega, s)
        u /= np.linalg.norm(u, axis=-1, keepdims=True)
        t = np.clip(t - np.sum((s - p) * u, -1) / np.sum(v * u, -1), eph.times[0] - 30, eph.times[-1] + 30)
    los = eph.position(t) - p
    los /= np.linalg.norm(los, axis=-1, keepdims=True)
    vza = np.degrees(np.arccos(np.clip(np.sum(los * up, -1), -1, 1)))
    vaa = np.mod(np.degrees(np.arctan2(np.sum(los * east, -1), np.sum(los * north, -1))), 360.0)
    return vza, vaa, t


def view_from_track(centre_lon: float, centre_lat: float, lon, lat, descending: bool = True):
    """(VZA, VAA) per point from the across-track distance to a nominal ground track through the scene
    centre (spherical Earth, altitude 705 km, inclination 98.2 deg, Earth rotation included); see the
    module docstring for the formula and its accuracy. Landsat images the day side on its descending
    (north-to-south) pass."""
    phi0 = math.radians(centre_lat)
    inc = math.radians(INCLINATION_DEG)
    # inertial ground-track heading at latitude phi0, then the Earth's rotation under it
    s = max(-1.0, min(1.0, math.cos(inc) / math.cos(phi0)))
    heading = math.pi - math.asin(s) if descending else math.asin(s)
    v_orbit = 2 * math.pi * (EARTH_RADIUS_M + ALTITUDE_M) / 5933.0 * EARTH_RADIUS_M / (EARTH_RADIUS_M + ALTITUDE_M)
    ve, vn = v_orbit * math.sin(heading) - _OMEGA_EARTH * EARTH_RADIUS_M * math.cos(phi0), v_orbit * math.cos(heading)
    heading = math.atan2(ve, vn)
    # signed across-track angular distance of each point to the great circle (centre, heading)
    p, _, _, _ = _ecef(np.asarray(lon, float), np.asarray(lat, float))
    p = p / np.linalg.norm(p, axis=-1, keepdims=True)
    c, east, north, _ = _ecef(np.array(centre_lon), np.array(centre_lat))
    c = c / np.linalg.norm(c)
    direction = math.sin(heading) * east + math.cos(heading) * north
    normal = np.cross(c, direction)                               # pole of the track (to its left)
    g = np.arcsin(np.clip(p @ normal, -1, 1))                     # > 0: left of the track
    ratio = EARTH_RADIUS_M / (EARTH_RADIUS_M + ALTITUDE_M)
    vza = np.degrees(np.arctan2(np.abs(np.sin(g)), np.cos(g) - ratio))
    # toward the track: perpendicular to it, to the right for points left of the track
    vaa = np.mod(np.degrees(heading) + np.where(g > 0, 90.0, -90.0), 360.0)
    return vza, vaa


# ----------------------------------------------------------------------------------------- product files

class _Product:
    """The files of a product folder or of a .tar holding one (read through /vsitar/, never extracted)."""

    def __init__(self, path: str):
        self.path = path
        self.members: Dict[str, str] = {}        # base name -> GDAL path
        self._tar_names: Dict[str, str] = {}     # base name -> member name
        if os.path.isdir(path):
            for f in os.listdir(path):
                self.members[f] = os.path.join(path, f)
        elif os.path.isfile(path) and path.lower().endswith(".tar"):
            self._list_tar()
        else:
            raise LeafError("The Landsat product %s is neither a folder nor a .tar file." % path)

    def _list_tar(self):
        size = os.path.getsize(self.path)
        try:
            with tarfile.open(self.path, "r:") as tf:
                members = tf.getmembers()
        except (tarfile.TarError, OSError, EOFError) as e:
            raise LeafError("The Landsat archive %s is not a readable tar file (%s)." % (self.path, e)) from None
        folders = set()
        for m in members:
            parts = m.name.replace("\\", "/").split("/")
            if m.name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", m.name):
                raise LeafError("The Landsat archive %s has a member %s outside its folder." % (self.path, m.name))
            if not m.isfile():
                continue
            if m.offset_data + m.size > size:
                raise LeafError("The Landsat archive %s is truncated (member %s is incomplete)." % (self.path, m.name))
            folders.add("/".join(parts[:-1]))
            self.members[parts[-1]] = "/vsitar/%s/%s" % (os.path.abspath(self.path), m.name)
            self._tar_names[parts[-1]] = m.name
        if len(folders) > 1:
            raise LeafError("The Landsat archive %s holds several folders; it should hold one product." % self.path)

    def read_text(self, name: str) -> str:
        try:
            if name in self._tar_names:
                with tarfile.open(self.path, "r:") as tf:
                    return tf.extractfile(self._tar_names[name]).read().decode("utf-8", "replace")
            with open(self.members[name], encoding="utf-8", errors="replace") as f:
                return f.read()
        except (OSError, tarfile.TarError, EOFError, AttributeError) as e:
            raise LeafError("Could not read %s in %s (%s)." % (name, self.path, e)) from None

    def find(self, suffix: str) -> Optional[str]:
        hits = sorted(n for n in self.members if n.upper().endswith(suffix.upper()))
        return hits[0] if hits else None


def _open(path: str, label: str):
    ds, msg = quiet(lambda: gdal.Open(path))
    if ds is None:
        raise LeafError("The band file %s is not a raster GDAL can read%s." % (label, (" (%s)" % msg) if msg else ""))
    return ds


@dataclass
class _Band:
    kind: str                        # 'sr', 'qa', 'angle_file', 'angle', 'mask'
    ds: object = None                # GDAL dataset on the scene grid (SR, QA, angle files)
    scale: float = 1.0
    offset: float = 0.0
    file: str = ""


# ----------------------------------------------------------------------------------------- the scene

class LandsatScene(Scene):
    """A Landsat C2 L2 product opened for windowed reading, with the reading interface of `Stack`."""

    def __init__(self, path: str, grid: Optional[Grid] = None, mask_bits: Sequence[int] = DEFAULT_QA_MASK,
                 resampling: Optional[str] = None):
        self.resampling = resampling  # reflectance onto the grid; None: average going coarser, else nearest
        self.path = path
        product = _Product(path)
        mtl = product.find("_MTL.txt") or product.find("_MTL.xml")
        if mtl is None:
            raise LeafError("The Landsat product %s has no MTL metadata file (*_MTL.txt or *_MTL.xml)." % path)
        where = os.path.join(path, mtl) if os.path.isdir(path) else "%s/%s" % (path, mtl)   # the file, named in full
        self.metadata = meta = read_mtl(product.read_text(mtl), where)
        self.sensor, self.date = meta.sensor, meta.date
        self.cloud_cover, self.acquired = meta.cloud_cover, meta.time   # %, naive UTC datetime
        self.mask_bits = tuple(int(b) for b in mask_bits)
        if any(b < 0 or b > 15 for b in self.mask_bits):
            raise LeafError("QA_PIXEL mask bits must be between 0 and 15, not %s." % (self.mask_bits,))
        for band in sorted(meta.files):
            if meta.files[band] not in product.members:
                raise LeafError("The Landsat product %s lacks the band file %s." % (path, meta.files[band]))
        if "QA_PIXEL" not in meta.files:
            raise LeafError("The MTL file %s lists no QA_PIXEL file." % mtl)
        sources = {b: _open(product.members[meta.files[b]], meta.files[b]) for b in meta.files}
        angle_files = {a: product.find("_%s.TIF" % a) for a in ANGLES}
        for a, f in angle_files.items():
            if f:
                sources[a] = _open(product.members[f], f)
        native = Grid.from_dataset(sources["QA_PIXEL"])
        self.grid = grid or native
        self.width, self.height = self.grid.width, self.grid.height
        self.geotransform, self.projection = tuple(self.grid.geotransform), self.grid.projection
        coarser = grid is not None and _pixel_size_m(self.grid) > _pixel_size_m(native) * 1.01
        self.bands: Dict[str, _Band] = {}
        self._keep = list(sources.values())  # GDAL sources of the VRTs below stay alive with the scene
        for name, ds in sources.items():
            f = meta.files.get(name) or angle_files.get(name)
            if name.startswith("SR_"):  # float VRT with fill 0 as no data: averages skip fill, no rounding
                src = gdal.Translate("", ds, format="VRT", noData=0, outputType=gdal.GDT_Float32)
                self._keep.append(src)
                info = _Band("sr", self._on_grid(src, self.resampling or ("average" if coarser else "near"), f),
                             meta.scale[name],
                             meta.offset[name], f)
            elif name == "QA_PIXEL":    # outside the product reads as fill (1): never kept by the mask
                src = gdal.Translate("", ds, format="VRT", noData=1)
                self._keep.append(src)
                info = _Band("qa", self._on_grid(src, "near", f), file=f)
            else:                       # per-pixel angle file, int16 hundredths of a degree
                info = _Band("angle_file", self._on_grid(ds, "average" if coarser else "near", f), 0.01, 0.0, f)
            self.bands[name] = info
        self.bands["MASK"] = _Band("mask", file=meta.files["QA_PIXEL"])
        for a in ANGLES:
            self.bands.setdefault(a, _Band("angle"))
        ang = product.find("_ANG.txt")
        self.ephemeris = Ephemeris.from_ang(product.read_text(ang), ang) if ang else None
        self.angle_source = ("angle files" if all(angle_files.values()) else
                             "ephemeris" if self.ephemeris else "nominal track")
        self._cache: Tuple[Optional[Window], Dict[str, np.ndarray]] = (None, {})

    def _on_grid(self, ds, resampling: str, label: str):
        """ds itself when it is already on the scene grid, else a virtual warp onto it."""
        same = (ds.RasterXSize == self.grid.width and ds.RasterYSize == self.grid.height
                and np.allclose(ds.GetGeoTransform(), self.grid.geotransform, rtol=0, atol=1e-6)
                and _same_crs(ds.GetProjection(), self.grid.projection))
        return ds if same else warped_vrt(ds, self.grid, resampling, name=label)

    # Stack interface ---------------------------------------------------------------------------
    def close(self):
        self.bands, self._keep = {}, []
        self._cache = (None, {})

    def require_reflectance(self, names):
        missing = [n for n in names if n not in self.bands or self.bands[n].kind != "sr"]
        if missing:
            raise LeafError("The Landsat product %s (%s) has no reflectance band %s (its bands are: %s)." % (
                self.path, self.sensor, ", ".join(missing),
                ", ".join(n for n, b in self.bands.items() if b.kind == "sr")))

    def read(self, name: str, window: Window) -> Tuple[np.ndarray, np.ndarray]:
        """(float64 values, True where the pixel has data) of one band over a window."""
        info = self.bands[name]
        if info.kind == "sr":
            raw = self._raw(info, window)
            values = raw.astype(np.float64) * info.scale + info.offset
            return values, raw != 0
        if info.kind == "qa":
            raw = self._raw(info, window)
            return raw.astype(np.float64), (raw.astype(np.int64) & 1) == 0
        if info.kind == "mask":
            qa = self._raw(self.bands["QA_PIXEL"], window).astype(np.int64)
            bits = sum(1 << b for b in self.mask_bits) | 1   # fill is never kept
            return ((qa & bits) == 0).astype(np.float64), np.ones(qa.shape, dtype=bool)
        if info.kind == "angle_file":
            raw = self._raw(info, window).astype(np.float64)
            return raw * info.scale, np.isfinite(raw)
        values = self._angles(window)[name]
        return values.copy(), np.isfinite(values)

    # internals ---------------------------------------------------------------------------------
    def _raw(self, info: _Band, window: Window) -> np.ndarray:
        return read_array(info.ds.GetRasterBand(1), window, info.file)

    def lonlat(self, window: Window, step: int = 1) -> Tuple[np.ndarray, np.ndarray]:
        """Longitude and latitude (degrees, WGS84) of the pixel centres of a window (every `step`-th
        pixel, always including the window's last row and column)."""
        rows, cols = _samples(window[1], window[3], step), _samples(window[0], window[2], step)
        col, row = np.meshgrid(cols + 0.5, rows + 0.5)
        gt = self.geotransform
        x = gt[0] + col * gt[1] + row * gt[2]
        y = gt[3] + col * gt[4] + row * gt[5]
        pts = np.array(_to_wgs84(self.projection).TransformPoints(np.column_stack([x.ravel(), y.ravel()])))
        return pts[:, 0].reshape(x.shape), pts[:, 1].reshape(x.shape)

    def _angles(self, window: Window) -> Dict[str, np.ndarray]:
        """SZA, SAA, VZA, VAA over a window, computed once per window (see the module docstring).

        They are computed every ANGLE_STEP pixels and interpolated bilinearly: SZA directly, the
        azimuths and VZA through the horizontal unit vector scaled by sin(zenith), which stays smooth
        where the view azimuth flips by 180 degrees across the nadir line (tests/test_landsat.py bounds
        the interpolation error against per-pixel computation)."""
        if self._cache[0] == tuple(window):
            return self._cache[1]
        lon, lat = self.lonlat(window, ANGLE_STEP)
        meta = self.metadata
        if self.ephemeris is not None:
            vza, vaa, t = view_from_ephemeris(self.ephemeris, lon, lat)
            sza, saa = sun_position(self.ephemeris.epoch, lon, lat, t)
        else:
            vza, vaa = view_from_track(meta.centre_lon, meta.centre_lat, lon, lat)
            sza, saa = sun_position(meta.time, lon, lat)
        rows_c, cols_c = _samples(window[1], window[3], ANGLE_STEP), _samples(window[0], window[2], ANGLE_STEP)
        rows, cols = np.arange(window[1], window[1] + window[3]), np.arange(window[0], window[0] + window[2])
        out = {}
        for zen_name, az_name, zen, az in (("SZA", "SAA", sza, saa), ("VZA", "VAA", vza, vaa)):
            sz = np.sin(np.radians(zen))
            east = _bilinear(sz * np.sin(np.radians(az)), rows_c, cols_c, rows, cols)
            north = _bilinear(sz * np.cos(np.radians(az)), rows_c, cols_c, rows, cols)
            if zen_name == "VZA":  # |across-track distance| has a kink at nadir; its sine vector has none
                out[zen_name] = np.degrees(np.arcsin(np.clip(np.hypot(east, north), 0.0, 1.0)))
            else:
                out[zen_name] = _bilinear(zen, rows_c, cols_c, rows, cols)
            out[az_name] = np.mod(np.degrees(np.arctan2(east, north)), 360.0)
        for a in ANGLES:  # product angle files win over computed angles
            if self.bands[a].kind == "angle_file":
                out[a] = self.read(a, window)[0]
        self._cache = (tuple(window), out)
        return out


def _samples(start: int, size: int, step: int) -> np.ndarray:
    """Pixel indices start, start + step, ... and always the last one (start + size - 1)."""
    return np.unique(np.append(np.arange(start, start + size, step), start + size - 1))


def _bilinear(coarse: np.ndarray, rows_c, cols_c, rows, cols) -> np.ndarray:
    """Separable linear interpolation of values given at (rows_c x cols_c) onto (rows x cols)."""
    along = np.stack([np.interp(cols, cols_c, line) for line in coarse])         # (len(rows_c), len(cols))
    return np.stack([np.interp(rows, rows_c, along[:, j]) for j in range(along.shape[1])], axis=1)


def _to_wgs84(wkt: str):
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromWkt(wkt)
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(src, dst)


def _pixel_size_m(grid: Grid) -> float:
    """Ground size (m) of a pixel at the grid's centre, whatever its CRS (geographic grids included)."""
    gt, ct = grid.geotransform, _to_wgs84(grid.projection)
    cx, cy = gt[0] + gt[1] * grid.width / 2, gt[3] + gt[5] * grid.height / 2
    (lon0, lat0, _), (lon1, lat1, _) = ct.TransformPoint(cx, cy), ct.TransformPoint(cx + gt[1], cy)
    p0, _, _, _ = _ecef(np.array(lon0), np.array(lat0))
    p1, _, _, _ = _ecef(np.array(lon1), np.array(lat1))
    return float(np.linalg.norm(p1 - p0))


def _same_crs(a: str, b: str) -> bool:
    if a == b:
        return True
    sa, sb = osr.SpatialReference(), osr.SpatialReference()
    return sa.ImportFromWkt(a or "") == 0 and sb.ImportFromWkt(b or "") == 0 and bool(sa.IsSame(sb))


def open_landsat(path: str, grid: Optional[Grid] = None, mask_bits: Sequence[int] = DEFAULT_QA_MASK,
                 resampling: Optional[str] = None) -> LandsatScene:
    """Open a Landsat Collection-2 Level-2 product folder or .tar on its own grid or on `grid`
    (`resampling` of reflectance: default average going coarser, else nearest)."""
    return LandsatScene(path, grid, mask_bits, resampling)

