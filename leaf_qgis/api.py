"""The LEAF tools from Python, without QGIS (numpy and GDAL only; earthengine-api when Earth Engine is used).

    from leaf_qgis import api
    stack = api.subset("S2B_MSIL2A_20230710T154329_N0400_R068_T18TVR_20230710T154329.SAFE", "stack.tif",
                       extent=(452200, 5009200, 454800, 5011800))
    lai = api.estimate(stack["OUTPUT"], "lai.tif", variables=["LAI", "fAPAR"])
    lai.algorithm, lai["pixels"], lai.read("LAI")
    series = api.timeseries("products/", "series/", start="2023-06-01", end="2023-08-31", statistics=["mean"],
                            features="points.geojson", id_field="name", table="series.csv")

Each tool takes either a request of leaf_qgis.engine.request (EstimateRequest, ...) or its sources (paths of
products, stacks or folders, STAC items, a Sources, an EarthEngineSource) with the output and the request's
options by name (see each request's from_options; an unknown name is a TypeError). It runs on `backend`
(default: this computer; api.backend("earthengine", project=...) for Earth Engine) and reports to `progress`
(a Progress, or a callable taking the fraction done, completed by the `is_canceled=`, `log=` and `warn=`
options). It returns a result object that is also a mapping of the outputs (`result["OUTPUT"]`) and opens
them (`result.open()`, `result.read("LAI")`). Errors are LeafError (one sentence) and Cancelled.

The Processing tools of the plugin call the same requests and backends.
"""

from dataclasses import dataclass
from typing import List, Optional, Tuple

from .engine.algorithm import get_algorithm, load_algorithms
from .engine.backend import Backend, LocalBackend
from .engine.catalog import NetworkStore
from .engine.errors import LeafError
from .engine.progress import Progress
from .engine.progress import of as progress_of
from .engine.request import REQUESTS, EstimateRequest, MosaicRequest, SubsetRequest, TimeSeriesRequest
from .engine.results import EstimateResult, MosaicResult, SubsetResult, TimeSeriesResult
from .gee.backend import EarthEngineBackend

BACKENDS = ("local", "earthengine")
PROGRESS_OPTIONS = ("is_canceled", "log", "warn")


def backend(name: str = "local", **connection) -> Backend:
    """The backend `name`: 'local' (this computer), or 'earthengine' with project=, key_file= (a service
    account's JSON key), url= (another endpoint) and creds= (credentials already made)."""
    if name == "local":
        if connection:
            raise TypeError("the local backend takes no connection options (%s)" % ", ".join(sorted(connection)))
        return LocalBackend()
    if name == "earthengine":
        return EarthEngineBackend(**connection)
    raise LeafError("Unknown backend %r (local or earthengine)." % name)


def _run(cls, sources, output, backend_, progress, options):
    callbacks = {k: options.pop(k) for k in PROGRESS_OPTIONS if k in options}
    if isinstance(sources, REQUESTS) and not isinstance(sources, cls):
        raise TypeError("this tool takes a %s, not the %s given" % (cls.__name__, type(sources).__name__))
    if isinstance(sources, cls):
        if output is not None or options:
            raise TypeError("a %s is complete: give no output or options beside it (got %s)" % (
                cls.__name__, ", ".join(sorted(options)) or "an output"))
        request = sources
    else:
        request = cls.from_options(sources, output, **options)
    if backend_ is None:
        backend_ = LocalBackend()
    elif isinstance(backend_, str):
        backend_ = backend(backend_)
    return backend_, request, progress_of(progress, **callbacks)


def subset(sources, output=None, *, backend: Optional[Backend] = None, progress: Optional[Progress] = None,
           **options) -> SubsetResult:
    """The analysis-ready stack of one acquisition (SubsetRequest): reflectance, angles and MASK as a COG,
    or a VRT for an output ending in .vrt."""
    b, request, p = _run(SubsetRequest, sources, output, backend, progress, options)
    return b.subset(request, p)


def estimate(sources, output=None, *, backend: Optional[Backend] = None, progress: Optional[Progress] = None,
             **options) -> EstimateResult:
    """Estimates, uncertainties and QC of a stack, a product or an Earth Engine source (EstimateRequest)."""
    b, request, p = _run(EstimateRequest, sources, output, backend, progress, options)
    return b.estimate(request, p)


def mosaic(sources, output=None, *, backend: Optional[Backend] = None, progress: Optional[Progress] = None,
           **options) -> MosaicResult:
    """A composite of the products of a period (MosaicRequest), or its estimates (output_type='estimates')."""
    b, request, p = _run(MosaicRequest, sources, output, backend, progress, options)
    return b.composite(request, p)


def timeseries(sources, output_folder=None, *, backend: Optional[Backend] = None,
               progress: Optional[Progress] = None, **options) -> TimeSeriesResult:
    """Estimates of every acquisition of a period on one grid, aggregates, the series at features
    (TimeSeriesRequest)."""
    b, request, p = _run(TimeSeriesRequest, sources, output_folder, backend, progress, options)
    return b.timeseries(request, p)


def install_networks(algorithm: str, source: Optional[str] = None, *, base_url: Optional[str] = None,
                     force: bool = False, store: Optional[NetworkStore] = None,
                     progress: Optional[Progress] = None) -> str:
    """Install the networks of `algorithm` (an id) into `store` (default: the user's network cache), from a
    local folder or zip `source` or downloaded (from `base_url`); nothing is done when they are installed
    already, unless `force`. Returns the folder of the installed networks."""
    alg = get_algorithm(algorithm)
    store = store or NetworkStore()
    installed = store.installed(alg)
    if installed is not None and not force:
        return installed.folder
    p = progress_of(progress)
    return store.install(alg, base_url=base_url, source=source, log=p.log).folder


@dataclass(frozen=True)
class AlgorithmInfo:
    """One algorithm: its id, name, family (LEAF, LEAF_QGIS, SNAP, ...), sensors, pixel size, variables and
    whether its networks are installed."""

    id: str
    name: str
    family: str
    sensors: Tuple[str, ...]
    resolution_m: float
    variables: Tuple[str, ...]
    installed: bool


def list_algorithms(installed_only: bool = False, store: Optional[NetworkStore] = None) -> List[AlgorithmInfo]:
    """Every algorithm known (the plugin's and the user's definitions), sorted by id."""
    store = store or NetworkStore()
    out = []
    for alg in sorted(load_algorithms().values(), key=lambda a: a.id):
        installed = store.installed(alg) is not None
        if installed or not installed_only:
            out.append(AlgorithmInfo(alg.id, alg.name, alg.family, tuple(alg.sensors), alg.resolution_m,
                                     tuple(alg.variables), installed))
    return out
