"""Area parameters shared by the tools that read products: extent or polygon layer (+ buffer), CRS, resolution
-> the target Grid of the engine."""

import math

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsRectangle,
)

from ..compat import NUMBER_DOUBLE, PARAMETER_ADVANCED, SOURCE_VECTOR_POLYGON
from ..engine.errors import LeafError
from ..engine.grid import Grid
from ..engine.sanity import check_bounds_fit_crs, check_resolution
from ..engine.sources import open_source
from ..engine.tiles import CRS_EPSG, tile_bounds
from ..translation import tr


def add_area_parameters(alg, advanced: bool = False):
    params = [
        QgsProcessingParameterExtent("EXTENT", tr("Area: extent (empty: the whole product)"), optional=True),
        QgsProcessingParameterFeatureSource("AREA", tr("Area: polygon layer (pixels outside it get no data)"),
                                            [SOURCE_VECTOR_POLYGON], optional=True),
        QgsProcessingParameterString("TILE", tr("Area: CCRS production tile (e.g. tile55 or tile55_412; output CRS "
                                                "EPSG:3979 unless given, pixels aligned on the CRS origin)"), optional=True),
        QgsProcessingParameterNumber("BUFFER", tr("Buffer around the area (CRS units)"),
                                     NUMBER_DOUBLE, defaultValue=0, minValue=0),
        QgsProcessingParameterCrs("CRS", tr("Output CRS (empty: the product's)"), optional=True),
        QgsProcessingParameterEnum("RESAMPLING", tr("Reflectance resampling"), options=[
            tr("Automatic (average going coarser)"), tr("Average"), tr("Bilinear"), tr("Nearest neighbour")],
            defaultValue=0),
        QgsProcessingParameterNumber("RESOLUTION", tr("Output resolution (CRS units; empty: 20 m for Sentinel-2, "
                                                      "30 m for Landsat and HLS)"),
                                     NUMBER_DOUBLE, optional=True, minValue=0.000001),
    ]
    for p in params:
        if advanced:
            p.setFlags(p.flags() | PARAMETER_ADVANCED)
        alg.addParameter(p)


def given(parameters, name) -> bool:
    """Whether a parameter was set (not missing, empty text or an empty list)."""
    return parameters.get(name) not in (None, "", [])


def transform_rect(rect: QgsRectangle, source_crs, crs, context, kind: str, name: str) -> QgsRectangle:
    """`rect` (in `source_crs`) as a bounding box in `crs`; one sentence when its numbers cannot be in
    `source_crs` (UTM numbers tagged EPSG:4326) or PROJ cannot transform them. `kind` says what `name` is:
    'extent', 'area' (a layer), 'tile' or 'input'."""
    if source_crs is None or not source_crs.isValid():
        return rect
    check_bounds_fit_crs((rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()), source_crs.toWkt(),
                         "input" if kind == "tile" else kind, name)
    if source_crs == crs:
        return rect
    try:
        out = QgsCoordinateTransform(source_crs, crs, context.transformContext()).transformBoundingBox(rect)
    except QgsCsException:
        out = None
    if out is None or out.isEmpty() or not all(math.isfinite(v) for v in (out.xMinimum(), out.yMinimum(),
                                                                           out.xMaximum(), out.yMaximum())):
        raise LeafError(tr("{0} ({1}) cannot be expressed in {2}; check its coordinates and CRS.").format(
            {"extent": tr("The extent {0}"), "area": tr("The area layer {0}"), "tile": tr("The tile {0}")}.get(
                kind, tr("The input {0}")).format(name),
            source_crs.authid() or source_crs.description(), crs.authid() or crs.description()))
    return out


def _tile_rect(tile: str, crs, context) -> QgsRectangle:
    """A CCRS tile's bounds transformed to `crs` (their bounding box)."""
    xmin, ymin, xmax, ymax = tile_bounds(tile)
    return transform_rect(QgsRectangle(xmin, ymin, xmax, ymax), QgsCoordinateReferenceSystem("EPSG:%d" % CRS_EPSG),
                          crs, context, "tile", tile)


def _area_source(alg, parameters, context):
    source = alg.parameterAsSource(parameters, "AREA", context)
    if source is None:
        raise LeafError("The area layer %s could not be loaded." % parameters.get("AREA"))
    return source


def _extent_rect(alg, parameters, context, crs) -> QgsRectangle:
    """EXTENT in `crs`, honouring its [CRS] tag (an untagged extent is taken in `crs`)."""
    rect = alg.parameterAsExtent(parameters, "EXTENT", context)
    tagged = alg.parameterAsExtentCrs(parameters, "EXTENT", context)
    return transform_rect(rect, tagged if tagged.isValid() else crs, crs, context, "extent",
                          str(parameters.get("EXTENT")))


def _area_rect(alg, parameters, context, crs):
    """The bounding box in `crs` of the area given by TILE, AREA or EXTENT (in that order), or None."""
    if given(parameters, "TILE"):
        return _tile_rect(alg.parameterAsString(parameters, "TILE", context).strip(), crs, context)
    if given(parameters, "AREA"):
        source = _area_source(alg, parameters, context)
        return transform_rect(source.sourceExtent(), source.sourceCrs(), crs, context, "area", source.sourceName())
    if given(parameters, "EXTENT"):
        return _extent_rect(alg, parameters, context, crs)
    return None


def resolution_from_parameters(alg, parameters, context):
    """RESOLUTION as a finite positive number, or None."""
    if not given(parameters, "RESOLUTION"):
        return None
    return check_resolution(alg.parameterAsDouble(parameters, "RESOLUTION", context))


def resampling_from_parameters(alg, parameters, context):
    """None (the readers' default) or 'average', 'bilinear', 'near'."""
    return [None, "average", "bilinear", "near"][alg.parameterAsEnum(parameters, "RESAMPLING", context)]


def clip_from_parameters(alg, parameters, context):
    """(polygon WKTs, CRS WKT, buffer) of the AREA layer for the engine, or None."""
    if not given(parameters, "AREA"):
        return None
    source = _area_source(alg, parameters, context)
    wkts = [f.geometry().asWkt() for f in source.getFeatures() if f.hasGeometry()]
    if not wkts:
        raise LeafError("The area layer %s has no polygon." % source.sourceName())
    return wkts, source.sourceCrs().toWkt(), alg.parameterAsDouble(parameters, "BUFFER", context)


def grid_from_parameters(alg, parameters, context, source_path: str):
    """(grid or None, resolution or None) for the engine; None grid means the product's own grid."""
    tile = alg.parameterAsString(parameters, "TILE", context).strip() if given(parameters, "TILE") else ""
    has_area = given(parameters, "EXTENT") or given(parameters, "AREA") or bool(tile)
    has_crs = given(parameters, "CRS")
    resolution = resolution_from_parameters(alg, parameters, context)
    if not (has_area or has_crs):
        return None, resolution
    with open_source(source_path, resolution=resolution) as scene:
        native_wkt, native_gt = scene.projection, scene.geotransform
        native = QgsCoordinateReferenceSystem.fromWkt(native_wkt)
        gt = native_gt
        native_rect = QgsRectangle(gt[0], gt[3] + gt[5] * scene.height, gt[0] + gt[1] * scene.width, gt[3])
        native_res = abs(gt[1])
    crs = alg.parameterAsCrs(parameters, "CRS", context) if has_crs else (
        QgsCoordinateReferenceSystem("EPSG:%d" % CRS_EPSG) if tile else native)
    rect = _area_rect(alg, parameters, context, crs) or \
        transform_rect(native_rect, native, crs, context, "input", str(source_path))
    buffer = alg.parameterAsDouble(parameters, "BUFFER", context)
    if buffer:
        rect = rect.buffered(buffer)
    res = resolution or (native_res if crs == native or (tile and crs.mapUnits() == native.mapUnits()) else None)
    if not res:
        raise LeafError("Give the output resolution in the units of the chosen CRS.")
    return Grid.from_bounds(crs.toWkt(), rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum(), res), res


def search_bbox(alg, parameters, context):
    """[west, south, east, north] in degrees of the area (AREA, EXTENT or TILE) for a STAC search."""
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    if given(parameters, "AREA"):
        source = _area_source(alg, parameters, context)
        rect = transform_rect(source.sourceExtent(), source.sourceCrs(), wgs84, context, "area", source.sourceName())
    elif given(parameters, "EXTENT"):
        rect = _extent_rect(alg, parameters, context, wgs84)
    elif given(parameters, "TILE"):
        rect = _tile_rect(alg.parameterAsString(parameters, "TILE", context), wgs84, context)
    else:
        raise LeafError("A STAC search needs an area (EXTENT, AREA or TILE).")
    return [rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()]


def utm_crs(rect_wgs84: QgsRectangle) -> QgsCoordinateReferenceSystem:
    """The WGS 84 / UTM zone of a lon/lat rectangle's centre."""
    lon, lat = rect_wgs84.center().x(), rect_wgs84.center().y()
    zone = min(60, max(1, int((lon + 180.0) // 6.0) + 1))
    return QgsCoordinateReferenceSystem("EPSG:%d" % ((32600 if lat >= 0 else 32700) + zone))


def area_grid_from_parameters(alg, parameters, context, default_resolution: float) -> Grid:
    """The output grid of a run without a local product (Earth Engine): the area (EXTENT, AREA or TILE, plus
    BUFFER) in CRS (default: EPSG:3979 for a TILE, else the UTM zone of the area's centre) at RESOLUTION
    (default `default_resolution` metres, which needs a projected CRS)."""
    tile = alg.parameterAsString(parameters, "TILE", context).strip() if given(parameters, "TILE") else ""
    if not (tile or given(parameters, "EXTENT") or given(parameters, "AREA")):
        raise LeafError("An Earth Engine run needs an area: give EXTENT, AREA or TILE.")
    if given(parameters, "CRS"):
        crs = alg.parameterAsCrs(parameters, "CRS", context)
    elif tile:
        crs = QgsCoordinateReferenceSystem("EPSG:%d" % CRS_EPSG)
    else:
        crs = utm_crs(QgsRectangle(*search_bbox(alg, parameters, context)))
    rect = _area_rect(alg, parameters, context, crs)
    buffer = alg.parameterAsDouble(parameters, "BUFFER", context)
    if buffer:
        rect = rect.buffered(buffer)
    resolution = resolution_from_parameters(alg, parameters, context)
    if resolution is None:
        if crs.isGeographic():
            raise LeafError("Give the output resolution in degrees for the geographic CRS %s." % crs.authid())
        resolution = default_resolution
    return Grid.from_bounds(crs.toWkt(), rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum(),
                            resolution)
