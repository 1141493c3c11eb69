"""QGIS Processing provider 'LEAF' and its algorithms (thin wrappers over leaf_qgis.engine)."""
