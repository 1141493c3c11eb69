"""Subset: a product (or stack) on a target grid -> an analysis-ready stack (COG) that leaf:estimate reads.

The stack holds the reflectance bands, the per-pixel angles SZA/VZA/SAA/VAA (degrees) and MASK (1 keep,
0 masked), all Float32 with NaN as no data, and the metadata items LEAF_SENSOR, LEAF_DATE, LEAF_SOURCE.
"""

import os
from typing import Callable, Optional, Sequence

import numpy as np

from ..resources import plugin_version
from . import paths
from .errors import Cancelled, LeafError
from .gdalio import quiet
from .grid import Grid
from .sanity import check_resolution, check_scene
from .sources import open_source
from .writer import BandSpec, ProductWriter

ANGLES = ("SZA", "VZA", "SAA", "VAA", "RAA")
NOT_REFLECTANCE = set(ANGLES) | {"MASK", "SCL", "QA_PIXEL", "QA_RADSAT", "FMASK", "LANDCOVER", "AOT", "WVP"}


ANGLE_DESCRIPTIONS = {"SZA": "sun zenith angle", "VZA": "view zenith angle", "SAA": "sun azimuth angle",
                      "VAA": "view azimuth angle", "RAA": "relative azimuth angle"}


def stack_band_specs(reflectance: Sequence[str], angles: Sequence[str], mask: bool = True) -> list:
    """The bands of an analysis-ready stack: reflectance (unitless), angles (degrees), then MASK."""
    specs = [BandSpec(n, "surface reflectance", "1") for n in reflectance]
    specs += [BandSpec(a, ANGLE_DESCRIPTIONS[a], "degree") for a in angles]
    if mask:
        specs.append(BandSpec("MASK", "1 = valid pixel, 0 = masked (cloud, shadow, snow, water...)"))
    return specs


def reflectance_bands(scene) -> list:
    return [b for b in scene.bands if b not in NOT_REFLECTANCE and not b.startswith(("QA", "TCI"))]


def subset(input_path: str, output_path: str, grid: Optional[Grid] = None, resolution: Optional[float] = None,
           bands: Optional[Sequence[str]] = None, window_size: int = 512, clip=None,
           resampling: Optional[str] = None, also_read: Sequence[str] = (),
           progress: Callable[[float], None] = lambda f: None, is_canceled: Callable[[], bool] = lambda: False,
           log: Callable[[str], None] = lambda m: None) -> dict:
    """Write the analysis-ready stack of `input_path` on `grid` (or at `resolution` on the product's grid),
    clipped to polygons when `clip` = (WKTs, CRS WKT, buffer) is given. An output ending in .vrt is a
    virtual stack (see write_vrt_stack); anything else a Cloud-Optimized GeoTIFF. No output file may be, or
    lie inside, the input (its folder, archive or any band file) or any of `also_read` (e.g. the AREA layer)."""
    resolution = check_resolution(resolution)
    inputs = (list(input_path) if isinstance(input_path, (list, tuple)) else [input_path]) + list(also_read)
    paths.check_outputs(inputs, paths.raster_sidecars(output_path))
    if output_path.lower().endswith(".vrt"):
        if clip or isinstance(input_path, (list, tuple)):
            raise LeafError("A VRT stack is made from one product without polygon clipping; write %s as a GeoTIFF."
                            % output_path)
        with open_source(input_path, grid=grid, resolution=resolution, resampling=resampling) as scene:
            return write_vrt_stack(scene, input_path, output_path, bands, window_size, progress, is_canceled, log,
                                   inputs)
    with open_source(input_path, grid=grid, resolution=resolution, clip=clip, resampling=resampling) as scene:
        names = list(bands) if bands else reflectance_bands(scene)
        if not names:
            raise LeafError("The input %s has no reflectance band to subset." % scene.path)
        scene.require_reflectance(names)
        check_scene(scene, names)
        extra = [a for a in ANGLES if scene.has(a)] + (["MASK"] if scene.has("MASK") else [])
        specs = stack_band_specs(names, [a for a in extra if a != "MASK"], "MASK" in extra)
        metadata = {"LEAF_SENSOR": scene.sensor or "", "LEAF_DATE": scene.date or "",
                    "LEAF_SOURCE": os.path.abspath(input_path) if isinstance(input_path, str) else scene.path, "LEAF_PLUGIN": "leaf_qgis " + plugin_version()}
        log("Subsetting %s (%s, %s) to %d x %d pixels." % (scene.path, scene.sensor, scene.date, scene.width,
                                                          scene.height))
        writer = ProductWriter(output_path, scene.width, scene.height, scene.geotransform, scene.projection,
                               specs, np.float32, float("nan"), metadata, log=log)
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


def reflectance_source(scene, name: str):
    """(GDAL dataset on the scene's grid holding DNs, scale, offset, nodata) of a reflectance band, so that
    a VRT can point at the product's own files instead of copying their pixels."""
    from .landsat import LandsatScene
    from .sentinel2 import S2Scene
    from .stac import AssetScene
    band = scene.bands[name]
    if isinstance(scene, S2Scene):
        q = scene.metadata.quantification
        return band.vrt, 1.0 / q, band.offset / q, 0.0
    if isinstance(scene, LandsatScene):
        return band.ds, band.scale, band.offset, 0.0
    if isinstance(scene, AssetScene):
        return scene.reader(band), band.scale, band.offset, band.nodata
    raise LeafError("A VRT stack needs a product as input; %s is already a raster." % scene.path)


def vrt_sidecars(output_path: str, bands: Sequence[str]) -> list:
    """The files a VRT stack writes beside `output_path`: one VRT per reflectance band and the angles GeoTIFF."""
    stem = os.path.splitext(os.path.abspath(output_path))[0]
    return ["%s.%s.vrt" % (stem, b) for b in bands] + paths.raster_sidecars(stem + ".angles.tif")


def write_vrt_stack(scene, input_path, output_path: str, bands=None, window_size: int = 512,
                    progress: Callable[[float], None] = lambda f: None, is_canceled: Callable[[], bool] = lambda: False,
                    log: Callable[[str], None] = lambda m: None, inputs=None) -> dict:
    """A virtual stack: reflectance bands are VRTs of the product's own files (DN with scale/offset, no pixel
    copied); the computed angles and MASK go to a GeoTIFF beside it (`<name>.angles.tif`). Every file is
    written under a temporary name and renamed into place at the end; none may be an input (`inputs`)."""
    from osgeo import gdal

    from .xmldoc import element, write_xml
    names = list(bands) if bands else reflectance_bands(scene)
    if not names:
        raise LeafError("The input %s has no reflectance band to subset." % scene.path)
    scene.require_reflectance(names)
    paths.check_outputs(inputs if inputs is not None else [input_path], vrt_sidecars(output_path, names))
    stem = os.path.splitext(os.path.abspath(output_path))[0]
    folder = os.path.dirname(stem)
    computed = [a for a in ANGLES if scene.has(a)] + (["MASK"] if scene.has("MASK") else [])
    sidecar = stem + ".angles.tif"
    staged = []   # (temporary, final) of the band VRTs, renamed when everything is written
    written = []  # finals in place already (the angles COG), removed again if a later step fails
    try:
        metadata = [element("MDI", value, key=key) for key, value in (
            ("LEAF_SENSOR", scene.sensor or ""), ("LEAF_DATE", scene.date or ""),
            ("LEAF_SOURCE", os.path.abspath(input_path)), ("LEAF_PLUGIN", "leaf_qgis " + plugin_version()))]
        root = element("VRTDataset", None, [
            element("SRS", scene.projection),
            element("GeoTransform", ", ".join(repr(float(v)) for v in scene.geotransform)),
            element("Metadata", None, metadata)], rasterXSize=scene.width, rasterYSize=scene.height)
        for i, name in enumerate(names, start=1):
            ds, scale, offset, nodata = reflectance_source(scene, name)
            band_vrt = "%s.%s.vrt" % (stem, name)
            tmp = paths.temporary_file(folder, os.path.basename(band_vrt), "partial", ".vrt", log)
            staged.append((tmp, band_vrt))
            copy, msg = quiet(lambda path=tmp, src=ds: gdal.GetDriverByName("VRT").CreateCopy(path, src))
            if copy is None:
                raise LeafError("Could not write %s: %s." % (band_vrt, msg or "GDAL refused to create it"))
            copy = None
            root.append(element("VRTRasterBand", None, [
                element("Description", name),
                *([element("NoDataValue", repr(float(nodata)))] if nodata is not None else []),
                element("Offset", repr(float(offset))),
                element("Scale", repr(float(scale))),
                element("SimpleSource", None, [element("SourceFilename", os.path.basename(band_vrt), relativeToVRT=1),
                                               element("SourceBand", "1")])], dataType="Float64", band=i))
        if computed:
            specs = [BandSpec(a, "", "degree" if a != "MASK" else "") for a in computed]
            writer = ProductWriter(sidecar, scene.width, scene.height, scene.geotransform, scene.projection, specs,
                                   np.float32, float("nan"), {}, log=log)
            try:
                windows = list(scene.windows(window_size))
                for k, window in enumerate(windows):
                    if is_canceled():
                        raise Cancelled()
                    writer.write(window, [np.where(h, v, np.nan) for v, h in (scene.read(a, window) for a in computed)])
                    progress((k + 1) / len(windows))
                writer.commit()
            except BaseException:
                writer.abort()
                raise
            written.append(sidecar)
            for j, a in enumerate(computed, start=1):
                root.append(element("VRTRasterBand", None, [
                    element("Description", a),
                    element("NoDataValue", "nan"),
                    element("SimpleSource", None, [element("SourceFilename", os.path.basename(sidecar), relativeToVRT=1),
                                                   element("SourceBand", str(j))])],
                    dataType="Float32", band=len(names) + j))
        tmp = paths.temporary_file(folder, os.path.basename(output_path), "partial", ".vrt", log)
        staged.append((tmp, output_path))
        write_xml(tmp, root)
        for tmp, final in staged:   # the stack itself last: it is complete once it appears
            paths.commit(tmp, final)
            written.append(final)
    except BaseException:
        for tmp, _ in staged:
            paths.discard(tmp)
        for f in written:   # files this run put in place (they replaced any older ones of the same name)
            if os.path.exists(f):
                os.remove(f)
        raise
    log("Virtual stack %s: %d reflectance bands pointing at %s, angles and MASK in %s." % (
        output_path, len(names), input_path, sidecar))
    return {"OUTPUT": os.path.abspath(output_path), "bands": names + computed, "sensor": scene.sensor,
            "date": scene.date, "valid_pixels": -1, "width": scene.width, "height": scene.height}
