"""What a tool is asked to do, as small frozen objects (no QGIS, no Earth Engine, no file is read here).

The parts: what to estimate (`Retrieval`), where (`Area`), over which days (`Period`), from what (`Sources`, with
a `StacSearch` or an `EarthEngineSource`), at which features (`Features`), where Earth Engine exports go
(`Export`) and how to run (`Execution`). The tool requests are made of them: `SubsetRequest`,
`EstimateRequest`, `MosaicRequest` and `TimeSeriesRequest`, which a `Backend` (engine.backend) carries out.

Dicts inside requests are read-only mappings and sequences are tuples, so a request can be kept, compared and
passed between threads. Checks that need a file (does the input exist, does the algorithm fit the stack)
stay where the files are opened, in the backends.

`<Request>.from_options(sources, output, **options)` builds a request from the flat keyword names the tools'
functions have always taken (`algorithm=`, `variables=`, `grid=`, `clip=`, `threads=`, `start=`, ...); an
unknown name is a TypeError.
"""

import copy
import datetime
import os
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from .dates import parse_day
from .errors import LeafError
from .grid import Grid

AUTO = "auto"
ONE_DAY = datetime.timedelta(days=1)


def _mapping(value) -> Mapping:
    return MappingProxyType(dict(value or {}))


def _texts(value) -> Tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _frozen(obj, name, value):
    object.__setattr__(obj, name, value)


# --------------------------------------------------------------------------------------------
# The parts of a request
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Retrieval:
    """What to estimate: the algorithm (an id, or AUTO: chosen from the input), the variables (empty: all of
    the algorithm's), the encoding ('float32' or 'leaf-uint8'), the angle quantization (None: the
    algorithm's, 'none' or 'toolbox'), constant angles for missing angle bands ({'SZA': 35.0}), the land cover
    (a raster path locally, an asset id on Earth Engine; '': the input's LANDCOVER band or the default map)
    and the networks' runtime (None: LiteRT when installed, else numpy)."""

    algorithm: str = AUTO
    variables: Tuple[str, ...] = ()
    encoding: str = "float32"
    angle_quantization: Optional[str] = None
    angles: Mapping[str, float] = field(default_factory=dict)
    landcover: str = ""
    runtime: Optional[str] = None

    def __post_init__(self):
        _frozen(self, "algorithm", self.algorithm or AUTO)
        _frozen(self, "variables", _texts(self.variables))
        _frozen(self, "angles", _mapping(self.angles))
        _frozen(self, "landcover", os.fspath(self.landcover) if self.landcover else "")


@dataclass(frozen=True)
class Area:
    """Where: an explicit `grid` (it wins), or an area to make the grid from - an `extent` (xmin, ymin, xmax,
    ymax in `extent_crs`, default the output CRS), `polygons` (WKT in `polygons_crs`; pixels outside them get
    no data) or a CCRS production `tile` ('tile55', 'tile55_412'), enlarged by `buffer` (CRS units) - in `crs`
    (WKT or 'EPSG:n'; default: the product's, EPSG:3979 for a tile) at `resolution` (CRS units; default: the
    product's). Nothing given: the product's own grid. `resampling` ('average', 'bilinear', 'near'; None:
    average going coarser) is how reflectance is read onto the grid."""

    grid: Optional[Grid] = None
    extent: Optional[Tuple[float, float, float, float]] = None
    extent_crs: str = ""
    polygons: Tuple[str, ...] = ()
    polygons_crs: str = ""
    tile: str = ""
    buffer: float = 0.0
    crs: str = ""
    resolution: Optional[float] = None
    resampling: Optional[str] = None

    def __post_init__(self):
        _frozen(self, "polygons", _texts(self.polygons))
        if self.extent is not None:
            if len(self.extent) != 4:
                raise TypeError("Area.extent is (xmin, ymin, xmax, ymax), not %r" % (self.extent,))
            _frozen(self, "extent", tuple(float(v) for v in self.extent))
        _frozen(self, "buffer", float(self.buffer or 0.0))
        _frozen(self, "tile", (self.tile or "").strip())

    def clip(self):
        """(polygon WKTs, their CRS WKT, buffer) for the readers, or None without polygons."""
        if not self.polygons:
            return None
        return list(self.polygons), self.polygons_crs, self.buffer

    @property
    def has_area(self) -> bool:
        """Whether an extent, polygons or a tile say where (a grid or a CRS alone do not)."""
        return self.extent is not None or bool(self.polygons) or bool(self.tile)


@dataclass(frozen=True)
class Period:
    """The days a run covers, `first` and `last` both included; None leaves that side open."""

    first: Optional[datetime.date] = None
    last: Optional[datetime.date] = None

    def __post_init__(self):
        _frozen(self, "first", parse_day(self.first, "start"))
        _frozen(self, "last", parse_day(self.last, "end"))

    @classmethod
    def inclusive(cls, start=None, end=None) -> "Period":
        """From a start and an end day, both included (the time series' convention)."""
        return cls(parse_day(start, "start"), parse_day(end, "end"))

    @classmethod
    def half_open(cls, start=None, end=None) -> "Period":
        """From a start day and an end day that is excluded (the mosaic's and Earth Engine's convention)."""
        last = parse_day(end, "end")
        return cls(parse_day(start, "start"), last - ONE_DAY if last is not None else None)

    @property
    def end(self) -> Optional[datetime.date]:
        """The day after the last one (the end of a half-open period), or None."""
        return self.last + ONE_DAY if self.last is not None else None

    @property
    def open(self) -> bool:
        return self.first is None and self.last is None


@dataclass(frozen=True)
class StacSearch:
    """A STAC API search over the request's area (its lon/lat bounds) and period."""

    api_url: str
    collection: str = "sentinel-2-l2a"
    max_items: int = 500


@dataclass(frozen=True)
class EarthEngineSource:
    """What Earth Engine reads: an image id, or a collection key or id ('S2', 'COPERNICUS/S2_SR_HARMONIZED')
    over the request's period, keeping scenes with less than `max_cloud` % cloud; `one_day` merges one day's
    images where they have data instead of taking the most recent clear pixel."""

    source: str
    max_cloud: Optional[float] = None
    one_day: bool = False

    def __post_init__(self):
        _frozen(self, "source", (self.source or "").strip())


def _input(value):
    if hasattr(value, "to_dict"):          # a pystac Item
        value = value.to_dict()
    if isinstance(value, dict):
        return MappingProxyType(copy.deepcopy(value))
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value


@dataclass(frozen=True)
class Sources:
    """From what: `inputs` (paths of products, stacks or folders, STAC item URLs or dicts), a `band_map` for
    plain rasters ('B3=1,B4=2,...,SCALE=0.0001'), a STAC search, or an Earth Engine source."""

    inputs: Tuple[Any, ...] = ()
    band_map: str = ""
    stac: Optional[StacSearch] = None
    earth_engine: Optional[EarthEngineSource] = None

    def __post_init__(self):
        inputs = self.inputs
        if isinstance(inputs, (str, os.PathLike, dict)) or hasattr(inputs, "to_dict"):
            inputs = [inputs]
        _frozen(self, "inputs", tuple(_input(v) for v in inputs or ()))
        if isinstance(self.earth_engine, str):
            _frozen(self, "earth_engine", EarthEngineSource(self.earth_engine))
        _frozen(self, "band_map", self.band_map or "")

    def plain_inputs(self) -> list:
        """The inputs as the readers take them (STAC items as plain dicts of their own)."""
        return [copy.deepcopy(dict(v)) if isinstance(v, Mapping) else v for v in self.inputs]

    @classmethod
    def of(cls, value) -> "Sources":
        """Sources from what the API takes: Sources, an EarthEngineSource, a StacSearch, paths or items."""
        if isinstance(value, Sources):
            return value
        if isinstance(value, EarthEngineSource):
            return cls(earth_engine=value)
        if isinstance(value, StacSearch):
            return cls(stac=value)
        return cls(inputs=value if value is not None else ())


@dataclass(frozen=True)
class Features:
    """Where a time series is extracted: a vector file (`path`, its `layer`, default the first) or `items`
    (engine.timeseries.Feature) in `crs`; `id_field` names the field that identifies a feature in the table."""

    path: str = ""
    layer: str = ""
    id_field: str = ""
    items: Tuple[Any, ...] = ()
    crs: str = ""

    def __post_init__(self):
        _frozen(self, "path", os.fspath(self.path) if self.path else "")
        _frozen(self, "items", tuple(self.items or ()))


@dataclass(frozen=True)
class Export:
    """Earth Engine export tasks instead of a download: `kind` 'drive' (folder), 'gcs' (bucket[/prefix]) or
    'asset' (projects/<p>/assets/<folder>) at `location`, the files named after `name`."""

    kind: str
    location: str = ""
    name: str = "leaf"


@dataclass(frozen=True)
class Execution:
    """How to run: worker threads (None: every core locally, 4 downloads on Earth Engine), the window side in
    pixels (None: the tool's), the network store (None: the user's cache) and the networks' download URL."""

    threads: Optional[int] = None
    window_size: Optional[int] = None
    store: Any = None
    base_url: Optional[str] = None


# --------------------------------------------------------------------------------------------
# Routing the tools' flat keyword names to the parts
# --------------------------------------------------------------------------------------------

RETRIEVAL_OPTIONS = {"algorithm": "algorithm", "variables": "variables", "encoding": "encoding",
                     "angle_quantization": "angle_quantization", "angle_constants": "angles", "angles": "angles",
                     "landcover": "landcover", "landcover_asset": "landcover", "runtime": "runtime"}
AREA_OPTIONS = {"grid": "grid", "extent": "extent", "extent_crs": "extent_crs", "polygons": "polygons",
                "polygons_crs": "polygons_crs", "tile": "tile", "buffer": "buffer", "crs": "crs",
                "resolution": "resolution", "resampling": "resampling"}
EXECUTION_OPTIONS = {"threads": "threads", "window_size": "window_size", "store": "store", "base_url": "base_url"}


class _Options:
    """Takes the options one by one; whatever is left at the end is an unknown name (TypeError)."""

    def __init__(self, owner: str, options: Dict[str, Any]):
        self.owner, self.options = owner, dict(options)

    def take(self, name, default=None):
        return self.options.pop(name, default)

    def part(self, cls, names: Dict[str, str], base=None):
        values, given = {}, {}
        for option, name in names.items():
            if option in self.options:
                if name in values:
                    raise TypeError("%s: %s= and %s= both give %s" % (self.owner, given[name], option, name))
                values[name], given[name] = self.options.pop(option), option
        if base is not None:
            return replace(base, **values) if values else base
        return cls(**values)

    def area(self) -> Area:
        base = self.take("area")
        clip = self.take("clip")
        area = self.part(Area, AREA_OPTIONS, base if isinstance(base, Area) else None)
        if clip:
            if area.polygons or area.polygons_crs or area.buffer:
                raise TypeError("%s: clip= gives the polygons, their CRS and the buffer; do not give them again"
                                % self.owner)
            wkts, crs, buffer = clip
            area = replace(area, polygons=_texts(wkts), polygons_crs=crs, buffer=buffer or 0.0)
        return area

    def retrieval(self) -> Retrieval:
        base = self.take("retrieval")
        return self.part(Retrieval, RETRIEVAL_OPTIONS, base if isinstance(base, Retrieval) else None)

    def execution(self) -> Execution:
        base = self.take("execution")
        return self.part(Execution, EXECUTION_OPTIONS, base if isinstance(base, Execution) else None)

    def sources(self, value) -> Sources:
        sources = Sources.of(value)
        band_map, stac, ee = self.take("band_map"), self.take("stac"), self.take("earth_engine")
        changes = {k: v for k, v in (("band_map", band_map), ("stac", stac), ("earth_engine", ee)) if v}
        return replace(sources, **changes) if changes else sources

    def period(self, half_open: bool) -> Period:
        period, start, end = self.take("period"), self.take("start"), self.take("end")
        if isinstance(period, Period):
            if start is not None or end is not None:
                raise TypeError("%s: give period= or start=/end=, not both" % self.owner)
            return period
        if period is not None:
            self.options["period"] = period        # not a Period: left for the caller (or refused)
        return Period.half_open(start, end) if half_open else Period.inclusive(start, end)

    def done(self):
        if self.options:
            raise TypeError("%s got unexpected option%s %s" % (
                self.owner, "s" if len(self.options) > 1 else "", ", ".join(sorted(self.options))))


def _output(value) -> str:
    return os.fspath(value) if value else ""


# --------------------------------------------------------------------------------------------
# The tool requests
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SubsetRequest:
    """leaf:subset: the analysis-ready stack of one acquisition on the area (a COG, or a VRT for '.vrt');
    `bands` (default: every reflectance band); `period` selects Earth Engine images."""

    sources: Sources
    output: str
    area: Area = field(default_factory=Area)
    period: Period = field(default_factory=Period)
    bands: Tuple[str, ...] = ()
    execution: Execution = field(default_factory=Execution)

    def __post_init__(self):
        _frozen(self, "sources", Sources.of(self.sources))
        _frozen(self, "output", _output(self.output))
        _frozen(self, "bands", _texts(self.bands))

    @classmethod
    def from_options(cls, sources, output, **options) -> "SubsetRequest":
        o = _Options("SubsetRequest", options)
        request = cls(o.sources(sources), output, o.area(), o.period(half_open=True), o.take("bands") or (),
                      o.execution())
        o.done()
        return request


@dataclass(frozen=True)
class EstimateRequest:
    """leaf:estimate: estimates + uncertainties at `output` and the QC byte at `qc` (default beside it,
    '<output>_QC.tif'); `metadata` is added to the outputs' provenance; `period` selects Earth Engine images;
    `export` starts Earth Engine export tasks instead of downloading (then no `output`)."""

    sources: Sources
    output: str = ""
    area: Area = field(default_factory=Area)
    retrieval: Retrieval = field(default_factory=Retrieval)
    period: Period = field(default_factory=Period)
    qc: str = ""
    metadata: Mapping[str, str] = field(default_factory=dict)
    export: Optional[Export] = None
    execution: Execution = field(default_factory=Execution)

    def __post_init__(self):
        _frozen(self, "sources", Sources.of(self.sources))
        _frozen(self, "output", _output(self.output))
        _frozen(self, "qc", _output(self.qc))
        _frozen(self, "metadata", _mapping(self.metadata))

    @classmethod
    def from_options(cls, sources, output=None, **options) -> "EstimateRequest":
        o = _Options("EstimateRequest", options)
        export, name = o.take("export"), o.take("export_name")
        if name:
            if not isinstance(export, Export):
                raise TypeError("EstimateRequest: export_name= needs export=")
            export = replace(export, name=name)
        request = cls(o.sources(sources), output, o.area(), o.retrieval(), o.period(half_open=True),
                      o.take("qc_path") or o.take("qc") or "", o.take("metadata") or {}, export, o.execution())
        o.done()
        return request


@dataclass(frozen=True)
class MosaicRequest:
    """leaf:mosaic: one composite of the products of the period on the area with `method` ('leaf', 'max_ndvi',
    'median', 'recent'), scenes with less than `cloud_limit` % cloud, the LEAF score `weights` (spectral,
    spatial, temporal), several sensors harmonised when `mix_sensors`. The stack at `output`, or, with
    `estimates` (what to estimate), its estimates there with the QC at `qc` and the per-pixel dates at `dates`
    (defaults beside the output)."""

    sources: Sources
    output: str
    period: Period = field(default_factory=Period)
    area: Area = field(default_factory=Area)
    method: str = "leaf"
    cloud_limit: Optional[float] = None
    weights: Mapping[str, float] = field(default_factory=dict)
    mix_sensors: bool = False
    estimates: Optional[Retrieval] = None
    qc: str = ""
    dates: str = ""
    execution: Execution = field(default_factory=Execution)

    def __post_init__(self):
        _frozen(self, "sources", Sources.of(self.sources))
        _frozen(self, "output", _output(self.output))
        _frozen(self, "weights", _mapping(self.weights))
        _frozen(self, "qc", _output(self.qc))
        _frozen(self, "dates", _output(self.dates))

    @classmethod
    def from_options(cls, sources, output, **options) -> "MosaicRequest":
        """As composite() took them: `output_type` 'stack' (default) or 'estimates' with the retrieval options."""
        o = _Options("MosaicRequest", options)
        kind = o.take("output_type", "stack")
        if kind not in ("stack", "estimates"):
            raise LeafError("Unknown output type %r (stack or estimates)." % kind)
        retrieval = o.retrieval()
        if kind == "stack" and retrieval != Retrieval():
            raise TypeError("MosaicRequest: the retrieval options (%s) need output_type='estimates'" % ", ".join(
                f.name for f in fields(Retrieval) if getattr(retrieval, f.name) != getattr(Retrieval(), f.name)))
        request = cls(o.sources(sources), output, o.period(half_open=True), o.area(), o.take("method", "leaf"),
                      o.take("cloud_limit"), o.take("weights") or {}, bool(o.take("mix_sensors", False)),
                      retrieval if kind == "estimates" else None, o.take("qc_path") or o.take("qc") or "",
                      o.take("date_path") or o.take("dates") or "", o.execution())
        o.done()
        return request


@dataclass(frozen=True)
class TimeSeriesRequest:
    """leaf:timeseries: every acquisition of the period on one grid estimated into `output_folder`
    (`<prefix>_<YYYYMMDD>_<algorithm>.tif` and its QC), the `statistics` ('mean', 'max', 'median', 'count')
    of each `aggregation` period ('month' or a number of days), and the series at `features` as a `table`
    (.csv, .gpkg) and a `chart` (.png, .html). QC bit 0 (input out of domain) is accepted when
    `accept_out_of_domain`."""

    sources: Sources
    output_folder: str
    period: Period = field(default_factory=Period)
    area: Area = field(default_factory=Area)
    retrieval: Retrieval = field(default_factory=Retrieval)
    prefix: str = "leaf"
    statistics: Tuple[str, ...] = ()
    aggregation: Union[str, int] = "month"
    accept_out_of_domain: bool = False
    features: Optional[Features] = None
    table: str = ""
    chart: str = ""
    execution: Execution = field(default_factory=Execution)

    def __post_init__(self):
        _frozen(self, "sources", Sources.of(self.sources))
        _frozen(self, "output_folder", _output(self.output_folder))
        _frozen(self, "statistics", _texts(self.statistics))
        _frozen(self, "table", _output(self.table))
        _frozen(self, "chart", _output(self.chart))

    @classmethod
    def from_options(cls, sources, output_folder, **options) -> "TimeSeriesRequest":
        """As timeseries() took them: `period` is the aggregation ('month' or days) unless it is a Period;
        `features` a vector file or Feature items, with `features_crs`, `id_field` and `layer`."""
        o = _Options("TimeSeriesRequest", options)
        period = o.period(half_open=False)
        aggregation = o.take("period", None)
        aggregation = o.take("aggregation", aggregation if aggregation is not None else "month")
        features, crs, id_field, layer = (o.take(k) for k in ("features", "features_crs", "id_field", "layer"))
        if features is not None and not isinstance(features, Features):
            if isinstance(features, (str, os.PathLike)):
                features = Features(path=features, layer=layer or "", id_field=id_field or "", crs=crs or "")
            else:
                features = Features(items=tuple(features), id_field=id_field or "", crs=crs or "")
        elif crs or id_field or layer:
            if features is None:
                raise TypeError("TimeSeriesRequest: features_crs=, id_field= and layer= need features=")
            raise TypeError("TimeSeriesRequest: give features_crs, id_field and layer inside Features")
        request = cls(o.sources(sources), output_folder, period, o.area(), o.retrieval(), o.take("prefix", "leaf"),
                      o.take("statistics") or (), aggregation, bool(o.take("accept_out_of_domain", False)),
                      features, o.take("table") or "", o.take("chart") or "", o.execution())
        o.done()
        return request


REQUESTS = (SubsetRequest, EstimateRequest, MosaicRequest, TimeSeriesRequest)
