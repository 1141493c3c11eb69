"""The one seam between the tools and where they run: a `Backend` carries out the requests of engine.request.

    backend.subset(SubsetRequest, progress)       -> SubsetResult
    backend.estimate(EstimateRequest, progress)   -> EstimateResult
    backend.composite(MosaicRequest, progress)    -> MosaicResult
    backend.timeseries(TimeSeriesRequest, progress) -> TimeSeriesResult

`LocalBackend` runs them on this computer (GDAL + numpy); gee.backend.EarthEngineBackend on Google Earth
Engine. What a backend cannot do is one sentence (`check`, and the base class's methods). The engine never
imports gee: leaf_qgis.api.backend() is the factory.

Each tool is one block below (its method and its adapter), so that each can be rewritten on its own. The
adapters (`_legacy_*`) turn a request into the keyword arguments of today's engine functions
(estimate_stack, subset, composite, timeseries) and their dict into a result object; they go when those
functions take requests themselves. `area_grid` and `lonlat_bounds` make a grid from an Area until
engine.grid has the one area -> grid function.
"""

from typing import Optional, Tuple

from osgeo import ogr, osr

from .composite import composite
from .errors import LeafError
from .estimate import estimate_stack
from .grid import Grid
from .progress import NULL, Progress
from .request import EstimateRequest, MosaicRequest, Retrieval, SubsetRequest, TimeSeriesRequest
from .results import EstimateResult, MosaicResult, SubsetResult, TimeSeriesResult
from .sources import expand_inputs, open_source, product_kind
from .subset import subset
from .tiles import CRS_EPSG, tile_bounds
from .timeseries import read_features, stac_inputs, timeseries


class Backend:
    """Where the tools run. Every operation a subclass does not implement is refused in one sentence."""

    name = "backend"
    title = "This"

    def check(self, request) -> None:
        """Refuse, in one sentence, a request this backend cannot carry out (before any work)."""

    def subset(self, request: SubsetRequest, progress: Progress = NULL) -> SubsetResult:
        raise LeafError("The %s backend cannot make an analysis-ready stack; use the local backend." % self.title)

    def estimate(self, request: EstimateRequest, progress: Progress = NULL) -> EstimateResult:
        raise LeafError("The %s backend cannot estimate; use the local backend." % self.title)

    def composite(self, request: MosaicRequest, progress: Progress = NULL) -> MosaicResult:
        raise LeafError("The %s backend cannot make a mosaic; use the local backend." % self.title)

    def timeseries(self, request: TimeSeriesRequest, progress: Progress = NULL) -> TimeSeriesResult:
        raise LeafError("The %s backend cannot make a time series; use the local backend." % self.title)


# --------------------------------------------------------------------------------------------
# Area -> grid (until engine.grid holds the one area -> grid function)
# --------------------------------------------------------------------------------------------

def spatial_reference(text: str) -> osr.SpatialReference:
    """A CRS from WKT, 'EPSG:n' or any text OSR takes, longitude/easting first."""
    srs = osr.SpatialReference()
    if not text or srs.SetFromUserInput(text) != 0:
        raise LeafError("The coordinate reference system %r is not one GDAL knows." % (text or ""))
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _transform_bounds(bounds, src: osr.SpatialReference, dst: osr.SpatialReference):
    if src.IsSame(dst):
        return tuple(bounds)
    return tuple(osr.CoordinateTransformation(src, dst).TransformBounds(*bounds, 21))


def _epsg(code: int) -> osr.SpatialReference:
    return spatial_reference("EPSG:%d" % code)


def _area_bounds(area, dst: osr.SpatialReference):
    """The bounds of the area's tile, polygons or extent (in that order) in `dst`, or None."""
    if area.tile:
        return _transform_bounds(tile_bounds(area.tile), _epsg(CRS_EPSG), dst)
    if area.polygons:
        union = ogr.Geometry(ogr.wkbGeometryCollection)
        for wkt in area.polygons:
            geom = ogr.CreateGeometryFromWkt(wkt)
            if geom is None:
                raise LeafError("A clipping polygon is not valid WKT.")
            union.AddGeometry(geom)
        xmin, xmax, ymin, ymax = union.GetEnvelope()
        return _transform_bounds((xmin, ymin, xmax, ymax), spatial_reference(area.polygons_crs), dst)
    if area.extent is not None:
        return _transform_bounds(area.extent, spatial_reference(area.extent_crs) if area.extent_crs else dst, dst)
    return None


def lonlat_bounds(area) -> Tuple[float, float, float, float]:
    """[west, south, east, north] in degrees of the area (its tile, polygons, extent or grid)."""
    wgs84 = _epsg(4326)
    bounds = _area_bounds(area, wgs84)
    if bounds is None and area.grid is not None:
        bounds = _transform_bounds(area.grid.bounds(), spatial_reference(area.grid.projection), wgs84)
    if bounds is None:
        raise LeafError("A search needs an area: a grid, an extent, polygons or a tile.")
    return bounds


def _buffered(bounds, buffer: float):
    return (bounds[0] - buffer, bounds[1] - buffer, bounds[2] + buffer, bounds[3] + buffer) if buffer else bounds


def area_grid(area, native: Optional[Grid], default_resolution: Optional[float] = None) -> Optional[Grid]:
    """The output grid of `area`: its explicit grid, else the bounds of its tile, polygons or extent (plus the
    buffer) in its CRS at its resolution, snapped outward to whole pixels.

    With the `native` grid of the product read (local runs): the CRS defaults to the product's (EPSG:3979 for
    a tile), the bounds to the product's, the resolution to the product's pixel when the CRS is the product's
    (or a tile's CRS has the same units); None when the area asks for nothing (the product's own grid).
    Without one (Earth Engine): an area is needed, the CRS defaults to the UTM zone of its centre (EPSG:3979
    for a tile) and the resolution to `default_resolution`."""
    if area.grid is not None:
        return area.grid
    if native is None:
        if not area.has_area:
            raise LeafError("An Earth Engine run needs an area: a grid, an extent, polygons or a tile.")
        if area.crs:
            crs = spatial_reference(area.crs)
        elif area.tile:
            crs = _epsg(CRS_EPSG)
        else:
            west, south, east, north = lonlat_bounds(area)
            lon, lat = (west + east) / 2, (south + north) / 2
            zone = min(60, max(1, int((lon + 180.0) // 6.0) + 1))
            crs = _epsg((32600 if lat >= 0 else 32700) + zone)
        bounds = _buffered(_area_bounds(area, crs), area.buffer)
        resolution = area.resolution
        if resolution is None:
            if crs.IsGeographic():
                raise LeafError("Give the output resolution in degrees for the geographic CRS %s." % (
                    "EPSG:%s" % crs.GetAuthorityCode(None) if crs.GetAuthorityCode(None) else crs.GetName()))
            resolution = default_resolution
        return Grid.from_bounds(crs.ExportToWkt(), *bounds, resolution)
    if not (area.has_area or area.crs):
        return None
    native_crs = spatial_reference(native.projection)
    crs = spatial_reference(area.crs) if area.crs else (_epsg(CRS_EPSG) if area.tile else native_crs)
    bounds = _area_bounds(area, crs) or _transform_bounds(native.bounds(), native_crs, crs)
    bounds = _buffered(bounds, area.buffer)
    same_units = area.tile and crs.GetLinearUnitsName() == native_crs.GetLinearUnitsName() \
        and bool(crs.IsGeographic()) == bool(native_crs.IsGeographic())
    resolution = area.resolution or (native.resolution if crs.IsSame(native_crs) or same_units else None)
    if not resolution:
        raise LeafError("Give the output resolution in the units of the chosen CRS.")
    projection = native.projection if not area.crs and not area.tile else crs.ExportToWkt()
    return Grid.from_bounds(projection, *bounds, resolution)


def native_grid(source, resolution: Optional[float]) -> Grid:
    """The grid of the product `source` (at `resolution` when it has several)."""
    with open_source(source, resolution=resolution) as scene:
        return Grid(scene.projection, tuple(scene.geotransform), scene.width, scene.height)


def _first_product(inputs) -> object:
    return expand_inputs(inputs)[0]


def _one(inputs):
    """One input as the readers take it: the path (or item) itself, several as a list (tiles of one day)."""
    return inputs[0] if len(inputs) == 1 else list(inputs)


def _stac_items(request, period, area) -> list:
    search = request.sources.stac
    return stac_inputs(search.api_url, search.collection, list(lonlat_bounds(area)), period.first, period.last,
                       search.max_items)


def legacy_clip(area):
    """(polygon WKTs, their CRS as WKT, buffer) as the readers take them, or None."""
    clip = area.clip()
    if clip is None:
        return None
    return clip[0], spatial_reference(clip[1]).ExportToWkt(), clip[2]


def legacy_callbacks(progress: Progress) -> dict:
    """The progress, is_canceled and log callables today's functions take."""
    return {"progress": progress.progress, "is_canceled": progress.is_canceled, "log": progress.log}


class LocalBackend(Backend):
    """The tools on this computer: GDAL reads the products by windows, numpy or LiteRT runs the networks."""

    name = "local"
    title = "local"

    def check(self, request) -> None:
        ee_source = request.sources.earth_engine
        if ee_source is not None:
            raise LeafError("The Earth Engine source %s needs the Earth Engine backend." % ee_source.source)
        if getattr(request, "export", None) is not None:
            raise LeafError("Export tasks are made by the Earth Engine backend; the local backend writes the "
                            "outputs itself.")
        if not request.sources.inputs and request.sources.stac is None:
            raise LeafError("Give a product, a stack, a folder or a STAC search as input.")

    # ---- subset (adapter: _legacy_subset) ----

    def subset(self, request: SubsetRequest, progress: Progress = NULL) -> SubsetResult:
        return _legacy_subset(self, request, progress)

    # ---- estimate (adapter: _legacy_estimate) ----

    def estimate(self, request: EstimateRequest, progress: Progress = NULL) -> EstimateResult:
        return _legacy_estimate(self, request, progress)

    # ---- composite (adapter: _legacy_composite) ----

    def composite(self, request: MosaicRequest, progress: Progress = NULL) -> MosaicResult:
        return _legacy_composite(self, request, progress)

    # ---- timeseries (adapter: _legacy_timeseries) ----

    def timeseries(self, request: TimeSeriesRequest, progress: Progress = NULL) -> TimeSeriesResult:
        return _legacy_timeseries(self, request, progress)


def _local_inputs(request, period) -> list:
    inputs = request.sources.plain_inputs()
    if request.sources.stac is not None:
        inputs += _stac_items(request, period, request.area)
    return inputs


def _local_grid(area, inputs, first_product=False) -> Optional[Grid]:
    """The grid a local run reads its product(s) on: explicit, made from the area, or None (the product's own).
    An analysis-ready stack given alone is read on its own grid: polygons clip it, nothing else applies."""
    if area.grid is not None or not (area.has_area or (area.crs and not first_product)):
        return area.grid
    source = _first_product(inputs) if first_product else inputs[0]
    only_polygons = area.extent is None and not area.tile and not area.crs
    if only_polygons and not first_product and isinstance(source, str) and product_kind(source) == "stack":
        return None
    return area_grid(area, native_grid(source, area.resolution))


def _refuse_period(request):
    if not request.period.open and request.sources.stac is None:
        raise LeafError("A period selects Earth Engine images or STAC items; the local backend reads the products "
                        "it is given.")


# ---- subset: adapter to engine.subset.subset ----------------------------------------------------------------


def _legacy_subset(backend, request: SubsetRequest, progress: Progress) -> SubsetResult:
    backend.check(request)
    _refuse_period(request)
    if request.sources.band_map:
        raise LeafError("A band map names the bands of a raster to estimate; the subset reads products.")
    inputs = _local_inputs(request, request.period)
    if request.sources.stac is not None:
        days = sorted({str(i.get("properties", {}).get("datetime", ""))[:10] for i in inputs})
        if len(days) > 1:
            raise LeafError("The STAC search found %d acquisitions (%s); narrow the dates to one, or make a mosaic."
                            % (len(days), ", ".join(days)))
    area = request.area
    result = subset(_one(inputs), request.output, grid=_local_grid(area, inputs), resolution=area.resolution,
                    bands=list(request.bands) or None, window_size=request.execution.window_size or 512,
                    clip=legacy_clip(area), resampling=area.resampling, **legacy_callbacks(progress))
    return SubsetResult.from_mapping(result)


# ---- estimate: adapter to engine.estimate.estimate_stack ------------------------------------------------------


def _legacy_estimate(backend, request: EstimateRequest, progress: Progress) -> EstimateResult:
    backend.check(request)
    if request.sources.stac is not None:
        raise LeafError("The local estimate reads products and stacks, not a STAC search; make a subset or a "
                        "mosaic of the search first.")
    _refuse_period(request)
    r, area, x = request.retrieval, request.area, request.execution
    inputs = request.sources.plain_inputs()
    result = estimate_stack(
        _one(inputs), request.output, request.qc or None, algorithm=r.algorithm, variables=list(r.variables) or None,
        angle_constants=dict(r.angles), landcover=r.landcover or None, angle_quantization=r.angle_quantization,
        store=x.store, base_url=x.base_url, runtime=r.runtime, window_size=x.window_size or 512, threads=x.threads,
        encoding=r.encoding, grid=_local_grid(area, inputs), resolution=area.resolution, clip=legacy_clip(area),
        band_map=request.sources.band_map or None, resampling=area.resampling,
        metadata=dict(request.metadata) or None, **legacy_callbacks(progress))
    return EstimateResult.from_mapping(result)


# ---- composite: adapter to engine.composite.composite ---------------------------------------------------------


def _legacy_composite(backend, request: MosaicRequest, progress: Progress) -> MosaicResult:
    backend.check(request)
    if request.sources.band_map:
        raise LeafError("A band map names the bands of a raster to estimate; the mosaic reads products and stacks.")
    r = request.estimates
    if r is not None and (r.angles or r.landcover or r.angle_quantization or r.runtime):
        raise LeafError("The mosaic's estimates take an algorithm, variables and an encoding only.")
    r = r or Retrieval()
    area, x, period = request.area, request.execution, request.period
    inputs = _local_inputs(request, period)
    grid = _local_grid(area, inputs, first_product=True)
    result = composite(
        inputs, request.output, start=period.first, end=period.end, method=request.method, grid=grid,
        crs=spatial_reference(area.crs).ExportToWkt() if area.crs and grid is None else None,
        resolution=area.resolution, clip=legacy_clip(area), resampling=area.resampling, cloud_limit=request.cloud_limit,
        weights=dict(request.weights) or None, mix_sensors=request.mix_sensors,
        output_type="estimates" if request.estimates is not None else "stack", algorithm=r.algorithm,
        variables=list(r.variables) or None, encoding=r.encoding, qc_path=request.qc or None,
        date_path=request.dates or None, threads=x.threads, window_size=x.window_size, store=x.store,
        base_url=x.base_url, **legacy_callbacks(progress))
    return MosaicResult.from_mapping(result)


# ---- timeseries: adapter to engine.timeseries.timeseries ------------------------------------------------------


def legacy_features(features):
    """(features, features_crs, id_field) as timeseries() takes them."""
    if features is None:
        return None, None, None
    if features.path and features.layer:
        items, crs = read_features(features.path, features.id_field or None, features.layer)
        return items, crs, features.id_field or None
    if features.path:
        return features.path, None, features.id_field or None
    return list(features.items), features.crs or None, features.id_field or None


def _legacy_timeseries(backend, request: TimeSeriesRequest, progress: Progress) -> TimeSeriesResult:
    backend.check(request)
    r, area, x, period = request.retrieval, request.area, request.execution, request.period
    if r.angles or r.angle_quantization or r.encoding != "float32":
        raise LeafError("A time series estimates in float32 with the algorithm's angle handling; constant angles, "
                        "the angle quantization and the uint8 encoding are for leaf:estimate.")
    if x.window_size:
        raise LeafError("A time series chooses its own windows; leave the window size empty.")
    inputs = _local_inputs(request, period)
    grid = _local_grid(area, inputs, first_product=True)
    features, features_crs, id_field = legacy_features(request.features)
    result = timeseries(
        inputs, request.output_folder, start=period.first, end=period.last, grid=grid, resolution=area.resolution,
        crs=spatial_reference(area.crs).ExportToWkt() if area.crs and grid is None else None, clip=legacy_clip(area),
        resampling=area.resampling, band_map=request.sources.band_map or None, algorithm=r.algorithm,
        variables=list(r.variables) or None, landcover=r.landcover or None, prefix=request.prefix,
        statistics=list(request.statistics), period=request.aggregation,
        accept_out_of_domain=request.accept_out_of_domain, features=features, features_crs=features_crs,
        id_field=id_field, table=request.table or None, chart=request.chart or None, store=x.store,
        base_url=x.base_url, runtime=r.runtime, threads=x.threads, **legacy_callbacks(progress))
    return TimeSeriesResult.from_mapping(result)
