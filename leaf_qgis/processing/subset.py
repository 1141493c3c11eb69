"""leaf:subset: a Sentinel-2 / Landsat / HLS product -> an analysis-ready stack (COG) for leaf:estimate."""

from qgis.core import QgsProcessingParameterFile, QgsProcessingParameterRasterDestination

from ..engine.subset import subset
from .area import add_area_parameters, clip_from_parameters, grid_from_parameters
from .base import LeafAlgorithm

PRODUCT_FILTER = ("Products (*.zip *.tar *.xml *.txt *.tif *.TIF);;Sentinel-2 SAFE zip (*.zip);;"
                  "Landsat tar (*.tar);;Metadata file of an unpacked product (MTD_MSIL2A.xml *_MTL.txt *_MTL.xml);;"
                  "All files (*)")


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
            "(MTD_MSIL2A.xml, *_MTL.txt) or the folder. Reflectance: Sentinel-2 (DN + BOA_ADD_OFFSET) / "
            "quantification from MTD_MSIL2A.xml (every processing baseline); Landsat DN x scale + offset from the "
            "MTL. Angles: Sentinel-2 from the 5 km grids of MTD_TL.xml interpolated per pixel; Landsat from the "
            "angle bands or computed. MASK: Sentinel-2 SCL classes 4 and 5 kept; Landsat QA_PIXEL fill, cirrus, "
            "cloud, shadow, snow and water removed; HLS Fmask likewise.</p>"
            "<h3>Area</h3><p>An extent, or a polygon layer (the output covers its bounding box and pixels outside "
            "the polygons get no data), an optional buffer, a CRS and a resolution; reflectance going coarser is "
            "averaged, classes use nearest neighbour. Several products: run this tool as a batch process.</p>"
            "<h3>Output</h3><p>A Float32 Cloud-Optimized GeoTIFF, NaN where there is no data.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile("INPUT", self.tr("Product"), fileFilter=PRODUCT_FILTER))
        add_area_parameters(self)
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", self.tr("Analysis-ready stack")))

    def execute(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, "INPUT", context)
        grid, resolution = grid_from_parameters(self, parameters, context, path)
        output = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        clip = clip_from_parameters(self, parameters, context)
        result = subset(path, output, grid=grid, resolution=resolution, clip=clip,
                        progress=lambda f: feedback.setProgress(100.0 * f), is_canceled=feedback.isCanceled,
                        log=feedback.pushInfo)
        feedback.pushInfo(self.tr("{0} x {1} pixels, {2} clear; bands {3}.").format(
            result["width"], result["height"], result["valid_pixels"], ", ".join(result["bands"])))
        return {"OUTPUT": output}
