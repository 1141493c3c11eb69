#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Extract the plugin's user-facing strings into Qt TS files (i18n/leaf_qgis_<lang>.ts), keeping translations.

Why not pylupdate5: it names the context after the enclosing class (EstimateAlgorithm, ...) while the plugin
translates everything in the single context "leaf_qgis" (translation.tr), it does not know the module-level
tr() helper, and it cannot collect the engine's error templates (LeafError("... %s ..." % x)), which the
plugin translates at run time (leaf_qgis.translation.translate_error). This script reads the sources with
Python's ast, so implicit string concatenation, "a" + "b" and module-level string constants are resolved.

Collected, in context "leaf_qgis":
  * tr("..."), self.tr("..."), tr_noop("...") (a marker: the string is translated later by tr(variable)),
    QCoreApplication.translate("leaf_qgis", "..."), QT_TRANSLATE_NOOP("leaf_qgis", "...");
  * LeafError templates: the literal of LeafError("..."), LeafError("..." % args), LeafError("...".format(...)),
    LeafError(CONSTANT) with CONSTANT a module-level string.
The templates of LeafError are also written to i18n/error_templates.json, which the plugin reads at run time.

Re-running keeps existing translations; a message whose source vanished is kept as type="obsolete" (lrelease
leaves it out), a new one is type="unfinished".

    python3 scripts/i18n_extract.py [--lang fr] [--check]     (--check: exit 1 if a file would change)
"""

import argparse
import ast
import json
import os
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

CONTEXT = "leaf_qgis"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE_DIR = os.path.join(REPO, "leaf_qgis")
I18N_DIR = os.path.join(REPO, "i18n")
TEMPLATES_JSON = "error_templates.json"
TR_NAMES = {"tr", "tr_noop"}
TRANSLATE_NAMES = {"translate", "QT_TRANSLATE_NOOP"}
ERROR_NAMES = {"LeafError", "LeafWarning", "DeadlineError", "FolderError"}
ERROR_COMMENT = "Engine error message (LeafError); keep every placeholder."


class Message:
    def __init__(self, source):
        self.source = source
        self.locations = []      # (relative path, line)
        self.is_error = False


def _func_name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def literal(node, constants=None):
    """The string value of a literal expression (constants, implicit or '+' concatenation, known names)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = literal(node.left, constants), literal(node.right, constants)
        if left is not None and right is not None:
            return left + right
    if isinstance(node, ast.Name) and constants:
        return constants.get(node.id)
    return None


def error_template(node, constants):
    """The template of a LeafError argument: the literal, or the literal left of '%', or of '.format'."""
    value = literal(node, constants)
    if value is not None:
        return value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return literal(node.left, constants)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return literal(node.func.value, constants)
    return None


def module_constants(tree):
    """Module-level NAME = "string" assignments."""
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = literal(node.value, constants)
            if value is not None:
                constants[node.targets[0].id] = value
    return constants


def extract_source(text, filename="<string>"):
    """[(source, line, is_error)] and [warning] of one Python file's text."""
    tree = ast.parse(text, filename)
    constants = module_constants(tree)
    found, warnings = [], []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _func_name(node.func)
        if name in TR_NAMES and node.args:
            if isinstance(node.func, ast.Attribute) and not (isinstance(node.func.value, ast.Name)
                                                               and node.func.value.id in ("self", "alg", "cls")):
                continue   # e.g. QObject.tr of another object: not ours
            value = literal(node.args[0], constants)
            if value is None:
                if not isinstance(node.args[0], ast.Name):   # tr(name): the wrappers, and tr_noop()-marked values
                    warnings.append("%s:%d: tr() of a non-literal; mark its strings with tr_noop()"
                                    % (filename, node.lineno))
                continue
            found.append((value, node.lineno, False))
        elif name in TRANSLATE_NAMES and len(node.args) >= 2 and literal(node.args[0]) == CONTEXT:
            value = literal(node.args[1], constants)
            if value is not None:
                found.append((value, node.lineno, False))
        elif name in ERROR_NAMES and node.args:
            if _is_tr_call(node.args[0]):
                continue   # translated by tr() where raised (collected as a tr() call)
            value = error_template(node.args[0], constants)
            if value is None:
                warnings.append("%s:%d: LeafError message without a literal template (not translatable)"
                                % (filename, node.lineno))
                continue
            found.append((value, node.lineno, True))
    return found, warnings


def _is_tr_call(node):
    """LeafError(self.tr("...").format(...)) or LeafError(tr("...") % x): translated where raised."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and _func_name(sub.func) in TR_NAMES:
            return True
    return False


def extract(source_dir=SOURCE_DIR):
    """{source: Message} of every .py file under source_dir (in file and line order), and the warnings."""
    messages, warnings = {}, []
    root = os.path.dirname(source_dir)
    for folder, dirs, files in os.walk(source_dir):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            with open(path, encoding="utf-8") as f:
                found, warns = extract_source(f.read(), rel)
            warnings.extend(warns)
            for source, line, is_error in sorted(found, key=lambda t: t[1]):
                if not source.strip():
                    continue
                msg = messages.setdefault(source, Message(source))
                msg.locations.append((rel, line))
                msg.is_error = msg.is_error or is_error
    return messages, warnings


# ------------------------------------------------------------------------------------------------ TS files

def read_ts(path):
    """{source: (translation, type)} of the context CONTEXT of a TS file (empty if the file does not exist)."""
    if not os.path.exists(path):
        return {}
    existing = {}
    for context in ET.parse(path).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            existing[message.findtext("source")] = (
                (translation.text or "") if translation is not None else "",
                translation.get("type") if translation is not None else "unfinished")
    return existing


def render_ts(messages, existing, language):
    """The TS 2.1 text: current messages (finished if translated before, else unfinished), then obsolete ones."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
           '<TS version="2.1" language="%s" sourcelanguage="en">' % language,
           "<context>", "    <name>%s</name>" % CONTEXT]
    for msg in messages.values():
        translation, kind = existing.get(msg.source, ("", "unfinished"))
        if kind in ("obsolete", "vanished"):
            kind = "unfinished" if not translation else None    # the source came back
        out.append("    <message>")
        for rel, line in msg.locations:
            out.append('        <location filename="../%s" line="%d"/>' % (escape(rel, {'"': "&quot;"}), line))
        out.append("        <source>%s</source>" % escape(msg.source))
        if msg.is_error:
            out.append("        <extracomment>%s</extracomment>" % escape(ERROR_COMMENT))
        attr = ' type="unfinished"' if (kind == "unfinished" or not translation) else ""
        out.append("        <translation%s>%s</translation>" % (attr, escape(translation)))
        out.append("    </message>")
    for source, (translation, _) in existing.items():
        if source not in messages and translation:
            out.append("    <message>")
            out.append("        <source>%s</source>" % escape(source))
            out.append('        <translation type="obsolete">%s</translation>' % escape(translation))
            out.append("    </message>")
    out += ["</context>", "</TS>", ""]
    return "\n".join(out)


def error_templates(messages):
    return sorted(m.source for m in messages.values() if m.is_error)


def _write(path, text, check):
    old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
    if old == text:
        return False
    if not check:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", action="append", help="language code (default: every existing .ts, or fr)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    messages, warnings = extract()
    for w in warnings:
        print("warning: " + w, file=sys.stderr)
    languages = args.lang or sorted(n[len("leaf_qgis_"):-3] for n in os.listdir(I18N_DIR)
                                    if n.startswith("leaf_qgis_") and n.endswith(".ts")) or ["fr"]
    changed = []
    templates = json.dumps(error_templates(messages), ensure_ascii=False, indent=1) + "\n"
    if _write(os.path.join(I18N_DIR, TEMPLATES_JSON), templates, args.check):
        changed.append(TEMPLATES_JSON)
    for lang in languages:
        path = os.path.join(I18N_DIR, "leaf_qgis_%s.ts" % lang)
        existing = read_ts(path)
        text = render_ts(messages, existing, lang)
        unfinished = sum(1 for m in messages.values() if not existing.get(m.source, ("",))[0]
                         or existing[m.source][1] == "unfinished")
        if _write(path, text, args.check):
            changed.append(os.path.basename(path))
        print("%s: %d messages (%d errors), %d unfinished, %d obsolete" % (
            os.path.basename(path), len(messages), len(error_templates(messages)), unfinished,
            sum(1 for s, (t, _) in existing.items() if s not in messages and t)))
    if args.check and changed:
        print("out of date: %s (run make translations)" % ", ".join(changed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
