"""The CCRS production tile grid (LEAF production's `tile_names`, spec §6.4), as a formula.

Tiles are 900 km squares of Canada Atlas Lambert (EPSG:3979) named tileRC, R the row from the north and C
the column from the west; tileRC_4ij are its 2 x 2 sub-tiles and tileRC_9ij its 3 x 3 sub-tiles (i the
row, j the column, from 1). The origin below was derived from the published corner coordinates of the 27
full tiles (projected to EPSG:3979 they are exact 900 km squares; the y origin is their mean, the corners
being given to 1e-4 degree, about 10 m); tests compare every published tile and sub-tile with it.
"""

import re
from typing import Tuple

from .errors import LeafError

CRS_EPSG = 3979
TILE_M = 900000.0
X_ORIGIN = -3500000.0       # west edge of column 0
Y_ORIGIN = 4814922.67       # north edge of row 0
_NAME = re.compile(r"^tile([1-9])([1-9])(?:_(4[12][12]|9[1-3][1-3]))?$")


def tile_bounds(name: str) -> Tuple[float, float, float, float]:
    """(xmin, ymin, xmax, ymax) in EPSG:3979 metres of a CCRS tile or sub-tile name such as 'tile55_411'."""
    m = _NAME.match(name.strip().lower())
    if not m:
        raise LeafError("%r is not a CCRS tile name (tileRC, tileRC_4ij or tileRC_9ij, e.g. tile55 or tile55_412)."
                        % name)
    row, col = int(m.group(1)), int(m.group(2))
    xmin = X_ORIGIN + TILE_M * col
    ymax = Y_ORIGIN - TILE_M * row
    if m.group(3):
        parts = 2 if m.group(3)[0] == "4" else 3
        i, j = int(m.group(3)[1]), int(m.group(3)[2])
        size = TILE_M / parts
        xmin += size * (j - 1)
        ymax -= size * (i - 1)
        return xmin, ymax - size, xmin + size, ymax
    return xmin, ymax - TILE_M, xmin + TILE_M, ymax
