"""leaf:subset: a Sentinel-2 / Landsat / HLS product -> an analysis-ready stack (COG) for leaf:estimate."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from ..compat import DATETIME_DATE, SOURCE_FILE
from ..engine.subset import subset
from ..translation import tr_noop
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

PRODUCT_FILTER = tr_noop("Products (*.zip *.tar *.xml *.txt *.tif *.TIF);;Sentinel-2 SAFE zip (*.zip);;"
                         "Landsat tar (*.tar);;Metadata file of an unpacked product (MTD_MSIL2A.xml *_MTL.txt *_MTL.xml);;"
                         "All files (*)")   # translated where used: tr(PRODUCT_FILTER)


class SubsetAlgorithm(LeafAlgorithm):
    NAME = "subset"
    GROUP_ID = "products"

    def displayName(self):  # noqa: N802
        return self.tr("Subset a product to an analysis-ready stack")

    def group(self):
        return self.tr("Products")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "<p>Reads a Sentinel-2 L2A product (SAFE folder or zip), a Landsat Collection 2 Level-2 product (folder "
            "or tar) or an HLS v2.0 granule (folder) and writes the analysis-ready stack that <i>Estimate</i> reads: "
            "surface reflectance per band, per-pixel sun and view angles (SZA, VZA, SAA, VAA in degrees), MASK "
            "(1 = clear pixel) and the sensor and date as metadata, on the area, CRS and resolution you choose.</p>"
            "<h3>Input</h3><p>The product: a zip or tar, or, for an unpacked product, its metadata file "
            "(MTD_MSIL2A.xml, *_MTL.txt) or the folder; a STAC item (.json or URL). Several products of one "
            "acquisition (adjacent tiles) are merged onto one grid, each pixel from the first product that has a "
            "clear observation there. Or a STAC API search (URL, collection, dates) over the area, which must "
            "find one acquisition. Reflectance: Sentinel-2 (DN + BOA_ADD_OFFSET) / "
            "quantification from MTD_MSIL2A.xml (every processing baseline); Landsat DN x scale + offset from the "
            "MTL. Angles: Sentinel-2 from the 5 km grids of MTD_TL.xml interpolated per pixel; Landsat from the "
            "angle bands or computed. MASK: Sentinel-2 SCL classes 4 and 5 kept; Landsat QA_PIXEL fill, cirrus, "
            "cloud, shadow, snow and water removed; HLS Fmask likewise.</p>"
            "<h3>Area</h3><p>An extent, or a polygon layer (the output covers its bounding box and pixels outside "
            "the polygons get no data), an optional buffer, a CRS and a resolution; reflectance going coarser is "
            "averaged, classes use nearest neighbour. Or a CCRS production tile (TILE, e.g. tile55_412: EPSG:3979 "
            "unless a CRS is given). Several products: run this tool as a batch process.</p>"
            "<h3>Output</h3><p>A Float32 Cloud-Optimized GeoTIFF, NaN where there is no data; or, when the output "
            "name ends in .vrt, a virtual stack whose reflectance bands point at the product's own files and whose "
            "computed angles and MASK are written to <i>name</i>.angles.tif beside it.</p>"
            "<h3>Earth Engine backend</h3><p>With <b>Backend</b> = Google Earth Engine the stack is made on Earth "
            "Engine and downloaded: an image id (or a collection with start and end dates: the most recent clear "
            "pixel of the period, with a DATE band) over the area (required), as in Estimate's Earth Engine run. "
            "Bands: the collection's reflectance bands, SZA, VZA, RAA (degrees; Sentinel-2 scene means), MASK and "
            "DATE for a period; Float32 COG, NaN no data. Any local tool then reads it.</p>"
            "<h3>References</h3><p>ESA, Sentinel-2 Products Specification Document (Level-2A product format, "
            "processing baselines); USGS, Landsat 8-9 Collection 2 Level-2 Science Product Guide; NASA, Harmonized "
            "Landsat Sentinel-2 (HLS) v2.0 User Guide; Fernandes R. et al., LEAF Toolbox (masking rules).</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        earthengine.add_backend_parameter(self)
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUT", self.tr("Product(s) of one acquisition (adjacent tiles are merged)"), SOURCE_FILE,
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            "STAC_API", self.tr("Or search a STAC API (URL) for the product(s) over the area"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            "STAC_COLLECTION", self.tr("STAC collection"), defaultValue="sentinel-2-l2a", optional=True))
        self.addParameter(QgsProcessingParameterString(
            "STAC_DATES", self.tr("STAC dates (YYYY-MM-DD/YYYY-MM-DD)"), optional=True))
        add_area_parameters(self)
        earthengine.add_source_parameter(self)
        for name, label in (("START_DATE", self.tr("Earth Engine collection: start date")),
                            ("END_DATE", self.tr("Earth Engine collection: end date (exclusive)"))):
            self.addParameter(QgsProcessingParameterDateTime(name, label, DATETIME_DATE,
                                                             optional=True))
        earthengine.add_advanced_parameters(self, landcover=False)
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", self.tr("Analysis-ready stack")))

    def execute(self, parameters, context, feedback):
        if earthengine.uses_earth_engine(self, parameters, context):
            return self._execute_earth_engine(parameters, context, feedback)
        paths = []
        if parameters.get("INPUT") not in (None, "", []):
            paths = [p for p in self.parameterAsFileList(parameters, "INPUT", context) if p]
        if parameters.get("STAC_API"):
            if paths:
                raise QgsProcessingException(self.tr("Give products or a STAC search, not both."))
            paths = self.stac_items(parameters, context, feedback)
        if not paths:
            raise QgsProcessingException(self.tr("Give at least one product, or a STAC API to search."))
        path = paths if len(paths) > 1 else paths[0]
        grid, resolution = grid_from_parameters(self, parameters, context, paths[0] if len(paths) == 1 else path)
        output = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        clip = clip_from_parameters(self, parameters, context)
        result = subset(path, output, grid=grid, resolution=resolution, clip=clip,
                        resampling=resampling_from_parameters(self, parameters, context),
                        also_read=self.read_sources(parameters, context),
                        progress=lambda f: feedback.setProgress(100.0 * f), is_canceled=feedback.isCanceled,
                        log=self.log(feedback))
        feedback.pushInfo(self.tr("{0} x {1} pixels, {2} clear; bands {3}.").format(
            result["width"], result["height"], result["valid_pixels"], ", ".join(result["bands"])))
        return {"OUTPUT": output}

    def _execute_earth_engine(self, parameters, context, feedback):
        from ..gee.subset import subset_ee
        if not given(parameters, "EE_SOURCE"):
            raise QgsProcessingException(self.tr("The Earth Engine backend needs an Earth Engine source (EE_SOURCE)."))
        source = earthengine.source_from_parameters(self, parameters, context)
        grid = area_grid_from_parameters(self, parameters, context, source.resolve().resolution)
        output = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        options = earthengine.connection_options(self, parameters, context)
        options.pop("landcover_asset")
        result = subset_ee(source, grid, output, clip=clip_from_parameters(self, parameters, context), **options,
                           also_read=self.read_sources(parameters, context),
                           progress=lambda f: feedback.setProgress(100.0 * f), is_canceled=feedback.isCanceled,
                           log=self.log(feedback))
        feedback.pushInfo(self.tr("{0} x {1} pixels, {2} clear; bands {3}.").format(
            result["width"], result["height"], result["valid_pixels"], ", ".join(result["bands"])))
        return {"OUTPUT": output}

    def stac_items(self, parameters, context, feedback):
        """Items of one acquisition over the area (lon/lat bounding box) from a STAC API search."""
        from ..engine.stac import search
        dates = self.parameterAsString(parameters, "STAC_DATES", context)
        if not dates:
            raise QgsProcessingException(self.tr("A STAC search needs dates (STAC_DATES)."))
        bbox = search_bbox(self, parameters, context)
        items = search(self.parameterAsString(parameters, "STAC_API", context),
                       self.parameterAsString(parameters, "STAC_COLLECTION", context) or "sentinel-2-l2a",
                       bbox, dates)
        items = [i.to_dict() if hasattr(i, "to_dict") else i for i in items]
        days = sorted({str(i.get("properties", {}).get("datetime", ""))[:10] for i in items})
        if not items:
            raise QgsProcessingException(self.tr("The STAC search found no product over the area in {0}.").format(dates))
        if len(days) > 1:
            raise QgsProcessingException(self.tr(
                "The STAC search found {0} acquisitions ({1}); narrow the dates to one, or use a mosaic.").format(
                    len(days), ", ".join(days)))
        feedback.pushInfo(self.tr("STAC search: {0}").format(", ".join(i.get("id", "?") for i in items)))
        return items
