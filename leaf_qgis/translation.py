"""Translation helpers: every user-facing string goes through tr(); the .qm file follows QGIS's locale."""

import os

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

from .resources import resource_dir

CONTEXT = "leaf_qgis"
_translator = None


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def install_translator():
    """Load i18n/leaf_qgis_<lang>.qm for QGIS's user locale (or LANG) if it exists; idempotent."""
    global _translator
    if _translator is not None:
        return
    from qgis.core import QgsSettings
    locale = QgsSettings().value("locale/userLocale", "") or os.environ.get("LANG", "")
    lang = (locale or "en")[:2]
    try:
        path = os.path.join(resource_dir("i18n"), "leaf_qgis_%s.qm" % lang)
    except FileNotFoundError:
        return
    if os.path.isfile(path):
        t = QTranslator()
        if t.load(path):
            QCoreApplication.installTranslator(t)
            _translator = t
