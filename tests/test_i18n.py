"""French translation: the extractor, the i18n/leaf_qgis_fr.ts catalogue (complete, placeholders kept, lrelease
clean), the language choice (LANG and QGIS's locale setting), qgis_process in French and engine errors translated
with their values.

Every test that installs the French translator removes it again: the other tests expect English messages.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import i18n_extract  # noqa: E402

TS = REPO / "i18n" / "leaf_qgis_fr.ts"
LRELEASE = shutil.which("lrelease")
# %-conversions (positional ones must keep their order) and str.format fields
PERCENT = re.compile(r"%(?:\(\w+\))?[-+#0]*\d*(?:\.\d+)?[sdifgrxXeEc]|%%")
BRACES = re.compile(r"\{[^{}]*\}")
TAGS = re.compile(r"</?(?:p|b|i|h3|ul|li|br)\s*/?>")


@pytest.fixture(scope="module")
def extracted():
    messages, warnings = i18n_extract.extract()
    return messages


@pytest.fixture(scope="module")
def catalogue():
    return i18n_extract.read_ts(str(TS))


# ------------------------------------------------------------------------------------------------ extractor

SAMPLE = '''
from .errors import LeafError
MISSING = "The package x is " "missing."
class A:
    def name(self):
        return self.tr("Estimate "
                       "variables")
def f(path, n):
    QCoreApplication.translate("leaf_qgis", "Explicit context")
    QCoreApplication.translate("other", "Not ours")
    label = tr_noop("Marked for later")
    other.tr("Another object's tr")
    tr(label)
    tr("Joined " + "with plus")
    raise LeafError("The input %s has %d bands." % (path, n))
    raise LeafError("Plain sentence.")
    raise LeafError("Format {0} style.".format(path))
    raise LeafError(MISSING)
    raise LeafError(tr("Translated {0} where raised.").format(path))
    raise LeafError(make_message(path))
'''


def test_extractor_finds_every_form():
    found, warnings = i18n_extract.extract_source(SAMPLE, "sample.py")
    by_source = {s: e for s, _, e in found}
    assert by_source == {
        "Estimate variables": False, "Explicit context": False, "Marked for later": False,
        "Joined with plus": False, "The input %s has %d bands.": True, "Plain sentence.": True,
        "Format {0} style.": True, "The package x is missing.": True, "Translated {0} where raised.": False}
    line = SAMPLE.split("\n").index("    raise LeafError(make_message(path))") + 1
    assert warnings == ["sample.py:%d: LeafError message without a literal template (not translatable)" % line]


def test_extractor_keeps_translations_marks_obsolete_and_new(tmp_path):
    messages = {}
    for text in ("Kept", "New one"):
        messages[text] = i18n_extract.Message(text)
        messages[text].locations.append(("leaf_qgis/x.py", 3))
    existing = {"Kept": ("Conservé", None), "Gone": ("Disparu", None)}
    path = tmp_path / "leaf_qgis_fr.ts"
    path.write_text(i18n_extract.render_ts(messages, existing, "fr"), encoding="utf-8")
    again = i18n_extract.read_ts(str(path))
    assert again == {"Kept": ("Conservé", None), "New one": ("", "unfinished"), "Gone": ("Disparu", "obsolete")}
    if LRELEASE:   # valid TS: lrelease compiles it and counts only the current messages
        out = subprocess.run([LRELEASE, str(path), "-qm", str(tmp_path / "x.qm")], capture_output=True, text=True,
                             timeout=60)
        assert out.returncode == 0 and "Generated 1 translation(s) (1 finished and 0 unfinished)" in out.stdout


# ------------------------------------------------------------------------------------------------ catalogue

def test_catalogue_is_complete_and_current(extracted, catalogue):
    """Every user-facing string of the sources has a finished French translation (else: make translations,
    then translate the unfinished messages, see i18n/README.md)."""
    missing = [s for s in extracted if not catalogue.get(s, ("",))[0] or catalogue[s][1] is not None]
    assert not missing, "untranslated: %s" % missing[:5]
    assert len(extracted) > 400
    templates = json.loads((REPO / "i18n" / "error_templates.json").read_text(encoding="utf-8"))
    assert templates == i18n_extract.error_templates(extracted), "i18n/error_templates.json is stale"
    assert len(templates) > 150


def test_translations_keep_placeholders_and_tags(extracted, catalogue):
    bad = []
    for source in extracted:
        translation = catalogue[source][0]
        if (PERCENT.findall(source) != PERCENT.findall(translation)
                or sorted(BRACES.findall(source)) != sorted(BRACES.findall(translation))
                or sorted(TAGS.findall(source)) != sorted(TAGS.findall(translation))):
            bad.append(source)
    assert not bad, bad[:5]


def test_translations_use_the_terminology(catalogue):
    text = " ".join(t for t, _ in catalogue.values())
    for term in ("réflectance de surface", "angle zénithal solaire", "angle zénithal de visée", "azimut relatif",
                 "contrôle de qualité", "domaine d'entraînement", "réseaux de neurones", "couverture nuageuse",
                 "Série temporelle", "Mosaïque", "couverture terrestre", "albédo"):
        assert term.lower() in text.lower(), term
    # identifiers stay as they are
    for source, (translation, _) in catalogue.items():
        for ident in ("LEAF_SENSOR", "leaf:subset", "MTD_MSIL2A.xml", "QA_PIXEL", "EPSG:3979"):
            assert source.count(ident) == translation.count(ident), (ident, source)


@pytest.mark.skipif(not LRELEASE, reason="lrelease is not installed (make setup: qttools5-dev-tools)")
def test_lrelease_reports_no_unfinished(tmp_path, extracted):
    out = subprocess.run([LRELEASE, str(TS), "-qm", str(tmp_path / "leaf_qgis_fr.qm")], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    m = re.search(r"Generated (\d+) translation\(s\) \((\d+) finished and (\d+) unfinished\)", out.stdout)
    assert m, out.stdout
    assert int(m.group(3)) == 0 and int(m.group(1)) == int(m.group(2)) >= len(extracted)
    assert "untranslated" not in out.stdout


# ------------------------------------------------------------------------------------------------ run time

@pytest.fixture(scope="module")
def qm_file():
    """The .qm compiled from the committed .ts (make qm), where the plugin looks for it in the source tree."""
    if not LRELEASE:
        pytest.skip("lrelease is not installed (make setup: qttools5-dev-tools)")
    subprocess.run(["make", "-s", "qm"], cwd=REPO, check=True, capture_output=True, timeout=120)
    return REPO / "i18n" / "leaf_qgis_fr.qm"


@pytest.fixture
def qgis_locale_fr(qgis_app, qm_file):
    """QGIS's locale setting = fr (Settings > Options > General > Override system locale), the plugin's
    translator installed as the plugin does at start-up; both undone afterwards."""
    from qgis.core import QgsSettings

    from leaf_qgis import translation
    settings = QgsSettings()
    saved = {k: (settings.contains(k), settings.value(k)) for k in ("locale/overrideFlag", "locale/userLocale")}
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "fr_CA")
    try:
        assert translation.current_language() == "fr"
        assert translation.install_translator()
        yield translation
    finally:
        translation.remove_translator()
        for key, (present, value) in saved.items():
            if present:
                settings.setValue(key, value)
            else:
                settings.remove(key)


def test_language_follows_the_qgis_locale_setting(qgis_app):
    from qgis.core import QgsSettings

    from leaf_qgis import translation
    settings = QgsSettings()
    saved = {k: (settings.contains(k), settings.value(k)) for k in ("locale/overrideFlag", "locale/userLocale")}
    try:
        settings.setValue("locale/userLocale", "xx_YY")
        settings.setValue("locale/overrideFlag", False)     # QGIS then follows the system locale, so do we
        assert translation.current_language() != "xx"
        settings.setValue("locale/userLocale", "fr")
        settings.setValue("locale/overrideFlag", True)
        assert translation.current_language() == "fr"
        settings.setValue("locale/userLocale", "en_CA")
        assert translation.current_language() == "en"
        assert not translation.install_translator()      # no English catalogue: the source strings are English
        assert translation.installed_language() is None
    finally:
        for key, (present, value) in saved.items():
            if present:
                settings.setValue(key, value)
            else:
                settings.remove(key)


def test_provider_algorithms_are_french(qgis_locale_fr, catalogue):
    from qgis.core import QgsApplication
    provider = QgsApplication.processingRegistry().providerById("leaf")
    french = {a.id(): (a.displayName(), a.group(), a.shortHelpString()) for a in provider.algorithms()}
    assert french["leaf:estimate"][0] == "Estimer les variables biophysiques (SL2P)"
    assert "<h3>Sorties</h3>" in french["leaf:estimate"][2] and "<h3>Outputs</h3>" not in french["leaf:estimate"][2]
    assert french["leaf:mosaic"][0].startswith("Mosaïque")
    assert french["leaf:timeseries"][0] == "Série temporelle des variables biophysiques (SL2P)"
    assert "Toolbox (variables biophysiques" in provider.longName()
    # parameters are made when an algorithm is created: in French once the translator is installed
    alg = QgsApplication.processingRegistry().createAlgorithmById("leaf:estimate")
    labels = {p.name(): p.description() for p in alg.parameterDefinitions()}
    assert labels["INPUT"] == "Pile prête à l'analyse"
    assert labels["SZA"] == "Angle zénithal solaire, si la pile n'a pas cette bande (degrés)"
    assert labels["RESAMPLING"] == "Rééchantillonnage de la réflectance"
    assert alg.parameterDefinition("ALGORITHM").options()[0].startswith("Automatique")
    qgis_locale_fr.remove_translator()
    english = {a.id(): (a.displayName(), a.group(), a.shortHelpString()) for a in provider.algorithms()}
    assert english["leaf:estimate"][0] == "Estimate biophysical variables (SL2P)"
    for alg_id, (name, group, help_text) in french.items():
        assert name != english[alg_id][0], alg_id
        assert catalogue[english[alg_id][0]][0] == name and catalogue[english[alg_id][1]][0] == group
        if english[alg_id][2]:
            assert help_text != english[alg_id][2], alg_id


def _expected_french(english_message, catalogue):
    """The French message from the catalogue itself: the template the English message was made from,
    translated, with the same values."""
    from leaf_qgis.translation import fill_template, template_pattern
    templates = json.loads((REPO / "i18n" / "error_templates.json").read_text(encoding="utf-8"))
    for template in sorted(templates, key=lambda t: -len(PERCENT.sub("", t))):
        m = template_pattern(template).match(english_message)
        if m:
            return fill_template(catalogue[template][0], m.groups())
    raise AssertionError("no template matches %r" % english_message)


def test_engine_error_through_a_tool_is_french(qgis_locale_fr, catalogue, tmp_path):
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback
    bad = tmp_path / "S2A_MSIL2A_20200701T160911_N0214_R140_T17TNJ_20200701T201533.zip"
    bad.write_bytes(b"PK\x03\x04 this is not a whole zip archive")

    def error():
        alg = QgsApplication.processingRegistry().createAlgorithmById("leaf:estimate")
        with pytest.raises(QgsProcessingException) as info:
            alg.processAlgorithm({"PRODUCT": str(bad), "OUTPUT": str(tmp_path / "o.tif")}, QgsProcessingContext(),
                                 QgsProcessingFeedback())
        return str(info.value)

    french = error()
    qgis_locale_fr.remove_translator()
    english = error()
    assert str(bad) in english and str(bad) in french
    assert french != english
    assert french == _expected_french(english, catalogue), (english, french)
    assert not any(w in french.split() for w in ("The", "is", "not", "or"))


def test_translate_error_values_and_pass_through(qgis_locale_fr):
    t = qgis_locale_fr
    assert (t.translate_error("The raster a b.tif has no overlap with the area -1.5, 2.0, 3.0, 4.0.")
            == "Le raster a b.tif ne recoupe pas la zone -1.5, 2.0, 3.0, 4.0.")
    assert (t.translate_error("None of the 3 products was acquired between 2020-06-01 and 2020-06-30 "
                              "(their dates: 2020-07-02).")
            == "Aucun des 3 produits n'a été acquis entre 2020-06-01 et 2020-06-30 (leurs dates : 2020-07-02).")
    assert (t.translate_error("Unknown output encoding 'int8' (float32 or leaf-uint8).")
            == "Encodage de sortie 'int8' inconnu (float32 ou leaf-uint8).")
    # a wrapped engine message is translated too
    assert (t.translate_error("Could not write /o.tif: The folder /x does not exist..")
            == "Impossible d'écrire /o.tif : Le dossier /x n'existe pas..")
    for unknown in ("Something else entirely.", "", "The input"):
        assert t.translate_error(unknown) == unknown
    t.remove_translator()
    assert t.translate_error("The input /a.tif does not exist.") == "The input /a.tif does not exist."


# ------------------------------------------------------------------------------------------------ qgis_process

from test_qgis_process import QGIS_PROCESS, qgis_env  # noqa: E402


@pytest.mark.skipif(not shutil.which("qgis_process.bin") and not Path(QGIS_PROCESS).exists(),
                    reason="qgis_process.bin is not installed (make setup)")
def test_qgis_process_in_french(plugin_zip, qgis_config, tmp_path):  # noqa: F811
    import zipfile
    assert "leaf_qgis/i18n/leaf_qgis_fr.qm" in zipfile.ZipFile(plugin_zip).namelist()

    def run(*args, config=qgis_config, lang="fr_CA.UTF-8"):
        env = qgis_env(config, LANG=lang, LC_ALL="", LC_MESSAGES="", LANGUAGE="")
        out = subprocess.run([QGIS_PROCESS] + list(args), env=env, capture_output=True, text=True, timeout=300)
        return out.returncode, out.stdout + out.stderr

    _, text = run("help", "leaf:estimate")
    assert "Estimer les variables biophysiques (SL2P) (leaf:estimate)" in text, text[:500]
    assert "<h3>Sorties</h3>" in text and "INPUT: Pile prête à l'analyse" in text
    _, text = run("help", "leaf:estimate", lang="en_CA.UTF-8")
    assert "Estimate biophysical variables (SL2P) (leaf:estimate)" in text and "Pile" not in text

    # QGIS's own locale setting, whatever LANG says
    config = tmp_path / "config"
    shutil.copytree(qgis_config, config)
    ini = config / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    with open(ini, "a", encoding="utf-8") as f:
        f.write("\n[locale]\noverrideFlag=true\nuserLocale=fr\n")
    _, text = run("help", "leaf:timeseries", config=config, lang="en_US.UTF-8")
    assert "Série temporelle des variables biophysiques (SL2P) (leaf:timeseries)" in text, text[:500]

    # an engine error, with its values
    bad = tmp_path / "corrupt.tif"
    bad.write_bytes(b"II*\x00" + b"\x01" * 100)
    code, text = run("run", "leaf:estimate", "--", "INPUT=" + str(bad), "OUTPUT=" + str(tmp_path / "o.tif"))
    assert code != 0 and "Traceback" not in text
    assert "L'entrée %s n'est pas un raster que GDAL peut lire" % bad in text, text[-800:]
