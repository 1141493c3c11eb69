"""Earth Engine surface-reflectance collections as scenes with the local engine's band names and rules.

A scene image has the algorithm's reflectance bands in physical units, SZA, VZA, RAA in degrees and MASK
(1 = keep, never masked itself). The masks are the local readers' defaults (sentinel2.DEFAULT_S2_MASK_CLASSES,
landsat.DEFAULT_QA_MASK, hls.DEFAULT_FMASK_BITS), so one rule serves both backends. Angles follow LEAF on
Earth Engine (spec §2.3): Sentinel-2 scene means from the image properties (one value per image, where the
local SAFE reader interpolates the per-pixel grids), Landsat per-pixel angle bands of the matching
Collection-2 TOA image, HLS its own angle bands.
"""

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from ..engine.errors import LeafError
from ..engine.hls import DEFAULT_FMASK_BITS
from ..engine.landsat import DEFAULT_QA_MASK
from ..engine.sentinel2 import DEFAULT_S2_MASK_CLASSES
from . import require_ee


@dataclass(frozen=True)
class EECollection:
    """One Earth Engine collection: how its images become scenes."""

    key: str                      # our short name, as in the EE_COLLECTION choices
    id: str                       # Earth Engine collection id
    sensors: Tuple[str, ...]      # sensor names of the algorithm definitions it feeds
    bands: Tuple[str, ...]        # reflectance bands (same names on Earth Engine and in the algorithms)
    scale: float                  # reflectance = DN x scale + offset
    offset: float
    cloud_property: str           # scene cloud cover in percent
    angles: str                   # 'properties' (S2 means), 'toa' (linked TOA image) or 'bands'
    resolution: float             # metres: the default output pixel (Sentinel-2 20 m bands, Landsat/HLS 30 m)
    toa_collection: str = ""


COLLECTIONS: Dict[str, EECollection] = {c.key: c for c in (
    EECollection("S2", "COPERNICUS/S2_SR_HARMONIZED", ("S2A", "S2B", "S2C"),
                 ("B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12"), 0.0001, 0.0,
                 "CLOUDY_PIXEL_PERCENTAGE", "properties", 20.0),
    EECollection("L8", "LANDSAT/LC08/C02/T1_L2", ("L8",), ("SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"),
                 2.75e-05, -0.2, "CLOUD_COVER_LAND", "toa", 30.0, "LANDSAT/LC08/C02/T1_TOA"),
    EECollection("L9", "LANDSAT/LC09/C02/T1_L2", ("L9",), ("SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"),
                 2.75e-05, -0.2, "CLOUD_COVER_LAND", "toa", 30.0, "LANDSAT/LC09/C02/T1_TOA"),
    EECollection("L7", "LANDSAT/LE07/C02/T1_L2", ("L7",), ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"),
                 2.75e-05, -0.2, "CLOUD_COVER_LAND", "toa", 30.0, "LANDSAT/LE07/C02/T1_TOA"),
    EECollection("L5", "LANDSAT/LT05/C02/T1_L2", ("L5",), ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"),
                 2.75e-05, -0.2, "CLOUD_COVER_LAND", "toa", 30.0, "LANDSAT/LT05/C02/T1_TOA"),
    EECollection("HLS_L30", "NASA/HLS/HLSL30/v002", ("HLS_L30",), ("B2", "B3", "B4", "B5", "B6", "B7"), 1.0, 0.0,
                 "CLOUD_COVERAGE", "bands", 30.0),
)}


def collection_of_image(image_id: str) -> EECollection:
    """The collection an image asset id belongs to ('COPERNICUS/S2_SR_HARMONIZED/20190816T...' -> S2)."""
    for c in COLLECTIONS.values():
        if image_id.startswith(c.id + "/"):
            return c
    raise LeafError("The Earth Engine image %s is not from a supported collection (%s)."
                    % (image_id, ", ".join(c.id for c in COLLECTIONS.values())))


def _mask(ee, image, c: EECollection):
    """MASK (1 = keep) with the local readers' default rules, 0 where the quality band has no data."""
    if c.key == "S2":
        classes = list(DEFAULT_S2_MASK_CLASSES)
        keep = image.select("SCL").remap(classes, [1] * len(classes), 0)
    elif c.key == "HLS_L30":
        keep = image.select("Fmask").bitwiseAnd(sum(1 << b for b in DEFAULT_FMASK_BITS)).eq(0)
    else:
        keep = image.select("QA_PIXEL").bitwiseAnd(sum(1 << b for b in DEFAULT_QA_MASK)).eq(0)
    return keep.unmask(0, False).rename("MASK")


def _angles(ee, image, c: EECollection):
    """SZA, VZA, RAA (= SAA - VAA) in degrees."""
    if c.angles == "properties":
        def prop(name):
            return ee.Number(image.get(name))
        sza = ee.Image.constant(prop("MEAN_SOLAR_ZENITH_ANGLE"))
        vza = ee.Image.constant(prop("MEAN_INCIDENCE_ZENITH_ANGLE_B8A"))
        raa = ee.Image.constant(prop("MEAN_SOLAR_AZIMUTH_ANGLE").subtract(prop("MEAN_INCIDENCE_AZIMUTH_ANGLE_B8A")))
    else:
        source = image
        scale = 1.0
        if c.angles == "toa":   # same scene in the TOA collection: int16 hundredths of a degree
            source = ee.Image(ee.String(c.toa_collection + "/").cat(image.get("system:index")))
            scale = 0.01
        sza, vza, saa, vaa = (source.select(b).multiply(scale) for b in ("SZA", "VZA", "SAA", "VAA"))
        raa = saa.subtract(vaa)
    return ee.Image.cat([sza.rename("SZA"), vza.rename("VZA"), raa.rename("RAA")])


def scene_image(image, c: EECollection, bands: Optional[Tuple[str, ...]] = None):
    """An Earth Engine image of collection `c` as a scene (see the module docstring)."""
    ee = require_ee()
    image = ee.Image(image)
    names = list(bands or c.bands)
    refl = image.select(names)
    if c.scale != 1.0:
        refl = refl.multiply(c.scale)
    if c.offset != 0.0:
        refl = refl.add(c.offset)
    scene = refl.rename(names).addBands(_angles(ee, image, c)).addBands(_mask(ee, image, c))
    return ee.Image(scene.copyProperties(image, ["system:index", "system:time_start", c.cloud_property]))


def search(c: EECollection, region, start: str, end: str, max_cloud: Optional[float] = None):
    """The collection's images over `region` (ee.Geometry) from `start` (inclusive) to `end` (exclusive)."""
    ee = require_ee()
    coll = ee.ImageCollection(c.id).filterDate(start, end).filterBounds(region)
    if max_cloud is not None and max_cloud < 100:
        coll = coll.filter(ee.Filter.lt(c.cloud_property, float(max_cloud)))
    return coll
