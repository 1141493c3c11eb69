"""The plugin's icon, loaded once."""

import os

from qgis.PyQt.QtGui import QIcon

from ..resources import PLUGIN_DIR


def provider_icon() -> QIcon:
    return QIcon(os.path.join(PLUGIN_DIR, "icon.svg"))
