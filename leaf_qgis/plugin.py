"""The QGIS plugin: registers the LEAF Processing provider (desktop and qgis_process alike) and, on the desktop,
a LEAF menu under Raster, a toolbar button, the Settings and optional-dependencies dialogs.

Starting must stay cheap: no optional package is imported here; the dialogs are imported when opened.
"""

from functools import partial

from qgis.core import QgsApplication

from . import deps
from .compat import ALGORITHM_HIDE_FROM_TOOLBOX
from .translation import install_translator, remove_translator, tr

HELP_URL = "https://github.com/leaf-qgis/leaf_qgis#readme"
# the main tools first, in this order; any other tool of the provider follows them in the menu
MAIN_TOOLS = ("leaf:estimate", "leaf:subset", "leaf:mosaic", "leaf:timeseries", "leaf:installnetworks",
              "leaf:listnetworks")


def add_plugin_python_dir() -> bool:
    """Put <profile>/leaf_qgis/python (packages installed by the dependency dialog) first on sys.path."""
    return deps.add_to_sys_path(deps.plugin_python_dir(QgsApplication.qgisSettingsDirPath()))


class LeafPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.menu_name = ""
        self.actions = []           # every action added to the LEAF menu (separators included)
        self.toolbar_action = None
        self.dependencies_dialog = None
        install_translator()
        add_plugin_python_dir()

    def initProcessing(self):  # noqa: N802 (QGIS API name; qgis_process calls it)
        if self.provider is None:
            from .processing.provider import LeafProvider
            self.provider = LeafProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    # ------------------------------------------------------------------------------------------------ desktop

    def initGui(self):  # noqa: N802
        """Provider, then the Raster > LEAF menu (tools, Settings, dependencies, Help) and the toolbar button."""
        from .compat import QAction
        from .processing.icons import provider_icon

        self.initProcessing()
        window = self.iface.mainWindow()
        self.menu_name = tr("&LEAF")
        registry = QgsApplication.processingRegistry()
        for alg_id in self.tool_ids():
            alg = registry.algorithmById(alg_id)
            action = QAction(alg.icon(), alg.displayName() + "…", window)
            action.setObjectName("leaf_menu_" + alg.name())
            action.setToolTip(alg.displayName())
            action.triggered.connect(partial(self.open_tool, alg_id))
            self._add_menu_action(action)
        self._add_menu_action(self._separator(window))
        for name, text, slot in (("settings", tr("Settings…"), self.open_settings),
                                 ("dependencies", tr("Check optional dependencies…"), self.open_dependencies),
                                 ("help", tr("Help"), self.open_help)):
            action = QAction(text, window)
            action.setObjectName("leaf_menu_" + name)
            action.triggered.connect(slot)
            self._add_menu_action(action)

        self.toolbar_action = QAction(provider_icon(), tr("LEAF: estimate biophysical variables (SL2P)…"), window)
        self.toolbar_action.setObjectName("leaf_toolbar_estimate")
        self.toolbar_action.triggered.connect(partial(self.open_tool, "leaf:estimate"))
        self.iface.addToolBarIcon(self.toolbar_action)

    @staticmethod
    def _separator(parent):
        from .compat import QAction
        action = QAction(parent)
        action.setSeparator(True)
        return action

    def _add_menu_action(self, action):
        self.iface.addPluginToRasterMenu(self.menu_name, action)
        self.actions.append(action)

    def tool_ids(self):
        """The provider's tools for the menu: MAIN_TOOLS that exist, then the others not hidden from the toolbox."""
        if self.provider is None:
            return []
        visible = {a.id(): a for a in self.provider.algorithms()
                   if not a.flags() & ALGORITHM_HIDE_FROM_TOOLBOX}
        rest = sorted((i for i in visible if i not in MAIN_TOOLS), key=lambda i: visible[i].displayName())
        return [i for i in MAIN_TOOLS if i in visible] + rest

    def open_tool(self, alg_id: str, *args):
        """The tool's Processing dialog, as the toolbox opens it."""
        import processing
        processing.execAlgorithmDialog(alg_id)

    def open_settings(self, *args):
        from .gui.settings_dialog import SettingsDialog
        SettingsDialog(self.iface.mainWindow()).exec()

    def open_dependencies(self, *args):
        """Non-modal, so QGIS stays usable while pip runs; one dialog at a time."""
        if self.dependencies_dialog is None:
            from .gui.dependencies import DependenciesDialog
            self.dependencies_dialog = DependenciesDialog(self.iface.mainWindow())
        else:
            self.dependencies_dialog.refresh()
        self.dependencies_dialog.show()
        self.dependencies_dialog.raise_()
        self.dependencies_dialog.activateWindow()

    def open_help(self, *args):
        from qgis.PyQt.QtCore import QUrl
        from qgis.PyQt.QtGui import QDesktopServices
        QDesktopServices.openUrl(QUrl(HELP_URL))

    def unload(self):
        """Remove the menu entries, the toolbar button, the dialogs and the provider."""
        if self.dependencies_dialog is not None:
            self.dependencies_dialog.reject()   # stops a running pip
            self.dependencies_dialog.deleteLater()
            self.dependencies_dialog = None
        for action in self.actions:
            self.iface.removePluginRasterMenu(self.menu_name, action)
            action.deleteLater()
        self.actions = []
        if self.toolbar_action is not None:
            self.iface.removeToolBarIcon(self.toolbar_action)
            self.toolbar_action.deleteLater()
            self.toolbar_action = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator()
