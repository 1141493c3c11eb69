"""Land cover in the CCRS/NALCMS legend (classes 1-19, spec §4.1) from the Earth Engine catalog.

As LEAF production does: NALCMS wherever it has data (North America), elsewhere Copernicus Global Land Cover
100 m (2019) remapped to the same legend, unlisted Copernicus values becoming 0 (unknown, no estimate).
"""

from . import require_ee

NALCMS = "USGS/NLCD_RELEASES/2020_REL/NALCMS"
# An Earth Engine asset id, not a secret: detect-secrets takes it for base64, and the allowlist comment is its
# own line-level marker for a reviewed value (docs/pluginsite.md).
COPERNICUS = "COPERNICUS/Landcover/100m/Proba-V-C3/Global/2019"  # pragma: allowlist secret
COPERNICUS_BAND = "discrete_classification"
# Copernicus discrete_classification -> CCRS legend (spec §4.1)
COPERNICUS_TO_CCRS = {0: 0, 20: 8, 30: 10, 40: 15, 50: 17, 60: 16, 70: 19, 80: 18, 90: 14, 100: 13,
                      111: 1, 112: 3, 113: 1, 114: 5, 115: 6, 116: 6,
                      121: 2, 122: 4, 123: 2, 124: 5, 125: 6, 126: 6, 200: 18}


def ccrs_landcover(asset: str = ""):
    """One-band image LANDCOVER: `asset` (an image already in the CCRS legend) or NALCMS over Copernicus."""
    ee = require_ee()
    if asset:
        return ee.Image(asset).select(0).rename("LANDCOVER")
    keys = sorted(COPERNICUS_TO_CCRS)
    copernicus = ee.Image(COPERNICUS).select(COPERNICUS_BAND).remap(keys, [COPERNICUS_TO_CCRS[k] for k in keys], 0)
    nalcms = ee.Image(NALCMS).select(0)
    return copernicus.where(nalcms.mask(), nalcms).rename("LANDCOVER")
