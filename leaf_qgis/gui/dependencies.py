"""Check optional dependencies: which optional packages import (and their versions), and install the pinned
ones for QGIS's own Python into the plugin-local folder, with pip running in a QProcess so QGIS stays usable.

Linux: QGIS's Python is the system's (/usr/bin/python3.X); pip must be installed for it (Debian:
python3-pip). Windows (OSGeo4W or the standalone installer): the python.exe of QGIS's apps\\Python3X folder,
run with the environment QGIS started with. macOS: the bin/python3.X inside QGIS.app. See deps.python_candidates.
"""

import os
from typing import Optional, Sequence

from qgis.PyQt.QtCore import QProcess, Qt
from qgis.PyQt.QtGui import QFont
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .. import deps
from ..translation import tr


def purposes():
    """What each optional package is used for, in the user's language."""
    return {
        "ai-edge-litert": tr("LiteRT: runs the networks faster (without it a numpy executor gives the same numbers)"),
        "earthengine-api": tr("Earth Engine: runs the tools on Google Earth Engine"),
        "pystac-client": tr("STAC API searches in Subset, Mosaic and Time series (STAC item files and URLs work "
                            "without it)"),
    }


class DependenciesDialog(QDialog):
    """A table of the optional packages with an Install button per package, and pip's output below it.

    `python`, `target`, `packages`, `requirements` and `extra_pip_args` default to QGIS's Python, the
    plugin-local folder, deps.OPTIONAL_PACKAGES, the plugin's pins and nothing; tests inject their own
    (e.g. `--no-index --find-links <folder>` to install from a local wheel).
    """

    COLUMNS = ("package", "used for", "status", "version", "location", "action")

    def __init__(self, parent=None, python: Optional[str] = None, target: Optional[str] = None,
                 packages: Optional[Sequence[deps.OptionalPackage]] = None, requirements: Optional[str] = None,
                 extra_pip_args: Sequence[str] = ()):
        super().__init__(parent)
        self.setObjectName("LeafDependenciesDialog")
        self.setWindowTitle(tr("LEAF optional dependencies"))
        self.resize(1000, 520)
        if target is None:
            from ..settings import python_packages_dir
            target = python_packages_dir()
        self.target = target
        self.python = python if python is not None else deps.find_python()
        self.packages = list(packages or deps.OPTIONAL_PACKAGES)
        self.requirements = requirements
        self.extra_pip_args = list(extra_pip_args)
        self.process = None
        self._constraints = None
        self.statuses = []
        self.last_exit_code = None

        layout = QVBoxLayout(self)
        intro = QLabel(tr("The plugin needs only what QGIS ships; these packages add speed and backends. "
                          "Install puts the version pinned by the plugin into {0}, which the plugin puts on "
                          "Python's path when QGIS starts.").format(self.target))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.packages), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([tr("Package"), tr("Used for"), tr("Status"), tr("Version"),
                                              tr("Location"), ""])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)   # one line per package; long texts are in the tooltips
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 3)
        self.python_label = QLabel()
        self.python_label.setWordWrap(True)
        layout.addWidget(self.python_label)
        self.output = QPlainTextEdit()
        self.output.setObjectName("pip_output")
        self.output.setReadOnly(True)
        self.output.setFont(QFont("monospace"))
        self.output.setPlaceholderText(tr("pip's output appears here."))
        layout.addWidget(self.output, 2)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(tr("Check again"))
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.refresh()

    # ---------------------------------------------------------------------------------------------- status

    def refresh(self):
        """Import each package again and fill the table (and the Install buttons)."""
        self.statuses = [deps.check(p, self.requirements) for p in self.packages]
        uses = purposes()
        busy = self.process is not None
        for row, st in enumerate(self.statuses):
            if st.importable:
                status = tr("installed")
                if st.pinned and st.version != st.pinned_version:
                    status = tr("installed, not the tested version {0}").format(st.pinned_version)
            else:
                status = tr("not installed") if "No module named" in st.error else tr("fails to import: {0}").format(st.error)
            cells = [st.package.dist, uses.get(st.package.dist, ""), status, st.version, st.location]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(st.error if col == 2 and st.error else text)
                self.table.setItem(row, col, item)
            button = QPushButton(tr("Install {0}").format(st.pinned) if st.pinned else tr("Install"))
            button.setObjectName("install_" + st.package.dist)
            button.setEnabled(bool(self.python) and st.needs_install and not busy)
            if not st.pinned:
                button.setToolTip(tr("The plugin pins no version of {0} (requirements.txt), so it does not install it; "
                                     "install it yourself for QGIS's Python if you need it.").format(st.package.dist))
            elif not st.needs_install:
                button.setToolTip(tr("Already installed at the pinned version."))
            button.clicked.connect(lambda _checked=False, r=row: self.install(r))
            self.table.setCellWidget(row, len(self.COLUMNS) - 1, button)
        if self.python:
            self.python_label.setText(tr("Packages are installed with: {0}").format(self.python))
        else:
            self.python_label.setText(tr(
                "No Python with pip matching QGIS's Python was found, so nothing can be installed from here. "
                "Linux: install pip for the system Python (Debian/Ubuntu: sudo apt install python3-pip). Windows: "
                "use the OSGeo4W Shell (python -m pip install --target <folder> <package>) with the folder above."))

    def install_button(self, dist: str):
        return self.findChild(QPushButton, "install_" + dist)

    # ---------------------------------------------------------------------------------------------- install

    def install(self, row: int):
        """Start pip for one package's pinned requirement; output streams into the text box."""
        st = self.statuses[row]
        if self.process is not None or not st.pinned or not self.python:
            return
        os.makedirs(self.target, exist_ok=True)
        self._constraints = deps.write_constraints(deps.host_constraints())
        cmd = deps.install_command(self.python, self.target, [st.pinned], self._constraints, self.extra_pip_args)
        self.output.appendPlainText("$ " + " ".join(cmd))
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._read_output)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._error)
        self.last_exit_code = None
        self._set_busy(True)
        self.process.start(cmd[0], cmd[1:])

    def is_running(self) -> bool:
        return self.process is not None

    def _set_busy(self, busy: bool):
        self.refresh_button.setEnabled(not busy)
        for row in range(self.table.rowCount()):
            w = self.table.cellWidget(row, len(self.COLUMNS) - 1)
            if w is not None and busy:
                w.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _read_output(self):
        data = bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        self.output.appendPlainText(data.rstrip("\n"))

    def _error(self, error):
        if error == QProcess.ProcessError.FailedToStart:
            self.output.appendPlainText(tr("Could not start {0}.").format(self.python))
            self._done(-1)

    def _finished(self, exit_code, exit_status=None):
        self._read_output()
        self._done(exit_code if exit_status in (None, QProcess.ExitStatus.NormalExit) else -1)

    def _done(self, exit_code: int):
        if self.process is None:
            return
        self.process.deleteLater()
        self.process = None
        if self._constraints:
            try:
                os.remove(self._constraints)
            except OSError:
                pass
            self._constraints = None
        self.last_exit_code = exit_code
        if exit_code == 0:
            deps.add_to_sys_path(self.target)
            self.output.appendPlainText(tr("Installed. A package that QGIS had already imported in another version "
                                           "is used after QGIS restarts."))
        else:
            self.output.appendPlainText(tr("pip failed (exit code {0}); nothing else was changed.").format(exit_code))
        self._set_busy(False)
        self.refresh()

    def reject(self):
        """Closing stops a running pip (so no install goes on unseen), then closes."""
        if self.process is not None:
            self.process.kill()
            self.process.waitForFinished(5000)
        super().reject()
