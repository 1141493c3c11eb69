"""Subset: a product (or stack) on a target grid -> an analysis-ready stack (COG) that leaf:estimate reads.

The stack holds the reflectance bands, the per-pixel angles SZA/VZA/SAA/VAA (degrees) and MASK (1 keep,
0 masked), all Float32 with NaN as no data, and the metadata items LEAF_SENSOR, LEAF_DATE, LEAF_SOURCE.
"""

import os
from typing import Callable, Optional, Sequence

import numpy as np

from ..resources import plugin_version
from .errors import Cancelled, LeafError
from .grid import Grid
from .sources import open_source
from .writer import BandSpec, ProductWriter

ANGLES = ("SZA", "VZA", "SAA", "VAA", "RAA")
NOT_REFLECTANCE = set(ANGLES) | {"MASK", "SCL", "QA_PIXEL", "QA_RADSAT", "FMASK", "LANDCOVER", "AOT", "WVP"}


def reflectance_bands(scene) -> list:
    return [b for b in scene.bands if b not in NOT_REFLECTANCE and not b.startswith(("QA", "TCI"))]


def subset(input_path: str, output_path: str, grid: Optional[Grid] = None, resolution: Optional[float] = None,
           bands: Optional[Sequence[str]] = None, window_size: int = 512, clip=None,
           progress: Callable[[float], None] = lambda f: None, is_canceled: Callable[[], bool] = lambda: False,
           log: Callable[[str], None] = lambda m: None) -> dict:
    """Write the analysis-ready stack of `input_path` on `grid` (or at `resolution` on the product's grid),
    clipped to polygons when `clip` = (WKTs, CRS WKT, buffer) is given."""
    with open_source(input_path, grid=grid, resolution=resolution, clip=clip) as scene:
        names = list(bands) if bands else reflectance_bands(scene)
        if not names:
            raise LeafError("The input %s has no reflectance band to subset." % scene.path)
        scene.require_reflectance(names)
        extra = [a for a in ANGLES if scene.has(a)] + (["MASK"] if scene.has("MASK") else [])
        specs = [BandSpec(n, "surface reflectance", "1") for n in names]
        specs += [BandSpec(a, {"SZA": "sun zenith angle", "VZA": "view zenith angle", "SAA": "sun azimuth angle",
                               "VAA": "view azimuth angle", "RAA": "relative azimuth angle"}[a], "degree")
                  for a in extra if a != "MASK"]
        if "MASK" in extra:
            specs.append(BandSpec("MASK", "1 = valid pixel, 0 = masked (cloud, shadow, snow, water...)"))
        metadata = {"LEAF_SENSOR": scene.sensor or "", "LEAF_DATE": scene.date or "",
                    "LEAF_SOURCE": os.path.abspath(input_path) if isinstance(input_path, str) else scene.path, "LEAF_PLUGIN": "leaf_qgis " + plugin_version()}
        log("Subsetting %s (%s, %s) to %d x %d pixels." % (scene.path, scene.sensor, scene.date, scene.width,
                                                          scene.height))
        writer = ProductWriter(output_path, scene.width, scene.height, scene.geotransform, scene.projection,
                               specs, np.float32, float("nan"), metadata)
        try:
            windows = list(scene.windows(window_size))
            valid_pixels = 0
            for i, window in enumerate(windows):
                if is_canceled():
                    raise Cancelled()
                arrays = []
                for spec in specs:
                    values, has = scene.read(spec.name, window)
                    arrays.append(np.where(has, values, np.nan).astype(np.float32))
                if "MASK" in extra:
                    valid_pixels += int(np.nansum(arrays[-1] == 1))
                writer.write(window, arrays)
                progress((i + 1) / len(windows))
            writer.commit()
        except BaseException:
            writer.abort()
            raise
    return {"OUTPUT": os.path.abspath(output_path), "bands": [s.name for s in specs], "sensor": scene.sensor,
            "date": scene.date, "valid_pixels": valid_pixels, "width": scene.width, "height": scene.height}
