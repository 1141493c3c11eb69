"""The LEAF Processing provider: id 'leaf', so algorithms are leaf:estimate, leaf:installnetworks, ..."""

from qgis.core import QgsProcessingProvider

from ..engine.algorithm import add_user_dir
from ..resources import plugin_version
from ..settings import user_algorithms_dir
from ..translation import tr
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
        add_user_dir(user_algorithms_dir())
        for alg in (EstimateAlgorithm(), SubsetAlgorithm(), InstallNetworksAlgorithm(), ListNetworksAlgorithm()):
            self.addAlgorithm(alg)
        self.addAlgorithm(MosaicAlgorithm())
        self.addAlgorithm(TimeSeriesAlgorithm())
        self.addAlgorithm(TrainAlgorithm())
        self.addAlgorithm(EarthEngineTasksAlgorithm())
