"""The LEAF Processing provider: id 'leaf', so algorithms are leaf:estimate, leaf:installnetworks, ..."""

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider

from ..engine.algorithm import add_user_dir, add_warning_listener
from ..resources import plugin_version
from ..settings import user_algorithms_dir
from ..translation import tr, translate_error
from .eetasks import EarthEngineTasksAlgorithm
from .estimate import EstimateAlgorithm
from .icons import provider_icon
from .mosaic import MosaicAlgorithm
from .networks import InstallNetworksAlgorithm, ListNetworksAlgorithm
from .subset import SubsetAlgorithm
from .timeseries import TimeSeriesAlgorithm
from .train import TrainAlgorithm


class LeafProvider(QgsProcessingProvider):
    def id(self):
        return "leaf"

    def name(self):
        return "LEAF"

    def longName(self):  # noqa: N802
        return tr("LEAF Toolbox (SL2P vegetation biophysical variables) %s") % plugin_version()

    def icon(self):
        return provider_icon()

    def versionInfo(self):  # noqa: N802
        return plugin_version()

    def loadAlgorithms(self):  # noqa: N802
        """Register the tools. This never raises while QGIS loads the provider: untrusted files in the profile are
        skipped with a warning in the message log (engine.algorithm), and a tool that cannot be built is left
        out with a critical message naming it, so that QGIS and every other tool keep working."""
        try:
            add_user_dir(user_algorithms_dir())
            add_warning_listener(_log_skipped)
        except Exception as e:  # noqa: BLE001
            _log_failure("the user algorithm folder", e)
        for cls in (EstimateAlgorithm, SubsetAlgorithm, InstallNetworksAlgorithm, ListNetworksAlgorithm,
                    MosaicAlgorithm, TimeSeriesAlgorithm, TrainAlgorithm, EarthEngineTasksAlgorithm):
            try:
                self.addAlgorithm(cls())
            except Exception as e:  # noqa: BLE001
                _log_failure("leaf:" + cls.NAME, e)


def _log_skipped(warning: str):
    QgsMessageLog.logMessage(translate_error(str(warning)), "LEAF", Qgis.MessageLevel.Warning)


def _log_failure(what: str, e: Exception):
    import traceback
    QgsMessageLog.logMessage(tr("LEAF could not load {0} ({1}: {2}).").format(what, type(e).__name__, e), "LEAF",
                             Qgis.MessageLevel.Critical)
    QgsMessageLog.logMessage("".join(traceback.format_exception(type(e), e, e.__traceback__)), "LEAF", Qgis.MessageLevel.Info)
