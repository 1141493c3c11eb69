"""Desktop dialogs of the plugin (settings, optional dependencies); imported only when a menu entry is used."""
