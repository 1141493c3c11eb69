"""Install the plugin zip into a QGIS profile and enable it (used by `make install` and the tests).

usage: python3 scripts/install_plugin.py PLUGIN_ZIP PROFILE_DIR
PROFILE_DIR is a QGIS profile folder, e.g. ~/.local/share/QGIS/QGIS3/profiles/default.
"""

import os
import shutil
import sys
import zipfile

from qgis.PyQt.QtCore import QSettings


def install(zip_path: str, profile: str) -> str:
    plugins = os.path.join(profile, "python", "plugins")
    target = os.path.join(plugins, "leaf_qgis")
    os.makedirs(plugins, exist_ok=True)
    if os.path.isdir(target):
        shutil.rmtree(target)
    with zipfile.ZipFile(zip_path) as z:
        for member in z.namelist():
            dest = os.path.realpath(os.path.join(plugins, member))
            if not dest.startswith(os.path.realpath(plugins) + os.sep):
                raise SystemExit("refusing to extract %s outside %s" % (member, plugins))
        z.extractall(plugins)
    settings = QSettings(os.path.join(profile, "QGIS", "QGIS3.ini"), QSettings.Format.IniFormat)
    settings.setValue("PythonPlugins/leaf_qgis", True)
    settings.sync()
    return target


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print("installed in", install(sys.argv[1], sys.argv[2]))
