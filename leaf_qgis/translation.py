"""Translation helpers: every user-facing string goes through tr(); the .qm file follows QGIS's locale.

The strings live in one context, "leaf_qgis" (scripts/i18n_extract.py collects them into i18n/*.ts; make
translations compiles the .qm files). The engine stays free of Qt: its LeafError messages are English and
translate_error() translates them where they reach the user, by matching them against the engine's message
templates (i18n/error_templates.json, written by the extractor) and translating the template.
"""

import json
import os
import re

from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .resources import resource_dir

CONTEXT = "leaf_qgis"
_translator = None
_language = None
_error_patterns = None


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def tr_noop(text: str) -> str:
    """Marks a string for extraction where it is defined; translate it with tr(variable) where it is used."""
    return text


def current_language() -> str:
    """Two-letter language of QGIS's user interface, as QGIS itself chooses it: the locale of Settings >
    Options > General when "Override system locale" is on (locale/overrideFlag, locale/userLocale), else the
    system locale (LC_ALL / LC_MESSAGES / LANG)."""
    from qgis.core import QgsSettings
    settings = QgsSettings()
    code = ""
    if settings.value("locale/overrideFlag", False, type=bool):
        code = settings.value("locale/userLocale", "", type=str) or ""
    if not code:
        code = QLocale.system().name()
        if code in ("C", ""):   # Qt found none: the first of what the system locale is made of
            code = next((os.environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(v)), "")
    code = (code or "en").split(".")[0].replace("-", "_")
    return "en" if code in ("C", "POSIX") else code[:2].lower()


def install_translator(language: str = None) -> bool:
    """Load i18n/leaf_qgis_<language>.qm (default: current_language()) into the application; idempotent.
    True if a translation is installed afterwards."""
    global _translator, _language
    language = language or current_language()
    if _translator is not None:
        if language == _language:
            return True
        remove_translator()
    try:
        path = os.path.join(resource_dir("i18n"), "leaf_qgis_%s.qm" % language)
    except FileNotFoundError:
        return False
    if not os.path.isfile(path):
        return False
    translator = QTranslator()
    if not translator.load(path):
        return False
    QCoreApplication.installTranslator(translator)
    _translator, _language = translator, language
    return True


def remove_translator():
    """Back to English (tests, and plugin unload)."""
    global _translator, _language
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
    _translator, _language = None, None


def installed_language():
    """The language of the installed translation, or None."""
    return _language


# ------------------------------------------------------------------------------------------ engine errors

_CONVERSION = re.compile(r"%(?:\((?P<name>\w+)\))?[-+#0]*(?:\d+|\*)?(?:\.\d+)?(?P<type>[sdirfFgGeExXoc%])")
_NUMBER = r"[-+]?(?:\d[\d.]*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)"
_GROUP = {"s": r"(.*?)", "r": r"(.*?)", "d": r"([-+]?\d+)", "i": r"([-+]?\d+)", "c": r"(.)",
          "x": r"([0-9a-f]+)", "X": r"([0-9A-F]+)", "o": r"([0-7]+)"}


def template_pattern(template: str):
    """A regex that matches a %-formatted message of the template, capturing each value."""
    out, pos = [], 0
    for m in _CONVERSION.finditer(template):
        out.append(re.escape(template[pos:m.start()]))
        kind = m.group("type")
        out.append("%" if kind == "%" else _GROUP.get(kind, "(" + _NUMBER + ")"))
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def fill_template(template: str, values) -> str:
    """The template with its conversions replaced, in order, by already formatted values ('%%' -> '%')."""
    it = iter(values)

    def sub(m):
        return "%" if m.group("type") == "%" else next(it, m.group(0))
    return _CONVERSION.sub(sub, template)


def _placeholders(template: str):
    return [m.group(0) for m in _CONVERSION.finditer(template) if m.group("type") != "%"]


def _patterns():
    """[(regex, template)] of the engine's error templates, the most literal text first."""
    global _error_patterns
    if _error_patterns is None:
        try:
            with open(os.path.join(resource_dir("i18n"), "error_templates.json"), encoding="utf-8") as f:
                templates = json.load(f)
        except (OSError, ValueError, FileNotFoundError):
            templates = []
        # positional conversions only (a translation keeps their order), and enough literal text to be specific
        templates = [t for t in templates if "%(" not in t and len(_CONVERSION.sub("", t).strip()) >= 8]
        templates.sort(key=lambda t: -len(_CONVERSION.sub("", t)))
        _error_patterns = [(template_pattern(t), t) for t in templates]
    return _error_patterns


def translate_error(message: str, _depth: int = 0) -> str:
    """An engine (LeafError) message in the user's language: the translation of its template with the
    message's own values (themselves translated when they are engine messages, e.g. a wrapped cause).
    Unknown messages, and every message when no translation is installed, are returned unchanged."""
    if _translator is None or not message:
        return message
    for pattern, template in _patterns():
        m = pattern.match(message)
        if m is None:
            continue
        translated = tr(template)
        if translated == template:
            return message
        values = [v if _depth > 1 else translate_error(v, _depth + 1) for v in m.groups()]
        if len(_placeholders(translated)) != len(values):
            return message   # a damaged translation: better English than a wrong sentence
        return fill_template(translated, values)
    return message
