"""Parameter types of the LEAF tools that differ from QGIS's own."""

from qgis.core import QgsProcessingParameterRasterLayer

from ..compat import PARAMETER_OPTIONAL


class RasterInputParameter(QgsProcessingParameterRasterLayer):
    """A raster layer parameter whose value check does not open a file path as a QGIS layer.

    QGIS (and qgis_process, before the tool starts) checks a raster parameter by loading it as a layer; a raster
    layer computes statistics, which GDAL then saves beside the user's file (<file>.aux.xml) or into it (a VRT
    is rewritten) when the layer closes. Here a path is accepted as text and checked by the tool itself, which
    reads it with GDAL only (one sentence when it is not a raster); layers and other values are checked as QGIS
    does. The parameter's type, and so its place in models and in `qgis_process help`, is QGIS's raster type."""

    def checkValueIsAcceptable(self, value, context=None):  # noqa: N802 (QGIS API name)
        if isinstance(value, str):
            return bool(value.strip()) or bool(self.flags() & PARAMETER_OPTIONAL)
        return super().checkValueIsAcceptable(value, context)

    def clone(self):
        copy = RasterInputParameter(self.name(), self.description(), self.defaultValue(),
                                    bool(self.flags() & PARAMETER_OPTIONAL))
        copy.setFlags(self.flags())
        copy.setHelp(self.help())
        copy.setMetadata(self.metadata())
        return copy
