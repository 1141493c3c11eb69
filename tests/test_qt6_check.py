"""scripts/qt6_check.py (make lint): each Qt 5-only idiom is found, the Qt 6 spellings pass, and the plugin,
its tests and scripts have none."""

import os
import subprocess
import sys

import pytest
from conftest import REPO

sys.path.insert(0, os.path.join(str(REPO), "scripts"))
import qt6_check  # noqa: E402

pytest.importorskip("qgis.core")


def codes(source):
    return [(line, code) for line, _, code, _ in qt6_check.check_source(source)]


@pytest.mark.parametrize("source, expected, advice", [
    ("from qgis.PyQt.QtCore import Qt\nQt.BusyCursor\n", "Q6004", "Qt.CursorShape.BusyCursor"),
    ("from qgis.PyQt.QtWidgets import QDialogButtonBox as B\nB.Ok | B.Ok\n", "Q6004",
     "QDialogButtonBox.StandardButton.Ok"),
    ("from qgis.PyQt import QtWidgets\nQtWidgets.QHeaderView.Stretch\n", "Q6004", "QHeaderView.ResizeMode.Stretch"),
    ("def f():\n    from qgis.PyQt.QtCore import QSettings\n    return QSettings.IniFormat\n", "Q6004",
     "QSettings.Format.IniFormat"),
    ("from qgis.gui import QgsFileWidget\nQgsFileWidget.GetFile\n", "Q6004", "QgsFileWidget.StorageMode.GetFile"),
    ("from qgis.core import Qgis\nQgis.Info\n", "Q6004", "Qgis.MessageLevel.Info"),
    ("from qgis.core import QgsRasterLayerTemporalProperties as P\nP.ModeFixedTemporalRange\n", "Q6005",
     "Qgis.RasterTemporalMode.FixedTemporalRange"),
    ("from qgis.core import QgsProcessing\nQgsProcessing.TypeFile\n", "Q6006", "compat.SOURCE_FILE"),
    ("from qgis.core import QgsProcessingParameterNumber\nQgsProcessingParameterNumber.Type.Double\n", "Q6006",
     "compat.NUMBER_DOUBLE"),
    ("from qgis.core import QgsProcessingParameterDefinition as D\nD.FlagAdvanced\n", "Q6006",
     "compat.PARAMETER_ADVANCED"),
    ("dialog.exec_()\n", "Q6001", "exec()"),
    ("from qgis.PyQt.QtWidgets import QAction, QLabel\n", "Q6002", "leaf_qgis.compat"),
    ("from qgis.PyQt import QtWidgets\nQtWidgets.QShortcut\n", "Q6002", "leaf_qgis.compat"),
    ("from PyQt5.QtCore import Qt\n", "Q6003", "qgis.PyQt"),
    ("import sip\n", "Q6003", "qgis.PyQt"),
    ("from qgis.PyQt.QtCore import QRegExp\n", "Q6007", "QRegularExpression"),
])
def test_each_qt5_idiom_is_found_with_the_qt6_spelling(source, expected, advice):
    found = qt6_check.check_source(source)
    assert found and {code for _, _, code, _ in found} == {expected}, found
    assert all(advice in message for _, _, _, message in found), found


def test_qt6_spellings_pass():
    source = (
        "from qgis.PyQt.QtCore import Qt, QProcess\n"
        "from qgis.PyQt.QtWidgets import QDialogButtonBox, QTableWidget\n"
        "from qgis.core import Qgis, QgsProcessingUtils, QgsProcessingContext\n"
        "from leaf_qgis.compat import QAction, NUMBER_DOUBLE\n"
        "Qt.CursorShape.BusyCursor, QProcess.ExitStatus.NormalExit\n"
        "QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel\n"
        "QTableWidget.EditTrigger.NoEditTriggers\n"            # inherited from QAbstractItemView: fine in Qt 6
        "Qgis.RasterTemporalMode.FixedTemporalRange, QgsProcessingUtils.LayerHint.Raster\n"
        "QgsProcessingContext.LayerDetails\n"                  # a class, not an enum member
        "dialog.exec()\n")
    assert codes(source) == []


def test_names_not_from_qt_are_left_alone():
    assert codes("class Qt:\n    BusyCursor = 1\nQt.BusyCursor\nimport os\nos.sep\n") == []


def test_the_plugin_tests_and_scripts_are_qt6_clean():
    """What make lint runs; a finding is printed as path:line:col CODE message and fails the command."""
    r = subprocess.run([sys.executable, os.path.join("scripts", "qt6_check.py"), "leaf_qgis", "tests", "scripts"],
                       cwd=str(REPO), capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_finding_fails_the_command(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from qgis.PyQt.QtCore import Qt\nx = Qt.AlignLeft\n")
    r = subprocess.run([sys.executable, os.path.join(str(REPO), "scripts", "qt6_check.py"), str(bad)],
                       capture_output=True, text=True, timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert r.returncode == 1 and "bad.py:2:5: Q6004" in r.stdout and "Qt.AlignmentFlag.AlignLeft" in r.stdout
