"""Numpy evaluator of Earth Engine Cloud API expression graphs (offline tests).

``evaluate(expression, images, collections, grid=None)`` walks the serialized
expression (``{"result": "0", "values": {...}}``) produced by
``ee.serializer.encode(obj, for_cloud_api=True)`` and returns plain Python
values, or :class:`EEImage` / :class:`EECollection` / ... objects.  ``to_json``
turns any result into the JSON that ``value:compute`` returns.

This is a test double, not a reimplementation of Earth Engine: see the
module-level notes in ``SIMPLIFICATIONS`` for what is simplified.  Any
function that is not implemented raises :class:`UnsupportedFunctionError`, which
the fake server turns into HTTP 400 ``local evaluator: unsupported function X``.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

SIMPLIFICATIONS = """
- Pixel values are float64 internally; a band carries an EE-like type tag
  (uint8 .. int64, float, double) used for casts, getInfo data_type and the
  GeoTIFF type.  integer op integer keeps an integer tag (union of the ranges);
  divide/pow/exp/log/sqrt/trig give 'double'; mask() gives 'float';
  comparisons/and/or/not give 'uint8'.
- Images are evaluated eagerly: on the computePixels grid when one is given
  (fixtures must share its CRS and pixel size and sit at an integer pixel
  offset, else HTTP 400 "local evaluator supports only aligned windows";
  pixels outside a fixture are masked), else on each fixture's native grid.
  Constants are 1x1 arrays broadcast by numpy.  value:compute evaluates
  metadata only (fixture pixels become 1x1 placeholders).
- Band pairing as documented: equal counts pair by position, a 1-band operand
  is broadcast, names come from the longer operand (image1 on ties); the output
  mask is the AND of the input masks (masks are boolean, not fractional).
- Image.mod uses np.fmod (sign of the dividend); divide/mod by 0 give 0;
  round is half away from zero; casts truncate toward zero and saturate.
- Image.unmask ignores sameFootprint.  Image.mask(img, mask) replaces the mask
  by (mask value != 0 and mask valid) without zero-filling values.
- Image.select matches exact names, then RE2-like full-match regexes, or ints
  as band indexes.
- Image.reduce supports Reducer.max/min/sum/mean/anyNonZero/allNonZero over
  valid bands (all masked -> masked).
- Filter.intersects / filterBounds compare bounding boxes in EPSG:4326 (image
  footprint = its native grid's bbox transformed with osr; constants cover the
  globe).  Other geometry operations are not implemented.
- Collection.limit(key=...) sorts with Python ordering, missing values last.
- Dates are UTC milliseconds; time zones are ignored; Date.advance supports
  second/minute/hour/day/week (fixed length) and month/year (calendar).
- Element.get of a missing property returns null.
"""


class EvalError(Exception):
    """An error in evaluating an expression (HTTP 400)."""


class UnsupportedFunctionError(EvalError):
    def __init__(self, name: str):
        super().__init__(f"local evaluator: unsupported function {name}")
        self.function_name = name


class NotFoundError(EvalError):
    """A missing asset."""


# --------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------

INT_RANGES = {
    "int8": (-(2**7), 2**7 - 1),
    "uint8": (0, 2**8 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "uint16": (0, 2**16 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
}
FLOAT_TYPES = ("float", "double")


def _is_int_type(t: str) -> bool:
    return t in INT_RANGES


def _union_type(a: str, b: str) -> str:
    if a == "double" or b == "double":
        return "double"
    if a == "float" or b == "float":
        return "float"
    if a == b:
        return a
    lo = min(INT_RANGES[a][0], INT_RANGES[b][0])
    hi = max(INT_RANGES[a][1], INT_RANGES[b][1])
    for name, (tlo, thi) in INT_RANGES.items():
        if tlo <= lo and hi <= thi:
            return name
    return "int64"


def _type_of_dtype(dtype: np.dtype) -> str:
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return "uint8"
    if dtype.kind in "iu":
        return str(dtype)
    if dtype == np.float32:
        return "float"
    return "double"


def _type_of_number(v: Any) -> str:
    if isinstance(v, bool):
        return "uint8"
    if isinstance(v, (int, np.integer)):
        for name in ("uint8", "int8", "uint16", "int16", "uint32", "int32"):
            lo, hi = INT_RANGES[name]
            if lo <= v <= hi:
                return name
        return "int64"
    return "double"


@dataclass
class Grid:
    crs: str
    transform: tuple  # GDAL geotransform (x0, dx, rx, y0, ry, dy)
    width: int
    height: int


@dataclass
class Band:
    name: str
    data: np.ndarray  # (H, W) or (H, W, *dims), float64
    mask: np.ndarray  # (H, W) bool, True = valid
    ptype: str = "double"

    def copy(self, **kw) -> "Band":
        d = dict(name=self.name, data=self.data, mask=self.mask, ptype=self.ptype)
        d.update(kw)
        return Band(**d)


@dataclass
class EEImage:
    bands: list[Band]
    properties: dict = field(default_factory=dict)
    grid: Grid | None = None  # native grid (None for constants)

    def band_names(self) -> list[str]:
        return [b.name for b in self.bands]

    def with_bands(self, bands: list[Band]) -> "EEImage":
        return EEImage(bands, dict(self.properties), self.grid)


@dataclass
class EECollection:
    images: list[EEImage]
    properties: dict = field(default_factory=dict)


@dataclass
class EEDate:
    millis: float


@dataclass
class DateRange:
    start: float
    end: float


@dataclass
class Geometry:
    type: str
    coordinates: Any
    crs: str = "EPSG:4326"

    def bbox(self) -> tuple[float, float, float, float]:
        pts = np.asarray(list(_flatten_coords(self.coordinates)), dtype=float)
        return (pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max())


@dataclass
class Feature:
    geometry: Geometry | None
    properties: dict = field(default_factory=dict)


@dataclass
class Filter:
    predicate: Callable[[Any], bool]


@dataclass
class Reducer:
    name: str


@dataclass
class EEArray:
    value: np.ndarray


def _flatten_coords(c):
    if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
        yield c[:2]
    else:
        for x in c:
            yield from _flatten_coords(x)


def _date_millis(v: Any) -> float:
    if isinstance(v, EEDate):
        return v.millis
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        s = v.strip().replace("Z", "+00:00")
        d = _dt.datetime.fromisoformat(s)
        if d.tzinfo is None:
            d = d.replace(tzinfo=_dt.timezone.utc)
        return d.timestamp() * 1000.0
    raise EvalError(f"cannot interpret {v!r} as a date")


def _millis_to_dt(ms: float) -> _dt.datetime:
    return _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(milliseconds=ms)


def _dt_millis(d: _dt.datetime) -> float:
    return (d - _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)) / _dt.timedelta(milliseconds=1)


# --------------------------------------------------------------------------
# Fixture access / grids
# --------------------------------------------------------------------------


def grid_from_request(grid: dict | None) -> Grid | None:
    """Converts a Cloud API PixelGrid dict into a Grid (None passes through)."""
    if not grid:
        return None
    dims = grid.get("dimensions") or {}
    at = grid.get("affineTransform") or {}
    crs = grid.get("crsCode") or grid.get("crsWkt") or "EPSG:4326"
    gt = (
        float(at.get("translateX", 0.0)),
        float(at.get("scaleX", 1.0)),
        float(at.get("shearX", 0.0)),
        float(at.get("translateY", 0.0)),
        float(at.get("shearY", 0.0)),
        float(at.get("scaleY", 1.0)),
    )
    return Grid(crs, gt, int(dims.get("width", 1)), int(dims.get("height", 1)))


def _same_crs(a: str, b: str) -> bool:
    if a.strip().upper() == b.strip().upper():
        return True
    from osgeo import osr

    sa, sb = osr.SpatialReference(), osr.SpatialReference()
    if sa.SetFromUserInput(a) != 0 or sb.SetFromUserInput(b) != 0:
        return False
    return bool(sa.IsSame(sb))


def window_offset(native: Grid, target: Grid) -> tuple[int, int]:
    """(col, row) offset of target within native; EvalError if not aligned."""
    x0, dx, rx, y0, ry, dy = native.transform
    tx0, tdx, trx, ty0, try_, tdy = target.transform
    tol = 1e-6
    ok = (
        _same_crs(native.crs, target.crs)
        and abs(rx) < tol and abs(ry) < tol and abs(trx) < tol and abs(try_) < tol
        and math.isclose(dx, tdx, rel_tol=1e-9) and math.isclose(dy, tdy, rel_tol=1e-9)
    )
    if ok:
        col = (tx0 - x0) / dx
        row = (ty0 - y0) / dy
        ok = abs(col - round(col)) < 1e-6 and abs(row - round(row)) < 1e-6
    if not ok:
        raise EvalError(
            "local evaluator supports only aligned windows: the requested grid "
            f"({target.crs}, {target.transform}) must have the CRS and pixel size of "
            f"the asset grid ({native.crs}, {native.transform}) and an integer pixel offset"
        )
    return int(round(col)), int(round(row))


def _window(arr: np.ndarray, col: int, row: int, w: int, h: int, fill) -> np.ndarray:
    out = np.full((h, w) + arr.shape[2:], fill, dtype=arr.dtype)
    H, W = arr.shape[:2]
    r0, r1 = max(row, 0), min(row + h, H)
    c0, c1 = max(col, 0), min(col + w, W)
    if r0 < r1 and c0 < c1:
        out[r0 - row:r1 - row, c0 - col:c1 - col] = arr[r0:r1, c0:c1]
    return out


def footprint_bbox_4326(g: Grid) -> tuple[float, float, float, float]:
    from osgeo import osr

    x0, dx, rx, y0, ry, dy = g.transform
    corners = [
        (x0 + c * dx + r * rx, y0 + c * ry + r * dy)
        for c in (0, g.width) for r in (0, g.height)
    ]
    src = osr.SpatialReference()
    src.SetFromUserInput(g.crs)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if not src.IsSame(dst):
        tr = osr.CoordinateTransformation(src, dst)
        corners = [tr.TransformPoint(x, y)[:2] for x, y in corners]
    xs = [c[0] for c in corners]
    ys = [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _bbox_intersects(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


# --------------------------------------------------------------------------
# Evaluator
# --------------------------------------------------------------------------


class Evaluator:
    def __init__(self, images: dict, collections: dict | None, grid: Grid | dict | None,
                 pixels: bool = True):
        self.pixels = pixels
        self.fixtures = images or {}
        self.collections = collections or {}
        self.grid = grid_from_request(grid) if isinstance(grid, dict) else grid

    # ---- graph walking -------------------------------------------------

    def run(self, expression: dict) -> Any:
        self.values = expression.get("values", {})
        self.cache: dict[str, Any] = {}
        return self.node(self.values[expression["result"]], {})

    def ref(self, name: str, env: dict) -> Any:
        if not env:
            if name not in self.cache:
                self.cache[name] = self.node(self.values[name], env)
            return self.cache[name]
        return self.node(self.values[name], env)

    def node(self, n: dict, env: dict) -> Any:
        if "constantValue" in n:
            return n["constantValue"]
        if "valueReference" in n:
            return self.ref(n["valueReference"], env)
        if "argumentReference" in n:
            key = n["argumentReference"]
            if key not in env:
                raise EvalError(f"unbound argument {key}")
            return env[key]
        if "arrayValue" in n:
            return [self.node(v, env) for v in n["arrayValue"].get("values", [])]
        if "dictionaryValue" in n:
            return {k: self.node(v, env) for k, v in n["dictionaryValue"].get("values", {}).items()}
        if "integerValue" in n:
            return int(n["integerValue"])
        if "bytesValue" in n:
            import base64

            return base64.b64decode(n["bytesValue"])
        if "nullValue" in n:
            return None
        if "functionDefinitionValue" in n:
            fd = n["functionDefinitionValue"]
            names = fd.get("argumentNames", [])
            body = fd["body"]

            def closure(*args, _env=env, _names=names, _body=body):
                local = dict(_env)
                local.update(zip(_names, args))
                return self.node(self.values[_body], local)

            return closure
        if "functionInvocationValue" in n:
            fi = n["functionInvocationValue"]
            args = {k: self.node(v, env) for k, v in fi.get("arguments", {}).items()}
            if "functionReference" in fi:
                fn = self.ref(fi["functionReference"], env)
                return fn(*args.values())
            return self.call(fi["functionName"], args)
        raise EvalError(f"cannot evaluate node {sorted(n)}")

    def call(self, name: str, args: dict) -> Any:
        impl = FUNCTIONS.get(name)
        if impl is None:
            raise UnsupportedFunctionError(name)
        try:
            return impl(self, **args)
        except EvalError:
            raise
        except (TypeError, ValueError, IndexError, KeyError) as e:
            raise EvalError(f"{name}: {type(e).__name__}: {e}") from e

    # ---- image helpers ---------------------------------------------------

    def full_shape(self) -> tuple[int, int]:
        return (self.grid.height, self.grid.width) if self.grid else (1, 1)

    def load_image(self, asset_id: str) -> EEImage:
        fx = self.fixtures.get(asset_id)
        if fx is None:
            raise NotFoundError(
                f"Image.load: Image asset '{asset_id}' not found "
                "(does not exist or caller does not have access)."
            )
        native = Grid(fx.crs, tuple(float(v) for v in fx.transform),
                      *reversed(next(iter(fx.bands.values())).shape[:2]))
        bands = []
        for name, arr in fx.bands.items():
            arr = np.asarray(arr)
            ptype = _type_of_dtype(arr.dtype)
            data = arr.astype(np.float64)
            mask = (fx.masks or {}).get(name)
            mask = np.ones(arr.shape[:2], bool) if mask is None else np.asarray(mask, bool)
            if not self.pixels and self.grid is None:
                # metadata only (value:compute): no pixel value is observable there
                data = np.zeros((1, 1) + arr.shape[2:])
                mask = np.ones((1, 1), bool)
            elif self.grid is not None:
                col, row = window_offset(native, self.grid)
                data = _window(data, col, row, self.grid.width, self.grid.height, 0.0)
                mask = _window(mask, col, row, self.grid.width, self.grid.height, False)
            bands.append(Band(name, data, mask, ptype))
        props = dict(fx.properties or {})
        props["system:index"] = asset_id.rstrip("/").split("/")[-1]
        props["system:id"] = asset_id
        if fx.time_start is not None:
            props["system:time_start"] = fx.time_start
        img = EEImage(bands, props, native)
        img.asset_id = asset_id  # type: ignore[attr-defined]
        return img

    def constant_image(self, value: Any) -> EEImage:
        shape = self.full_shape()
        mask = np.ones(shape, bool)
        if isinstance(value, EEArray):
            arr = value.value.astype(np.float64)
            data = np.broadcast_to(arr, shape + arr.shape).copy()
            ptype = "int64" if np.all(arr == np.round(arr)) else "double"
            return EEImage([Band("constant", data, mask, ptype)])
        if isinstance(value, EEImage):
            return value
        if isinstance(value, (list, tuple)):
            bands = [
                Band(f"constant_{i}", np.full(shape, float(v)), mask, _type_of_number(v))
                for i, v in enumerate(value)
            ]
            return EEImage(bands)
        if value is None:
            return EEImage([Band("constant", np.zeros(shape), np.zeros(shape, bool), "uint8")])
        if isinstance(value, (int, float, bool, np.number)):
            return EEImage([Band("constant", np.full(shape, float(value)), mask, _type_of_number(value))])
        raise EvalError(f"Image.constant: cannot make an image from {type(value).__name__}")

    def as_image(self, v: Any) -> EEImage:
        return v if isinstance(v, EEImage) else self.constant_image(v)


# ---- array broadcasting helpers ------------------------------------------


def _align(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Appends trailing axes so a scalar band broadcasts over array pixels."""
    while a.ndim < b.ndim:
        a = a[..., None]
    while b.ndim < a.ndim:
        b = b[..., None]
    return a, b


def _lead_shape(*arrays: np.ndarray) -> tuple:
    """Broadcast (H, W) of several bands' data/mask arrays."""
    return np.broadcast_shapes(*(a.shape[:2] for a in arrays))


def _to_lead(a: np.ndarray, hw: tuple) -> np.ndarray:
    return np.broadcast_to(a, tuple(hw) + a.shape[2:])


def _pair_bands(img1: EEImage, img2: EEImage) -> list[tuple[Band, Band, str]]:
    n1, n2 = len(img1.bands), len(img2.bands)
    if n1 == n2:
        return [(a, b, a.name) for a, b in zip(img1.bands, img2.bands)]
    if n2 == 1:
        return [(a, img2.bands[0], a.name) for a in img1.bands]
    if n1 == 1:
        return [(img1.bands[0], b, b.name) for b in img2.bands]
    raise EvalError(
        f"Images must contain the same number of bands or only 1 band. Got {n1} and {n2}."
    )


def _binary(ev: Evaluator, image1, image2, op, ptype_rule) -> EEImage:
    i1, i2 = ev.as_image(image1), ev.as_image(image2)
    out = []
    for a, b, name in _pair_bands(i1, i2):
        da, db = _align(a.data, b.data)
        with np.errstate(all="ignore"):
            data = np.asarray(op(da, db), dtype=np.float64)
        mask = a.mask & b.mask
        mask, _ = np.broadcast_arrays(mask, np.empty(data.shape[:2]))
        out.append(Band(name, data, np.array(mask), ptype_rule(a.ptype, b.ptype)))
    props = i1.properties if len(i1.bands) >= len(i2.bands) else i2.properties
    grid = i1.grid or i2.grid
    return EEImage(out, dict(props), grid)


def _unary(ev: Evaluator, value, op, ptype_rule) -> EEImage:
    img = ev.as_image(value)
    bands = []
    for b in img.bands:
        with np.errstate(all="ignore"):
            data = np.asarray(op(b.data), dtype=np.float64)
        bands.append(b.copy(data=data, ptype=ptype_rule(b.ptype)))
    return img.with_bands(bands)


def _divide(a, b):
    with np.errstate(all="ignore"):
        r = np.where(b == 0, 0.0, a / np.where(b == 0, 1.0, b))
    return r


def _mod(a, b):
    with np.errstate(all="ignore"):
        return np.where(b == 0, 0.0, np.fmod(a, np.where(b == 0, 1.0, b)))


def _union(a, b):
    return _union_type(a, b)


def _boolean(a, b=None):
    return "uint8"


def _double(a, b=None):
    return "double"


def _float_or_same(a, b=None):
    return a


def _round_type(t):
    return "int64" if t in FLOAT_TYPES else t


def _round_half_away(x):
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def _int_op(fn):
    def op(a, b):
        return fn(a.astype(np.int64), b.astype(np.int64)).astype(np.float64)

    return op


BINARY = {
    "add": (np.add, _union),
    "subtract": (np.subtract, _union),
    "multiply": (np.multiply, _union),
    "divide": (_divide, _double),
    "max": (np.maximum, _union),
    "min": (np.minimum, _union),
    "pow": (np.power, _double),
    "mod": (_mod, _union),
    "atan2": (np.arctan2, _double),
    "hypot": (np.hypot, _double),
    "first": (lambda a, b: a + 0 * b, lambda a, b: a),
    "lt": (lambda a, b: (a < b), _boolean),
    "lte": (lambda a, b: (a <= b), _boolean),
    "gt": (lambda a, b: (a > b), _boolean),
    "gte": (lambda a, b: (a >= b), _boolean),
    "eq": (lambda a, b: (a == b), _boolean),
    "neq": (lambda a, b: (a != b), _boolean),
    "and": (lambda a, b: (a != 0) & (b != 0), _boolean),
    "or": (lambda a, b: (a != 0) | (b != 0), _boolean),
    "bitwiseAnd": (_int_op(np.bitwise_and), _union),
    "bitwiseOr": (_int_op(np.bitwise_or), _union),
    "bitwiseXor": (_int_op(np.bitwise_xor), _union),
    "leftShift": (_int_op(np.left_shift), _union),
    "rightShift": (_int_op(np.right_shift), _union),
}

UNARY = {
    "abs": (np.abs, _float_or_same),
    "exp": (np.exp, _double),
    "log": (np.log, _double),
    "log10": (np.log10, _double),
    "sqrt": (np.sqrt, _double),
    "cos": (np.cos, _double),
    "sin": (np.sin, _double),
    "tan": (np.tan, _double),
    "acos": (np.arccos, _double),
    "asin": (np.arcsin, _double),
    "atan": (np.arctan, _double),
    "cosh": (np.cosh, _double),
    "sinh": (np.sinh, _double),
    "tanh": (np.tanh, _double),
    "ceil": (np.ceil, _round_type),
    "floor": (np.floor, _round_type),
    "round": (_round_half_away, _round_type),
    "signum": (np.sign, _float_or_same),
    "not": (lambda a: a == 0, _boolean),
    "bitwiseNot": (lambda a: ~a.astype(np.int64), _float_or_same),
}

CASTS = {
    "toUint8": "uint8", "toByte": "uint8", "toInt8": "int8",
    "toUint16": "uint16", "toInt16": "int16", "toShort": "int16",
    "toUint32": "uint32", "toInt32": "int32", "toInt": "int32",
    "toInt64": "int64", "toLong": "int64",
    "toFloat": "float", "toDouble": "double",
}


def _cast_values(data: np.ndarray, ptype: str) -> np.ndarray:
    if ptype == "float":
        return data.astype(np.float32).astype(np.float64)
    if ptype == "double":
        return data
    lo, hi = INT_RANGES[ptype]
    return np.clip(np.nan_to_num(np.trunc(data), nan=0.0), lo, hi)


FUNCTIONS: dict[str, Callable[..., Any]] = {}


def fn(*names):
    def deco(f):
        for n in names:
            FUNCTIONS[n] = f
        return f

    return deco


for _name, (_op, _rule) in BINARY.items():
    FUNCTIONS[f"Image.{_name}"] = (
        lambda ev, image1, image2, _op=_op, _rule=_rule: _binary(ev, image1, image2, _op, _rule)
    )
for _name, (_op, _rule) in UNARY.items():
    FUNCTIONS[f"Image.{_name}"] = (
        lambda ev, value, _op=_op, _rule=_rule: _unary(ev, value, _op, _rule)
    )
for _name, _ptype in CASTS.items():
    FUNCTIONS[f"Image.{_name}"] = (
        lambda ev, value, _ptype=_ptype: _unary(
            ev, value, lambda d, _p=_ptype: _cast_values(d, _p), lambda t, _p=_ptype: _p
        )
    )


@fn("Image.load")
def _image_load(ev, id, version=None):
    return ev.load_image(id)


@fn("Image.constant")
def _image_constant(ev, value):
    return ev.constant_image(value)


@fn("Array")
def _array(ev, values, pixelType=None):
    if isinstance(values, EEArray):
        return values
    return EEArray(np.asarray(values, dtype=np.float64))


@fn("Image.select")
def _image_select(ev, input, bandSelectors, newNames=None):
    img = ev.as_image(input)
    names = img.band_names()
    chosen: list[Band] = []
    for sel in bandSelectors:
        if isinstance(sel, (int, float)) and not isinstance(sel, bool):
            idx = int(sel)
            if not 0 <= idx < len(img.bands):
                raise EvalError(f"Band index out of bounds: {idx}")
            chosen.append(img.bands[idx])
        elif sel in names:
            chosen.append(img.bands[names.index(sel)])
        else:
            pattern = re.compile(f"(?:{sel})\\Z")
            hits = [b for b in img.bands if pattern.match(b.name)]
            if not hits:
                raise EvalError(
                    f"Image.select: Pattern '{sel}' did not match any bands. "
                    f"Available bands: {names}"
                )
            chosen.extend(hits)
    if newNames is not None:
        if len(newNames) != len(chosen):
            raise EvalError("Image.select: number of new names must match the selected bands")
        chosen = [b.copy(name=n) for b, n in zip(chosen, newNames)]
    return img.with_bands(list(chosen))


@fn("Image.rename")
def _image_rename(ev, input, names):
    img = ev.as_image(input)
    if len(names) != len(img.bands):
        raise EvalError(
            f"Image.rename: The number of names ({len(names)}) must match the "
            f"number of bands ({len(img.bands)})."
        )
    return img.with_bands([b.copy(name=n) for b, n in zip(img.bands, names)])


@fn("Image.bandNames")
def _image_band_names(ev, image):
    return ev.as_image(image).band_names()


@fn("Image.addBands")
def _image_add_bands(ev, dstImg, srcImg, names=None, overwrite=False):
    dst, src = ev.as_image(dstImg), ev.as_image(srcImg)
    add = src.bands if names is None else [b for b in src.bands if b.name in names]
    bands = list(dst.bands)
    for b in add:
        existing = [i for i, x in enumerate(bands) if x.name == b.name]
        if existing:
            if not overwrite:
                raise EvalError(f"Image.addBands: Band '{b.name}' already exists; use overwrite")
            bands[existing[0]] = b
        else:
            bands.append(b)
    out = dst.with_bands(bands)
    out.grid = dst.grid or src.grid
    return out


def _mask_of(b: Band) -> np.ndarray:
    v = b.data if b.data.ndim == 2 else np.any(b.data != 0, axis=tuple(range(2, b.data.ndim)))
    return (v != 0) & b.mask


@fn("Image.updateMask")
def _image_update_mask(ev, image, mask):
    img, m = ev.as_image(image), ev.as_image(mask)
    out = []
    for a, b, _ in _pair_bands(img, m) if len(m.bands) in (1, len(img.bands)) else []:
        new = a.mask & _mask_of(b)
        hw = _lead_shape(a.data, new)
        out.append(a.copy(data=_to_lead(a.data, hw), mask=_to_lead(new, hw).copy()))
    if not out:
        raise EvalError("Image.updateMask: mask must have 1 band or as many bands as the image")
    return img.with_bands(out)


@fn("Image.mask")
def _image_mask(ev, image, mask=None):
    img = ev.as_image(image)
    if mask is None:
        return img.with_bands(
            [b.copy(data=b.mask.astype(np.float64), mask=np.ones_like(b.mask), ptype="float")
             for b in img.bands]
        )
    m = ev.as_image(mask)
    out = []
    for a, b, _ in _pair_bands(img, m):
        new = _mask_of(b)
        hw = _lead_shape(a.data, new)
        out.append(a.copy(data=_to_lead(a.data, hw), mask=_to_lead(new, hw).copy()))
    return img.with_bands(out)


@fn("Image.unmask")
def _image_unmask(ev, input, value=None, sameFootprint=True):
    img = ev.as_image(input)
    val = ev.as_image(0 if value is None else value)
    out = []
    for a, b, _ in _pair_bands(img, val):
        hw = _lead_shape(a.data, a.mask, b.data, b.mask)
        da, db = np.broadcast_arrays(*_align(_to_lead(a.data, hw), _to_lead(b.data, hw)))
        keep = _to_lead(a.mask, hw)
        k = np.broadcast_to(keep.reshape(keep.shape + (1,) * (da.ndim - 2)), da.shape)
        data = np.where(k, da, db)
        mask = (_to_lead(a.mask, hw) | _to_lead(b.mask, hw)).copy()
        out.append(Band(a.name, data, mask, _union_type(a.ptype, b.ptype)))
    return img.with_bands(out)


@fn("Image.where")
def _image_where(ev, input, test, value):
    img, t, v = ev.as_image(input), ev.as_image(test), ev.as_image(value)
    out = []
    for i, a in enumerate(img.bands):
        tb = t.bands[0] if len(t.bands) == 1 else t.bands[i]
        vb = v.bands[0] if len(v.bands) == 1 else v.bands[i]
        cond = (_mask_of(tb) if tb.data.ndim > 2 else (tb.data != 0) & tb.mask) & vb.mask
        hw = _lead_shape(a.data, cond, vb.data)
        da, dv = _align(_to_lead(a.data, hw), _to_lead(vb.data, hw))
        da, dv = np.broadcast_arrays(da, dv)
        c = _to_lead(cond, hw)
        c = np.broadcast_to(c.reshape(c.shape + (1,) * (da.ndim - 2)), da.shape)
        out.append(a.copy(data=np.where(c, dv, da), mask=_to_lead(a.mask, hw).copy(),
                          ptype=_union_type(a.ptype, vb.ptype)))
    return img.with_bands(out)


@fn("Image.remap")
def _image_remap(ev, image, to, defaultValue=None, bandName=None, **kw):
    frm = kw.pop("from")
    img = ev.as_image(image)
    if bandName is not None:
        b = img.bands[img.band_names().index(bandName)]
    else:
        if len(img.bands) != 1:
            raise EvalError("Image.remap: image must have exactly one band or bandName must be given")
        b = img.bands[0]
    if len(frm) != len(to):
        raise EvalError("Image.remap: 'from' and 'to' must have the same length")
    data = np.zeros_like(b.data)
    matched = np.zeros(b.data.shape, bool)
    for f, t in zip(frm, to):
        hit = (b.data == f) & ~matched
        data[hit] = t
        matched |= hit
    mask = b.mask.copy()
    if defaultValue is None:
        mask &= matched
    else:
        data[~matched] = float(defaultValue)
    types = [_type_of_number(t) for t in list(to) + ([defaultValue] if defaultValue is not None else [])]
    ptype = types[0] if types else "uint8"
    for t in types[1:]:
        ptype = _union_type(ptype, t)
    return img.with_bands([Band("remapped", data, mask, ptype)])


@fn("Image.clamp")
def _image_clamp(ev, input, low, high):
    return _unary(ev, input, lambda d: np.clip(d, low, high), lambda t: t)


@fn("Image.reduce")
def _image_reduce(ev, image, reducer):
    img = ev.as_image(image)
    ops = {"max": np.max, "min": np.min, "sum": np.sum, "mean": np.mean,
           "anyNonZero": lambda s, axis: np.any(s != 0, axis=axis),
           "allNonZero": lambda s, axis: np.all(s != 0, axis=axis)}
    name = reducer.name
    if name not in ops:
        raise UnsupportedFunctionError(f"Image.reduce with Reducer.{name}")
    hw = _lead_shape(*[b.data for b in img.bands])
    stack = np.stack([_to_lead(b.data, hw) for b in img.bands])
    masks = np.stack([_to_lead(b.mask, hw) for b in img.bands])
    fill = {"max": -np.inf, "min": np.inf}.get(name, 0.0)
    valid = masks.reshape(masks.shape + (1,) * (stack.ndim - 3))
    if name == "mean":
        cnt = np.maximum(masks.sum(0), 1)
        data = np.where(valid, stack, 0).sum(0) / cnt.reshape(cnt.shape + (1,) * (stack.ndim - 3))
    else:
        data = ops[name](np.where(valid, stack, fill), axis=0)
    data = np.nan_to_num(np.asarray(data, float), posinf=0, neginf=0)
    ptype = "uint8" if name in ("anyNonZero", "allNonZero") else (
        "double" if name == "mean" else img.bands[0].ptype)
    for b in img.bands[1:]:
        if name not in ("anyNonZero", "allNonZero", "mean"):
            ptype = _union_type(ptype, b.ptype)
    return img.with_bands([Band(name, data, masks.any(0), ptype)])


for _r in ("max", "min", "sum", "mean", "anyNonZero", "allNonZero"):
    FUNCTIONS[f"Reducer.{_r}"] = lambda ev, _r=_r, **kw: Reducer(_r)


# ---- array images ---------------------------------------------------------


@fn("Image.toArray")
def _image_to_array(ev, image, axis=0):
    img = ev.as_image(image)
    axis = int(axis)
    hw = _lead_shape(*[b.data for b in img.bands])
    datas = [_to_lead(b.data, hw) for b in img.bands]
    mask = np.logical_and.reduce([_to_lead(b.mask, hw) for b in img.bands])
    if all(d.ndim == 2 for d in datas):
        data = np.stack(datas, axis=-1)
        if axis != 0:
            raise EvalError("Image.toArray: axis must be 0 for scalar bands")
    else:
        if any(d.ndim == 2 for d in datas):
            raise EvalError("Image.toArray: cannot mix scalar and array bands")
        nd = datas[0].ndim - 2
        if axis < nd:
            data = np.concatenate(datas, axis=2 + axis)
        elif axis == nd:
            data = np.stack(datas, axis=-1)
        else:
            raise EvalError(f"Image.toArray: axis {axis} out of range")
    ptype = img.bands[0].ptype
    for b in img.bands[1:]:
        ptype = _union_type(ptype, b.ptype)
    return img.with_bands([Band("array", data, mask, ptype)])


@fn("Image.matrixMultiply")
def _image_matmul(ev, image1, image2):
    def mm(a, b):
        if a.ndim != 4 or b.ndim != 4:
            raise EvalError("Image.matrixMultiply: both operands must be 2-D array images")
        return np.einsum("hwij,hwjk->hwik", a, b)

    i1, i2 = ev.as_image(image1), ev.as_image(image2)
    out = []
    for a, b, name in _pair_bands(i1, i2):
        da, db = np.broadcast_arrays(a.data, b.data) if a.data.shape[:2] != b.data.shape[:2] else (a.data, b.data)
        if da.shape[:2] != db.shape[:2]:
            H, W = max(da.shape[0], db.shape[0]), max(da.shape[1], db.shape[1])
            da = np.broadcast_to(da, (H, W) + da.shape[2:])
            db = np.broadcast_to(db, (H, W) + db.shape[2:])
        if da.shape[-1] != db.shape[-2] if da.ndim == 4 and db.ndim == 4 else False:
            raise EvalError(f"Image.matrixMultiply: incompatible shapes {da.shape[2:]} and {db.shape[2:]}")
        data = mm(da, db)
        mask = np.broadcast_to(a.mask & b.mask, data.shape[:2]).copy()
        out.append(Band(name, data, mask, _union_type(a.ptype, b.ptype)))
    return i1.with_bands(out) if len(i1.bands) >= len(i2.bands) else i2.with_bands(out)


# ``a.data.shape[:2]`` of constant images is (1, 1); numpy broadcasting of the
# leading axes above covers mixing with full-grid images.


@fn("Image.arrayProject")
def _image_array_project(ev, input, axes):
    img = ev.as_image(input)
    out = []
    for b in img.bands:
        nd = b.data.ndim - 2
        keep = [int(a) for a in axes]
        drop = [a for a in range(nd) if a not in keep]
        for a in drop:
            if b.data.shape[2 + a] > 1:
                raise EvalError(
                    f"Image.arrayProject: dropped axis {a} has length {b.data.shape[2 + a]} (must be at most 1)"
                )
        data = b.data
        for a in sorted(drop, reverse=True):
            data = data.take(0, axis=2 + a)
        data = np.moveaxis(data, [2 + k for k in sorted(keep)], [2 + i for i in range(len(keep))])
        order = [sorted(keep).index(k) for k in keep]
        data = np.transpose(data, (0, 1) + tuple(2 + o for o in order))
        out.append(b.copy(data=data))
    return img.with_bands(out)


@fn("Image.arrayFlatten")
def _image_array_flatten(ev, image, coordinateLabels, separator="_"):
    img = ev.as_image(image)
    if len(img.bands) != 1:
        raise EvalError("Image.arrayFlatten: image must have one band")
    b = img.bands[0]
    dims = b.data.shape[2:]
    if len(dims) != len(coordinateLabels) or any(
        len(lab) != d for lab, d in zip(coordinateLabels, dims)
    ):
        raise EvalError(
            f"Image.arrayFlatten: labels shape {[len(x) for x in coordinateLabels]} "
            f"does not match array shape {list(dims)}"
        )
    bands = []
    for idx in np.ndindex(*dims):
        name = separator.join(str(coordinateLabels[a][i]) for a, i in enumerate(idx))
        bands.append(Band(name, b.data[(slice(None), slice(None)) + idx].copy(), b.mask, b.ptype))
    return img.with_bands(bands)


@fn("Image.arrayGet")
def _image_array_get(ev, image, position):
    img = ev.as_image(image)
    pos = ev.as_image(position)
    idx = tuple(int(b.data.flat[0]) for b in pos.bands)
    return img.with_bands([b.copy(data=b.data[(slice(None), slice(None)) + idx].copy()) for b in img.bands])


# ---- properties / elements -----------------------------------------------


def _props_of(obj) -> dict:
    if isinstance(obj, (EEImage, EECollection, Feature)):
        return obj.properties
    raise EvalError(f"Element: not an element: {type(obj).__name__}")


def _with_props(obj, props):
    if isinstance(obj, EEImage):
        out = EEImage(obj.bands, props, obj.grid)
        if hasattr(obj, "asset_id"):
            out.asset_id = obj.asset_id  # type: ignore[attr-defined]
        return out
    if isinstance(obj, EECollection):
        return EECollection(obj.images, props)
    return Feature(obj.geometry, props)


@fn("Element.get", "Element.getNumber", "Element.getString", "Element.getArray")
def _element_get(ev, object, property):
    return _props_of(object).get(property)


@fn("Element.set")
def _element_set(ev, object, key, value=None):
    props = dict(_props_of(object))
    props[key] = value
    return _with_props(object, props)


@fn("Element.setMulti")
def _element_set_multi(ev, object, properties):
    props = dict(_props_of(object))
    props.update(properties)
    return _with_props(object, props)


@fn("Element.propertyNames")
def _element_property_names(ev, element):
    return list(_props_of(element))


@fn("Element.toDictionary")
def _element_to_dict(ev, element, properties=None):
    p = _props_of(element)
    return {k: v for k, v in p.items() if properties is None or k in properties}


@fn("Element.copyProperties", "Image.copyProperties")
def _element_copy_properties(ev, destination=None, source=None, properties=None, exclude=None):
    props = dict(_props_of(destination))
    for k, v in _props_of(source).items():
        if properties is not None and k not in properties:
            continue
        if exclude and k in exclude:
            continue
        if properties is None and k.startswith("system:"):
            continue
        props[k] = v
    return _with_props(destination, props)


# ---- numbers / strings / lists / dictionaries ------------------------------


def _num(v):
    if isinstance(v, bool):
        return int(v)
    return v


def _number_divide(a, b):
    if b == 0:
        return 0
    if isinstance(a, int) and isinstance(b, int):
        return a / b
    return a / b


NUMBER_BINARY = {
    "add": lambda a, b: a + b,
    "subtract": lambda a, b: a - b,
    "multiply": lambda a, b: a * b,
    "divide": _number_divide,
    "max": max,
    "min": min,
    "pow": lambda a, b: float(a) ** b,
    "mod": lambda a, b: math.fmod(a, b) if b != 0 else 0,
    "lt": lambda a, b: int(a < b),
    "lte": lambda a, b: int(a <= b),
    "gt": lambda a, b: int(a > b),
    "gte": lambda a, b: int(a >= b),
    "eq": lambda a, b: int(a == b),
    "neq": lambda a, b: int(a != b),
    "and": lambda a, b: int(bool(a) and bool(b)),
    "or": lambda a, b: int(bool(a) or bool(b)),
    "bitwiseAnd": lambda a, b: int(a) & int(b),
    "bitwiseOr": lambda a, b: int(a) | int(b),
    "leftShift": lambda a, b: int(a) << int(b),
    "rightShift": lambda a, b: int(a) >> int(b),
    "atan2": math.atan2,
}
NUMBER_UNARY = {
    "abs": abs,
    "ceil": lambda a: math.ceil(a),
    "floor": lambda a: math.floor(a),
    "round": lambda a: int(math.copysign(math.floor(abs(a) + 0.5), a)),
    "sqrt": math.sqrt,
    "exp": math.exp,
    "log": math.log,
    "log10": math.log10,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "tanh": math.tanh,
    "not": lambda a: int(not a),
    "float": float,
    "toFloat": float,
    "double": float,
    "toDouble": float,
}
for _name, _f in NUMBER_BINARY.items():
    FUNCTIONS[f"Number.{_name}"] = lambda ev, left, right, _f=_f: _f(_num(left), _num(right))
for _name, _f in NUMBER_UNARY.items():
    FUNCTIONS[f"Number.{_name}"] = lambda ev, input, _f=_f: _f(_num(input))


def _number_cast(value, ptype):
    lo, hi = INT_RANGES[ptype]
    v = float(value)
    if math.isnan(v):
        return 0
    return int(min(max(math.trunc(v), lo), hi))


_NUMBER_CASTS = {
    "int": "int32", "toInt": "int32", "toInt32": "int32", "long": "int64", "toLong": "int64",
    "toInt64": "int64", "short": "int16", "toShort": "int16", "toInt16": "int16",
    "byte": "uint8", "toByte": "uint8", "toUint8": "uint8", "toInt8": "int8", "int8": "int8",
    "toUint16": "uint16", "uint16": "uint16", "toUint32": "uint32", "uint32": "uint32",
    "int16": "int16", "int32": "int32", "int64": "int64", "uint8": "uint8",
}
for _name, _t in _NUMBER_CASTS.items():
    FUNCTIONS[f"Number.{_name}"] = lambda ev, input, _t=_t: _number_cast(input, _t)


@fn("Number.parse")
def _number_parse(ev, input, radix=10):
    s = str(input).strip()
    try:
        return int(s, int(radix))
    except ValueError:
        return float(s)


@fn("String")
def _string(ev, input):
    return input if isinstance(input, str) else str(input)


@fn("String.cat")
def _string_cat(ev, string1, string2):
    return f"{string1}{string2}"


@fn("String.length")
def _string_length(ev, string):
    return len(string)


@fn("Number.format")
def _number_format(ev, number, pattern="%s"):
    return pattern % number


@fn("List.get")
def _list_get(ev, list, index):
    return list[int(index)]


@fn("List.length", "List.size")
def _list_length(ev, list):
    return len(list)


@fn("List.cat")
def _list_cat(ev, list, other):
    return [*list, *other]


@fn("List.add")
def _list_add(ev, list, element):
    return [*list, element]


@fn("List.contains")
def _list_contains(ev, list, element):
    return element in list


@fn("List.map")
def _list_map(ev, list, baseAlgorithm, dropNulls=False):
    out = [baseAlgorithm(x) for x in list]
    return [x for x in out if x is not None] if dropNulls else out


@fn("List.sequence")
def _list_sequence(ev, start, end=None, step=None, count=None):
    step = 1 if step is None else step
    if end is None:
        end = start + step * (count - 1)
    out, v = [], start
    while (step > 0 and v <= end) or (step < 0 and v >= end):
        out.append(v)
        v += step
    return out


@fn("List.slice")
def _list_slice(ev, list, start, end=None, step=None):
    return list[int(start):None if end is None else int(end):None if step is None else int(step)]


@fn("Dictionary")
def _dictionary(ev, input=None):
    if isinstance(input, list):
        return dict(zip(input[::2], input[1::2]))
    return dict(input or {})


@fn("Dictionary.get")
def _dictionary_get(ev, dictionary, key, defaultValue=None):
    return dictionary.get(key, defaultValue)


@fn("Dictionary.set")
def _dictionary_set(ev, dictionary, key, value):
    return {**dictionary, key: value}


@fn("Dictionary.keys")
def _dictionary_keys(ev, dictionary):
    return sorted(dictionary)


# ---- dates -----------------------------------------------------------------


@fn("Date")
def _date(ev, value, timeZone=None):
    return EEDate(_date_millis(value))


@fn("Date.millis")
def _date_millis_fn(ev, date):
    return _date_millis(date)


@fn("Date.fromYMD")
def _date_from_ymd(ev, year, month, day, timeZone=None):
    return EEDate(_dt_millis(_dt.datetime(int(year), int(month), int(day), tzinfo=_dt.timezone.utc)))


_FIXED_UNITS = {"second": 1e3, "minute": 60e3, "hour": 3600e3, "day": 86400e3, "week": 7 * 86400e3}


@fn("Date.advance")
def _date_advance(ev, date, delta, unit, timeZone=None):
    ms = _date_millis(date)
    unit = unit.rstrip("s") if unit not in ("ms",) else unit
    if unit in _FIXED_UNITS:
        return EEDate(ms + delta * _FIXED_UNITS[unit])
    if unit in ("month", "year"):
        d = _millis_to_dt(ms)
        months = int(delta) * (12 if unit == "year" else 1)
        m0 = d.month - 1 + months
        y, m = d.year + m0 // 12, m0 % 12 + 1
        import calendar

        day = min(d.day, calendar.monthrange(y, m)[1])
        return EEDate(_dt_millis(d.replace(year=y, month=m, day=day)))
    raise EvalError(f"Date.advance: unsupported unit {unit!r}")


@fn("Date.difference")
def _date_difference(ev, date, start, unit):
    diff = _date_millis(date) - _date_millis(start)
    unit = unit.rstrip("s")
    if unit in _FIXED_UNITS:
        return diff / _FIXED_UNITS[unit]
    raise EvalError(f"Date.difference: unsupported unit {unit!r}")


@fn("Date.format")
def _date_format(ev, date, format=None, timeZone=None):
    d = _millis_to_dt(_date_millis(date))
    if not format:
        return d.strftime("%Y-%m-%dT%H:%M:%S")
    f = (format.replace("yyyy", "%Y").replace("MM", "%m").replace("dd", "%d")
         .replace("HH", "%H").replace("mm", "%M").replace("ss", "%S"))
    return d.strftime(f)


@fn("Date.get")
def _date_get(ev, date, unit, timeZone=None):
    d = _millis_to_dt(_date_millis(date))
    return {"year": d.year, "month": d.month, "day": d.day, "hour": d.hour,
            "minute": d.minute, "second": d.second}[unit]


@fn("DateRange")
def _date_range(ev, start, end=None, timeZone=None):
    s = _date_millis(start)
    e = _date_millis(end) if end is not None else s + 86400e3
    return DateRange(s, e)


# ---- geometry --------------------------------------------------------------


@dataclass
class Projection:
    crs: str
    transform: Any = None


@fn("Projection")
def _projection(ev, crs, transform=None, transformWkt=None):
    return Projection(crs.crs if isinstance(crs, Projection) else crs, transform)


def _crs_string(crs) -> str:
    if isinstance(crs, Projection):
        return crs.crs
    if isinstance(crs, dict):
        return crs.get("crs") or "EPSG:4326"
    return crs or "EPSG:4326"


def _geometry_fn(gtype):
    def make(ev, coordinates, crs=None, geodesic=None, evenOdd=None, maxError=None):
        return Geometry(gtype, coordinates, _crs_string(crs))

    return make


for _g in ("Point", "MultiPoint", "LineString", "MultiLineString", "LinearRing", "Polygon",
           "MultiPolygon"):
    FUNCTIONS[f"GeometryConstructors.{_g}"] = _geometry_fn(_g)


@fn("GeometryConstructors.Rectangle")
def _geom_rectangle(ev, coordinates, crs=None, geodesic=None, evenOdd=None):
    if len(coordinates) == 4 and all(isinstance(v, (int, float)) for v in coordinates):
        x0, y0, x1, y1 = coordinates
    else:
        c = list(_flatten_coords(coordinates))
        (x0, y0), (x1, y1) = c[0], c[-1]
    return Geometry("Polygon", [[[x0, y1], [x0, y0], [x1, y0], [x1, y1]]], _crs_string(crs))


@fn("GeometryConstructors.BBox")
def _geom_bbox(ev, west, south, east, north):
    return Geometry("Polygon", [[[west, north], [west, south], [east, south], [east, north]]])


@fn("Feature")
def _feature(ev, geometry=None, metadata=None, geometryKey=None):
    if isinstance(geometry, Feature):
        return geometry
    if isinstance(geometry, dict):
        geometry = Geometry(geometry["type"], geometry["coordinates"])
    return Feature(geometry, dict(metadata or {}))


def _geometry_bbox_4326(g) -> tuple:
    if isinstance(g, Feature):
        g = g.geometry
    if isinstance(g, EEImage):
        if g.grid is None:
            return (-180.0, -90.0, 180.0, 90.0)
        return footprint_bbox_4326(g.grid)
    if isinstance(g, dict):
        g = Geometry(g["type"], g["coordinates"])
    if not isinstance(g, Geometry):
        raise EvalError(f"not a geometry: {type(g).__name__}")
    if _same_crs(g.crs, "EPSG:4326"):
        return g.bbox()
    x0, y0, x1, y1 = g.bbox()
    grid = Grid(g.crs, (x0, x1 - x0, 0.0, y0, 0.0, y1 - y0), 1, 1)
    return footprint_bbox_4326(grid)


# ---- filters ---------------------------------------------------------------

_MISSING = object()


def _operands(leftField=None, rightValue=None, rightField=None, leftValue=None):
    def get(element):
        def prop(name):
            if name in (".all", ".geo"):
                return element
            props = _props_of(element)
            return props.get(name, _MISSING)

        left = prop(leftField) if leftField is not None else leftValue
        right = prop(rightField) if rightField is not None else rightValue
        return left, right

    return get


def _comparable(v):
    if isinstance(v, EEDate):
        return v.millis
    return v


def _compare_filter(op):
    def make(ev, leftField=None, rightValue=None, rightField=None, leftValue=None, **_):
        get = _operands(leftField, rightValue, rightField, leftValue)

        def pred(element):
            left, right = get(element)
            if left is _MISSING or right is _MISSING or left is None or right is None:
                return False
            try:
                return bool(op(_comparable(left), _comparable(right)))
            except TypeError:
                return False

        return Filter(pred)

    return make


_COMPARISONS = {
    ("eq", "equals"): lambda a, b: a == b,
    ("neq", "notEquals"): lambda a, b: a != b,
    ("lt", "lessThan"): lambda a, b: a < b,
    ("lte", "lessThanOrEquals"): lambda a, b: a <= b,
    ("gt", "greaterThan"): lambda a, b: a > b,
    ("gte", "greaterThanOrEquals"): lambda a, b: a >= b,
    ("stringContains",): lambda a, b: b in a,
    ("stringStartsWith",): lambda a, b: a.startswith(b),
    ("stringEndsWith",): lambda a, b: a.endswith(b),
    ("inList",): lambda a, b: a in b,
    ("listContains",): lambda a, b: b in a,
}
for _names, _op in _COMPARISONS.items():
    for _n in _names:
        FUNCTIONS[f"Filter.{_n}"] = _compare_filter(_op)


@fn("Filter.dateRangeContains")
def _filter_date_range_contains(ev, leftField=None, rightValue=None, rightField=None, leftValue=None):
    get = _operands(leftField, rightValue, rightField, leftValue)

    def pred(element):
        rng, value = get(element)
        if isinstance(value, DateRange):
            rng, value = value, rng
        if value is _MISSING or value is None or not isinstance(rng, DateRange):
            return False
        t = _date_millis(value)
        return rng.start <= t < rng.end

    return Filter(pred)


@fn("Filter.rangeContains")
def _filter_range_contains(ev, field, minValue, maxValue):
    def pred(element):
        v = _props_of(element).get(field)
        return v is not None and minValue <= _comparable(v) <= maxValue

    return Filter(pred)


@fn("Filter.intersects")
def _filter_intersects(ev, leftField=None, rightValue=None, rightField=None, leftValue=None, maxError=None):
    get = _operands(leftField, rightValue, rightField, leftValue)

    def pred(element):
        left, right = get(element)
        if left is _MISSING or right is _MISSING:
            return False
        return _bbox_intersects(_geometry_bbox_4326(left), _geometry_bbox_4326(right))

    return Filter(pred)


@fn("Filter.and")
def _filter_and(ev, filters):
    return Filter(lambda e: all(f.predicate(e) for f in filters))


@fn("Filter.or")
def _filter_or(ev, filters):
    return Filter(lambda e: any(f.predicate(e) for f in filters))


@fn("Filter.not")
def _filter_not(ev, filter):
    return Filter(lambda e: not filter.predicate(e))


@fn("Filter.always")
def _filter_always(ev):
    return Filter(lambda e: True)


@fn("Filter.never")
def _filter_never(ev):
    return Filter(lambda e: False)


@fn("Filter.notNull")
def _filter_not_null(ev, properties):
    return Filter(lambda e: all(_props_of(e).get(p) is not None for p in properties))


# ---- collections -----------------------------------------------------------


@fn("ImageCollection.load")
def _collection_load(ev, id, version=None):
    if id not in ev.collections:
        raise NotFoundError(
            f"ImageCollection.load: ImageCollection asset '{id}' not found "
            "(does not exist or caller does not have access)."
        )
    coll = EECollection([ev.load_image(i) for i in ev.collections[id]], {"system:id": id})
    return coll


@fn("ImageCollection.fromImages")
def _collection_from_images(ev, images):
    return EECollection([ev.as_image(i) for i in images])


def _as_collection(c) -> EECollection:
    if isinstance(c, EECollection):
        return c
    if isinstance(c, list):
        return EECollection(list(c))
    raise EvalError(f"not a collection: {type(c).__name__}")


@fn("Collection.filter")
def _collection_filter(ev, collection, filter):
    c = _as_collection(collection)
    return EECollection([i for i in c.images if filter.predicate(i)], dict(c.properties))


@fn("Collection.map")
def _collection_map(ev, collection, baseAlgorithm, dropNulls=False):
    c = _as_collection(collection)
    out = [baseAlgorithm(i) for i in c.images]
    if dropNulls:
        out = [o for o in out if o is not None]
    return EECollection(out, dict(c.properties))


@fn("Collection.limit")
def _collection_limit(ev, collection, limit=None, key=None, ascending=True):
    c = _as_collection(collection)
    imgs = list(c.images)
    if key is not None:
        present = [i for i in imgs if _props_of(i).get(key) is not None]
        missing = [i for i in imgs if _props_of(i).get(key) is None]
        present.sort(key=lambda i: _comparable(_props_of(i)[key]), reverse=not ascending)
        imgs = present + missing
    if limit is not None:
        imgs = imgs[: int(limit)]
    return EECollection(imgs, dict(c.properties))


@fn("Collection.first")
def _collection_first(ev, collection):
    c = _as_collection(collection)
    return c.images[0] if c.images else None


@fn("Collection.size")
def _collection_size(ev, collection):
    return len(_as_collection(collection).images)


@fn("Collection.toList")
def _collection_to_list(ev, collection, count, offset=0):
    imgs = _as_collection(collection).images
    return imgs[int(offset): int(offset) + int(count)]


@fn("Collection.merge", "ImageCollection.merge")
def _collection_merge(ev, collection1, collection2):
    return EECollection(_as_collection(collection1).images + _as_collection(collection2).images)


@fn("AggregateFeatureCollection.array")
def _aggregate_array(ev, collection, property):
    out = []
    for i in _as_collection(collection).images:
        v = _props_of(i).get(property)
        if v is not None:
            out.append(v)
    return out


@fn("ImageCollection.mosaic")
def _collection_mosaic(ev, collection):
    c = _as_collection(collection)
    if not c.images:
        return EEImage([])
    first = c.images[0]
    out = []
    for b0 in first.bands:
        data = np.array(b0.data, copy=True)
        mask = np.array(b0.mask, copy=True)
        ptype = b0.ptype
        for img in c.images[1:]:
            cand = [b for b in img.bands if b.name == b0.name]
            if not cand:
                raise EvalError(f"ImageCollection.mosaic: image lacks band '{b0.name}'")
            b = cand[0]
            data, bd = np.broadcast_arrays(*_align(data, b.data))
            data = np.array(data)
            m = np.broadcast_to(b.mask, data.shape[:2])
            mask = np.broadcast_to(mask, data.shape[:2]) | m
            mm = m.reshape(m.shape + (1,) * (data.ndim - 2))
            data = np.where(np.broadcast_to(mm, data.shape), bd, data)
            ptype = _union_type(ptype, b.ptype)
        out.append(Band(b0.name, data, np.array(mask), ptype))
    grid = next((i.grid for i in c.images if i.grid is not None), None)
    return EEImage(out, {}, grid)


@fn("ImageCollection.toBands")
def _collection_to_bands(ev, collection):
    c = _as_collection(collection)
    bands = []
    for img in c.images:
        idx = img.properties.get("system:index", "")
        bands.extend(b.copy(name=f"{idx}_{b.name}") for b in img.bands)
    return EEImage(bands, {}, next((i.grid for i in c.images if i.grid), None))


def _reduce_collection(name):
    def f(ev, collection):
        c = _as_collection(collection)
        if not c.images:
            return EEImage([])
        out = []
        for bi, b0 in enumerate(c.images[0].bands):
            stack = np.stack(np.broadcast_arrays(*[i.bands[bi].data for i in c.images]))
            masks = np.stack(np.broadcast_arrays(*[i.bands[bi].mask for i in c.images]))
            valid = masks.reshape(masks.shape + (1,) * (stack.ndim - 3))
            cnt = valid.sum(0)
            if name == "mean":
                data = np.where(valid, stack, 0).sum(0) / np.maximum(cnt, 1)
            elif name == "sum":
                data = np.where(valid, stack, 0).sum(0)
            elif name == "max":
                data = np.where(valid, stack, -np.inf).max(0)
            elif name == "min":
                data = np.where(valid, stack, np.inf).min(0)
            else:  # median
                data = np.nanmedian(np.where(valid, stack, np.nan), axis=0)
            data = np.nan_to_num(data, nan=0, posinf=0, neginf=0)
            out.append(Band(b0.name, data, masks.any(0), "double" if name in ("mean", "median") else b0.ptype))
        return EEImage(out, {}, next((i.grid for i in c.images if i.grid), None))

    return f


for _r in ("mean", "median", "max", "min", "sum"):
    FUNCTIONS[f"reduce.{_r}"] = _reduce_collection(_r)


# --------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------


def evaluate(expression: dict, images: dict, collections: dict | None = None, grid=None, *,
             pixels: bool = True) -> Any:
    """Evaluates a Cloud API expression.

    ``grid`` is a Cloud API PixelGrid dict or a :class:`Grid`: fixtures are
    windowed onto it and constants fill it.  Without a grid, fixtures keep
    their native grid (constants are 1x1); with ``pixels=False`` fixture
    pixels are replaced by 1x1 placeholders (metadata only, used by
    value:compute, so fixtures on different grids can be combined).
    """
    return Evaluator(images, collections, grid, pixels=pixels).run(expression)


def _pixel_type_json(ptype: str) -> dict:
    if ptype in INT_RANGES:
        lo, hi = INT_RANGES[ptype]
        return {"type": "PixelType", "precision": "int", "min": lo, "max": hi}
    return {"type": "PixelType", "precision": ptype}


def image_info(img: EEImage) -> dict:
    bands = []
    for b in img.bands:
        if img.grid is not None:
            g = img.grid
            x0, dx, rx, y0, ry, dy = g.transform
            crs, tr, dims = g.crs, [dx, rx, x0, ry, dy, y0], [g.width, g.height]
        else:
            crs, tr, dims = "EPSG:4326", [1.0, 0.0, 0.0, 0.0, 1.0, 0.0], None
        pt = _pixel_type_json(b.ptype)
        if b.data.ndim > 2:
            pt["dimensions"] = b.data.ndim - 2
        info = {"id": b.name, "data_type": pt, "crs": crs, "crs_transform": tr}
        if dims is not None:
            info["dimensions"] = dims
        bands.append(info)
    out: dict[str, Any] = {"type": "Image", "bands": bands}
    if hasattr(img, "asset_id"):
        out["id"] = img.asset_id
    props = {k: to_json(v) for k, v in img.properties.items() if k not in ("system:id",)}
    if props:
        out["properties"] = props
    return out


def to_json(v: Any) -> Any:
    """Converts an evaluation result to the JSON ``value:compute`` returns."""
    if isinstance(v, EEImage):
        return image_info(v)
    if isinstance(v, EECollection):
        out = {"type": "ImageCollection", "bands": [], "features": [image_info(i) for i in v.images]}
        if "system:id" in v.properties:
            out["id"] = v.properties["system:id"]
        props = {k: to_json(x) for k, x in v.properties.items() if k != "system:id"}
        if props:
            out["properties"] = props
        return out
    if isinstance(v, EEDate):
        return {"type": "Date", "value": v.millis}
    if isinstance(v, DateRange):
        return {"type": "DateRange", "dates": [v.start, v.end]}
    if isinstance(v, Geometry):
        return {"type": v.type, "coordinates": v.coordinates}
    if isinstance(v, Feature):
        return {"type": "Feature", "geometry": to_json(v.geometry), "properties": to_json(v.properties)}
    if isinstance(v, EEArray):
        return v.value.tolist()
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return v
    if isinstance(v, dict):
        return {k: to_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    if isinstance(v, (Filter, Reducer)) or callable(v):
        raise EvalError(f"cannot serialize a {type(v).__name__} result")
    return v
