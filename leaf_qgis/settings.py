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
