"""Is the input physically plausible? Checks made once, before the first window, so that a bad input is one
sentence instead of an empty or wrong map with exit code 0.

* numbers given by the user (angle constants, resolution) are finite and in range;
* a grid has a finite, non-zero pixel size, and its CRS tag fits its coordinates (degrees for a geographic
  CRS; UTM-looking numbers tagged EPSG:4326 are refused);
* angle bands hold degrees in range (zeniths 0-90, azimuths -360-360);
* reflectance stored in a raster (analysis-ready stacks, STAC assets) is reflectance, not digital numbers;
* a land-cover layer overlaps the grid.

Bands are sampled cheaply: `SAMPLE_WINDOWS` small windows spread over the grid, read like any other window.
"""

import math
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import osr

from .errors import LeafError, LeafWarning

ZENITHS = ("SZA", "VZA")
AZIMUTHS = ("SAA", "VAA", "RAA")
ZENITH_RANGE = (0.0, 90.0)
AZIMUTH_RANGE = (-360.0, 360.0)
DN_THRESHOLD = 1.5           # reflectance above this is not reflectance (0-1, a little above 1 at most)
SAMPLE_WINDOWS = 5
SAMPLE_SIZE = 32


def angle_range(name: str) -> Tuple[float, float]:
    return ZENITH_RANGE if name in ZENITHS else AZIMUTH_RANGE


# --------------------------------------------------------------------------------------------
# Numbers the user gives
# --------------------------------------------------------------------------------------------

def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def check_resolution(resolution) -> Optional[float]:
    """None stays None; otherwise a finite positive number (one sentence else)."""
    if resolution is None:
        return None
    number = _number(resolution)
    if not (math.isfinite(number) and number > 0):
        raise LeafError("The output resolution %s is not a positive number of CRS units." % (resolution,))
    return number


def check_angle_constants(constants: Dict[str, float]) -> Dict[str, float]:
    """Angle constants (degrees) by name, each finite and in its range."""
    out = {}
    for name, value in (constants or {}).items():
        key = str(name).upper()
        number = _number(value)
        if not math.isfinite(number):
            raise LeafError("The constant %s = %s is not a finite number of degrees." % (key, value))
        lo, hi = angle_range(key)
        if not lo <= number <= hi:
            raise LeafError("The constant %s = %g is outside %g-%g degrees." % (key, number, lo, hi))
        out[key] = number
    return out


# --------------------------------------------------------------------------------------------
# Grids and CRS tags
# --------------------------------------------------------------------------------------------

def _srs(wkt: str):
    if not wkt:
        return None
    srs = osr.SpatialReference()
    if srs.SetFromUserInput(wkt) != 0:
        return None
    return srs


def crs_label(wkt: str) -> str:
    srs = _srs(wkt)
    if srs is None:
        return "no CRS"
    srs.AutoIdentifyEPSG()
    if srs.GetAuthorityName(None) and srs.GetAuthorityCode(None):
        return "%s:%s" % (srs.GetAuthorityName(None), srs.GetAuthorityCode(None))
    return srs.GetName() or "a custom CRS"


def check_bounds_fit_crs(bounds: Sequence[float], wkt: str, kind: str, name: str):
    """Refuse coordinates that cannot be in the geographic CRS they are tagged with (numbers beyond +-360 / +-90,
    e.g. UTM numbers tagged EPSG:4326). `kind` says what `name` is: 'input', 'extent' or 'area' (a layer)."""
    srs = _srs(wkt)
    xmin, ymin, xmax, ymax = bounds
    if not all(math.isfinite(v) for v in bounds):
        raise LeafError("The coordinates of %s are not finite numbers." % name)
    if srs is None or not srs.IsGeographic():
        return
    if -360 <= min(xmin, xmax) and max(xmin, xmax) <= 360 and -90.000001 <= min(ymin, ymax) and \
            max(ymin, ymax) <= 90.000001:
        return
    tag, x, y = crs_label(wkt), xmin, ymax
    if kind == "extent":
        raise LeafError("The extent %s is tagged %s, whose coordinates are degrees, but its coordinates (%.10g, %.10g) "
                        "are not degrees; tag it with the CRS its coordinates are in (e.g. its UTM zone)." % (
                            name, tag, x, y))
    if kind == "area":
        raise LeafError("The area layer %s is tagged %s, whose coordinates are degrees, but its coordinates (%.10g, "
                        "%.10g) are not degrees; give it the CRS its coordinates are in (e.g. its UTM zone)." % (
                            name, tag, x, y))
    raise LeafError("The input %s is tagged %s, whose coordinates are degrees, but its coordinates (%.10g, %.10g) are "
                    "not degrees; tag it with the CRS its coordinates are in (e.g. its UTM zone)." % (name, tag, x, y))


def check_grid(scene):
    """A scene's pixel size is finite and non-zero, and its CRS tag fits its coordinates."""
    gt = tuple(scene.geotransform or ())
    if len(gt) != 6 or not all(math.isfinite(float(v)) for v in gt) or gt[1] == 0 or gt[5] == 0 \
            or scene.width <= 0 or scene.height <= 0:
        raise LeafError("The input %s has no valid georeferencing (geotransform %s, %d x %d pixels); georeference it "
                        "first." % (scene.path, gt, scene.width, scene.height))
    bounds = (gt[0], gt[3] + gt[5] * scene.height, gt[0] + gt[1] * scene.width, gt[3])
    check_bounds_fit_crs((min(bounds[0], bounds[2]), min(bounds[1], bounds[3]), max(bounds[0], bounds[2]),
                          max(bounds[1], bounds[3])), scene.projection, "input", scene.path)
    srs = _srs(scene.projection)
    if srs is not None and srs.IsProjected() and abs(gt[1]) < 0.01 and \
            all(abs(v) <= 180 for v in (bounds[0], bounds[2])) and all(abs(v) <= 90 for v in (bounds[1], bounds[3])):
        raise LeafError("The input %s is tagged %s (a projected CRS), but its coordinates (%.10g, %.10g) and pixel size "
                        "%.3g look like degrees; tag it with its geographic CRS (e.g. EPSG:4326)." % (
                            scene.path, crs_label(scene.projection), bounds[0], bounds[3], abs(gt[1])))


# --------------------------------------------------------------------------------------------
# Sampled band values
# --------------------------------------------------------------------------------------------

def sample_windows(width: int, height: int, n: int = SAMPLE_WINDOWS, size: int = SAMPLE_SIZE) -> List[tuple]:
    """Up to `n` small windows spread over a grid (its centre and the centres of its quarters)."""
    if width <= 2 * size and height <= 2 * size:
        return [(0, 0, width, height)]
    out = []
    for fx, fy in ((0.5, 0.5), (0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))[:n]:
        w, h = min(size, width), min(size, height)
        x = min(max(0, int(fx * width) - w // 2), width - w)
        y = min(max(0, int(fy * height) - h // 2), height - h)
        if (x, y, w, h) not in out:
            out.append((x, y, w, h))
    return out


def sample(scene, name: str, windows: Iterable[tuple]) -> np.ndarray:
    """The values of band `name` that have data, over the windows."""
    parts = []
    for window in windows:
        values, has = scene.read(name, window)
        values = np.asarray(values, dtype=np.float64)
        parts.append(values[np.asarray(has, dtype=bool) & np.isfinite(values)])
    return np.concatenate(parts) if parts else np.zeros(0)


def stores_reflectance(scene) -> bool:
    """True when the scene's reflectance is a raster's stored values (stacks, STAC assets), not computed by a
    product reader from the product's own metadata."""
    from .stac import AssetScene
    from .stack import Stack
    inner = getattr(scene, "_scene", None)
    if inner is not None:
        return stores_reflectance(inner)
    if hasattr(scene, "scenes"):
        return any(stores_reflectance(s) for s in scene.scenes)
    return isinstance(scene, (Stack, AssetScene))


def check_angle_bands(scene, windows=None):
    """Angle bands of the scene hold degrees in range (sampled)."""
    windows = windows or sample_windows(scene.width, scene.height)
    for name in ZENITHS + AZIMUTHS:
        if not scene.has(name):
            continue
        values = sample(scene, name, windows)
        if values.size == 0:
            continue
        lo, hi = angle_range(name)
        bad = values[(values < lo - 1e-6) | (values > hi + 1e-6)]
        if bad.size:
            worst = bad[np.argmax(np.abs(bad))]
            raise LeafError("The %s band of %s holds %g, outside %g-%g degrees; angle bands must be in degrees." % (
                name, scene.path, worst, lo, hi))


def check_reflectance(scene, bands: Sequence[str], windows=None):
    """Stored reflectance is reflectance: a band whose sampled values are mostly above DN_THRESHOLD holds
    digital numbers, which need a scale and an offset."""
    if not stores_reflectance(scene):
        return
    windows = windows or sample_windows(scene.width, scene.height)
    for name in bands:
        if not scene.has(name):
            continue
        values = sample(scene, name, windows)
        if values.size < 10:
            continue
        if np.mean(values > DN_THRESHOLD) > 0.5:
            raise LeafError("Band %s of %s holds values around %g, which are digital numbers rather than reflectance "
                            "(0-1); set its scale and offset (e.g. gdal_edit -scale 0.0001 -offset 0) or give SCALE= "
                            "in the band map." % (name, scene.path, float(np.median(values))))


def check_scene(scene, reflectance: Sequence[str] = ()):
    """Everything this module checks about a scene before the first window."""
    check_grid(scene)
    windows = sample_windows(scene.width, scene.height)
    check_angle_bands(scene, windows)
    check_reflectance(scene, reflectance, windows)


# --------------------------------------------------------------------------------------------
# Land cover
# --------------------------------------------------------------------------------------------

def landcover_coverage(ds, scene, label: str, log=lambda m: None) -> float:
    """The fraction of the scene's extent the land-cover raster covers; one sentence when it has no CRS or
    does not overlap the scene; a warning when it covers only part of it."""
    from .grid import footprint_in
    if not ds.GetProjection():
        raise LeafError("The land-cover layer %s has no coordinate reference system; assign one first." % label)
    try:
        lx0, ly0, lx1, ly1 = footprint_in(ds, scene.projection)
    except Exception:   # noqa: BLE001 (PROJ cannot transform: no common area)
        lx0 = ly0 = lx1 = ly1 = float("nan")
    gt = scene.geotransform
    sx0, sx1 = sorted((gt[0], gt[0] + gt[1] * scene.width))
    sy0, sy1 = sorted((gt[3], gt[3] + gt[5] * scene.height))
    if not all(math.isfinite(v) for v in (lx0, ly0, lx1, ly1)):
        raise LeafError("The land-cover layer %s cannot be placed on the grid of %s (its CRS %s does not reach "
                        "the area)." % (label, scene.path, crs_label(ds.GetProjection())))
    w = max(0.0, min(lx1, sx1) - max(lx0, sx0))
    h = max(0.0, min(ly1, sy1) - max(ly0, sy0))
    area = (sx1 - sx0) * (sy1 - sy0)
    fraction = w * h / area if area > 0 else 0.0
    if fraction <= 0:
        raise LeafError("The land-cover layer %s does not overlap the input %s; give a land-cover raster that "
                        "covers the area." % (label, scene.path))
    if fraction < 0.999:
        log(LeafWarning("The land-cover layer %s covers only %.0f %% of the input %s; pixels outside it get no "
                        "estimate." % (label, 100 * fraction, scene.path)))
    return fraction
