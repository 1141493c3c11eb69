"""What a run gives back: frozen result objects (paths, counts, the algorithm used) that are also read-only
mappings over the keys the tools' results have always had (`result["OUTPUT"]`, `result["pixels"]`,
`result["acquisitions"][0]["estimates"]`), and that open their rasters (`result.open()`, `result.read("LAI")`).

`from_mapping` builds a result from such a mapping and refuses keys it does not know, so that a result never
silently loses a value.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Dict, Optional, Tuple, Union

import numpy as np
from osgeo import gdal

from .errors import LeafError


def _strict(cls, mapping, known) -> None:
    unknown = sorted(set(mapping) - set(known))
    if unknown:
        raise TypeError("%s does not know the result keys %s" % (cls.__name__, ", ".join(unknown)))


class _Result(Mapping):
    """A read-only mapping over `_items()`; lists in it are fresh copies of the result's tuples."""

    def _items(self) -> Dict[str, Any]:
        raise NotImplementedError

    def __getitem__(self, key):
        return self._items()[key]

    def __iter__(self):
        return iter(self._items())

    def __len__(self):
        return len(self._items())


class _Rasters:
    """Opening the rasters a result names (GDAL datasets, numpy arrays)."""

    RASTER = "OUTPUT"

    def open(self, key: Optional[str] = None):
        """The raster `key` (default: the main output) opened read-only with GDAL."""
        path = self.get(key or self.RASTER)
        if not path:
            raise LeafError("This result has no %s raster." % (key or self.RASTER))
        ds = gdal.OpenEx(path, gdal.OF_RASTER | gdal.OF_READONLY)
        if ds is None:
            raise LeafError("The output %s cannot be opened." % path)
        return ds

    def read(self, band: Union[int, str] = 1, key: Optional[str] = None) -> np.ndarray:
        """One band of the raster `key` as stored (its data type, no scale applied): by number (from 1) or by
        name ('LAI', 'QC')."""
        ds = self.open(key)
        if isinstance(band, str):
            names = [ds.GetRasterBand(i).GetDescription() for i in range(1, ds.RasterCount + 1)]
            if band not in names:
                raise LeafError("The output %s has no band %s (its bands: %s)." % (
                    ds.GetDescription(), band, ", ".join(names)))
            band = names.index(band) + 1
        return ds.GetRasterBand(band).ReadAsArray()


@dataclass(frozen=True, eq=False)
class SubsetResult(_Rasters, _Result):
    """The stack written by a subset: its bands, sensor, date, size and count of valid (MASK = 1) pixels
    (-1 for a VRT stack, whose pixels are not read); `images` is the number of Earth Engine images used."""

    output: str
    bands: Tuple[str, ...]
    sensor: str
    date: str
    valid_pixels: int
    width: int
    height: int
    images: Optional[int] = None

    def _items(self):
        items = {"OUTPUT": self.output, "bands": list(self.bands), "sensor": self.sensor, "date": self.date,
                 "valid_pixels": self.valid_pixels, "width": self.width, "height": self.height}
        if self.images is not None:
            items["images"] = self.images
        return items

    @classmethod
    def from_mapping(cls, m) -> "SubsetResult":
        _strict(cls, m, ("OUTPUT", "bands", "sensor", "date", "valid_pixels", "width", "height", "images"))
        return cls(m["OUTPUT"], tuple(m["bands"]), m["sensor"], m["date"], m["valid_pixels"], m["width"],
                   m["height"], m.get("images"))


@dataclass(frozen=True)
class QcCounts:
    """Pixels with data, estimated (QC bit 2 clear), input out of domain (bit 0), estimate out of range (bit 1),
    invalid (bit 2)."""

    pixels: int = 0
    estimated: int = 0
    out_of_domain: int = 0
    out_of_range: int = 0
    invalid: int = 0

    def as_dict(self) -> Dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


COUNT_KEYS = tuple(f.name for f in fields(QcCounts))


@dataclass(frozen=True, eq=False)
class EstimateResult(_Rasters, _Result):
    """An estimate run: the estimates and QC paths (and `dates`, the DATE raster of an Earth Engine period),
    the variables and algorithm, the networks' runtime ('litert', 'numpy', 'earthengine'), the QC counts;
    for Earth Engine exports the task ids instead of paths and counts; `images` the Earth Engine images used."""

    output: Optional[str]
    qc: Optional[str]
    variables: Tuple[str, ...]
    algorithm: str
    runtime: str
    counts: Optional[QcCounts] = None
    dates: Optional[str] = None
    tasks: Tuple[str, ...] = ()
    images: Optional[int] = None

    def _items(self):
        items: Dict[str, Any] = {}
        if self.output is not None:
            items.update(OUTPUT=self.output, QC=self.qc)
        if self.dates is not None:
            items["DATE"] = self.dates
        items.update(variables=list(self.variables), algorithm=self.algorithm, runtime=self.runtime)
        if self.counts is not None:
            items.update(self.counts.as_dict())
        if self.images is not None:
            items["images"] = self.images
        if self.tasks:
            items["tasks"] = list(self.tasks)
        return items

    @classmethod
    def from_mapping(cls, m) -> "EstimateResult":
        _strict(cls, m, ("OUTPUT", "QC", "DATE", "variables", "algorithm", "runtime", "images", "tasks") + COUNT_KEYS)
        counts = QcCounts(**{k: m[k] for k in COUNT_KEYS}) if all(k in m for k in COUNT_KEYS) else None
        return cls(m.get("OUTPUT"), m.get("QC"), tuple(m["variables"]), m["algorithm"], m["runtime"], counts,
                   m.get("DATE"), tuple(m.get("tasks") or ()), m.get("images"))


@dataclass(frozen=True, eq=False)
class MosaicResult(_Rasters, _Result):
    """A mosaic: the composite stack (path, bands, sensor, size, pixels with an observation, valid pixels,
    the products and how many pixels each gave); when estimates were asked for, `estimate` (their result,
    whose keys this mapping shows) and `dates` (the DATE/SOURCE raster), the stack being a temporary file."""

    output: str
    bands: Tuple[str, ...]
    sensor: str
    width: int
    height: int
    pixels: int
    valid_pixels: int
    products: Tuple[str, ...]
    chosen: Dict[str, int] = field(default_factory=dict)
    estimate: Optional[EstimateResult] = None
    dates: Optional[str] = None

    STACK_KEYS = ("OUTPUT", "bands", "sensor", "width", "height", "pixels", "valid_pixels", "products", "chosen")

    def __post_init__(self):
        object.__setattr__(self, "chosen", MappingProxyType(dict(self.chosen)))

    def _stack(self):
        return {"OUTPUT": self.output, "bands": list(self.bands), "sensor": self.sensor, "width": self.width,
                "height": self.height, "pixels": self.pixels, "valid_pixels": self.valid_pixels,
                "products": list(self.products), "chosen": dict(self.chosen)}

    def _items(self):
        stack = self._stack()
        if self.estimate is None:
            return stack
        return dict(dict(self.estimate), DATE=self.dates, composite=stack, bands=stack["bands"],
                    sensor=self.sensor, products=stack["products"], chosen=stack["chosen"])

    @classmethod
    def from_mapping(cls, m) -> "MosaicResult":
        if "composite" not in m:
            _strict(cls, m, cls.STACK_KEYS)
            return cls(m["OUTPUT"], tuple(m["bands"]), m["sensor"], m["width"], m["height"], m["pixels"],
                       m["valid_pixels"], tuple(m["products"]), dict(m["chosen"]))
        stack = cls.from_mapping(m["composite"])
        shared = ("DATE", "composite", "bands", "sensor", "products", "chosen")
        estimate = EstimateResult.from_mapping({k: v for k, v in m.items() if k not in shared})
        for key in ("bands", "sensor", "products", "chosen"):
            if m[key] != stack[key]:
                raise TypeError("MosaicResult: %s of the estimates differs from the composite's" % key)
        return cls(stack.output, stack.bands, stack.sensor, stack.width, stack.height, stack.pixels,
                   stack.valid_pixels, stack.products, dict(stack.chosen), estimate, m["DATE"])


@dataclass(frozen=True, eq=False)
class AcquisitionResult(_Rasters, _Result):
    """One date of a time series: its estimates and QC paths, algorithm, variables, inputs and counts."""

    date: str
    sensor: str
    estimates: str
    qc: str
    algorithm: str
    variables: Tuple[str, ...]
    inputs: Tuple[str, ...]
    pixels: int
    estimated: int

    RASTER = "estimates"
    KEYS = ("date", "sensor", "estimates", "qc", "algorithm", "variables", "inputs", "pixels", "estimated")

    def _items(self):
        items = {k: getattr(self, k) for k in self.KEYS}
        items.update(variables=list(self.variables), inputs=list(self.inputs))
        return items

    @classmethod
    def from_mapping(cls, m) -> "AcquisitionResult":
        _strict(cls, m, cls.KEYS)
        return cls(**dict({k: m[k] for k in cls.KEYS}, variables=tuple(m["variables"]), inputs=tuple(m["inputs"])))


@dataclass(frozen=True, eq=False)
class AggregateResult(_Rasters, _Result):
    """One statistic of one aggregation period of a time series (first and last day included)."""

    period: str
    first: str
    last: str
    statistic: str
    path: str
    dates: Tuple[str, ...]
    variables: Tuple[str, ...]

    RASTER = "path"
    KEYS = ("period", "first", "last", "statistic", "path", "dates", "variables")

    def _items(self):
        items = {k: getattr(self, k) for k in self.KEYS}
        items.update(dates=list(self.dates), variables=list(self.variables))
        return items

    @classmethod
    def from_mapping(cls, m) -> "AggregateResult":
        _strict(cls, m, cls.KEYS)
        return cls(**dict({k: m[k] for k in cls.KEYS}, dates=tuple(m["dates"]), variables=tuple(m["variables"])))


@dataclass(frozen=True, eq=False)
class TimeSeriesResult(_Result):
    """A time series: its dates, one AcquisitionResult per date, the AggregateResults, the table and chart
    paths (None when not asked for), the extracted rows and the number of features placed on the grid."""

    dates: Tuple[str, ...]
    acquisitions: Tuple[AcquisitionResult, ...]
    aggregates: Tuple[AggregateResult, ...]
    table: Optional[str]
    chart: Optional[str]
    rows: Tuple[Mapping, ...]
    features: int

    KEYS = ("dates", "acquisitions", "aggregates", "table", "chart", "rows", "features")

    def _items(self):
        return {"dates": list(self.dates), "acquisitions": list(self.acquisitions),
                "aggregates": list(self.aggregates), "table": self.table, "chart": self.chart,
                "rows": [dict(r) for r in self.rows], "features": self.features}

    @classmethod
    def from_mapping(cls, m) -> "TimeSeriesResult":
        _strict(cls, m, cls.KEYS)
        return cls(tuple(m["dates"]), tuple(AcquisitionResult.from_mapping(a) for a in m["acquisitions"]),
                   tuple(AggregateResult.from_mapping(a) for a in m["aggregates"]), m["table"], m["chart"],
                   tuple(MappingProxyType(dict(r)) for r in m["rows"]), m["features"])
