"""Read an analysis-ready stack: one GDAL raster whose band descriptions name each band, read by windows.

Band names: reflectance by sensor band name (B3, B03, B8A, SR_B5 ...), angles SZA/VZA/SAA/VAA or RAA in
degrees, optional MASK (1 = valid) and LANDCOVER. Reflectance is physical, or integers with GDAL
scale/offset metadata (reflectance = DN * scale + offset, computed in float64). Dataset metadata items
LEAF_SENSOR and LEAF_DATE describe the acquisition.
"""

import datetime
import os
import re
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

import numpy as np
from osgeo import gdal

from .errors import LeafError
from .gdal_errors import read_array
from .gdalio import quiet
from .scene import Scene

ANGLE_BANDS = ("SZA", "VZA", "SAA", "VAA", "RAA")
_INTEGER_TYPES = {gdal.GDT_Byte, gdal.GDT_UInt16, gdal.GDT_Int16, gdal.GDT_UInt32, gdal.GDT_Int32}

Window = Tuple[int, int, int, int]  # xoff, yoff, xsize, ysize


def canonical_band_name(name: str) -> str:
    """Upper-case, trimmed, with sensor band numbers unpadded: 'b03' -> 'B3', 'B8A' -> 'B8A'."""
    n = (name or "").strip().upper()
    return re.sub(r"^(SR_)?B0(\d)", r"\1B\2", n)


def open_raster(path: str):
    """gdal.Open that turns GDAL's failure into one sentence naming the file."""
    if not path:
        raise LeafError("No input raster was given.")
    if not path.startswith("/vsi") and not os.path.exists(path):
        raise LeafError("The input %s does not exist." % path)
    ds, msg = quiet(lambda: gdal.Open(path, gdal.GA_ReadOnly))
    if ds is None:
        raise LeafError("The input %s is not a raster GDAL can read%s." % (path, (" (%s)" % msg) if msg else ""))
    return ds


def parse_band_map(text: Optional[str], count: int, path: str):
    """'B3=1,B4=2,...,SZA=9[,SCALE=0.0001,OFFSET=-0.1][,SENSOR=S2A]' -> ({name: band index}, overrides).

    For rasters whose band descriptions do not name the bands: names map to 1-based band indices; SCALE
    and OFFSET turn integer reflectance bands into reflectance; SENSOR stands for LEAF_SENSOR.
    """
    mapping, overrides = {}, {}
    for part in (text or "").replace(";", ",").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise LeafError("The band map entry %r for %s is not NAME=VALUE." % (part.strip(), path))
        key, value = (x.strip() for x in part.split("=", 1))
        key = key.upper()
        try:
            if key in ("SCALE", "OFFSET"):
                overrides[key] = float(value)
            elif key == "SENSOR":
                overrides[key] = value
            else:
                index = int(value)
                if not 1 <= index <= count:
                    raise ValueError
                mapping[canonical_band_name(key)] = index
        except ValueError:
            raise LeafError("The band map entry %s=%s for %s is not valid (the raster has %d bands)." % (
                key, value, path, count)) from None
    return mapping, overrides


@dataclass
class BandInfo:
    index: int          # 1-based GDAL band index
    scale: float
    offset: float
    nodata: Optional[float]
    integer: bool


class Stack(Scene):
    """An analysis-ready stack opened for windowed reading."""

    def __init__(self, path: str, band_map: Optional[str] = None):
        self.path = path
        self.ds = open_raster(path)
        self.width, self.height = self.ds.RasterXSize, self.ds.RasterYSize
        if self.ds.RasterCount == 0:
            raise LeafError("The input %s has no bands." % path)
        mapping, overrides = parse_band_map(band_map, self.ds.RasterCount, path)
        self.bands: Dict[str, BandInfo] = {}
        for i in range(1, self.ds.RasterCount + 1):
            b = self.ds.GetRasterBand(i)
            names = [n for n, j in mapping.items() if j == i] if mapping else [canonical_band_name(b.GetDescription())]
            for name in names:
                if not name:
                    continue
                if name in self.bands:
                    raise LeafError("The input %s has two bands named %s." % (path, name))
                scale, offset = b.GetScale(), b.GetOffset()
                if name not in ANGLE_BANDS + ("MASK", "LANDCOVER") and "SCALE" in overrides:
                    scale, offset = overrides["SCALE"], overrides.get("OFFSET", 0.0)
                self.bands[name] = BandInfo(i, scale if scale is not None else 1.0, offset if offset is not None else 0.0,
                                            b.GetNoDataValue(), b.DataType in _INTEGER_TYPES)
        md = self.ds.GetMetadata() or {}
        self.sensor = (overrides.get("SENSOR") or md.get("LEAF_SENSOR") or "").strip().upper() or None
        self.date = (md.get("LEAF_DATE") or "").strip() or None
        if self.date is not None:
            try:
                datetime.date.fromisoformat(self.date[:10])
            except ValueError:
                raise LeafError("The input %s has the acquisition date LEAF_DATE=%r, which is not a date (YYYY-MM-DD); "
                                "correct it with gdal_edit -mo LEAF_DATE=YYYY-MM-DD." % (path, self.date)) from None
        self.geotransform = self.ds.GetGeoTransform()
        self.projection = self.ds.GetProjection()

    def close(self):
        self.ds = None

    def require_reflectance(self, names):
        """Raise one sentence if a reflectance band is missing or stored as unscaled integers."""
        missing = [n for n in names if n not in self.bands]
        if missing:
            raise LeafError("The input %s has no band named %s (its bands are: %s); name bands by their "
                            "descriptions, e.g. with gdal_edit or a VRT." % (
                                self.path, ", ".join(missing), ", ".join(self.bands) or "none named"))
        for n in names:
            info = self.bands[n]
            if info.integer and info.scale == 1.0 and info.offset == 0.0:
                raise LeafError("Band %s of %s holds integers without scale/offset metadata, so it is not "
                                "reflectance; set its scale (e.g. 0.0001) and offset." % (n, self.path))

    def read(self, name: str, window: Window) -> Tuple[np.ndarray, np.ndarray]:
        """(values as float64 with scale/offset applied, True where the pixel has data) for one band."""
        info = self.bands[name]
        raw = read_array(self.ds.GetRasterBand(info.index), window, self.path, name)
        has_data = np.ones(raw.shape, dtype=bool)
        if info.nodata is not None:
            has_data &= ~(raw == info.nodata) if np.isfinite(info.nodata) else ~np.isnan(raw)
        values = raw.astype(np.float64)
        if info.scale != 1.0 or info.offset != 0.0:
            values = values * info.scale + info.offset
        has_data &= np.isfinite(values)
        return values, has_data
