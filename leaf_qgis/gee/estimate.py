"""The Estimate tool on Earth Engine: a scene (one image, or the most recent clear pixel of a period) ->
the SL2P graph -> local COGs (downloaded tile by tile) or export tasks.

The outputs are those of engine.estimate.estimate_stack: estimates (float32 NaN no data, or LEAF uint8) with
the same band names, units and provenance keys, and the QC byte beside them; a period also writes the date
of each pixel's observation (days since 1970-01-01) to `<output>_DATE.tif`, as Mosaic does.
"""

import datetime
import os
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from ..engine import paths
from ..engine.algorithm import Algorithm, get_algorithm, load_algorithms
from ..engine.catalog import NetworkStore
from ..engine.clip import PolygonMask
from ..engine.errors import Cancelled, LeafError
from ..engine.estimate import (
    AUTO,
    EstimateWriters,
    algorithm_tier,
    automatic_label,
    count_qc,
    is_automatic,
    networks_for,
    qc_path_for,
    resolve_variables,
    run_provenance,
)
from ..engine.estimator import QC_INVALID, QC_NODATA
from ..engine.grid import Grid
from ..engine.variables import LEAF_UINT8_FACTORS, UINT8_NODATA
from ..engine.writer import BandSpec, ProductWriter
from . import session
from .collections import COLLECTIONS, EECollection, collection_of_image, scene_image, search
from .download import crs_of, download
from .export import FLOAT_NODATA, ExportTarget, start_export
from .graph import ANGLE_BANDS, check_translatable, estimate_image
from .landcover import ccrs_landcover

DAY_MS = 86400000
DATE_NODATA = 65535          # as Mosaic's _DATE.tif: UInt16 days since 1970-01-01


@dataclass
class EESource:
    """What to estimate on Earth Engine: one image asset id, or a collection (key or id) over a period."""

    image_id: str = ""
    collection: str = ""
    start: str = ""           # ISO date, inclusive
    end: str = ""             # ISO date, exclusive
    max_cloud: Optional[float] = None
    one_day: bool = False     # a day's images merged where they have data (MASK = 0 pixels stay, QC 4), as the
                              # local time series merges one day's tiles; else the most recent clear pixel

    @classmethod
    def parse(cls, text: str, start: str = "", end: str = "", max_cloud: Optional[float] = None) -> "EESource":
        """A collection key or id ('S2', 'COPERNICUS/S2_SR_HARMONIZED') or an image id (collection id + '/' + index)."""
        text = (text or "").strip().strip("/")
        if any(text in (c.key, c.id) for c in COLLECTIONS.values()):
            return cls(collection=text, start=start, end=end, max_cloud=max_cloud)
        return cls(image_id=text)

    def resolve(self) -> EECollection:
        if self.image_id:
            return collection_of_image(self.image_id)
        for c in COLLECTIONS.values():
            if self.collection in (c.key, c.id):
                if not (self.start and self.end):
                    raise LeafError("An Earth Engine run over the collection %s needs a start and an end date." % c.id)
                if self.start >= self.end:
                    raise LeafError("The period %s to %s is empty; the end date must come after the start date."
                                    % (self.start, self.end))
                return c
        raise LeafError("Give an Earth Engine image id or one of the collections %s."
                        % ", ".join("%s (%s)" % (c.key, c.id) for c in COLLECTIONS.values()))

    def describe(self) -> str:
        if self.image_id:
            return self.image_id
        cloud = "" if self.max_cloud is None else ", cloud < %g%%" % self.max_cloud
        if self.one_day:
            return "%s %s%s (the day's images merged)" % (self.collection, self.start, cloud)
        return "%s %s..%s%s (most recent clear pixel)" % (self.collection, self.start, self.end, cloud)


def choose_for_collection(c: EECollection, automatic: Optional[str] = AUTO,
                          algorithms: Optional[Dict[str, Algorithm]] = None) -> Algorithm:
    """The default algorithm for a collection: the local choice's family order (`automatic` AUTO: LEAF's
    published networks first, AUTO_BUNDLED: this project's), land cover available (V1 first) and the
    collection's native resolution (20 m for Sentinel-2, whose 10 m algorithms use fewer bands)."""
    algorithms = algorithms if algorithms is not None else load_algorithms()
    fitting = [a for a in algorithms.values() if a.family != "SNAP" and a.sensors and a.sensors[0] in c.sensors
               and all(b in c.bands for b in a.bands)]
    if not fitting:
        raise LeafError("No algorithm is defined for the Earth Engine collection %s." % c.id)
    return sorted(fitting, key=lambda a: (algorithm_tier(a, automatic), a.version != "V1", abs(a.resolution_m - c.resolution),
                                          -len(a.bands), a.id))[0]


def area_geometry(ee, grid: Grid):
    """The grid's bounds as an ee.Geometry rectangle in the grid's CRS (planar)."""
    xmin, ymin, xmax, ymax = grid.bounds()
    crs = crs_of(grid.projection)
    proj = crs.get("crsCode") or ee.Projection(crs["crsWkt"])
    return ee.Geometry.Rectangle([xmin, ymin, xmax, ymax], proj, False)


def period_scene(ee, source: EESource, c: EECollection, bands: Sequence[str], grid: Grid, project: str):
    """The most recent clear pixel of the period (MASK = 1 pixels only; with one_day, every pixel with data),
    with DATE in days since 1970."""
    coll = search(c, area_geometry(ee, grid), source.start, source.end, source.max_cloud)
    count = session.call(lambda: coll.size().getInfo(), project)
    if not count:
        raise LeafError("Earth Engine has no image of %s over the area from %s to %s%s." % (
            c.id, source.start, source.end,
            "" if source.max_cloud is None else " with less than %g%% cloud" % source.max_cloud))

    def prepare(image):
        scene = scene_image(image, c, tuple(bands))
        date = ee.Image.constant(ee.Number(image.get("system:time_start")).divide(DAY_MS).floor()).rename("DATE")
        # one mask for every band, so that the mosaic takes all of a pixel's bands (and its date) from one image
        inputs_present = scene.select(list(bands) + list(ANGLE_BANDS)).mask().reduce(ee.Reducer.min())
        keep = inputs_present if source.one_day else scene.select("MASK").And(inputs_present)
        return scene.addBands(date).updateMask(keep)
    return ee.ImageCollection(coll.map(prepare)).sort("system:time_start").mosaic(), count


def image_date(ee, image_id: str, project: str = "") -> str:
    """The acquisition day (UTC, YYYY-MM-DD) of an Earth Engine image; asking for it also checks that it exists."""
    start_ms = session.call(lambda: ee.Image(image_id).get("system:time_start").getInfo(), project)
    if start_ms is None:
        return ""
    return datetime.datetime.fromtimestamp(start_ms / 1000.0, datetime.timezone.utc).strftime("%Y-%m-%d")


def estimate_ee(source: EESource, grid: Grid, output_path: str = "", qc_path: str = "", algorithm: str = AUTO,
                variables: Optional[Sequence[str]] = None, landcover_asset: str = "", encoding: str = "float32",
                angle_quantization: Optional[str] = None, store: Optional[NetworkStore] = None,
                base_url: Optional[str] = None, project: str = "", key_file: str = "", url: Optional[str] = None,
                creds=None, connected=None, export: Optional[ExportTarget] = None, export_name: str = "leaf",
                threads: int = 4, write_date: bool = True, clip=None, also_read: Sequence[str] = (),
                progress: Callable[[float], None] = lambda f: None, is_canceled: Callable[[], bool] = lambda: False,
                log: Callable[[str], None] = lambda m: None) -> Dict[str, object]:
    """Estimate on Earth Engine over `grid` and download to output_path / qc_path, or start export tasks.

    Without `export`, returns the output paths and QC counts like estimate_stack; with it, the task ids.
    `connected` is the `ee` module of a session.connect() already made (a time series connects once);
    `write_date=False` leaves out the period's _DATE.tif. `clip` = (polygon WKTs, CRS WKT, buffer) leaves the
    downloaded pixels whose centre is outside the polygons without data, as the local engine does (exports are
    not clipped: they cover the grid).
    Raises LeafError (one sentence) for bad input and Earth Engine failures, Cancelled when stopped (no
    output file is left behind).
    """
    c = source.resolve()
    store = store or NetworkStore()
    alg = choose_for_collection(c, algorithm or AUTO) if is_automatic(algorithm) else get_algorithm(algorithm)
    if is_automatic(algorithm):
        log("Algorithm chosen for %s: %s (%s)." % (c.id, alg.id, alg.name))
    if not any(s in c.sensors for s in alg.sensors):
        raise LeafError("%s is for %s, but the Earth Engine source %s is %s." % (
            alg.id, ", ".join(alg.sensors), source.describe(), ", ".join(c.sensors)))
    check_translatable(alg)
    variables = resolve_variables(alg, variables, encoding)
    if export is None and not output_path:
        raise LeafError("Give an output file, or an export destination, for the Earth Engine run.")
    if export is None:   # the local files the run reads: the credentials (the AREA layer is checked by the caller)
        qc_path = qc_path or qc_path_for(output_path)
        paths.check_outputs([key_file] + list(also_read), [f for o in (output_path, qc_path, date_path_of(output_path))
                                         for f in paths.raster_sidecars(o)])
    if export is not None:
        export.check()
    installed = networks_for(alg, store, algorithm, base_url, log, is_canceled)

    inside = PolygonMask(clip[0], clip[1], clip[2], grid.projection, grid.geotransform, grid.width, grid.height,
                         "the area of the Earth Engine run") if clip and export is None else None
    ee = connected or session.connect(project, key_file=key_file, url=url, creds=creds)
    date = ""
    if source.image_id:
        scene, count = scene_image(ee.Image(source.image_id), c, tuple(alg.bands)), 1
        date = image_date(ee, source.image_id, project)
    else:
        scene, count = period_scene(ee, source, c, alg.bands, grid, project)
        log("%d images of %s from %s to %s go into the most recent clear pixel." % (count, c.id, source.start,
                                                                                     source.end))
    landcover = ccrs_landcover(landcover_asset) if alg.landcover is not None else None
    result = estimate_image(alg, installed, scene, variables, landcover, angle_quantization)
    names = alg.output_names(variables)
    quantization = angle_quantization or alg.angle_quantization
    provenance = run_provenance(alg, installed, "Earth Engine " + source.describe(), "/".join(c.sensors),
                                date or "%s/%s" % (source.start, source.end), "earthengine", quantization,
                                landcover_asset or "NALCMS 2020 over Copernicus 2019 (Earth Engine)", encoding)
    provenance["LEAF_ALGORITHM_CHOICE"] = automatic_label(algorithm)
    provenance["LEAF_BACKEND"] = "Earth Engine, project %s" % project
    log("Running %s on Earth Engine (project %s) over %d x %d pixels." % (alg.id, project, grid.width, grid.height))

    date_band = scene.select("DATE") if not source.image_id and write_date else None
    if export is not None:
        tasks = _start_exports(ee, result, date_band, names, encoding, provenance, grid, export, export_name, project)
        log("Started Earth Engine export tasks %s; follow them with the LEAF task monitor (leaf:eetasks)."
            % ", ".join(tasks))
        return {"tasks": tasks, "algorithm": alg.id, "variables": variables, "runtime": "earthengine"}
    outputs, counts = _download(ee, result, date_band, names, encoding, provenance, grid, output_path,
                                qc_path or qc_path_for(output_path), inside, project, threads, progress, is_canceled,
                                log)
    return dict(outputs, variables=variables, algorithm=alg.id, runtime="earthengine", images=count, **counts)


def date_path_of(output_path: str) -> str:
    return os.path.splitext(output_path)[0] + "_DATE.tif"


def _start_exports(ee, result, date_band, names, encoding, provenance, grid, export, export_name, project):
    """Export tasks of the estimates (float32 or LEAF uint8), the QC byte and, for a period, the dates."""
    estimates = result.select(names)
    if encoding == "leaf-uint8":   # engine.estimate.encode_uint8 in the graph: trunc(max(v, 0) x factor), <= 254
        bands = [estimates.select(n).max(0).multiply(LEAF_UINT8_FACTORS[n.split("_")[0]]).min(254) for n in names]
        estimates, nodata = ee.Image.cat(bands).unmask(UINT8_NODATA, False).toUint8(), UINT8_NODATA
    else:
        estimates, nodata = estimates.toFloat(), FLOAT_NODATA
    tasks = [start_export(ee, estimates.set(provenance), export_name, grid, export, nodata, project),
             start_export(ee, result.select("QC").unmask(QC_NODATA, False).toUint8().set(provenance),
                          export_name + "_QC", grid, export, QC_NODATA, project)]
    if date_band is not None:
        tasks.append(start_export(ee, date_band.unmask(DATE_NODATA, False).toUint16(), export_name + "_DATE",
                                  grid, export, DATE_NODATA, project))
    return tasks


def _download(ee, result, date_band, names, encoding, provenance, grid, output_path, qc_path, inside, project,
              threads, progress, is_canceled, log=lambda m: None):
    """Download the estimates, QC (and dates) tile by tile into COGs; returns (output paths, QC counts)."""
    download_image = result.select(names).unmask(0, False).addBands(result.select("QC").unmask(QC_NODATA, False))
    fetched = names + ["QC"]
    if date_band is not None:
        download_image = download_image.addBands(date_band.unmask(DATE_NODATA, False))
        fetched.append("DATE")
    download_image = download_image.toFloat()
    date_path = date_path_of(output_path)
    writers: List = []
    counts = {"pixels": 0, "estimated": 0, "out_of_domain": 0, "out_of_range": 0, "invalid": 0}
    try:
        products = EstimateWriters(output_path, qc_path, grid.width, grid.height, grid.geotransform,
                                   grid.projection, names, encoding, provenance, log=log)
        writers.append(products)
        if "DATE" in fetched:
            datew = ProductWriter(date_path, grid.width, grid.height, grid.geotransform, grid.projection,
                                  [BandSpec("DATE", "acquisition date of the pixel's observation", "days since 1970-01-01")],
                                  np.uint16, DATE_NODATA, provenance, log=log)
            writers.append(datew)
        for window, values in download(ee, download_image, grid, fetched, project, threads, progress, is_canceled):
            qc = values[len(names)].astype(np.uint8)
            if inside is not None:
                qc[~inside.inside(window)] = QC_NODATA
            no_estimate = (qc == QC_NODATA) | ((qc & QC_INVALID) > 0)
            products.write(window, [np.where(no_estimate, np.nan, values[i]).astype(np.float32)
                                    for i in range(len(names))], qc)
            if "DATE" in fetched:
                datew.write(window, [np.where(qc == QC_NODATA, DATE_NODATA, values[-1]).astype(np.uint16)])
            count_qc(counts, qc)
        if is_canceled():
            raise Cancelled()
        for w in writers:
            w.commit()
    except BaseException:
        for w in writers:
            w.abort()
        raise
    outputs = {"OUTPUT": os.path.abspath(output_path), "QC": os.path.abspath(qc_path)}
    if "DATE" in fetched:
        outputs["DATE"] = os.path.abspath(date_path)
    return outputs, counts
