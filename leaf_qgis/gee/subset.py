"""The Subset tool on Earth Engine: an image (or the most recent clear pixel of a period) on the run's grid,
downloaded as the same analysis-ready stack as engine.subset writes (Float32 COG, NaN no data): reflectance
bands, SZA, VZA, RAA in degrees, MASK and, for a period, DATE; LEAF_SENSOR / LEAF_DATE / LEAF_SOURCE metadata.
Any local tool then reads it, e.g. Estimate with an algorithm Earth Engine does not run (SNAP).
"""

import datetime
import os
from typing import Callable, Optional, Sequence

import numpy as np

from ..engine import paths
from ..engine.clip import PolygonMask
from ..engine.errors import Cancelled, LeafError
from ..engine.grid import Grid
from ..engine.subset import stack_band_specs
from ..engine.writer import BandSpec, ProductWriter
from ..resources import plugin_version
from . import session
from .collections import scene_image
from .download import download
from .estimate import EESource, image_date, period_scene
from .graph import ANGLE_BANDS


def subset_ee(source: EESource, grid: Grid, output_path: str, bands: Optional[Sequence[str]] = None,
              project: str = "", key_file: str = "", url: Optional[str] = None, creds=None, clip=None,
              also_read: Sequence[str] = (),
              threads: int = 4, progress: Callable[[float], None] = lambda f: None,
              is_canceled: Callable[[], bool] = lambda: False, log: Callable[[str], None] = lambda m: None) -> dict:
    """Write the analysis-ready stack of an Earth Engine source on `grid` to `output_path` (a COG)."""
    paths.check_outputs([key_file] + list(also_read), paths.raster_sidecars(output_path))
    c = source.resolve()
    names = list(bands or c.bands)
    unknown = [b for b in names if b not in c.bands]
    if unknown:
        raise LeafError("The Earth Engine collection %s has no reflectance band %s (it has %s)." % (
            c.id, ", ".join(unknown), ", ".join(c.bands)))
    inside = PolygonMask(clip[0], clip[1], clip[2], grid.projection, grid.geotransform, grid.width, grid.height,
                         "the area of the Earth Engine run") if clip else None
    ee = session.connect(project, key_file=key_file, url=url, creds=creds)
    if source.image_id:
        scene, count = scene_image(ee.Image(source.image_id), c, tuple(names)), 1
        date = image_date(ee, source.image_id, project)
        extra = []
    else:
        scene, count = period_scene(ee, source, c, names, grid, project)
        start, end = (datetime.date.fromisoformat(d) for d in (source.start, source.end))
        date = (start + (end - start) / 2).isoformat()       # the period's middle, as Mosaic writes
        extra = ["DATE"]
    fetched = names + list(ANGLE_BANDS) + ["MASK"] + extra
    present = scene.select(names + list(ANGLE_BANDS)).mask().reduce(ee.Reducer.min()).rename("PRESENT")
    image = scene.select(fetched).unmask(0, False).addBands(present.unmask(0, False)).toFloat()
    specs = stack_band_specs(names, ANGLE_BANDS)
    if extra:
        specs.append(BandSpec("DATE", "acquisition date of the pixel's observation", "days since 1970-01-01"))
    metadata = {"LEAF_SENSOR": c.sensors[0] if c.key != "S2" else _s2_sensor(ee, source, project),
                "LEAF_DATE": date, "LEAF_SOURCE": "Earth Engine " + source.describe(),
                "LEAF_PLUGIN": "leaf_qgis " + plugin_version(), "LEAF_BACKEND": "Earth Engine, project %s" % project}
    log("Downloading %s (%d image(s)) as a %d x %d stack." % (source.describe(), count, grid.width, grid.height))
    writer = ProductWriter(output_path, grid.width, grid.height, grid.geotransform, grid.projection, specs,
                           np.float32, float("nan"), metadata, log=log)
    valid_pixels = 0
    try:
        for window, values in download(ee, image, grid, fetched + ["PRESENT"], project, threads, progress,
                                       is_canceled):
            has = values[-1] > 0
            if inside is not None:
                has &= inside.inside(window)
            arrays = [np.where(has, v, np.nan).astype(np.float32) for v in values[:-1]]
            valid_pixels += int(np.nansum(arrays[len(names) + len(ANGLE_BANDS)] == 1))
            writer.write(window, arrays)
        if is_canceled():
            raise Cancelled()
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return {"OUTPUT": os.path.abspath(output_path), "bands": [s.name for s in specs], "sensor": metadata["LEAF_SENSOR"],
            "date": date, "valid_pixels": valid_pixels, "width": grid.width, "height": grid.height, "images": count}


def _s2_sensor(ee, source: EESource, project: str) -> str:
    """S2A / S2B / S2C from the image's SPACECRAFT_NAME; 'S2A' for a period (the S2 algorithms take all three)."""
    if not source.image_id:
        return "S2A"
    name = session.call(lambda: ee.Image(source.image_id).get("SPACECRAFT_NAME").getInfo(), project) or ""
    return "S2" + name[-1] if name.startswith("Sentinel-2") else "S2A"
