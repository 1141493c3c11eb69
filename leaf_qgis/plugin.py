"""The QGIS plugin: registers the LEAF Processing provider (desktop and qgis_process alike)."""

from qgis.core import QgsApplication

from .translation import install_translator


class LeafPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        install_translator()

    def initProcessing(self):  # noqa: N802 (QGIS API name; qgis_process calls it)
        if self.provider is None:
            from .processing.provider import LeafProvider
            self.provider = LeafProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
