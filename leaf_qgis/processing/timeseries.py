"""leaf:timeseries: products over a date range -> one estimated COG per date (a time-enabled layer group in
the project), optional aggregates per period, and the series at points/polygons as a table and a chart.
The work is engine/timeseries.py."""

import datetime
import os

from qgis.core import (
    Qgis,
    QgsDateTimeRange,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameters,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
    QgsProcessingUtils,
    QgsProject,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime

from ..compat import (
    DATETIME_DATE,
    FILE_FOLDER,
    NUMBER_INTEGER,
    PARAMETER_ADVANCED,
    SOURCE_FILE,
    SOURCE_VECTOR,
    SOURCE_VECTOR_POINT,
    SOURCE_VECTOR_POLYGON,
)
from ..engine.errors import LeafError
from ..engine.sources import expand_inputs
from ..engine.timeseries import Feature, stac_inputs, timeseries
from ..engine.variables import VARIABLE_NAMES
from ..settings import network_base_url, network_store
from . import earthengine
from .area import (
    add_area_parameters,
    area_grid_from_parameters,
    clip_from_parameters,
    given,
    grid_from_parameters,
    resampling_from_parameters,
    search_bbox,
)
from .base import LeafAlgorithm
from .choices import AlgorithmChoice
from .parameters import RasterInputParameter
from .styles import style_layer

STATISTIC_KEYS = [None, "mean", "max", "median", "count"]      # AGGREGATION options, in order
STAC_MAX_ITEMS = 500


def _plain(value):
    """A QGIS attribute value as a plain Python value for the table (NULL -> None, dates as ISO text)."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if isinstance(value, (QDate, QDateTime)):
        return value.toString("yyyy-MM-dd" if isinstance(value, QDate) else "yyyy-MM-ddTHH:mm:ss")
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _qdate(day: datetime.date) -> QDateTime:
    return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0, 0))


class TimeSeriesLayer(QgsProcessingLayerPostProcessorInterface):
    """Post-processor of a loaded time-series layer: its style, a fixed temporal range (first day included, day
    after the last excluded) for the temporal controller, and its place in the run's layer tree group."""

    _alive = []

    def __init__(self, kind: str, first: datetime.date, last: datetime.date, group: str, subgroup: str = "",
                 count_max: int = 0):
        super().__init__()
        self.kind, self.first, self.last = kind, first, last
        self.group, self.subgroup, self.count_max = group, subgroup, count_max

    @classmethod
    def create(cls, *args, **kwargs):
        inst = cls(*args, **kwargs)
        cls._alive.append(inst)   # the context keeps a raw pointer: keep the Python object alive
        return inst

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        if layer is None or not layer.isValid():
            return
        style_layer(layer, self.kind, self.count_max)
        props = layer.temporalProperties()
        props.setMode(Qgis.RasterTemporalMode.FixedTemporalRange)
        props.setFixedTemporalRange(QgsDateTimeRange(_qdate(self.first),
                                                     _qdate(self.last + datetime.timedelta(days=1)), True, False))
        props.setIsActive(True)
        project = context.project() or QgsProject.instance()
        root = project.layerTreeRoot()
        node = root.findLayer(layer.id())
        if node is None:
            return
        group = root.findGroup(self.group) or root.insertGroup(0, self.group)
        target = group
        if self.subgroup:
            target = group.findGroup(self.subgroup) or group.addGroup(self.subgroup)
            target.setItemVisibilityChecked(False)   # QC and aggregates stay hidden until asked for
            target.setExpanded(False)
        if node.parent() is not target:
            clone = node.clone()
            target.addChildNode(clone)
            node.parent().removeChildNode(node)


class TimeSeriesAlgorithm(AlgorithmChoice, LeafAlgorithm):
    NAME = "timeseries"
    GROUP_ID = "estimation"

    def displayName(self):  # noqa: N802
        return self.tr("Time series of biophysical variables (SL2P)")

    def group(self):
        return self.tr("Estimation")

    def tags(self):
        return self.tr("time series,temporal,LAI,fAPAR,fCOVER,SL2P,LEAF,monitoring,season,points,chart").split(",")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "<p>Estimates the SL2P variables on every acquisition of a date range over one area, all on one grid, "
            "and follows them through time: one layer per date (added to the project as a time-enabled group for "
            "the temporal controller), optional aggregates per period, and the series at points or polygons as a "
            "table and a chart.</p>"
            "<h3>Inputs</h3><p>Products (Sentinel-2 L2A SAFE folder or zip, Landsat Collection 2 Level-2 folder or "
            "tar, HLS v2.0 granule, STAC item .json or URL, analysis-ready stacks with LEAF_DATE such as "
            "<i>Subset</i> outputs), a folder searched for them, or a STAC API search (URL and collection) over the "
            "area and the dates. Products acquired from the start to the end date (both included; empty: no limit) "
            "are used; products of one day and sensor (adjacent tiles) are merged into one acquisition. With a "
            "chosen algorithm, products of other sensors are left out; automatic chooses per date as "
            "<i>Estimate</i> does.</p>"
            "<h3>Area</h3><p>An extent or a polygon layer, CRS and resolution as in <i>Subset</i>; without them the "
            "union of the products' footprints in the CRS and at the pixel size of the earliest product. Stacks are "
            "read on their own grid, which must be the same for all of them.</p>"
            "<h3>Outputs</h3><p><b>Output folder</b>: per acquisition <i>prefix</i>_YYYYMMDD_<i>algorithm</i>.tif "
            "(estimates and uncertainties, float32 Cloud-Optimized GeoTIFF, NaN no data, acquisition date in the "
            "LEAF_DATE metadata) and <i>prefix</i>_YYYYMMDD_<i>algorithm</i>_QC.tif (QC bits: 1 input out of the "
            "networks' domain, 2 estimate out of range, 4 invalid pixel, 255 no data). Units: LAI m²/m²; fAPAR, "
            "fCOVER, albedo, DASF unitless; CCC µg/cm²; CWC g/cm².</p>"
            "<p><b>Aggregation</b> (optional, several may be chosen): per calendar month "
            "(<i>prefix</i>_YYYYMM_<i>statistic</i>.tif) or per period of N days counted from the start date "
            "(<i>prefix</i>_YYYYMMDD-YYYYMMDD_<i>statistic</i>.tif), the mean, maximum, median (mean of the two middle "
            "values for an even number) or count of the valid observations of each pixel, one band per variable. "
            "Valid: the pixel has data and QC bits 0, 1 and 2 are clear (bit 0 may be accepted). Estimates only, "
            "not uncertainties.</p>"
            "<p><b>Table</b> (needs features; GeoPackage or CSV): one row per feature, date and variable with "
            "feature_id (the feature's id), the id field, date, sensor, algorithm, variable, value, uncertainty, qc, "
            "pixels and valid_pixels. A point takes the pixel containing it, as stored (valid_pixels 1 when valid); "
            "a polygon the mean value and mean uncertainty of its valid pixels among those whose centre is inside "
            "it, with the bitwise OR of their QC.</p>"
            "<p><b>Chart</b> (optional, .png or .html): each feature's series, one panel per variable, uncertainty "
            "as bars; the HTML page is self-contained (inline SVG).</p>"
            "<h3>Earth Engine backend</h3><p>With <b>Backend</b> = Google Earth Engine the inputs are an Earth Engine "
            "collection (S2, L8, L9, L7, L5 or HLS_L30), both dates and an area (EXTENT, AREA's bounding box or "
            "TILE; CRS and resolution as in Estimate's Earth Engine run). Every day with images over the area is one "
            "acquisition: estimated on Earth Engine (the day's images merged where they have data, one algorithm for "
            "every day) and downloaded onto the run's grid; aggregates, table and chart are then computed from those "
            "files as for local products. Credentials and project as for Estimate.</p>"
            "<h3>References</h3><p>Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600. Weiss M., "
            "Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. LEAF Toolbox, Natural Resources "
            "Canada (Canada Centre for Remote Sensing).</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        earthengine.add_backend_parameter(self)
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUT", self.tr("Products (SAFE zip or folder, Landsat tar or folder, HLS granule, STAC item, stack)"),
            SOURCE_FILE, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "FOLDER", self.tr("Or a folder of products (searched with its subfolders)"),
            behavior=FILE_FOLDER, optional=True))
        self.addParameter(QgsProcessingParameterString(
            "STAC_API", self.tr("Or search a STAC API (URL) over the area and the dates"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            "STAC_COLLECTION", self.tr("STAC collection"), defaultValue="sentinel-2-l2a", optional=True))
        earthengine.add_source_parameter(self, images=False)
        self.addParameter(QgsProcessingParameterDateTime(
            "START", self.tr("Start date (included)"), type=DATETIME_DATE, optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            "END", self.tr("End date (included)"), type=DATETIME_DATE, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "ALGORITHM", self.tr("Algorithm"),
            options=[self.tr("Automatic (per date, from the sensor, bands and land cover)")]
            + ["%s — %s" % (a.id, a.name) for a in self.algorithms()], defaultValue=0))
        self.add_networks_parameter()
        self.addParameter(QgsProcessingParameterEnum(
            "VARIABLES", self.tr("Variables (none selected: every variable of the algorithm)"), options=VARIABLE_NAMES,
            allowMultiple=True, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "AGGREGATION", self.tr("Aggregation per period (of the valid observations)"),
            options=[self.tr("None"), self.tr("Mean"), self.tr("Maximum"), self.tr("Median"),
                     self.tr("Count of valid observations")], allowMultiple=True, defaultValue=[0]))
        self.addParameter(QgsProcessingParameterEnum(
            "PERIOD", self.tr("Period"), options=[self.tr("Calendar month"),
                                                  self.tr("N days from the start date (or the first date)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "PERIOD_DAYS", self.tr("N (days per period)"), NUMBER_INTEGER, defaultValue=16,
            minValue=1))
        self.addParameter(QgsProcessingParameterBoolean(
            "ACCEPT_OUT_OF_DOMAIN", self.tr("Count observations whose inputs are out of the networks' domain (QC "
                                            "bit 0) as valid"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "FEATURES", self.tr("Points or polygons to extract the series at"),
            [SOURCE_VECTOR_POINT, SOURCE_VECTOR_POLYGON], optional=True))
        self.addParameter(QgsProcessingParameterField(
            "ID_FIELD", self.tr("Identifier field of the features"), parentLayerParameterName="FEATURES",
            optional=True))
        add_area_parameters(self)
        landcover = RasterInputParameter(
            "LANDCOVER", self.tr("Land-cover layer for land-cover networks (CCRS/NALCMS classes)"), optional=True)
        prefix = QgsProcessingParameterString("PREFIX", self.tr("File name prefix"), defaultValue="leaf")
        load = QgsProcessingParameterBoolean(
            "LOAD_LAYERS", self.tr("Add the layers to the project as a time-enabled group (desktop)"), defaultValue=True)
        for p in (landcover, prefix, load):
            p.setFlags(p.flags() | PARAMETER_ADVANCED)
            self.addParameter(p)
        earthengine.add_advanced_parameters(self)
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT_FOLDER", self.tr("Output folder")))
        self.addParameter(QgsProcessingParameterVectorDestination(
            "TABLE", self.tr("Series at the features (GeoPackage or CSV table)"), SOURCE_VECTOR,
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            "CHART", self.tr("Chart of the series"), fileFilter=self.tr("HTML page (*.html);;PNG image (*.png)"),
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputMultipleLayers("LAYERS", self.tr("Estimates per date")))
        self.addOutput(QgsProcessingOutputMultipleLayers("QC_LAYERS", self.tr("QC per date")))
        self.addOutput(QgsProcessingOutputMultipleLayers("AGGREGATES", self.tr("Aggregates per period")))
        self.addOutput(QgsProcessingOutputString("DATES", self.tr("Acquisition dates (comma-separated)")))
        self.addOutput(QgsProcessingOutputNumber("ACQUISITIONS", self.tr("Number of acquisitions")))
        self.addOutput(QgsProcessingOutputNumber("ROWS", self.tr("Rows in the table")))

    def date(self, parameters, name, context):
        """A date parameter as 'YYYY-MM-DD', or None (QGIS 3.22 has no QgsProcessingAlgorithm.parameterAsDate)."""
        if not given(parameters, name):
            return None
        d = QgsProcessingParameters.parameterAsDate(self.parameterDefinition(name), parameters, context)
        return d.toString("yyyy-MM-dd") if d.isValid() else None

    def check_parameter_values(self, parameters, context):
        if earthengine.uses_earth_engine(self, parameters, context):
            if not given(parameters, "EE_SOURCE") or not (given(parameters, "START") and given(parameters, "END")):
                return False, self.tr("A time series on Earth Engine needs a collection (EE_SOURCE) and both dates "
                                      "(START, END).")
        elif not any(given(parameters, k) for k in ("INPUT", "FOLDER", "STAC_API")):
            return False, self.tr("Give products (INPUT), a folder (FOLDER) or a STAC API to search (STAC_API).")
        if (given(parameters, "TABLE") or given(parameters, "CHART")) and not given(parameters, "FEATURES"):
            return False, self.tr("A table or a chart needs features (FEATURES) to extract the series at.")
        return super().check_parameter_values(parameters, context)

    def execute(self, parameters, context, feedback):
        start, end = self.date(parameters, "START", context), self.date(parameters, "END", context)
        if earthengine.uses_earth_engine(self, parameters, context):
            return self._execute_earth_engine(parameters, context, feedback, start, end)
        sources = []
        if given(parameters, "INPUT"):
            sources += [p for p in self.parameterAsFileList(parameters, "INPUT", context) if p]
        if given(parameters, "FOLDER"):
            sources.append(self.parameterAsFile(parameters, "FOLDER", context))
        if given(parameters, "STAC_API"):
            sources += self.stac_items(parameters, context, feedback, start, end)
        sources = expand_inputs(sources)

        grid, resolution, crs = None, None, None
        if given(parameters, "RESOLUTION"):
            resolution = self.parameterAsDouble(parameters, "RESOLUTION", context)
        if given(parameters, "EXTENT") or given(parameters, "AREA"):
            grid, resolution = grid_from_parameters(self, parameters, context, sources[0])
        elif given(parameters, "CRS"):
            crs = self.parameterAsCrs(parameters, "CRS", context).toWkt()

        landcover = self.raster_source(parameters, "LANDCOVER", context)[0]
        folder = self.parameterAsString(parameters, "OUTPUT_FOLDER", context)
        options = self._options(parameters, context)
        result = timeseries(
            sources, folder, start=start, end=end, grid=grid, resolution=resolution, crs=crs,
            clip=clip_from_parameters(self, parameters, context),
            resampling=resampling_from_parameters(self, parameters, context),
            algorithm=self.algorithm_from_parameters(parameters, context),
            landcover=landcover,
            store=network_store(), base_url=network_base_url(), also_read=self.read_sources(parameters, context),
            progress=lambda f: feedback.setProgress(100.0 * f), is_canceled=feedback.isCanceled,
            log=self.log(feedback), **options)
        return self._finish(result, folder, options["table"], options["chart"], parameters, context, feedback)

    def _finish(self, result, folder, table, chart, parameters, context, feedback):
        """Report, load the layers (desktop) and return the outputs of a finished run."""
        acqs = result["acquisitions"]
        feedback.pushInfo(self.tr("{0} acquisitions ({1}); {2} aggregates; {3} table rows.").format(
            len(acqs), ", ".join(result["dates"]), len(result["aggregates"]), len(result["rows"])))
        if self.parameterAsBoolean(parameters, "LOAD_LAYERS", context) and context.project() is not None:
            self.load_layers(result, folder, context)
        return {"OUTPUT_FOLDER": folder, "TABLE": table, "CHART": chart,
                "LAYERS": [a["estimates"] for a in acqs], "QC_LAYERS": [a["qc"] for a in acqs],
                "AGGREGATES": [a["path"] for a in result["aggregates"]], "DATES": ",".join(result["dates"]),
                "ACQUISITIONS": len(acqs), "ROWS": len(result["rows"])}

    def _options(self, parameters, context):
        """The engine arguments both backends share: variables, aggregation, features, table, chart, prefix."""
        variables = None   # QGIS turns an empty optional multiple enum into [0]: test the raw value first
        if given(parameters, "VARIABLES"):
            variables = [VARIABLE_NAMES[i] for i in self.parameterAsEnums(parameters, "VARIABLES", context)] or None
        statistics = [STATISTIC_KEYS[i] for i in self.parameterAsEnums(parameters, "AGGREGATION", context)
                      if STATISTIC_KEYS[i]]
        period = "month" if self.parameterAsEnum(parameters, "PERIOD", context) == 0 else \
            self.parameterAsInt(parameters, "PERIOD_DAYS", context)
        features, features_crs, id_field = None, None, None
        if given(parameters, "FEATURES"):
            features, features_crs, id_field = self.features(parameters, context)
        return dict(variables=variables, statistics=statistics, period=period,
                    accept_out_of_domain=self.parameterAsBoolean(parameters, "ACCEPT_OUT_OF_DOMAIN", context),
                    features=features, features_crs=features_crs, id_field=id_field,
                    table=self.parameterAsOutputLayer(parameters, "TABLE", context) if given(parameters, "TABLE")
                    else None,
                    chart=self.parameterAsFileOutput(parameters, "CHART", context) if given(parameters, "CHART")
                    else None,
                    prefix=self.parameterAsString(parameters, "PREFIX", context) or "leaf")

    def _execute_earth_engine(self, parameters, context, feedback, start, end):
        from ..gee.estimate import EESource
        from ..gee.timeseries import timeseries_ee
        last = datetime.date.fromisoformat(end) + datetime.timedelta(days=1)     # END is included
        source = EESource.parse(self.parameterAsString(parameters, "EE_SOURCE", context), start, last.isoformat(),
                                earthengine.max_cloud(self, parameters, context))
        if source.image_id:
            raise LeafError("A time series on Earth Engine reads a collection (S2, L8, L9, L7, L5, HLS_L30), not the "
                            "image %s." % source.image_id)
        grid = area_grid_from_parameters(self, parameters, context, source.resolve().resolution)
        folder = self.parameterAsString(parameters, "OUTPUT_FOLDER", context)
        options = self._options(parameters, context)
        result = timeseries_ee(source, grid, folder, algorithm=self.algorithm_from_parameters(parameters, context),
                               clip=clip_from_parameters(self, parameters, context),
                               store=network_store(), base_url=network_base_url(),
                               also_read=self.read_sources(parameters, context),
                               **earthengine.connection_options(self, parameters, context),
                               progress=lambda f: feedback.setProgress(100.0 * f), is_canceled=feedback.isCanceled,
                               log=self.log(feedback), **options)
        return self._finish(result, folder, options["table"], options["chart"], parameters, context, feedback)

    def features(self, parameters, context):
        """(features for the engine, their CRS as WKT, the id field or None) from the FEATURES source."""
        source = self.parameterAsSource(parameters, "FEATURES", context)
        if source is None:
            raise QgsProcessingException(self.tr("The features layer could not be loaded."))
        fields = self.parameterAsFields(parameters, "ID_FIELD", context) if given(parameters, "ID_FIELD") else []
        id_field = fields[0] if fields else None
        names = source.fields().names()
        if id_field and id_field not in names:
            raise LeafError(self.tr("The features layer {0} has no field {1} (its fields are: {2}).").format(
                source.sourceName(), id_field, ", ".join(names) or self.tr("none")))
        out = []
        for f in source.getFeatures():
            if f.hasGeometry() and not f.geometry().isEmpty():
                out.append(Feature(f.id(), _plain(f[id_field]) if id_field else None, bytes(f.geometry().asWkb())))
        if not out:
            raise LeafError(self.tr("The features layer {0} has no geometry.").format(source.sourceName()))
        return out, source.sourceCrs().toWkt(), id_field

    def load_layers(self, result, folder, context):
        """Per-date estimates (and, hidden in subgroups, QC and aggregates) loaded on completion, time-enabled and
        grouped under the run's name."""
        acqs = result["acquisitions"]
        group = self.tr("Time series {0} ({1} to {2})").format(os.path.basename(os.path.normpath(folder)),
                                                               acqs[0]["date"], acqs[-1]["date"])
        project = context.project()

        def add(path, name, post):
            context.addLayerToLoadOnCompletion(path, QgsProcessingContext.LayerDetails(
                name, project, "", QgsProcessingUtils.LayerHint.Raster))
            context.layerToLoadOnCompletionDetails(path).setPostProcessor(post)

        for a in acqs:
            day = datetime.date.fromisoformat(a["date"])
            add(a["estimates"], self.tr("{0} {1} ({2})").format(a["variables"][0], a["date"], a["algorithm"]),
                TimeSeriesLayer.create("estimates", day, day, group))
            add(a["qc"], self.tr("QC {0}").format(a["date"]), TimeSeriesLayer.create("qc", day, day, group,
                                                                                        self.tr("QC per date")))
        for g in result["aggregates"]:
            first, last = (datetime.date.fromisoformat(g[k]) for k in ("first", "last"))
            label = self.tr("{0} {1} to {2}").format(g["statistic"], g["first"], g["last"])
            kind = "count" if g["statistic"] == "count" else "estimates"
            add(g["path"], "%s %s" % (g["variables"][0] if g["variables"] else "", label),
                TimeSeriesLayer.create(kind, first, last, group, self.tr("Aggregates"), len(g["dates"])))

    def stac_items(self, parameters, context, feedback, start, end):
        """Items of the collection over the area (lon/lat bounding box) from START to END, from a STAC API search."""
        bbox = search_bbox(self, parameters, context)
        if not (start and end):
            raise QgsProcessingException(self.tr("A STAC search needs a start and an end date (START, END)."))
        items = stac_inputs(self.parameterAsString(parameters, "STAC_API", context),
                            self.parameterAsString(parameters, "STAC_COLLECTION", context) or "sentinel-2-l2a",
                            bbox, start, end,
                            max_items=STAC_MAX_ITEMS)
        feedback.pushInfo(self.tr("STAC search: {0} items ({1}).").format(
            len(items), ", ".join(i.get("id", "?") for i in items)))
        return items
