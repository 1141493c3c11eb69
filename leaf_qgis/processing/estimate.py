"""leaf:estimate: an analysis-ready stack -> estimates + uncertainties (COG) and a QC byte (COG)."""

import os

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputRasterLayer,
    QgsProcessingOutputString,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ..compat import DATETIME_DATE, NUMBER_DOUBLE, PARAMETER_ADVANCED
from ..engine.errors import LeafError
from ..engine.estimate import estimate_stack, qc_path_for
from ..engine.stack import open_raster
from ..engine.variables import VARIABLE_NAMES
from ..settings import default_encoding_index, network_base_url, network_store
from ..translation import tr_noop, translate_error
from . import earthengine
from .area import (
    add_area_parameters,
    area_grid_from_parameters,
    clip_from_parameters,
    given,
    grid_from_parameters,
    resampling_from_parameters,
)
from .base import LeafAlgorithm
from .choices import AlgorithmChoice
from .parameters import RasterInputParameter
from .styles import LayerStyler, run_group_name
from .subset import PRODUCT_FILTER

EE_OUTPUTS = [("download", tr_noop("Download to the output file (small areas)")),
              ("drive", tr_noop("Export task to Google Drive (folder)")),
              ("gcs", tr_noop("Export task to Cloud Storage (bucket[/prefix])")),
              ("asset", tr_noop("Export task to an Earth Engine asset folder (projects/<project>/assets/<folder>)"))]
ANGLES = [("SZA", tr_noop("Sun zenith angle")), ("VZA", tr_noop("View zenith angle")),
          ("SAA", tr_noop("Sun azimuth angle")), ("VAA", tr_noop("View azimuth angle")),
          ("RAA", tr_noop("Relative azimuth angle (instead of SAA and VAA)"))]


class EstimateAlgorithm(AlgorithmChoice, LeafAlgorithm):
    NAME = "estimate"
    GROUP_ID = "estimation"

    def displayName(self):  # noqa: N802
        return self.tr("Estimate biophysical variables (SL2P)")

    def group(self):
        return self.tr("Estimation")

    def tags(self):
        return self.tr("LAI,fAPAR,fCOVER,CCC,CWC,albedo,SL2P,LEAF,Sentinel-2,vegetation,biophysical").split(",")

    def shortHelpString(self):  # noqa: N802
        algs = "".join(self.tr("<li><b>%s</b>: %s (sensors %s, %g m)</li>") % (a.id, a.name, ", ".join(a.sensors), a.resolution_m)
                       for a in self.algorithms())
        return self.tr(
            "<p>Maps vegetation biophysical variables from surface reflectance with the SL2P neural networks of "
            "Canada's LEAF Toolbox, processing the input window by window.</p>"
            "<h3>Input</h3><p><b>Analysis-ready stack</b>: one raster whose band descriptions name its bands: "
            "reflectance by sensor band name (B3, B4, B5, B6, B7, B8A, B11, B12 for Sentinel-2; B03 is accepted) as "
            "physical reflectance or as integers with GDAL scale/offset metadata; angle bands SZA, VZA and SAA, VAA "
            "(or RAA) in degrees; optional MASK (1 = valid pixel, anything else is masked). Dataset metadata "
            "LEAF_SENSOR (e.g. S2A) and LEAF_DATE are read when present. Angles missing from the stack can be given "
            "as constants (advanced parameters, degrees).</p>"
            "<h3>Algorithms</h3><ul>%s</ul>"
            "<p><b>Automatic</b> choice: the algorithm that fits the stack's sensor, bands and land cover, from the "
            "networks that <b>Networks for the automatic choice</b> names: LEAF's published networks (the default) "
            "or this project's bundled networks; never from what happens to be installed, so the same command gives "
            "the same numbers everywhere. The outputs' LEAF_ALGORITHM and LEAF_ALGORITHM_CHOICE metadata say what "
            "was chosen and how.</p>"
            "<p>The published networks are downloaded on first use from their upstream repositories at pinned "
            "commits, checked against the catalog's sha256 and cached in your QGIS profile (see the Networks tools); "
            "offline, install them with leaf:installnetworks from a folder or zip, or choose the bundled networks.</p>"
            "<h3>Outputs</h3><p><b>Estimates</b>: Cloud-Optimized GeoTIFF, float32, two bands per variable: the "
            "estimate and its uncertainty (expected absolute error, same unit), NaN where there is no estimate. "
            "Units: LAI m²/m²; fAPAR, fCOVER, albedo and DASF unitless; CCC µg/cm² (LAI × Cab); CWC g/cm² (LAI × Cw). "
            "Raw network outputs are written unclamped. With the LEAF production uint8 encoding (LAI, fAPAR, fCOVER "
            "and albedo only) values are trunc(max(value, 0) x factor), 255 is no data, and the GDAL scale makes QGIS "
            "show physical values.</p>"
            "<p><b>QC</b>: written beside the estimates as <i>name</i>_QC.tif, uint8 bits: 1 input outside the "
            "networks' training domain; 2 an estimate outside its valid range (LAI 0–15, fractions and albedo 0–1, "
            "CCC 0–700, CWC 0–0.55; SNAP algorithms: SNAP's limits widened by its tolerance, LAI −0.2–8.2, fAPAR "
            "−0.1–1.04, fCOVER −0.1–1.1, CCC −15–615, CWC −0.015–0.565; each band's VALID_MIN/VALID_MAX); 4 invalid "
            "pixel (MASK = 0 or reflectance outside −0.005–1.05), no estimate; 8 (SNAP algorithms) an estimate within "
            "the tolerance outside SNAP's limits, set to the limit as SNAP does (LAI 0–8, fAPAR 0–0.94, fCOVER 0–1, "
            "CCC 0–600, CWC 0–0.55; SNAP's THRESHOLDED flags); 255 no data.</p>"
            "<h3>Earth Engine backend</h3><p>With <b>Backend</b> = Google Earth Engine the same algorithm definition "
            "and networks run on Earth Engine. <b>Earth Engine source</b> is an image id (e.g. "
            "COPERNICUS/S2_SR_HARMONIZED/20190816T163901_20190816T164708_T17TNH) or a collection: S2 "
            "(COPERNICUS/S2_SR_HARMONIZED), L8, L9, L7, L5 (Landsat Collection-2 Level-2) or HLS_L30; a collection "
            "needs start and end dates and gives, per pixel, the most recent clear observation of the period "
            "(its date in <i>name</i>_DATE.tif, days since 1970-01-01). The area (EXTENT, AREA's bounding box or "
            "TILE) is required; the CRS defaults to the UTM zone of its centre (EPSG:3979 for a TILE) and the "
            "resolution to 20 m (Sentinel-2) or 30 m. Masks follow the local readers (Sentinel-2 SCL 4 and 5 kept; "
            "Landsat QA_PIXEL fill, cirrus, cloud, shadow, snow and water removed; HLS Fmask bits 0-5); Sentinel-2 "
            "angles are the scene means of the image properties, as LEAF on Earth Engine; land cover is NALCMS 2020 "
            "over Copernicus 2019 remapped to the CCRS legend, or your own asset. Small areas are downloaded tile by "
            "tile into the output COGs; large areas become export tasks (Drive, Cloud Storage, asset), followed with "
            "the Earth Engine tasks tool. Credentials: 'earthengine authenticate', or a service-account key in the "
            "LEAF settings; the Cloud project must be registered for Earth Engine.</p>"
            "<h3>References</h3><p>Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. "
            "Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600. LEAF Toolbox, Natural Resources "
            "Canada (Canada Centre for Remote Sensing).</p>") % algs

    def initAlgorithm(self, config=None):  # noqa: N802
        earthengine.add_backend_parameter(self)
        self.addParameter(RasterInputParameter("INPUT", self.tr("Analysis-ready stack"), optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "PRODUCT", self.tr("Or a product (Sentinel-2 L2A SAFE zip/MTD_MSIL2A.xml, Landsat C2 L2 tar/MTL, HLS)"),
            optional=True, fileFilter=self.tr(PRODUCT_FILTER)))
        self.addParameter(QgsProcessingParameterEnum(
            "ALGORITHM", self.tr("Algorithm"),
            options=[self.tr("Automatic (from the stack's LEAF_SENSOR, bands and land cover)")]
            + ["%s — %s" % (a.id, a.name) for a in self.algorithms()], defaultValue=0))
        self.add_networks_parameter()
        self.addParameter(QgsProcessingParameterEnum(
            "VARIABLES", self.tr("Variables (none selected: every variable of the algorithm)"), options=VARIABLE_NAMES,
            allowMultiple=True, optional=True))
        self.addParameter(RasterInputParameter(
            "LANDCOVER", self.tr("Land-cover layer for land-cover networks (CCRS/NALCMS classes; else the LANDCOVER band)"),
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "ENCODING", self.tr("Output encoding"),
            options=[self.tr("Float32 physical values"),
                     self.tr("LEAF production uint8 (LAI x 20; fAPAR, fCOVER, albedo x 200)")],
            defaultValue=default_encoding_index()))   # the LEAF Settings dialog's default encoding
        quant = QgsProcessingParameterEnum(
            "ANGLE_QUANTIZATION", self.tr("Sun-view angle cosines"),
            options=[self.tr("Full precision (LEAF production)"),
                     self.tr("LEAF Toolbox quantisation (pi = 3.1415, 4-decimal cosines)")], defaultValue=0)
        quant.setFlags(quant.flags() | PARAMETER_ADVANCED)
        self.addParameter(quant)
        for key, label in ANGLES:
            p = QgsProcessingParameterNumber(key, self.tr("{0}, if the stack has no such band (degrees)").format(self.tr(label)),
                                             NUMBER_DOUBLE, optional=True,
                                             minValue=-360, maxValue=360)
            p.setFlags(p.flags() | PARAMETER_ADVANCED)
            self.addParameter(p)
        band_map = QgsProcessingParameterString(
            "BAND_MAP", self.tr("Band map for a stack without band names, e.g. B3=1,B4=2,...,SZA=9,SCALE=0.0001,SENSOR=S2A"),
            optional=True)
        band_map.setFlags(band_map.flags() | PARAMETER_ADVANCED)
        self.addParameter(band_map)
        add_area_parameters(self, advanced=True)
        self._add_earth_engine_parameters()
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", self.tr("Estimates")))
        self.addOutput(QgsProcessingOutputRasterLayer("QC", self.tr("Quality control (QC)")))
        self.addOutput(QgsProcessingOutputString("ALGORITHM_USED", self.tr("Algorithm used")))
        self.addOutput(QgsProcessingOutputNumber("PIXELS", self.tr("Pixels with data")))
        self.addOutput(QgsProcessingOutputNumber("OUT_OF_DOMAIN", self.tr("Pixels with inputs out of domain")))
        self.addOutput(QgsProcessingOutputString("TASKS", self.tr("Earth Engine export task ids")))

    def _add_earth_engine_parameters(self):
        earthengine.add_source_parameter(self)
        self.addParameter(QgsProcessingParameterDateTime(
            "START_DATE", self.tr("Earth Engine collection: start date"), DATETIME_DATE,
            optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            "END_DATE", self.tr("Earth Engine collection: end date (exclusive)"), DATETIME_DATE,
            optional=True))
        earthengine.add_advanced_parameters(self, [
            QgsProcessingParameterEnum("EE_OUTPUT", self.tr("Earth Engine result"),
                                       options=[self.tr(label) for _, label in EE_OUTPUTS], defaultValue=0),
            QgsProcessingParameterString("EE_DESTINATION", self.tr("Export destination (Drive folder, bucket[/prefix] "
                                                                   "or asset folder)"), optional=True)])

    def check_parameter_values(self, parameters, context):
        """Explain an unreadable input file in our words rather than QGIS's 'not found'."""
        value, product = parameters.get("INPUT"), parameters.get("PRODUCT")
        if earthengine.uses_earth_engine(self, parameters, context):
            if not given(parameters, "EE_SOURCE"):
                return False, self.tr("The Earth Engine backend needs an Earth Engine source (EE_SOURCE).")
            if given(parameters, "INPUT") or given(parameters, "PRODUCT"):
                return False, self.tr("The Earth Engine backend reads Earth Engine images; leave INPUT and PRODUCT "
                                      "empty.")
            return super().check_parameter_values(parameters, context)
        if value in (None, "") and product in (None, ""):
            return False, self.tr("Give an analysis-ready stack (INPUT) or a product (PRODUCT).")
        if value not in (None, "") and product not in (None, ""):
            return False, self.tr("Give either an analysis-ready stack (INPUT) or a product (PRODUCT), not both.")
        if isinstance(value, str) and value and QgsProcessingUtils.mapLayerFromString(value, context, False) is None:
            try:
                open_raster(value)
            except LeafError as e:
                return False, translate_error(str(e))
        return super().check_parameter_values(parameters, context)

    def _common(self, parameters, context):
        """(algorithm id, variables, angle quantization, encoding) from the parameters both backends share."""
        algorithm = self.algorithm_from_parameters(parameters, context)
        variables = None  # QGIS turns an empty optional multiple enum into [0], so test the raw value first
        if parameters.get("VARIABLES") not in (None, "", []):
            variables = [VARIABLE_NAMES[i] for i in self.parameterAsEnums(parameters, "VARIABLES", context)] or None
        quantization = ["none", "toolbox"][self.parameterAsEnum(parameters, "ANGLE_QUANTIZATION", context)]
        encoding = ["float32", "leaf-uint8"][self.parameterAsEnum(parameters, "ENCODING", context)]
        return algorithm, variables, quantization, encoding

    def _output_path(self, parameters, context) -> str:
        output = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        if not output.lower().endswith((".tif", ".tiff")):
            raise QgsProcessingException(self.tr("The estimates output %s must be a GeoTIFF (.tif).") % output)
        return output

    def execute(self, parameters, context, feedback):
        if earthengine.uses_earth_engine(self, parameters, context):
            return self._execute_earth_engine(parameters, context, feedback)
        grid, resolution, clip = None, None, None
        if parameters.get("PRODUCT") not in (None, ""):
            source = self.parameterAsFile(parameters, "PRODUCT", context)
            grid, resolution = grid_from_parameters(self, parameters, context, source)
            clip = clip_from_parameters(self, parameters, context)
        else:
            source, provider = self.raster_source(parameters, "INPUT", context)
            if source is None:
                raise QgsProcessingException(self.tr("The input stack could not be loaded as a raster layer."))
            if provider != "gdal":
                raise QgsProcessingException(
                    self.tr("The input %s is not a GDAL raster; save it as a GeoTIFF or VRT first.") % source)
            # an area, CRS or resolution given with a stack is refused by the engine, never dropped in silence
            grid, resolution = grid_from_parameters(self, parameters, context, source)
        algorithm, variables, quantization, encoding = self._common(parameters, context)
        landcover = self.raster_source(parameters, "LANDCOVER", context)[0]
        angles = {}
        for key, _ in ANGLES:
            if parameters.get(key) is not None and parameters.get(key) != "":
                angles[key] = self.parameterAsDouble(parameters, key, context)
        output = self._output_path(parameters, context)
        qc = qc_path_for(output)

        result = estimate_stack(
            source, output, qc, algorithm=algorithm, variables=variables, angle_constants=angles,
            landcover=landcover, angle_quantization=quantization, encoding=encoding, grid=grid, resolution=resolution,
            clip=clip, band_map=self.parameterAsString(parameters, "BAND_MAP", context) or None,
            resampling=resampling_from_parameters(self, parameters, context),
            store=network_store(), base_url=network_base_url(), also_read=self.read_sources(parameters, context),
            progress=lambda f: feedback.setProgress(100.0 * f), is_canceled=feedback.isCanceled,
            log=self.log(feedback))
        return self._finish(output, qc, result, context, feedback)

    def _finish(self, output, qc, result, context, feedback, extra=None):
        """Report the counts, load the styled estimates and QC (and extra) layers, return the outputs."""
        feedback.pushInfo(self.tr("{pixels} pixels with data, {estimated} estimated, {out_of_domain} out of domain, "
                                  "{out_of_range} out of range, {invalid} invalid.").format(**result))
        base = os.path.splitext(os.path.basename(output))[0]
        if context.willLoadLayerOnCompletion(output):
            details = context.layerToLoadOnCompletionDetails(output)
            details.name = self.tr("{0} ({1}, band 1 {2})").format(base, result["algorithm"], result["variables"][0])
            group = run_group_name(result["algorithm"], base)   # the run's layers together in the layer tree
            details.setPostProcessor(LayerStyler.create("estimates", group=group))
            context.addLayerToLoadOnCompletion(qc, QgsProcessingContext.LayerDetails(
                self.tr("{0} QC").format(base), details.project, "QC", QgsProcessingUtils.LayerHint.Raster))
            context.layerToLoadOnCompletionDetails(qc).setPostProcessor(LayerStyler.create("qc", group=group))
            for path, name in (extra or {}).items():
                context.addLayerToLoadOnCompletion(path, QgsProcessingContext.LayerDetails(
                    name, details.project, name, QgsProcessingUtils.LayerHint.Raster))
                context.layerToLoadOnCompletionDetails(path).setPostProcessor(LayerStyler.create("dates", group=group))
        return {"OUTPUT": output, "QC": qc, "ALGORITHM_USED": result["algorithm"], "PIXELS": result["pixels"],
                "OUT_OF_DOMAIN": result["out_of_domain"], "TASKS": ""}

    def _execute_earth_engine(self, parameters, context, feedback):
        from ..gee.estimate import estimate_ee
        from ..gee.export import ExportTarget
        algorithm, variables, quantization, encoding = self._common(parameters, context)

        source = earthengine.source_from_parameters(self, parameters, context)
        grid = area_grid_from_parameters(self, parameters, context, source.resolve().resolution)
        kind = EE_OUTPUTS[self.parameterAsEnum(parameters, "EE_OUTPUT", context)][0]
        common = dict(algorithm=algorithm, variables=variables, encoding=encoding, angle_quantization=quantization,
                      clip=clip_from_parameters(self, parameters, context),
                      store=network_store(), base_url=network_base_url(),
                      also_read=self.read_sources(parameters, context),
                      **earthengine.connection_options(self, parameters, context),
                      progress=lambda f: feedback.setProgress(100.0 * f), is_canceled=feedback.isCanceled,
                      log=self.log(feedback))
        if kind != "download":
            output = parameters.get("OUTPUT")
            name = "leaf_estimates"
            if isinstance(output, str) and output and not output.startswith("TEMPORARY"):
                name = os.path.splitext(os.path.basename(output))[0]
            target = ExportTarget(kind, (self.parameterAsString(parameters, "EE_DESTINATION", context) or "").strip())
            result = estimate_ee(source, grid, export=target, export_name=name, **common)
            context.setLayersToLoadOnCompletion({})   # nothing local to load: the outputs are being exported
            return {"OUTPUT": None, "QC": None, "ALGORITHM_USED": result["algorithm"], "PIXELS": None,
                    "OUT_OF_DOMAIN": None, "TASKS": ",".join(result["tasks"])}
        output = self._output_path(parameters, context)
        qc = qc_path_for(output)
        result = estimate_ee(source, grid, output, qc, **common)
        feedback.pushInfo(self.tr("{0} Earth Engine image(s) used.").format(result["images"]))
        extra = None
        if "DATE" in result:
            extra = {result["DATE"]: self.tr("{0} date").format(os.path.splitext(os.path.basename(output))[0])}
        return self._finish(output, qc, result, context, feedback, extra)

