"""A target grid (CRS, geotransform, size) and a virtual warp of any raster onto it.

Product readers (Sentinel-2, Landsat) resample every input layer onto one `Grid` with `warped_vrt`,
which builds an in-memory VRT: nothing is computed until a window is read, so the readers stay lazy.
"""

import math
from dataclasses import dataclass
from typing import Optional, Tuple, Union

from osgeo import gdal, osr

from .errors import LeafError
from .gdalio import quiet

RESAMPLING = ("average", "near", "bilinear")
MAX_GRID_PIXELS = 2 ** 34   # 16 Gpixel: beyond any tile or province at its pixel size; a typo in resolution or area


@dataclass
class Grid:
    """North-up pixel grid: projection (WKT), GDAL geotransform, width and height in pixels."""

    projection: str
    geotransform: tuple
    width: int
    height: int

    @classmethod
    def from_dataset(cls, ds) -> "Grid":
        return cls(ds.GetProjection(), tuple(ds.GetGeoTransform()), ds.RasterXSize, ds.RasterYSize)

    @classmethod
    def from_bounds(cls, projection: str, xmin: float, ymin: float, xmax: float, ymax: float,
                    resolution: float) -> "Grid":
        """The grid of `resolution` pixels covering the bounds, snapped outward to multiples of resolution."""
        if not all(math.isfinite(float(v)) for v in (xmin, ymin, xmax, ymax, resolution)) or resolution <= 0 \
                or xmax <= xmin or ymax <= ymin:
            raise LeafError("The area %s, %s, %s, %s at %s m is not a valid grid." % (xmin, ymin, xmax, ymax,
                                                                                     resolution))
        if (xmax - xmin) / resolution * ((ymax - ymin) / resolution) > MAX_GRID_PIXELS:
            raise LeafError("The area %s, %s, %s, %s at %s m would be %.3g pixels; choose a coarser resolution or a "
                            "smaller area." % (xmin, ymin, xmax, ymax, resolution,
                                               (xmax - xmin) * (ymax - ymin) / resolution ** 2))
        x0 = math.floor(xmin / resolution + 1e-9) * resolution
        y0 = math.floor(ymin / resolution + 1e-9) * resolution
        x1 = math.ceil(xmax / resolution - 1e-9) * resolution
        y1 = math.ceil(ymax / resolution - 1e-9) * resolution
        width, height = int(round((x1 - x0) / resolution)), int(round((y1 - y0) / resolution))
        return cls(projection, (float(x0), float(resolution), 0.0, float(y1), 0.0, -float(resolution)), width, height)

    @property
    def resolution(self) -> float:
        return abs(self.geotransform[1])

    def bounds(self) -> Tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) in the grid's CRS."""
        gt = self.geotransform
        return (gt[0], gt[3] + gt[5] * self.height, gt[0] + gt[1] * self.width, gt[3])


def footprint_in(ds, projection: str):
    """The source dataset's footprint (xmin, ymin, xmax, ymax) expressed in `projection` (corner points)."""
    gt = ds.GetGeoTransform()
    xs = [gt[0], gt[0] + gt[1] * ds.RasterXSize]
    ys = [gt[3], gt[3] + gt[5] * ds.RasterYSize]
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromWkt(ds.GetProjection() or projection)
    dst.ImportFromWkt(projection)
    if src.IsSame(dst):
        return min(xs), min(ys), max(xs), max(ys)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    n = 21  # densified edges: a reprojected rectangle's edges bend
    pts = []
    for i in range(n):
        f = i / (n - 1)
        x, y = xs[0] + f * (xs[1] - xs[0]), ys[0] + f * (ys[1] - ys[0])
        pts += [(x, ys[0]), (x, ys[1]), (xs[0], y), (xs[1], y)]
    out = [ct.TransformPoint(px, py)[:2] for px, py in pts]
    return (min(p[0] for p in out), min(p[1] for p in out), max(p[0] for p in out), max(p[1] for p in out))


def _same_pixels(ds, grid: Grid):
    """[xoff, yoff, width, height] of `grid` in the source's pixels when the grid is made of the source's own
    pixels (same CRS and pixel size, no rotation, origin on a pixel corner), else None."""
    gt, g = ds.GetGeoTransform(), grid.geotransform
    if gt[2] or gt[4] or g[2] or g[4] or abs(gt[1] - g[1]) > 1e-9 * abs(g[1]) or abs(gt[5] - g[5]) > 1e-9 * abs(g[5]):
        return None
    xoff, yoff = (g[0] - gt[0]) / gt[1], (g[3] - gt[3]) / gt[5]
    if abs(xoff - round(xoff)) > 1e-6 or abs(yoff - round(yoff)) > 1e-6:
        return None
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    if not ds.GetProjection() or src.ImportFromWkt(ds.GetProjection()) or dst.ImportFromWkt(grid.projection) \
            or not src.IsSame(dst):
        return None
    return [int(round(xoff)), int(round(yoff)), grid.width, grid.height]


def warped_vrt(source: Union[str, "gdal.Dataset"], grid: Grid, resampling: str = "bilinear",
               nodata: Optional[float] = None, name: str = ""):
    """An in-memory VRT of `source` (a path or an open dataset) warped onto `grid`; read it by windows.

    resampling: 'average' for reflectance going coarser, 'near' for classes and masks, 'bilinear'
    otherwise. 'average' and 'bilinear' give Float64 (a mean of integers is not an integer, e.g. a 2 x 2
    mean of DNs); 'near' keeps the source's type. `nodata` is the source's no-data value (default: the
    one the source declares); no-data pixels are left out of means, and pixels outside the source read as
    that value (0 when there is none). The source's overviews are never used (a JPEG 2000 overview is a
    wavelet low-pass, not a mean, and mixes classes). `name` labels the source in error messages.
    Raises LeafError when the source does not overlap the grid ('... no overlap with the area ...').
    """
    if resampling not in RESAMPLING:
        raise LeafError("Unknown resampling %r (one of %s)." % (resampling, ", ".join(RESAMPLING)))
    label = name or (source if isinstance(source, str) else source.GetDescription())
    ds = source
    if isinstance(source, str):
        ds, _ = quiet(lambda: gdal.Open(source))
        if ds is None:
            raise LeafError("The file %s is not a raster GDAL can read." % label)
    sx0, sy0, sx1, sy1 = footprint_in(ds, grid.projection)
    gx0, gy0, gx1, gy1 = grid.bounds()
    if sx1 <= gx0 or sx0 >= gx1 or sy1 <= gy0 or sy0 >= gy1:
        raise LeafError("The raster %s has no overlap with the area %.1f, %.1f, %.1f, %.1f." % (
            label, gx0, gy0, gx1, gy1))
    if nodata is None:
        nodata = ds.GetRasterBand(1).GetNoDataValue()
    window = _same_pixels(ds, grid)
    if window is not None:  # the grid is the source's own pixels: a plain window, no warper in between
        out, msg = quiet(lambda: gdal.Translate("", ds, format="VRT", srcWin=window,
                                                noData=nodata if nodata is not None else 0))
        if out is None:
            raise LeafError("The raster %s could not be read on the grid%s." % (label, (" (%s)" % msg) if msg else ""))
        out._leaf_source = ds
        return out
    out, msg = quiet(lambda: gdal.Warp(
        "", ds, format="VRT", outputBounds=grid.bounds(), width=grid.width, height=grid.height,
        dstSRS=grid.projection, resampleAlg=resampling, srcNodata=nodata,
        dstNodata=nodata if nodata is not None else 0,
        outputType=gdal.GDT_Float64 if resampling != "near" else gdal.GDT_Unknown, overviewLevel="NONE"))
    if out is None:
        raise LeafError("The raster %s could not be resampled onto the grid%s." % (label, (" (%s)" % msg) if msg else ""))
    out._leaf_source = ds  # keep the source alive as long as the VRT
    return out
