"""leaf:installnetworks and leaf:listnetworks: manage the published networks cached in the user's profile."""

import os

from qgis.core import (
    QgsProcessingOutputFolder,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..compat import FILE_FOLDER
from ..engine.algorithm import load_algorithms
from ..engine.catalog import ENV_BASE_URL, load_catalog
from ..engine.errors import LeafError
from ..settings import network_base_url, network_cache_dir, network_store
from .base import LeafAlgorithm


class InstallNetworksAlgorithm(LeafAlgorithm):
    NAME = "installnetworks"
    GROUP_ID = "networks"

    def displayName(self):  # noqa: N802
        return self.tr("Install networks")

    def group(self):
        return self.tr("Networks")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "<p>Downloads the published network files an algorithm needs from their upstream repositories at the "
            "commits pinned in the plugin's catalog, refuses any file whose sha256 differs from the catalog, converts "
            "the networks to TensorFlow Lite and caches them in your QGIS profile. leaf:estimate does this by itself on "
            "first use; run this tool to install ahead of time or offline.</p>"
            "<p><b>Offline</b>: give a zip file or a folder that holds the network files (any layout: they are found by "
            "checksum). <b>Base URL</b>: a mirror laid out as &lt;owner&gt;/&lt;repo&gt;/&lt;commit&gt;/&lt;path&gt;; "
            "the environment variable %s overrides it and the plugin setting.</p>") % ENV_BASE_URL

    def initAlgorithm(self, config=None):  # noqa: N802
        self._ids = sorted(load_algorithms())
        self.addParameter(QgsProcessingParameterEnum("ALGORITHM", self.tr("Algorithm"), options=self._ids, defaultValue=0))
        self.addParameter(QgsProcessingParameterFile("SOURCE_ZIP", self.tr("Install from a zip file (offline)"),
                                                     extension="zip", optional=True))
        self.addParameter(QgsProcessingParameterFile("SOURCE_FOLDER", self.tr("Install from a folder (offline)"),
                                                     behavior=FILE_FOLDER, optional=True))
        self.addParameter(QgsProcessingParameterString("BASE_URL", self.tr("Download base URL (empty: setting or default)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterBoolean("FORCE", self.tr("Reinstall even if already installed"),
                                                        defaultValue=False))
        self.addOutput(QgsProcessingOutputFolder("FOLDER", self.tr("Installed networks folder")))

    def execute(self, parameters, context, feedback):
        alg = load_algorithms()[sorted(load_algorithms())[self.parameterAsEnum(parameters, "ALGORITHM", context)]]
        source = (self.parameterAsFile(parameters, "SOURCE_ZIP", context)
                  or self.parameterAsFile(parameters, "SOURCE_FOLDER", context) or None)
        if source and not os.path.exists(source):   # not silently ignored when the networks are installed already
            raise LeafError("The network source %s does not exist." % source)
        base_url = self.parameterAsString(parameters, "BASE_URL", context) or network_base_url()
        store = network_store()
        installed = store.installed(alg)
        if installed is not None and not self.parameterAsBoolean(parameters, "FORCE", context):
            feedback.pushInfo(self.tr("The networks of {0} are already installed in {1}.").format(alg.id, installed.folder))
            return {"FOLDER": installed.folder}
        installed = store.install(alg, base_url=base_url, source=source, log=self.log(feedback),
                                  is_canceled=feedback.isCanceled)
        return {"FOLDER": installed.folder}


class ListNetworksAlgorithm(LeafAlgorithm):
    NAME = "listnetworks"
    GROUP_ID = "networks"

    def displayName(self):  # noqa: N802
        return self.tr("List algorithms and networks")

    def group(self):
        return self.tr("Networks")

    def shortHelpString(self):  # noqa: N802
        return self.tr("<p>Lists every algorithm the plugin knows, whether its networks are installed, and the "
                       "catalog files behind it (URL, sha256). Output: a text report and the cache folder.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addOutput(QgsProcessingOutputString("REPORT", self.tr("Report")))
        self.addOutput(QgsProcessingOutputFolder("CACHE_DIR", self.tr("Network cache folder")))

    def execute(self, parameters, context, feedback):
        store = network_store()
        catalog = load_catalog()
        base_url = network_base_url()
        lines = [self.tr("Network cache: {0}").format(network_cache_dir()),
                 self.tr("Download base URL: {0}").format(base_url)]
        for alg in load_algorithms().values():
            inst = store.installed(alg)
            state = self.tr("installed in {0}").format(inst.folder) if inst else self.tr("not installed")
            lines.append("%s — %s: %s" % (alg.id, alg.name, state))
            for cid in alg.catalog_ids():
                e = catalog.get(cid)
                if e is None:
                    lines.append("    " + self.tr("{0}: not in the catalog").format(cid))
                    continue
                for f in e.files:
                    lines.append("    %s  %s  sha256 %s" % (e.kind, e.url(base_url, f), f.sha256))
        for line in lines:
            feedback.pushInfo(line)
        return {"REPORT": "\n".join(lines), "CACHE_DIR": network_cache_dir()}
