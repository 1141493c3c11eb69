"""LEAF Settings dialog: network cache and source, default output encoding and networks of the automatic choice, Earth Engine project and credentials.

Values are stored in QgsSettings under leaf_qgis/ (see settings.py); environment variables still win over
them, and the dialog says so when one is set.
"""

import importlib.util
import os

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from .. import settings as leaf_settings
from ..deps import earthengine_credentials
from ..engine.catalog import DEFAULT_BASE_URL, ENV_BASE_URL, ENV_CACHE_DIR
from ..processing.choices import AUTOMATIC_CHOICES
from ..translation import tr


def credentials_text(key_file: str) -> str:
    """One line saying which Earth Engine credentials would be used (from files only; Google is not contacted)."""
    status = earthengine_credentials(key_file)
    if status.kind == "service_account":
        return tr("Service account {0} (key file {1}).").format(status.detail, status.path)
    if status.kind == "user":
        text = tr("User credentials of 'earthengine authenticate' found in {0}.").format(status.path)
        if status.detail:
            text += " " + tr("Their default project: {0}.").format(status.detail)
        return text
    if status.kind == "adc":
        return tr("Application default credentials from GOOGLE_APPLICATION_CREDENTIALS ({0}).").format(status.path)
    if status.kind == "invalid":
        reasons = {"not a readable JSON key file": tr("not a readable JSON key file"),
                   "not a service-account key": tr("not a service-account key"),
                   "no refresh token": tr("no refresh token; run 'earthengine authenticate' again"),
                   "GOOGLE_APPLICATION_CREDENTIALS names a missing file":
                       tr("GOOGLE_APPLICATION_CREDENTIALS names a missing file")}
        return tr("Unusable credentials in {0}: {1}.").format(status.path, reasons.get(status.detail, status.detail))
    return tr("No credentials: run 'earthengine authenticate' (earthengine-api) or choose a service-account key "
              "file.")


class SettingsDialog(QDialog):
    """Edits the plugin's settings; OK saves them, Cancel leaves them as they were."""

    def __init__(self, parent=None, settings=None):
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("LeafSettingsDialog")
        self.setWindowTitle(tr("LEAF Settings"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)

        networks = QGroupBox(tr("Networks"))
        form = QFormLayout(networks)
        self.cache_dir = QgsFileWidget()
        self.cache_dir.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.cache_dir.setDialogTitle(tr("Network cache folder"))
        self.cache_dir.setFilePath(leaf_settings.stored_value(leaf_settings.KEY_CACHE_DIR, settings))
        self.cache_dir.lineEdit().setPlaceholderText(
            os.path.join(self._profile_dir(), "leaf_qgis", "networks"))
        form.addRow(tr("Cache folder"), self.cache_dir)
        self._env_note(form, ENV_CACHE_DIR)
        self.base_url = QLineEdit(leaf_settings.stored_value(leaf_settings.KEY_BASE_URL, settings))
        self.base_url.setPlaceholderText(DEFAULT_BASE_URL)
        self.base_url.setToolTip(tr("Network files are downloaded from <base URL>/<owner>/<repository>/<commit>/<path>; "
                                    "point it at a mirror for offline or internal use."))
        form.addRow(tr("Source base URL"), self.base_url)
        self._env_note(form, ENV_BASE_URL)
        layout.addWidget(networks)

        outputs = QGroupBox(tr("Outputs"))
        form = QFormLayout(outputs)
        self.encoding = QComboBox()
        self.encoding.addItem(tr("Float32 physical values"), "float32")
        self.encoding.addItem(tr("LEAF production uint8 (LAI x 20; fAPAR, fCOVER, albedo x 200)"), "leaf-uint8")
        self.encoding.setCurrentIndex(leaf_settings.default_encoding_index(settings))
        form.addRow(tr("Default output encoding"), self.encoding)
        self.automatic = QComboBox()   # the NETWORKS options of Estimate, Mosaic and Time series, in their order
        for value, (_, label) in zip(leaf_settings.AUTOMATIC_NETWORKS, AUTOMATIC_CHOICES):
            self.automatic.addItem(tr(label), value)
        self.automatic.setCurrentIndex(leaf_settings.automatic_networks_index(settings))
        form.addRow(tr("Networks for the automatic choice"), self.automatic)
        layout.addWidget(outputs)

        ee = QGroupBox(tr("Google Earth Engine"))
        form = QFormLayout(ee)
        self.ee_project = QLineEdit(leaf_settings.ee_project(settings))
        self.ee_project.setPlaceholderText(tr("Google Cloud project id, e.g. my-project"))
        form.addRow(tr("Cloud project"), self.ee_project)
        self.key_file = QgsFileWidget()
        self.key_file.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.key_file.setFilter(tr("Service-account key (*.json)"))
        self.key_file.setFilePath(leaf_settings.ee_service_account_key(settings))
        self.key_file.lineEdit().setPlaceholderText(tr("optional; empty: your own credentials"))
        form.addRow(tr("Service-account key"), self.key_file)
        self.credentials = QLabel()
        self.credentials.setObjectName("credentials_status")
        self.credentials.setWordWrap(True)
        form.addRow(tr("Credentials"), self.credentials)
        self.ee_package = QLabel(tr("earthengine-api is installed.") if importlib.util.find_spec("ee") else
                                 tr("earthengine-api is not installed (LEAF menu: Check optional dependencies)."))
        self.ee_package.setWordWrap(True)
        form.addRow("", self.ee_package)
        self.key_file.fileChanged.connect(self.refresh_credentials)
        self.refresh_credentials()
        layout.addWidget(ee)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _profile_dir() -> str:
        from qgis.core import QgsApplication
        return QgsApplication.qgisSettingsDirPath()

    @staticmethod
    def _env_note(form, name: str):
        """A line under a field when an environment variable overrides its setting."""
        if os.environ.get(name):
            note = QLabel(tr("{0} is set ({1}) and takes precedence over this setting.").format(name, os.environ[name]))
            note.setWordWrap(True)
            form.addRow("", note)

    def refresh_credentials(self, *args):
        self.credentials.setText(credentials_text(self.key_file.filePath().strip()))

    def save(self):
        """Write the fields to the settings (empty fields remove their key, so defaults apply)."""
        s = self.settings
        leaf_settings.set_value(leaf_settings.KEY_CACHE_DIR, self.cache_dir.filePath().strip(), s)
        leaf_settings.set_value(leaf_settings.KEY_BASE_URL, self.base_url.text().strip().rstrip("/"), s)
        leaf_settings.set_value(leaf_settings.KEY_ENCODING, self.encoding.currentData(), s)
        leaf_settings.set_value(leaf_settings.KEY_AUTOMATIC_NETWORKS, self.automatic.currentData(), s)
        leaf_settings.set_value(leaf_settings.KEY_EE_PROJECT, self.ee_project.text().strip(), s)
        leaf_settings.set_value(leaf_settings.KEY_EE_KEY_FILE, self.key_file.filePath().strip(), s)

    def validation_error(self) -> str:
        """Why the fields cannot be saved ('' when they can): the base URL must be http(s), it is fetched so."""
        url = self.base_url.text().strip()
        if url and not url.lower().startswith(("http://", "https://")):
            return tr("The source base URL must start with http:// or https:// (for a local folder or zip, use "
                      "the Install networks tool).")
        return ""

    def accept(self):
        error = self.validation_error()
        if error:
            QMessageBox.warning(self, tr("LEAF Settings"), error)
            return
        self.save()
        super().accept()
