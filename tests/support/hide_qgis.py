"""Make QGIS (and Qt's Python bindings) impossible to import in this Python, as on a machine without QGIS.

    from support import hide_qgis; hide_qgis.install()      # in a test's subprocess
    hide_qgis.write_pth(site_packages)                       # for every run of a venv's Python

A finder first on sys.meta_path refuses `qgis`, `PyQt5`, `PyQt6` and `sip` (and anything below them) with
ImportError, whatever sys.path holds, so Debian's system site-packages can stay visible for GDAL and numpy.
This file uses the standard library only: write_pth copies it into a venv as a module of its own.
"""

import importlib.abc
import os
import shutil
import sys

HIDDEN = ("qgis", "PyQt5", "PyQt6", "sip")
MODULE = "leaf_hide_qgis"


class HiddenQgis(importlib.abc.MetaPathFinder):
    """Refuses the hidden packages."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in HIDDEN:
            raise ImportError("%s is hidden from this Python (tests/support/hide_qgis.py)" % fullname, name=fullname)
        return None


def install() -> None:
    """Hide QGIS from now on (modules already imported are forgotten)."""
    if not any(isinstance(f, HiddenQgis) for f in sys.meta_path):
        sys.meta_path.insert(0, HiddenQgis())
    for name in [m for m in sys.modules if m.split(".")[0] in HIDDEN]:
        del sys.modules[name]


def write_pth(site_packages: str) -> str:
    """Hide QGIS in every run of the Python whose site-packages folder this is: this file as a module there,
    and a .pth that installs it at start-up. Returns the .pth path."""
    shutil.copyfile(__file__, os.path.join(site_packages, MODULE + ".py"))
    pth = os.path.join(site_packages, MODULE + ".pth")
    with open(pth, "w", encoding="utf-8") as f:
        f.write("import %s; %s.install()\n" % (MODULE, MODULE))
    return pth
