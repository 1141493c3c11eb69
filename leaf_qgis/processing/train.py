# SPDX-License-Identifier: GPL-2.0-or-later
"""leaf:train: a sensor's band responses (+ a calibration) -> PROSAIL simulations -> SL2P-style networks,
installed as an algorithm that leaf:estimate uses at once. The engine is leaf_qgis.training.usertrain."""

import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputFolder,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..compat import NUMBER_DOUBLE, NUMBER_INTEGER, PARAMETER_ADVANCED
from ..engine.algorithm import ENV_USER_ALGORITHMS
from ..settings import network_cache_dir, user_algorithms_dir
from .base import LeafAlgorithm

# the variables leaf:train can simulate (training.usertrain.TRAINABLE_VARIABLES, spelled here so that loading
# the provider imports nothing of the training package)
TRAINABLE = ["LAI", "fAPAR", "fCOVER", "CCC", "CWC", "Albedo"]
DEFAULT_VARIABLES = [0, 1, 2]


def target_algorithms_dir() -> str:
    """Where trained definitions go: $LEAF_QGIS_ALGORITHMS_DIR, else <profile>/leaf_qgis/algorithms."""
    return os.environ.get(ENV_USER_ALGORITHMS) or user_algorithms_dir()


class TrainAlgorithm(LeafAlgorithm):
    NAME = "train"
    GROUP_ID = "networks"

    def displayName(self):  # noqa: N802
        return self.tr("Train networks for a sensor (PROSAIL, SL2P recipe)")

    def group(self):
        return self.tr("Networks")

    def tags(self):
        return self.tr("train,PROSAIL,SL2P,neural network,sensor,spectral response,LAI,fAPAR,fCOVER").split(",")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "<p>Builds SL2P-style networks for your own sensor and installs them as an algorithm that "
            "<i>Estimate biophysical variables</i> (leaf:estimate) offers at once. PROSAIL (PROSPECT-5 + 4SAIL) "
            "simulates canopies whose inputs are drawn from the calibration's laws; each spectrum is integrated "
            "through your band responses, the calibration's sensor noise is added, and per variable an estimate "
            "network and an uncertainty network (5 tansig neurons each, Levenberg–Marquardt, 70/15/15 % "
            "training/validation/held-out split) are trained, with the input-domain codes of the simulations.</p>"
            "<h3>Inputs</h3><ul>"
            "<li><b>Band responses</b>: a CSV table with a wavelength column in nm (named <i>wavelength</i> or "
            "<i>wavelength_nm</i>, increasing) and one column per band holding its relative spectral response "
            "(≥ 0); the column headers are the band names your stacks must carry (e.g. RED, NIR). Bands must lie in "
            "400–2500 nm; any sampling step (it is interpolated to 1 nm).</li>"
            "<li><b>Calibration</b> (optional): a leaf_qgis calibration JSON file or the CSV export of an SL2P "
            "workbook's Canopy_Atmos_Class_1 sheet (its …__Sensor.csv beside it gives the noise model). Default: "
            "the SL2P Sentinel-2 calibration of the LEAF Toolbox, the one this plugin's own networks use.</li>"
            "<li><b>Algorithm id</b> and name; <b>Sensor</b>: the LEAF_SENSOR value(s) of your stacks, comma-"
            "separated; <b>Resolution</b> (m) the networks are meant for; <b>Variables</b> (default LAI, fAPAR, "
            "fCOVER); <b>Overwrite</b> an algorithm trained before with the same id.</li>"
            "<li>Advanced: number of <b>simulations</b> (0: the calibration's sampling plan, 41 472 for SL2P, "
            "about a minute per 30 000 on one core), random <b>seed</b> (same inputs and seed: same networks), "
            "sun zenith range and maximum view zenith (degrees).</li></ul>"
            "<h3>Outputs</h3><p>The algorithm definition in your profile's leaf_qgis/algorithms folder, its "
            "networks (LEAF CSV tables) in algorithms/networks/&lt;id&gt; and the installed networks in the network "
            "cache; outputs of leaf:estimate made with them say <i>trained by the user with leaf_qgis leaf:train</i> "
            "in LEAF_NETWORKS with the seed, number of simulations, sha256 of the response table and the "
            "calibration. <b>Report</b>: HTML (or text, for a .txt name) with the held-out RMSE and bias per "
            "variable in its unit (LAI m²/m²; fAPAR, fCOVER, albedo unitless; CCC µg/cm²; CWC g/cm²).</p>"
            "<p>Needs the optional Python packages prosail and numba.</p>"
            "<h3>References</h3><p>Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. "
            "Jacquemoud S. et al. (2009) PROSPECT + SAIL models: a review of use for vegetation characterization. "
            "Remote Sensing of Environment 113:S56–S66.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            "RESPONSES", self.tr("Band responses (CSV: wavelength in nm, one column per band)"),
            fileFilter=self.tr("CSV files (*.csv *.txt);;All files (*.*)")))
        self.addParameter(QgsProcessingParameterFile(
            "CALIBRATION", self.tr("Calibration (JSON or Canopy_Atmos_Class_1 CSV; empty: SL2P Sentinel-2)"),
            optional=True, fileFilter=self.tr("Calibration files (*.json *.csv);;All files (*.*)")))
        self.addParameter(QgsProcessingParameterString("ID", self.tr("Algorithm id (e.g. MYSAT_20M)")))
        self.addParameter(QgsProcessingParameterString("NAME", self.tr("Algorithm name (empty: from the id)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString(
            "SENSOR", self.tr("Sensor: the LEAF_SENSOR value(s) of the stacks, comma-separated")))
        self.addParameter(QgsProcessingParameterEnum(
            "VARIABLES", self.tr("Variables"), options=TRAINABLE, allowMultiple=True, defaultValue=DEFAULT_VARIABLES))
        self.addParameter(QgsProcessingParameterNumber(
            "RESOLUTION", self.tr("Resolution the networks are meant for (m)"), NUMBER_DOUBLE,
            defaultValue=20.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(
            "OVERWRITE", self.tr("Overwrite an algorithm trained before with this id"), defaultValue=False))
        advanced = [
            QgsProcessingParameterNumber("SIMULATIONS", self.tr("PROSAIL simulations (0: the calibration's plan)"),
                                         NUMBER_INTEGER, defaultValue=0, minValue=0,
                                         maxValue=1000000),
            QgsProcessingParameterNumber("SEED", self.tr("Random seed"), NUMBER_INTEGER,
                                         defaultValue=7, minValue=0),
            QgsProcessingParameterNumber("SZA_MIN", self.tr("Smallest sun zenith angle simulated (degrees)"),
                                         NUMBER_DOUBLE, defaultValue=21.0, minValue=0,
                                         maxValue=89),
            QgsProcessingParameterNumber("SZA_MAX", self.tr("Largest sun zenith angle simulated (degrees)"),
                                         NUMBER_DOUBLE, defaultValue=70.0, minValue=0,
                                         maxValue=89),
            QgsProcessingParameterNumber("VZA_MAX", self.tr("Largest view zenith angle simulated (degrees)"),
                                         NUMBER_DOUBLE, defaultValue=17.0, minValue=0,
                                         maxValue=89),
        ]
        for p in advanced:
            p.setFlags(p.flags() | PARAMETER_ADVANCED)
            self.addParameter(p)
        self.addParameter(QgsProcessingParameterFileDestination(
            "REPORT", self.tr("Training report"), fileFilter=self.tr("HTML files (*.html);;Text files (*.txt)"),
            optional=True, createByDefault=True))
        self.addOutput(QgsProcessingOutputString("ALGORITHM_ID", self.tr("Algorithm id")))
        self.addOutput(QgsProcessingOutputFolder("FOLDER", self.tr("Networks folder")))

    def execute(self, parameters, context, feedback):
        from ..training.simulate import SPECTRA_SZA, Geometry
        from ..training.usertrain import train_sensor, write_report
        sza = (self.parameterAsDouble(parameters, "SZA_MIN", context),
               self.parameterAsDouble(parameters, "SZA_MAX", context))
        if sza[0] >= sza[1]:
            raise QgsProcessingException(self.tr("The smallest sun zenith angle must be below the largest."))
        variables = None   # QGIS turns an empty optional multiple enum into [0]: test the raw value first
        if parameters.get("VARIABLES") not in (None, "", []):
            variables = [TRAINABLE[i] for i in self.parameterAsEnums(parameters, "VARIABLES", context)]
        report_path = None
        if parameters.get("REPORT") not in (None, ""):
            report_path = self.parameterAsFileOutput(parameters, "REPORT", context) or None
        result = train_sensor(
            self.parameterAsFile(parameters, "RESPONSES", context),
            calibration=self.parameterAsFile(parameters, "CALIBRATION", context) or None,
            algorithm_id=self.parameterAsString(parameters, "ID", context).strip(),
            name=self.parameterAsString(parameters, "NAME", context).strip(),
            sensors=self.parameterAsString(parameters, "SENSOR", context).replace(";", ",").split(","),
            resolution_m=self.parameterAsDouble(parameters, "RESOLUTION", context),
            variables=variables or [TRAINABLE[i] for i in DEFAULT_VARIABLES],
            n_simulations=self.parameterAsInt(parameters, "SIMULATIONS", context) or None,
            seed=self.parameterAsInt(parameters, "SEED", context),
            geometry=Geometry(sza, (0.0, self.parameterAsDouble(parameters, "VZA_MAX", context)),
                                  spectra_sza=SPECTRA_SZA),
            algorithms_dir=target_algorithms_dir(), cache_dir=network_cache_dir(),
            overwrite=self.parameterAsBoolean(parameters, "OVERWRITE", context),
            other_outputs=[report_path] if report_path else [],
            progress=lambda f: feedback.setProgress(100.0 * f), is_canceled=feedback.isCanceled,
            log=self.log(feedback))
        for v, roles in result.report["networks"].items():
            feedback.pushInfo(self.tr("{0}: held-out RMSE {1:.4g}, bias {2:.3g}").format(
                v, roles["estimate"]["test_rmse"], roles["estimate"]["test_bias"]))
        out = {"ALGORITHM_ID": result.algorithm_id, "FOLDER": result.networks_folder}
        if report_path:
            write_report(report_path, result)
            out["REPORT"] = report_path
        return out
