"""The Earth Engine backend: the tool requests of engine.request computed on Google Earth Engine.

    EarthEngineBackend(project, key_file="", url=None, creds=None)

subset, estimate and timeseries read an Earth Engine source (Sources.earth_engine: an image id, or a collection
over the request's period) on the request's area (its grid, or one made from its extent, polygons or tile in
the UTM zone of its centre at the collection's resolution) and download the results (or, for estimate, start
export tasks); the mosaic runs on the local backend only. Local inputs, band maps and STAC searches are the
local backend's.

Each tool is one block below (its method and its adapter); the adapters (`_legacy_*`) turn a request into the
arguments of today's functions (estimate_ee, subset_ee, timeseries_ee) and go when those take requests.
`ee` is imported only when a run needs it.
"""

from typing import Optional

from ..engine.backend import Backend, area_grid, legacy_callbacks, legacy_clip, legacy_features
from ..engine.errors import LeafError
from ..engine.grid import Grid
from ..engine.progress import NULL, Progress
from ..engine.request import EstimateRequest, SubsetRequest, TimeSeriesRequest
from ..engine.results import EstimateResult, SubsetResult, TimeSeriesResult
from .estimate import EESource, estimate_ee
from .export import ExportTarget
from .subset import subset_ee
from .timeseries import timeseries_ee

DOWNLOAD_THREADS = 4          # parallel tile downloads when the request says nothing


class EarthEngineBackend(Backend):
    """Runs on Earth Engine in `project` (credentials: the service-account `key_file`, or `creds`, or the
    user's stored sign-in); `url` is another Earth Engine endpoint (tests)."""

    name = "earthengine"
    title = "Earth Engine"

    def __init__(self, project: str = "", key_file: str = "", url: Optional[str] = None, creds=None):
        self.project, self.key_file, self.url, self.creds = project, key_file or "", url, creds

    def connection(self) -> dict:
        return {"project": self.project, "key_file": self.key_file, "url": self.url, "creds": self.creds}

    def check(self, request) -> None:
        sources = request.sources
        if sources.inputs:
            raise LeafError("The Earth Engine backend reads Earth Engine images; the local inputs (%s) need the "
                            "local backend." % ", ".join(str(v if isinstance(v, str) else v.get("id", "?"))
                                                         for v in sources.inputs))
        if sources.stac is not None or sources.band_map:
            raise LeafError("STAC searches and band maps are read by the local backend; give the Earth Engine "
                            "backend an Earth Engine image or collection.")
        if sources.earth_engine is None or not sources.earth_engine.source:
            raise LeafError("The Earth Engine backend needs an Earth Engine source: an image id, or a collection "
                            "and a period.")

    # ---- subset (adapter: _legacy_subset) ----

    def subset(self, request: SubsetRequest, progress: Progress = NULL) -> SubsetResult:
        return _legacy_subset(self, request, progress)

    # ---- estimate (adapter: _legacy_estimate) ----

    def estimate(self, request: EstimateRequest, progress: Progress = NULL) -> EstimateResult:
        return _legacy_estimate(self, request, progress)

    # ---- timeseries (adapter: _legacy_timeseries) ----

    def timeseries(self, request: TimeSeriesRequest, progress: Progress = NULL) -> TimeSeriesResult:
        return _legacy_timeseries(self, request, progress)


def ee_source(request) -> EESource:
    """The EESource of a request: its Earth Engine source over its period (the end made exclusive)."""
    given, period = request.sources.earth_engine, request.period
    source = EESource.parse(given.source, period.first.isoformat() if period.first else "",
                            period.end.isoformat() if period.end else "", given.max_cloud)
    if given.one_day and not source.image_id:
        source.one_day = True
    return source


def ee_grid(request, source: EESource) -> Grid:
    """The request's grid, or the one made from its area at the collection's resolution."""
    if request.area.grid is not None:
        return request.area.grid
    return area_grid(request.area, None, source.resolve().resolution)


# ---- subset: adapter to gee.subset.subset_ee ----------------------------------------------------------------


def _legacy_subset(backend, request: SubsetRequest, progress: Progress) -> SubsetResult:
    backend.check(request)
    if request.output.lower().endswith(".vrt"):
        raise LeafError("The Earth Engine backend downloads the stack as a GeoTIFF; write %s as a .tif."
                        % request.output)
    source = ee_source(request)
    x = request.execution
    result = subset_ee(source, ee_grid(request, source), request.output, bands=list(request.bands) or None,
                       clip=legacy_clip(request.area), threads=x.threads or DOWNLOAD_THREADS, **backend.connection(),
                       **legacy_callbacks(progress))
    return SubsetResult.from_mapping(result)


# ---- estimate: adapter to gee.estimate.estimate_ee ------------------------------------------------------------


def _legacy_estimate(backend, request: EstimateRequest, progress: Progress) -> EstimateResult:
    backend.check(request)
    r, x = request.retrieval, request.execution
    if r.angles or r.runtime or request.metadata:
        raise LeafError("On Earth Engine the angles come from the images and the networks run there; constant "
                        "angles, a runtime and extra metadata are for local runs.")
    source = ee_source(request)
    export = request.export
    result = estimate_ee(
        source, ee_grid(request, source), request.output, request.qc, algorithm=r.algorithm,
        variables=list(r.variables) or None, landcover_asset=r.landcover, encoding=r.encoding,
        angle_quantization=r.angle_quantization, store=x.store, base_url=x.base_url,
        export=ExportTarget(export.kind, export.location) if export is not None else None,
        export_name=export.name if export is not None else "leaf", threads=x.threads or DOWNLOAD_THREADS,
        clip=legacy_clip(request.area), **backend.connection(), **legacy_callbacks(progress))
    return EstimateResult.from_mapping(result)


# ---- timeseries: adapter to gee.timeseries.timeseries_ee ------------------------------------------------------


def _legacy_timeseries(backend, request: TimeSeriesRequest, progress: Progress) -> TimeSeriesResult:
    backend.check(request)
    r, x = request.retrieval, request.execution
    if r.angles or r.runtime or r.angle_quantization or r.encoding != "float32" or x.window_size:
        raise LeafError("A time series on Earth Engine takes an algorithm, variables and a land cover; constant "
                        "angles, a runtime, the angle quantization, the uint8 encoding and windows are for local "
                        "runs.")
    source = ee_source(request)
    if source.image_id:
        raise LeafError("A time series on Earth Engine reads a collection (S2, L8, L9, L7, L5, HLS_L30), not the "
                        "image %s." % source.image_id)
    options = {}
    if request.features is not None:
        features, features_crs, id_field = legacy_features(request.features)
        options = dict(features=features, features_crs=features_crs, id_field=id_field)
    if x.threads:
        options["threads"] = x.threads
    result = timeseries_ee(
        source, ee_grid(request, source), request.output_folder, algorithm=r.algorithm,
        variables=list(r.variables) or None, landcover_asset=r.landcover, store=x.store, base_url=x.base_url,
        clip=legacy_clip(request.area), prefix=request.prefix, statistics=list(request.statistics),
        period=request.aggregation, accept_out_of_domain=request.accept_out_of_domain,
        table=request.table or None, chart=request.chart or None, **options, **backend.connection(),
        **legacy_callbacks(progress))
    return TimeSeriesResult.from_mapping(result)
