"""leaf_qgis: SL2P biophysical variables (LAI, fAPAR, fCOVER, CCC, CWC, albedo) in QGIS Processing.

Importing this package must stay cheap and need no optional package: QGIS calls classFactory().
"""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    from .plugin import LeafPlugin
    return LeafPlugin(iface)
