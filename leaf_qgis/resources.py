"""Find the data folders (algorithms/, models/, i18n/) in the source tree and in the installed plugin."""

import os

PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))


def resource_dir(name: str) -> str:
    """Path of a top-level data folder: inside the plugin folder when installed, beside it in the source tree."""
    for candidate in (os.path.join(PLUGIN_DIR, name), os.path.join(os.path.dirname(PLUGIN_DIR), name)):
        if os.path.isdir(candidate):
            return candidate
    raise FileNotFoundError("the plugin's %s folder is missing (looked in %s and its parent)" % (name, PLUGIN_DIR))


def resource_path(folder: str, *parts: str) -> str:
    return os.path.join(resource_dir(folder), *parts)


def plugin_version() -> str:
    """The version from metadata.txt (inside the plugin folder when installed, at the repository root otherwise)."""
    for candidate in (os.path.join(PLUGIN_DIR, "metadata.txt"), os.path.join(os.path.dirname(PLUGIN_DIR), "metadata.txt")):
        if os.path.isfile(candidate):
            with open(candidate, encoding="utf-8") as f:
                for line in f:
                    if line.startswith("version="):
                        return line.split("=", 1)[1].strip()
    return "unknown"
