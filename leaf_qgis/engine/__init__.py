"""QGIS-free core of leaf_qgis: networks, stacks, estimation and writing, on numpy and GDAL only."""

from .errors import Cancelled, LeafError

__all__ = ["LeafError", "Cancelled"]
