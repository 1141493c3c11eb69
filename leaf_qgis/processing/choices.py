"""The ALGORITHM choice shared by Estimate, Mosaic and Time series: 0 is automatic, then every algorithm
definition with LEAF's own first, so that a number means the same algorithm in every tool and model; and the
NETWORKS choice that says which networks the automatic choice takes (never what happens to be installed)."""

from qgis.core import QgsProcessingParameterEnum

from ..engine.algorithm import load_algorithms
from ..engine.estimate import AUTO, AUTO_BUNDLED
from ..settings import automatic_networks_index
from ..translation import tr_noop

NETWORKS = "NETWORKS"
# in the order of the NETWORKS options (the LEAF Settings dialog's "automatic choice" uses the same order)
AUTOMATIC_CHOICES = [(AUTO, tr_noop("LEAF's published networks (downloaded on first use, or installed with "
                                    "leaf:installnetworks)")),
                     (AUTO_BUNDLED, tr_noop("This project's bundled networks (ship with the plugin, offline)"))]


class AlgorithmChoice:
    """Mixin for tools with an ALGORITHM enum; the list is read once per tool instance."""

    _algorithms = None

    def algorithms(self):
        if self._algorithms is None:
            self._algorithms = sorted(load_algorithms().values(), key=lambda a: (a.family != "LEAF", a.id))
        return self._algorithms

    def add_networks_parameter(self):
        """NETWORKS: which networks the automatic choice takes; the default is the LEAF Settings' (published)."""
        self.addParameter(QgsProcessingParameterEnum(
            NETWORKS, self.tr("Networks for the automatic choice"),
            options=[self.tr(label) for _, label in AUTOMATIC_CHOICES], defaultValue=automatic_networks_index()))

    def algorithm_from_parameters(self, parameters, context) -> str:
        """An algorithm id, or the automatic choice (engine AUTO / AUTO_BUNDLED) that NETWORKS asks for."""
        choice = self.parameterAsEnum(parameters, "ALGORITHM", context)
        if choice > 0:
            return self.algorithms()[choice - 1].id
        return AUTOMATIC_CHOICES[self.parameterAsEnum(parameters, NETWORKS, context)][0]
