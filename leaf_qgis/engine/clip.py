"""Clip a scene to polygons: pixels whose centre falls outside them read as no data.

The polygons (WKT in their own CRS, optionally buffered in the scene's CRS units) are transformed once to
the scene's CRS and rasterised per window with GDAL, so memory stays bounded whatever the area.
"""

from typing import Sequence

import numpy as np
from osgeo import gdal, ogr, osr

from .errors import LeafError


class PolygonMask:
    """Which pixels of a grid (projection WKT, geotransform, size) have their centre inside polygons."""

    def __init__(self, wkt_geometries: Sequence[str], crs_wkt: str, buffer: float, projection: str, geotransform,
                 width: int, height: int, label: str):
        src = osr.SpatialReference()
        dst = osr.SpatialReference()
        if not crs_wkt or src.ImportFromWkt(crs_wkt) != 0:
            raise LeafError("The clipping polygons have no usable coordinate reference system.")
        dst.ImportFromWkt(projection)
        for s in (src, dst):
            s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(src, dst)
        union = None
        for wkt in wkt_geometries:
            geom = ogr.CreateGeometryFromWkt(wkt)
            if geom is None:
                raise LeafError("A clipping polygon is not valid WKT.")
            geom.Transform(transform)
            union = geom if union is None else union.Union(geom)
        if union is None or union.IsEmpty():
            raise LeafError("The clipping layer has no polygon.")
        if buffer:
            union = union.Buffer(buffer)
        self._ds = ogr.GetDriverByName("Memory").CreateDataSource("clip")
        self._layer = self._ds.CreateLayer("clip", dst, ogr.wkbUnknown)
        feature = ogr.Feature(self._layer.GetLayerDefn())
        feature.SetGeometry(union)
        self._layer.CreateFeature(feature)
        self._srs_wkt = dst.ExportToWkt()
        self._gt = tuple(geotransform)
        self._last = (None, None)  # (window, mask): every band of a window shares one rasterisation
        xmin, xmax, ymin, ymax = union.GetEnvelope()
        gx0, gy1 = self._gt[0], self._gt[3]
        gx1, gy0 = gx0 + self._gt[1] * width, gy1 + self._gt[5] * height
        if xmax <= gx0 or xmin >= gx1 or ymax <= gy0 or ymin >= gy1:
            raise LeafError("The clipping polygons have no overlap with %s." % label)

    def inside(self, window) -> np.ndarray:
        """True for the window's pixels whose centre lies inside the polygons."""
        if self._last[0] == tuple(window):
            return self._last[1]
        x, y, w, h = window
        gt = self._gt
        mem = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Byte)
        mem.SetGeoTransform((gt[0] + x * gt[1], gt[1], 0.0, gt[3] + y * gt[5], 0.0, gt[5]))
        mem.SetProjection(self._srs_wkt)
        gdal.RasterizeLayer(mem, [1], self._layer, burn_values=[1])
        mask = mem.GetRasterBand(1).ReadAsArray() == 1
        self._last = (tuple(window), mask)
        return mask


class ClippedScene:
    """A scene whose reads are limited to the inside of polygons; every other attribute is the scene's."""

    def __init__(self, scene, wkt_geometries: Sequence[str], crs_wkt: str, buffer: float = 0.0):
        self._scene = scene
        self.read_block = scene.read_block
        self._mask = PolygonMask(wkt_geometries, crs_wkt, buffer, scene.projection, scene.geotransform, scene.width,
                                 scene.height, scene.path)

    def inside(self, window) -> np.ndarray:
        return self._mask.inside(window)

    def read(self, name, window):
        values, has_data = self._scene.read(name, window)
        return values, has_data & self.inside(window)

    def __getattr__(self, name):
        return getattr(self._scene, name)

    def close(self):
        self._scene.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
