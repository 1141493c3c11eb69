"""leaf:mosaic: many products over an area and a period -> one composite analysis-ready stack (or its SL2P
estimates), with the acquisition date and source product of every pixel. The work is engine/composite.py."""

import os

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputRasterLayer,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameters,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ..compat import DATETIME_DATE, FILE_FOLDER, NUMBER_DOUBLE, PARAMETER_ADVANCED, SOURCE_FILE
from ..engine.composite import METHODS, composite, date_path_for
from ..engine.estimate import qc_path_for
from ..engine.sources import find_products
from ..engine.variables import VARIABLE_NAMES
from ..settings import network_base_url, network_store
from .area import (
    add_area_parameters,
    clip_from_parameters,
    given,
    grid_from_parameters,
    resampling_from_parameters,
    search_bbox,
)
from .base import LeafAlgorithm
from .choices import AlgorithmChoice
from .styles import LayerStyler

STAC_MAX_ITEMS = 500


class MosaicAlgorithm(AlgorithmChoice, LeafAlgorithm):
    NAME = "mosaic"
    GROUP_ID = "products"

    def displayName(self):  # noqa: N802
        return self.tr("Mosaic products over a period (best-pixel composite)")

    def group(self):
        return self.tr("Products")

    def tags(self):
        return self.tr("mosaic,composite,best pixel,HybridTC,median,NDVI,cloud-free,LEAF,Sentinel-2,Landsat,HLS").split(",")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "<p>Composites many products acquired over a period into one cloud-free image on one grid, window by "
            "window, and writes it as the analysis-ready stack that <i>Estimate</i> reads, or directly as the SL2P "
            "estimates of the composite (as LEAF production does for its 30-day maps of Canada).</p>"
            "<h3>Inputs</h3><p>Products (Sentinel-2 L2A SAFE folder or zip, Landsat Collection 2 Level-2 folder or "
            "tar, HLS v2.0 granule, STAC item .json or URL, analysis-ready stacks from <i>Subset</i>), a folder "
            "searched for them, or a STAC API search (URL and collection) over the area and the period. Only "
            "products acquired from the start date up to, not including, the end date are used, and only those "
            "whose scene cloud cover (Sentinel-2 CLOUDY_PIXEL_PERCENTAGE, Landsat CLOUD_COVER, HLS cloud_coverage, "
            "STAC eo:cloud_cover) is below the cloud limit; LEAF production uses 80 % for Sentinel-2 (65 % north of "
            "55°) and 90 % for Landsat. Products of different sensors are refused unless mixing is allowed.</p>"
            "<p>Each observation is first masked as in LEAF production: Sentinel-2 SCL classes 0, 3, 8, 9 and 10 "
            "removed (water, snow and unclassified pixels stay candidates); Landsat QA_PIXEL fill, dilated cloud, "
            "cirrus, cloud and shadow removed; HLS Fmask cloud and shadow removed; a stack's MASK band as it "
            "is.</p>"
            "<h3>Methods</h3><ul>"
            "<li><b>LEAF best pixel</b> (LEAF production's HybridTC composite): per pixel, the per-band median of "
            "blue, green, red, NIR, SWIR1 and SWIR2 (percent) over the clear observations and a class (water, "
            "vegetated, other) from the maximum NDWI and NDVI give each observation a spectral score; the total "
            "score adds the scene's clear fraction (1 − cloud/100) and a time weight exp(−½ (ΔDOY/σ)²) around the "
            "middle of the period (σ 6 days for Sentinel-2, 8 for Landsat), each term multiplied by its weight "
            "(advanced). Every band of the pixel comes from the observation with the highest score.</li>"
            "<li><b>Maximum NDVI</b>: the observation with the largest (NIR − red)/(NIR + red).</li>"
            "<li><b>Median</b>: the per-band median of the clear observations, so bands come from different dates; "
            "DATE, SOURCE, SENSOR and the angles are those of the median-date observation (the earlier of the two "
            "middle ones when their number is even).</li>"
            "<li><b>Most recent</b>: the last clear observation.</li></ul>"
            "<p>Ties go to the earlier acquisition.</p>"
            "<h3>Mixing sensors</h3><p>When allowed, reflectance is restricted to the six bands all sensors share and "
            "named as HLS L30 / Landsat OLI (B2 blue, B3 green, B4 red, B5 NIR, B6 SWIR1, B7 SWIR2); Sentinel-2 "
            "reflectance is bandpass-adjusted to OLI with the HLS v2.0 coefficients (no BRDF normalisation); the "
            "stack's LEAF_SENSOR is HLS_L30, so <i>Estimate</i> applies the HLS L30 networks. Landsat 5 and 7 cannot "
            "be mixed.</p>"
            "<h3>Area</h3><p>An extent or a polygon layer, CRS and resolution as in <i>Subset</i>; without an area the "
            "union of the products' footprints, at 20 m for Sentinel-2 only and 30 m otherwise.</p>"
            "<h3>Outputs</h3><p><b>Analysis-ready stack</b> (Float32 Cloud-Optimized GeoTIFF, NaN no data): "
            "reflectance bands, SZA, VZA, SAA, VAA (degrees) of the chosen observation, MASK (1 valid; 0 for snow, "
            "saturated pixels or reflectance outside −0.005–1.05, which <i>Estimate</i> flags as invalid), DATE (days "
            "since 1970-01-01 of the chosen acquisition), DOY (its day of year, 0 = 1 January, LEAF production's "
            "Date), SOURCE (0-based index of the product in the input list; the list is in the LEAF_SOURCES "
            "metadata), COUNT (clear observations in the period) and, when mixing is allowed, SENSOR (21 Sentinel-2, "
            "5, 7, 8, 9 Landsat, 30 HLS L30, 31 HLS S30). Metadata LEAF_SENSOR, LEAF_DATE (middle of the period), "
            "LEAF_PERIOD, LEAF_COMPOSITE.</p>"
            "<p><b>Estimated products</b>: the composite is made in a temporary file, then estimated with the chosen "
            "algorithm (see <i>Estimate</i>): estimates at the output, QC beside it (<i>name</i>_QC.tif) and DATE, "
            "DOY, SOURCE, COUNT (and SENSOR) in <i>name</i>_DATE.tif (UInt16, 65535 no data). For the land-cover "
            "algorithms (V1, V1.1) or the LEAF uint8 encoding, write the stack and run <i>Estimate</i> on it with its "
            "land-cover layer and encoding.</p>"
            "<h3>References</h3><p>Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600; LEAF "
            "production (Natural Resources Canada, Canada Centre for Remote Sensing), HybridTC compositing. Weiss M., "
            "Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. Claverie M. et al. (2018) The "
            "Harmonized Landsat and Sentinel-2 surface reflectance data set, Remote Sensing of Environment "
            "219:145–161.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUT", self.tr("Products (SAFE zip or folder, Landsat tar or folder, HLS granule, STAC item, stack)"),
            SOURCE_FILE, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "FOLDER", self.tr("Or a folder of products (searched with its subfolders)"),
            behavior=FILE_FOLDER, optional=True))
        self.addParameter(QgsProcessingParameterString(
            "STAC_API", self.tr("Or search a STAC API (URL) over the area and the period"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            "STAC_COLLECTION", self.tr("STAC collection"), defaultValue="sentinel-2-l2a", optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            "START", self.tr("Start date (included)"), type=DATETIME_DATE))
        self.addParameter(QgsProcessingParameterDateTime(
            "END", self.tr("End date (excluded)"), type=DATETIME_DATE))
        self.addParameter(QgsProcessingParameterEnum(
            "METHOD", self.tr("Compositing method"),
            options=[self.tr("LEAF best pixel (LEAF production HybridTC score)"), self.tr("Maximum NDVI"),
                     self.tr("Median"), self.tr("Most recent")], defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "CLOUD", self.tr("Leave out scenes whose cloud cover is this or more (%)"),
            NUMBER_DOUBLE, defaultValue=100, minValue=0, maxValue=100))
        self.addParameter(QgsProcessingParameterBoolean(
            "MIX_SENSORS", self.tr("Allow mixing sensors (harmonised HLS L30 reflectance)"), defaultValue=False))
        add_area_parameters(self)
        self.addParameter(QgsProcessingParameterEnum(
            "OUTPUT_TYPE", self.tr("Output"),
            options=[self.tr("Analysis-ready stack (for Estimate)"),
                     self.tr("Estimated products of the composite (SL2P)")], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            "ALGORITHM", self.tr("Algorithm for the estimated products"),
            options=[self.tr("Automatic (from the composite's sensor and bands)")]
            + ["%s — %s" % (a.id, a.name) for a in self.algorithms()], defaultValue=0))
        self.add_networks_parameter()
        self.addParameter(QgsProcessingParameterEnum(
            "VARIABLES", self.tr("Variables of the estimated products (none selected: every variable)"),
            options=VARIABLE_NAMES, allowMultiple=True, optional=True))
        for key, label in (("W_SPECTRAL", self.tr("LEAF score weight: spectral")),
                           ("W_SPATIAL", self.tr("LEAF score weight: scene clear fraction")),
                           ("W_TEMPORAL", self.tr("LEAF score weight: time"))):
            p = QgsProcessingParameterNumber(key, label, NUMBER_DOUBLE, defaultValue=1.0,
                                             minValue=0.0)
            p.setFlags(p.flags() | PARAMETER_ADVANCED)
            self.addParameter(p)
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", self.tr("Composite")))
        self.addOutput(QgsProcessingOutputRasterLayer("QC", self.tr("Quality control (QC) of the estimates")))
        self.addOutput(QgsProcessingOutputRasterLayer("DATE", self.tr("Date and source of the estimates")))
        self.addOutput(QgsProcessingOutputNumber("PRODUCTS", self.tr("Products composited")))
        self.addOutput(QgsProcessingOutputNumber("PIXELS", self.tr("Pixels with a clear observation")))
        self.addOutput(QgsProcessingOutputString("SENSOR", self.tr("Sensor of the composite (LEAF_SENSOR)")))

    def date(self, parameters, name, context):
        """A date parameter as a QDate (QgsProcessingAlgorithm has no parameterAsDate in QGIS 3.22)."""
        return QgsProcessingParameters.parameterAsDate(self.parameterDefinition(name), parameters, context)

    def check_parameter_values(self, parameters, context):
        if not any(given(parameters, k) for k in ("INPUT", "FOLDER", "STAC_API")):
            return False, self.tr("Give products (INPUT), a folder (FOLDER) or a STAC API to search (STAC_API).")
        ok, msg = super().check_parameter_values(parameters, context)
        if not ok:
            return ok, msg
        start, end = self.date(parameters, "START", context), self.date(parameters, "END", context)
        if start.isValid() and end.isValid() and end <= start:
            return False, self.tr("The end date must come after the start date.")
        return True, ""

    def execute(self, parameters, context, feedback):
        start = self.date(parameters, "START", context).toString("yyyy-MM-dd")
        end = self.date(parameters, "END", context).toString("yyyy-MM-dd")
        sources = []
        if given(parameters, "INPUT"):
            sources += [p for p in self.parameterAsFileList(parameters, "INPUT", context) if p]
        if given(parameters, "FOLDER"):
            sources.append(self.parameterAsFile(parameters, "FOLDER", context))
        if given(parameters, "STAC_API"):
            sources += self.stac_items(parameters, context, feedback, start, end)
        if not sources:
            raise QgsProcessingException(self.tr("Give products (INPUT), a folder (FOLDER) or a STAC API to search."))

        grid, resolution, crs = None, None, None
        if given(parameters, "RESOLUTION"):
            resolution = self.parameterAsDouble(parameters, "RESOLUTION", context)
        if any(given(parameters, k) for k in ("EXTENT", "AREA", "TILE")):   # an area: the shared area parameters
            first = sources[0]
            if isinstance(first, str) and os.path.isdir(first):
                first = find_products(first)[0]
            grid, resolution = grid_from_parameters(self, parameters, context, first)
        elif given(parameters, "CRS"):
            crs = self.parameterAsCrs(parameters, "CRS", context).toWkt()

        output = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        if not output.lower().endswith((".tif", ".tiff")):
            raise QgsProcessingException(self.tr("The output {0} must be a GeoTIFF (.tif).").format(output))
        estimates = self.parameterAsEnum(parameters, "OUTPUT_TYPE", context) == 1
        variables = None
        if given(parameters, "VARIABLES"):
            variables = [VARIABLE_NAMES[i] for i in self.parameterAsEnums(parameters, "VARIABLES", context)] or None
        weights = {"spectral": self.parameterAsDouble(parameters, "W_SPECTRAL", context),
                   "spatial": self.parameterAsDouble(parameters, "W_SPATIAL", context),
                   "temporal": self.parameterAsDouble(parameters, "W_TEMPORAL", context)}
        cloud = self.parameterAsDouble(parameters, "CLOUD", context)
        result = composite(
            sources, output, start=start, end=end, method=METHODS[self.parameterAsEnum(parameters, "METHOD", context)],
            grid=grid, crs=crs, resolution=resolution, clip=clip_from_parameters(self, parameters, context),
            resampling=resampling_from_parameters(self, parameters, context), cloud_limit=cloud, weights=weights,
            mix_sensors=self.parameterAsBoolean(parameters, "MIX_SENSORS", context),
            output_type="estimates" if estimates else "stack",
            algorithm=self.algorithm_from_parameters(parameters, context), variables=variables,
            qc_path=qc_path_for(output), date_path=date_path_for(output),
            store=network_store() if estimates else None, base_url=network_base_url() if estimates else None,
            also_read=self.read_sources(parameters, context),
            progress=lambda f: feedback.setProgress(100.0 * f), is_canceled=feedback.isCanceled,
            log=self.log(feedback))
        chosen = result.get("chosen") or {}
        feedback.pushInfo(self.tr("{0} products composited; pixels chosen per product: {1}.").format(
            len(result["products"]), ", ".join("%s: %d" % (os.path.basename(str(k).rstrip("/")), v)
                                               for k, v in chosen.items())))
        base = os.path.splitext(os.path.basename(output))[0]
        if context.willLoadLayerOnCompletion(output):
            details = context.layerToLoadOnCompletionDetails(output)
            if estimates:
                details.name = self.tr("{0} ({1}, band 1 {2})").format(base, result["algorithm"],
                                                                      result["variables"][0])
                details.setPostProcessor(LayerStyler.create("estimates"))
                for path, name, kind in ((result["QC"], self.tr("{0} QC").format(base), "qc"),
                                         (result["DATE"], self.tr("{0} date").format(base), "dates")):
                    context.addLayerToLoadOnCompletion(path, QgsProcessingContext.LayerDetails(
                        name, details.project, kind, QgsProcessingUtils.LayerHint.Raster))
                    context.layerToLoadOnCompletionDetails(path).setPostProcessor(LayerStyler.create(kind))
            else:
                details.name = self.tr("{0} ({1} composite, {2})").format(base, METHODS[self.parameterAsEnum(
                    parameters, "METHOD", context)], result["sensor"])
                details.setPostProcessor(LayerStyler.create("composite"))
        pixels = result["pixels"] if "pixels" in result else result["composite"]["pixels"]
        return {"OUTPUT": output, "QC": qc_path_for(output) if estimates else None,
                "DATE": date_path_for(output) if estimates else None,
                "PRODUCTS": len(result["products"]), "PIXELS": pixels, "SENSOR": result["sensor"]}

    def stac_items(self, parameters, context, feedback, start: str, end: str):
        """Items of the collection over the area (lon/lat bounding box) in the period, from a STAC API search."""
        from ..engine.stac import search
        bbox = search_bbox(self, parameters, context)
        items = search(self.parameterAsString(parameters, "STAC_API", context),
                       self.parameterAsString(parameters, "STAC_COLLECTION", context) or "sentinel-2-l2a",
                       bbox,
                       "%s/%s" % (start, end), max_items=STAC_MAX_ITEMS)
        if not items:
            raise QgsProcessingException(self.tr("The STAC search found no product over the area from {0} to {1}.")
                                         .format(start, end))
        items = [i.to_dict() if hasattr(i, "to_dict") else i for i in items]
        feedback.pushInfo(self.tr("STAC search: {0} items ({1}).").format(
            len(items), ", ".join(i.get("id", "?") for i in items)))
        return items
