"""Runs inside QGIS desktop (`qgis --code tests/desktop_session.py`, started by tests/test_desktop.py).

It drives the plugin as a user would: the toolbar button opens leaf:estimate's dialog, the stack and output are
filled in, Run is pressed; then it reads the layer tree, the LEAF menu, the Settings and dependency dialogs,
unloads the plugin, takes screenshots and writes a JSON report for the test to assert on. Parameters come from
the JSON file named by LEAF_DESKTOP_PARAMS: stack, output, report, screenshots (folder), deadline_s and, optionally,
dialog_parameters (the Estimate dialog's fields instead of the stack and output).

Every step runs from a timer so the event loop keeps going (the Processing dialog is modal); a watchdog writes
the report and quits when the deadline passes, so QGIS never hangs the test run.
"""

import json
import os
import sys
import traceback

from qgis.core import (
    QgsApplication,
    QgsLayerTreeGroup,
    QgsPalettedRasterRenderer,
    QgsProject,
    QgsSingleBandPseudoColorRenderer,
)
from qgis.PyQt.QtCore import QObject, QPoint, QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

from leaf_qgis.compat import QAction  # the plugin's folder is on QGIS's sys.path

PARAMS = json.load(open(os.environ["LEAF_DESKTOP_PARAMS"], encoding="utf-8"))
REPORT = {"steps": [], "errors": [], "screenshots": {}}
_timers = []   # keep Python timer objects alive while they run


def later(ms, fn):
    """Run fn after ms milliseconds; an exception ends the session with a report instead of a hung QGIS."""
    def guarded():
        try:
            fn()
        except Exception:  # noqa: BLE001 (reported, then QGIS quits)
            REPORT["errors"].append(traceback.format_exc())
            finish(2)
    QTimer.singleShot(ms, guarded)


def poll(every_ms, condition, then, label):
    """Call condition() every every_ms until it returns true, then run then() (both guarded as in later)."""
    timer = QTimer()
    timer.setInterval(every_ms)
    _timers.append(timer)

    def tick():
        try:
            if condition():
                timer.stop()
                REPORT["steps"].append(label)
                then()
        except Exception:  # noqa: BLE001
            timer.stop()
            REPORT["errors"].append(traceback.format_exc())
            finish(2)
    timer.timeout.connect(tick)
    timer.start()


def screenshot(widget, name):
    path = os.path.join(PARAMS["screenshots"], name + ".png")
    ok = widget.grab().save(path)
    REPORT["screenshots"][name] = path if ok else None


def finish(code=0):
    with open(PARAMS["report"], "w", encoding="utf-8") as f:
        json.dump(REPORT, f, indent=1)
    sys.stdout.flush()
    os._exit(code)   # no "save project?" prompt, no teardown crash: the report is all the test needs


def watchdog():
    modal = QApplication.activeModalWidget()
    REPORT["errors"].append("deadline of %ss passed after steps %s; modal window: %s" % (
        PARAMS["deadline_s"], REPORT["steps"], modal.windowTitle() if modal else None))
    screenshot(iface.mainWindow(), "timeout_main_window")
    if modal is not None:
        screenshot(modal, "timeout_modal")
    finish(3)


def action(name):
    return iface.mainWindow().findChild(QAction, name)


def leaf_menu():
    """The LEAF submenu of the Raster menu, or None."""
    for a in iface.rasterMenu().actions():
        if a.menu() is not None and a.menu().title().replace("&", "") == "LEAF":
            return a.menu()
    return None


def top_level(predicate):
    return next((w for w in QApplication.topLevelWidgets() if w.isVisible() and predicate(w)), None)


# ------------------------------------------------------------------------------------------------------- steps

def start():
    import qgis.utils
    window = iface.mainWindow()
    window.resize(1280, 800)
    REPORT["plugin_active"] = "leaf_qgis" in qgis.utils.active_plugins
    REPORT["sys_path_0"] = sys.path[0]
    try:
        import leafdemo_preinstalled  # placed in <profile>/leaf_qgis/python by the test
        REPORT["preinstalled_import"] = leafdemo_preinstalled.__file__
    except ImportError as e:
        REPORT["preinstalled_import"] = "ImportError: %s" % e
    menu = leaf_menu()
    REPORT["menu"] = [(a.objectName(), a.text()) for a in menu.actions()] if menu else None
    tb = action("leaf_toolbar_estimate")
    REPORT["toolbar"] = bool(tb) and tb in iface.pluginToolBar().actions()
    REPORT["provider"] = QgsApplication.processingRegistry().providerById("leaf") is not None
    menu.popup(window.mapToGlobal(window.rect().topLeft()) + QPoint(420, 30))

    def menu_shown():
        screenshot(menu, "desktop_menu")
        menu.hide()
        # the toolbar button opens the estimate dialog (modal): the next step finds it while it is open
        poll(200, lambda: estimate_dialog() is not None, fill_and_run, "estimate dialog open")
        later(0, tb.trigger)
    later(300, menu_shown)


def estimate_dialog():
    return top_level(lambda w: hasattr(w, "algorithm") and callable(w.algorithm)
                     and w.algorithm() is not None and w.algorithm().id() == "leaf:estimate")


def fill_and_run():
    dlg = estimate_dialog()
    REPORT["dialog_title"] = dlg.windowTitle()
    REPORT["encoding_default"] = dlg.algorithm().parameterDefinition("ENCODING").defaultValue()
    # the dialog's fields: the stack and output, or the test's own (e.g. an Earth Engine run)
    dlg.setParameters(PARAMS.get("dialog_parameters") or {"INPUT": PARAMS["stack"], "OUTPUT": PARAMS["output"]})
    dlg.resize(900, 640)
    screenshot(dlg, "desktop_estimate_dialog")
    state = {}
    dlg.algorithmFinished.connect(lambda ok, results: state.update(ok=ok, results=dict(results)))
    dlg.runAlgorithm()

    def done():
        REPORT["run_ok"] = state["ok"]
        REPORT["results"] = {k: str(v) for k, v in state["results"].items()}
        log = dlg.findChild(QObject, "txtLog")   # the dialog's Log tab, for a failure's reason
        REPORT["log"] = log.toPlainText()[-3000:] if log is not None and hasattr(log, "toPlainText") else None
        dlg.close()   # the toolbar's exec() returns
        later(300, check_project)
    poll(200, lambda: "ok" in state, done, "estimate finished")


def check_project():
    root = QgsProject.instance().layerTreeRoot()
    groups = [n for n in root.children() if isinstance(n, QgsLayerTreeGroup) and n.name().startswith("LEAF ")]
    REPORT["groups"] = []
    for g in groups:
        layers = []
        for node in g.findLayers():
            lyr = node.layer()
            r = lyr.renderer()
            info = {"name": lyr.name(), "source": lyr.source(), "renderer": r.type(), "valid": lyr.isValid()}
            if isinstance(r, QgsSingleBandPseudoColorRenderer):
                info.update(band=r.band(), min=r.classificationMin(), max=r.classificationMax())
            if isinstance(r, QgsPalettedRasterRenderer):
                info["classes"] = [c.value for c in r.classes()]
            layers.append(info)
        REPORT["groups"].append({"name": g.name(), "layers": layers})
    REPORT["root_layers"] = [n.name() for n in root.children() if not isinstance(n, QgsLayerTreeGroup)]
    est = next((node.layer() for g in groups for node in g.findLayers()
                if node.layer().source() == PARAMS["output"]), None)
    canvas = iface.mapCanvas()
    if est is not None:
        canvas.setDestinationCrs(est.crs())
        canvas.setExtent(est.extent())
        canvas.refresh()
    poll(200, lambda: not canvas.isDrawing(), main_screenshot, "canvas drawn")


def main_screenshot():
    later(500, lambda: (screenshot(iface.mainWindow(), "desktop_estimate"), later(0, settings_dialog)))


def settings_dialog():
    """Settings from the LEAF menu (modal): choose the uint8 encoding and OK; leaf:estimate must then offer it."""
    poll(200, lambda: top_level(lambda w: w.objectName() == "LeafSettingsDialog") is not None, fill_settings,
         "settings dialog open")
    later(0, action("leaf_menu_settings").trigger)


def fill_settings():
    dlg = top_level(lambda w: w.objectName() == "LeafSettingsDialog")
    REPORT["credentials_text"] = dlg.credentials.text()
    dlg.ee_project.setText("leaf-demo-project")
    screenshot(dlg, "desktop_settings")
    dlg.encoding.setCurrentIndex(1)
    dlg.accept()

    def after():
        alg = QgsApplication.processingRegistry().createAlgorithmById("leaf:estimate")
        REPORT["encoding_default_after_settings"] = alg.parameterDefinition("ENCODING").defaultValue()
        from leaf_qgis import settings
        REPORT["ee_project_setting"] = settings.ee_project()
        dependencies_dialog()
    later(200, after)


def dependencies_dialog():
    action("leaf_menu_dependencies").trigger()   # not modal
    dlg = top_level(lambda w: w.objectName() == "LeafDependenciesDialog")
    REPORT["dependencies"] = [
        {"dist": st.package.dist, "importable": st.importable, "version": st.version, "pinned": st.pinned,
         "install_enabled": dlg.install_button(st.package.dist).isEnabled()} for st in dlg.statuses]
    REPORT["dependencies_python"] = dlg.python
    screenshot(dlg, "desktop_dependencies")
    dlg.reject()
    later(200, unload)


def unload():
    import qgis.utils
    qgis.utils.unloadPlugin("leaf_qgis")

    def after():
        REPORT["after_unload"] = {
            "menu": leaf_menu() is not None,
            "toolbar": any(a.objectName() == "leaf_toolbar_estimate" for a in iface.pluginToolBar().actions()),
            "actions": [a.objectName() for a in iface.mainWindow().findChildren(QAction)
                        if a.objectName().startswith("leaf_")],
            "provider": QgsApplication.processingRegistry().providerById("leaf") is not None,
        }
        REPORT["steps"].append("unloaded")
        finish(0)
    later(300, after)


QTimer.singleShot(int(PARAMS["deadline_s"] * 1000), watchdog)
later(500, start)
