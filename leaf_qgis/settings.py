"""Plugin settings (QgsSettings) and where the network cache lives in the user's QGIS profile."""

import os

from qgis.core import QgsApplication, QgsSettings

from .engine.catalog import ENV_CACHE_DIR, NetworkStore, resolve_base_url

KEY_BASE_URL = "leaf_qgis/network_base_url"
KEY_CACHE_DIR = "leaf_qgis/network_cache_dir"


def network_cache_dir() -> str:
    """LEAF_QGIS_CACHE_DIR, else the setting, else <profile>/leaf_qgis/networks."""
    return (os.environ.get(ENV_CACHE_DIR) or QgsSettings().value(KEY_CACHE_DIR, "")
            or os.path.join(QgsApplication.qgisSettingsDirPath(), "leaf_qgis", "networks"))


def user_algorithms_dir() -> str:
    """<profile>/leaf_qgis/algorithms: drop algorithm definitions here (and catalog/*.json for their networks)."""
    return os.path.join(QgsApplication.qgisSettingsDirPath(), "leaf_qgis", "algorithms")


def network_store() -> NetworkStore:
    return NetworkStore(network_cache_dir())


def network_base_url() -> str:
    """LEAF_QGIS_NETWORK_BASE_URL, else the setting, else the catalog's default (the upstream raw files)."""
    return resolve_base_url(QgsSettings().value(KEY_BASE_URL, "") or None)


# --------------------------------------------------------------------------------------------------------------
# Desktop settings (Settings dialog). `settings` is a QgsSettings/QSettings; tests pass their own.
# --------------------------------------------------------------------------------------------------------------

KEY_ENCODING = "leaf_qgis/default_encoding"
KEY_EE_PROJECT = "leaf_qgis/ee_project"
KEY_EE_KEY_FILE = "leaf_qgis/ee_service_account_key"
ENCODINGS = ("float32", "leaf-uint8")   # in the order of leaf:estimate's ENCODING options
KEY_AUTOMATIC_NETWORKS = "leaf_qgis/automatic_networks"
AUTOMATIC_NETWORKS = ("published", "bundled")   # in the order of the NETWORKS options (processing/choices.py)


def _settings(settings=None):
    return settings if settings is not None else QgsSettings()


def stored_value(key: str, settings=None) -> str:
    """The value saved under a key ('' when unset), without environment overrides: what the dialog edits."""
    value = _settings(settings).value(key, "")
    return "" if value is None else str(value)


def set_value(key: str, value: str, settings=None):
    """Save a value; an empty value removes the key, so the default (or the environment) applies again."""
    s = _settings(settings)
    if value in (None, ""):
        s.remove(key)
    else:
        s.setValue(key, str(value))


def default_encoding(settings=None) -> str:
    """The output encoding leaf:estimate offers by default: 'float32' (unless set) or 'leaf-uint8'."""
    value = stored_value(KEY_ENCODING, settings)
    return value if value in ENCODINGS else ENCODINGS[0]


def default_encoding_index(settings=None) -> int:
    """default_encoding() as the index of leaf:estimate's ENCODING enum."""
    return ENCODINGS.index(default_encoding(settings))


def automatic_networks(settings=None) -> str:
    """Which networks the automatic algorithm choice takes by default: 'published' (LEAF's, unless set) or
    'bundled' (this project's)."""
    value = stored_value(KEY_AUTOMATIC_NETWORKS, settings)
    return value if value in AUTOMATIC_NETWORKS else AUTOMATIC_NETWORKS[0]


def automatic_networks_index(settings=None) -> int:
    """automatic_networks() as the index of the NETWORKS enum of Estimate, Mosaic and Time series."""
    return AUTOMATIC_NETWORKS.index(automatic_networks(settings))


def ee_project(settings=None) -> str:
    """The Google Cloud project Earth Engine requests are billed to ('' when unset)."""
    return stored_value(KEY_EE_PROJECT, settings).strip()


def ee_service_account_key(settings=None) -> str:
    """Path of a service-account key file (JSON) for Earth Engine; '' means the user's own credentials."""
    return stored_value(KEY_EE_KEY_FILE, settings).strip()


def python_packages_dir() -> str:
    """<profile>/leaf_qgis/python: optional packages installed by the plugin's dependency installer."""
    from .deps import plugin_python_dir
    return plugin_python_dir(QgsApplication.qgisSettingsDirPath())
