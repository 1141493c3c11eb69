"""The ALGORITHM choice shared by Estimate, Mosaic and Time series: 0 is automatic, then every algorithm
definition with LEAF's own first, so that a number means the same algorithm in every tool and model."""

from ..engine.algorithm import load_algorithms


class AlgorithmChoice:
    """Mixin for tools with an ALGORITHM enum; the list is read once per tool instance."""

    _algorithms = None

    def algorithms(self):
        if self._algorithms is None:
            self._algorithms = sorted(load_algorithms().values(), key=lambda a: (a.family != "LEAF", a.id))
        return self._algorithms
