"""Plugin settings (leaf_qgis/settings.py) and the Settings dialog, on a QSettings file in a temporary folder
(never the user's QGIS profile)."""

import json

import pytest


@pytest.fixture
def qsettings(qgis_app, tmp_path):
    from qgis.PyQt.QtCore import QSettings
    return QSettings(str(tmp_path / "QGIS3.ini"), QSettings.Format.IniFormat)


def test_getters_defaults_and_values(qsettings):
    from leaf_qgis import settings as s
    assert s.default_encoding(qsettings) == "float32" and s.default_encoding_index(qsettings) == 0
    s.set_value(s.KEY_ENCODING, "leaf-uint8", qsettings)
    assert s.default_encoding(qsettings) == "leaf-uint8" and s.default_encoding_index(qsettings) == 1
    s.set_value(s.KEY_ENCODING, "int16", qsettings)   # not an encoding: the default applies
    assert s.default_encoding_index(qsettings) == 0
    assert s.ee_project(qsettings) == "" and s.ee_service_account_key(qsettings) == ""
    s.set_value(s.KEY_EE_PROJECT, "  my-project ", qsettings)
    assert s.ee_project(qsettings) == "my-project"
    s.set_value(s.KEY_EE_PROJECT, "", qsettings)
    assert not qsettings.contains(s.KEY_EE_PROJECT)
    assert s.ENCODINGS == ("float32", "leaf-uint8")
    assert s.automatic_networks(qsettings) == "published" and s.automatic_networks_index(qsettings) == 0
    s.set_value(s.KEY_AUTOMATIC_NETWORKS, "bundled", qsettings)
    assert s.automatic_networks(qsettings) == "bundled" and s.automatic_networks_index(qsettings) == 1
    s.set_value(s.KEY_AUTOMATIC_NETWORKS, "cached", qsettings)   # not a choice: the published networks
    assert s.automatic_networks_index(qsettings) == 0


def test_estimate_encoding_options_follow_settings_order(qgis_app):
    """ENCODINGS indexes leaf:estimate's ENCODING enum: same order, same meaning."""
    from qgis.core import QgsApplication
    alg = QgsApplication.processingRegistry().createAlgorithmById("leaf:estimate")
    options = alg.parameterDefinition("ENCODING").options()
    assert len(options) == 2 and options[0].startswith("Float32") and "uint8" in options[1]


def test_networks_options_follow_settings_order(qgis_app):
    """AUTOMATIC_NETWORKS indexes the NETWORKS enum of Estimate, Mosaic and Time series: published first."""
    from qgis.core import QgsApplication

    from leaf_qgis import settings as s
    from leaf_qgis.engine.estimate import AUTO, AUTO_BUNDLED
    from leaf_qgis.processing.choices import AUTOMATIC_CHOICES
    assert [a for a, _ in AUTOMATIC_CHOICES] == [AUTO, AUTO_BUNDLED] and s.AUTOMATIC_NETWORKS == ("published", "bundled")
    for tool in ("leaf:estimate", "leaf:mosaic", "leaf:timeseries"):
        alg = QgsApplication.processingRegistry().createAlgorithmById(tool)   # keeps its parameters alive
        p = alg.parameterDefinition("NETWORKS")
        assert p.defaultValue() == 0 and "published" in p.options()[0] and "bundled" in p.options()[1], tool


def test_python_packages_dir_is_in_the_profile(qgis_app):
    import os

    from qgis.core import QgsApplication

    from leaf_qgis import settings
    assert settings.python_packages_dir() == os.path.join(QgsApplication.qgisSettingsDirPath(), "leaf_qgis", "python")


def test_dialog_loads_saves_and_cancels(qsettings, tmp_path, monkeypatch):
    from leaf_qgis import settings as s
    from leaf_qgis.gui.settings_dialog import SettingsDialog
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", str(tmp_path / "env_cache"))
    s.set_value(s.KEY_BASE_URL, "http://127.0.0.1:8000", qsettings)
    s.set_value(s.KEY_EE_PROJECT, "old-project", qsettings)
    dlg = SettingsDialog(settings=qsettings)
    assert dlg.base_url.text() == "http://127.0.0.1:8000" and dlg.ee_project.text() == "old-project"
    assert dlg.encoding.currentIndex() == 0 and dlg.cache_dir.filePath() == ""
    notes = [lbl.text() for lbl in dlg.findChildren(type(dlg.credentials)) if "LEAF_QGIS_CACHE_DIR" in lbl.text()]
    assert notes == ["LEAF_QGIS_CACHE_DIR is set (%s) and takes precedence over this setting." % (tmp_path / "env_cache")]

    dlg.ee_project.setText("new-project")
    dlg.reject()
    assert s.ee_project(qsettings) == "old-project"

    dlg = SettingsDialog(settings=qsettings)
    dlg.cache_dir.setFilePath(str(tmp_path / "cache"))
    dlg.base_url.setText("https://mirror.example.org/raw/")
    dlg.encoding.setCurrentIndex(1)
    assert dlg.automatic.currentIndex() == 0
    dlg.automatic.setCurrentIndex(1)
    dlg.ee_project.setText("new-project")
    dlg.accept()
    assert s.automatic_networks(qsettings) == "bundled"
    assert s.stored_value(s.KEY_CACHE_DIR, qsettings) == str(tmp_path / "cache")
    assert s.stored_value(s.KEY_BASE_URL, qsettings) == "https://mirror.example.org/raw"
    assert s.default_encoding(qsettings) == "leaf-uint8" and s.ee_project(qsettings) == "new-project"

    dlg = SettingsDialog(settings=qsettings)
    dlg.base_url.setText("")   # empty: back to the default
    dlg.accept()
    assert not qsettings.contains(s.KEY_BASE_URL)


def test_dialog_refuses_a_non_http_base_url(qsettings):
    from leaf_qgis.gui.settings_dialog import SettingsDialog
    dlg = SettingsDialog(settings=qsettings)
    dlg.base_url.setText("/home/me/mirror")
    assert "http://" in dlg.validation_error()
    dlg.base_url.setText("https://example.org")
    assert dlg.validation_error() == ""


def test_dialog_credentials_line(qsettings, tmp_path, monkeypatch):
    """The status line follows the key file chosen; no secret is shown and Google is not contacted."""
    from leaf_qgis import settings as s
    from leaf_qgis.gui.settings_dialog import SettingsDialog, credentials_text
    monkeypatch.setenv("HOME", str(tmp_path))   # no ~/.config/earthengine/credentials
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    assert credentials_text("").startswith("No credentials: run 'earthengine authenticate'")
    key = tmp_path / "key.json"
    key.write_text(json.dumps({"type": "service_account", "client_email": "sa@p.iam.gserviceaccount.com",
                               "private_key": "-----BEGIN PRIVATE KEY-----"}), encoding="utf-8")
    s.set_value(s.KEY_EE_KEY_FILE, str(key), qsettings)
    dlg = SettingsDialog(settings=qsettings)
    assert dlg.credentials.text() == "Service account sa@p.iam.gserviceaccount.com (key file %s)." % key
    dlg.key_file.setFilePath(str(tmp_path / "missing.json"))
    assert "not a readable JSON key file" in dlg.credentials.text()
    creds = tmp_path / ".config" / "earthengine" / "credentials"
    creds.parent.mkdir(parents=True)
    creds.write_text(json.dumps({"refresh_token": "1//secret", "project": "ee-me"}), encoding="utf-8")
    dlg.key_file.setFilePath("")
    assert dlg.credentials.text() == ("User credentials of 'earthengine authenticate' found in %s. Their default "
                                      "project: ee-me." % creds)
    assert "secret" not in dlg.credentials.text()
