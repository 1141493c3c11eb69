"""leaf:eetasks: the Earth Engine task monitor (list, status, cancel) and loading of finished exports."""

import csv
import json
import os

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsRasterLayer,
)

from ..engine import paths
from ..engine.errors import LeafError
from ..settings import ee_project, ee_service_account_key
from ..translation import tr_noop
from .base import LeafAlgorithm

ACTIONS = [("list", tr_noop("List the project's tasks")), ("status", tr_noop("Status of one task")),
           ("cancel", tr_noop("Cancel one task"))]
COLUMNS = ("id", "description", "state", "created", "updated", "destinations", "error")


class EarthEngineTasksAlgorithm(LeafAlgorithm):
    NAME = "eetasks"
    GROUP_ID = "earthengine"

    def displayName(self):  # noqa: N802
        return self.tr("Earth Engine tasks")

    def group(self):
        return self.tr("Earth Engine")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "<p>Follows the export tasks that leaf:estimate started on Google Earth Engine: lists the tasks of the "
            "Cloud project (id, description, state, times, destinations, error), shows one task's status, or cancels "
            "a pending or running task. The table is written to the optional CSV output and printed in the log.</p>"
            "<p><b>Load finished Cloud Storage outputs</b>: for tasks that succeeded with gs:// destinations, adds the "
            "files to the project through GDAL's /vsigs/ reader, which needs Google Cloud credentials that GDAL "
            "understands (GOOGLE_APPLICATION_CREDENTIALS or 'gcloud auth application-default login'). Drive exports "
            "appear in your Google Drive; asset exports in the project's assets.</p>"
            "<p>Credentials and project as for leaf:estimate (LEAF settings or EE_PROJECT).</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterEnum("ACTION", self.tr("Action"),
                                                     options=[self.tr(label) for _, label in ACTIONS], defaultValue=0))
        self.addParameter(QgsProcessingParameterString("TASK_ID", self.tr("Task id (status and cancel)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString("EE_PROJECT", self.tr("Google Cloud project for Earth Engine "
                                                                             "(empty: the LEAF settings)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterBoolean("LOAD", self.tr("Load finished Cloud Storage outputs"),
                                                        defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination("TABLE", self.tr("Task table"),
                                                                self.tr("CSV files (*.csv)"), optional=True,
                                                                createByDefault=False))
        self.addOutput(QgsProcessingOutputString("TASKS", self.tr("Tasks (JSON)")))
        self.addOutput(QgsProcessingOutputMultipleLayers("LOADED", self.tr("Loaded Cloud Storage outputs")))

    def execute(self, parameters, context, feedback):
        from ..gee import export, session
        action = ACTIONS[self.parameterAsEnum(parameters, "ACTION", context)][0]
        task_id = (self.parameterAsString(parameters, "TASK_ID", context) or "").strip()
        if action != "list" and not task_id:
            raise LeafError("Give the id of the task (TASK_ID) to show or cancel.")
        project = (self.parameterAsString(parameters, "EE_PROJECT", context) or "").strip() or ee_project()
        ee = session.connect(project, key_file=ee_service_account_key())
        if action == "list":
            tasks = export.list_tasks(ee, project)
        elif action == "status":
            tasks = [export.task_status(ee, task_id, project)]
        else:
            tasks = [export.cancel_task(ee, task_id, project)]
            feedback.pushInfo(self.tr("Cancel requested for task {0}; its state is now {1}.").format(
                task_id, tasks[0].state))
        for t in tasks:
            feedback.pushInfo("%s  %-10s %s %s%s" % (t.id, t.state, t.description, " ".join(t.destinations),
                                                     ("  " + t.error) if t.error else ""))
        if not tasks:
            feedback.pushInfo(self.tr("The project {0} has no Earth Engine tasks.").format(project))
        table = self.parameterAsFileOutput(parameters, "TABLE", context)
        if table:   # a temporary beside it, renamed when complete (the destination was checked against the inputs)
            tmp = paths.temporary_file(os.path.dirname(os.path.abspath(table)), os.path.basename(table), "partial",
                                       ".csv", self.log(feedback))
            try:
                with open(tmp, "w", newline="", encoding="utf-8") as f:
                    writer = csv.DictWriter(f, fieldnames=COLUMNS)
                    writer.writeheader()
                    for t in tasks:
                        writer.writerow(t.as_row())
                paths.commit(tmp, table)
            finally:
                paths.discard(tmp)
        loaded = []
        if self.parameterAsBoolean(parameters, "LOAD", context):
            for t in tasks:
                if t.state != "SUCCEEDED":
                    continue
                for uri in t.destinations:
                    path = export.gdal_path(uri)
                    if not path.startswith("/vsigs/"):
                        continue
                    # Processing loads files by path only when they exist locally: hand it the opened layer
                    layer = QgsRasterLayer(path, path.rsplit("/", 1)[-1], "gdal")
                    if not layer.isValid():
                        feedback.reportError(self.tr("GDAL could not open {0}; check the Google Cloud credentials "
                                                     "GDAL uses (GOOGLE_APPLICATION_CREDENTIALS).").format(uri))
                        continue
                    context.temporaryLayerStore().addMapLayer(layer)
                    context.addLayerToLoadOnCompletion(layer.id(), QgsProcessingContext.LayerDetails(
                        layer.name(), context.project(), "LOADED", QgsProcessingUtils.LayerHint.Raster))
                    loaded.append(path)
        return {"TASKS": json.dumps([t.as_row() for t in tasks]), "TABLE": table or None, "LOADED": loaded}
