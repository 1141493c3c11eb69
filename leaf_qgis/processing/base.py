"""Base class of every LEAF algorithm: translation, grouping, icon, and engine errors as one sentence."""

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException

from ..engine.errors import Cancelled, LeafError
from ..translation import tr, translate_error
from .icons import provider_icon


class LeafAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set NAME, GROUP_ID and implement displayName/group/shortHelpString/initAlgorithm/execute
    (not run(): QgsProcessingAlgorithm.run is a C++ method)."""

    NAME = ""
    GROUP_ID = ""

    def tr(self, text):
        return tr(text)

    def name(self):
        return self.NAME

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def icon(self):
        return provider_icon()

    def createInstance(self):  # noqa: N802
        return type(self)()

    def helpUrl(self):  # noqa: N802
        return "https://github.com/leaf-qgis/leaf_qgis#readme"

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            return self.execute(parameters, context, feedback)
        except LeafError as e:
            raise QgsProcessingException(translate_error(str(e))) from None
        except Cancelled:
            raise QgsProcessingException(self.tr("Cancelled; no output was written.")) from None

    def execute(self, parameters, context, feedback):
        raise NotImplementedError
