"""make lint's Qt 6 / QGIS 4 check: refuses the Qt 5-only idioms that stop a plugin from loading in QGIS 4.

    python scripts/qt6_check.py leaf_qgis tests scripts     (exit 1 and one line per finding when any)

Rules (path:line:col CODE message):
  Q6001  exec_()                                             -> exec()
  Q6002  QAction, QActionGroup, QShortcut from QtWidgets      -> leaf_qgis.compat (Qt 6 has them in QtGui)
  Q6003  PyQt5 / PyQt6 / sip imported directly               -> qgis.PyQt
  Q6004  an enum member without its enum (Qt.BusyCursor)     -> Qt.CursorShape.BusyCursor
  Q6005  an enum member read through another class's alias   -> its own home (QGIS moved the enum)
  Q6006  a QGIS enum that moved into Qgis in QGIS 3.36       -> the leaf_qgis.compat constant
  Q6007  a name Qt 6 removed (QRegExp, QDesktopWidget, qApp)

Q6004/Q6005 are found by introspection: every `Name.attr` chain whose Name is imported from qgis.PyQt, qgis.core,
qgis.gui or qgis.analysis is evaluated in the running PyQt/QGIS, and an enum member must be reached through its own
enum (`Class.Enum.Member`, inherited classes allowed). So the check needs QGIS's Python bindings, as `make setup`
installs them; it stops with exit code 2 when they are missing rather than pass without looking.

Why not an existing tool: flake8-qgis 2.1.0 (PyPI) knows a fixed list of 92 Qt enum names that has none of the
plugin's (Qt.BusyCursor, QDialogButtonBox.Ok, QHeaderView.Stretch, QProcess.MergedChannels, ...), nothing of
QGIS's own enums, and does not flag QAction from QtWidgets; QGIS's scripts/pyqt5_to_pyqt6.py rewrites files
rather than checking them, needs PyQt6, and its PyPI package (qgis-pyqt5to6) requires Python >= 3.12, which
Debian 12 does not have.
"""

import ast
import enum
import importlib
import os
import sys
from typing import Dict, Iterator, List, Optional, Tuple

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QT_MODULES = ("qgis.PyQt", "qgis.core", "qgis.gui", "qgis.analysis")
MOVED_TO_QTGUI = {"QAction", "QActionGroup", "QShortcut"}
REMOVED = {"QRegExp": "use QRegularExpression", "QDesktopWidget": "use QScreen (QGuiApplication.screens())",
           "qApp": "use QApplication.instance()"}
# the one module that may name the Qt 5 spellings: it is where the plugin chooses between them
EXEMPT = {os.path.join("leaf_qgis", "compat.py"): {"Q6002"}}

Finding = Tuple[int, int, str, str]


def _is_enum_type(obj) -> bool:
    return isinstance(obj, type) and (issubclass(obj, enum.Enum) or type(obj).__name__ == "enumtype")


def _is_enum_member(obj) -> bool:
    return isinstance(obj, enum.Enum) or type(type(obj)).__name__ == "enumtype"


def _home(enum_type):
    """The class an enum type is declared in (QAbstractItemView for QAbstractItemView.EditTrigger), or None."""
    owner, _, _ = enum_type.__qualname__.rpartition(".")
    if not owner:
        return None
    try:
        obj = importlib.import_module(enum_type.__module__)
        for part in owner.split("."):
            obj = getattr(obj, part)
        return obj
    except (ImportError, AttributeError):
        return None


def _member_name(value, written: str) -> str:
    return value.name if isinstance(value, enum.Enum) else written


def _moved_table() -> Dict[Tuple[str, ...], str]:
    """Old QGIS spellings (scoped and unscoped) -> leaf_qgis.compat constant."""
    if REPO not in sys.path:
        sys.path.insert(0, REPO)
    from leaf_qgis.compat import MOVED_TO_QGIS
    table = {}
    for constant, ((cls, enum_name, member), _) in MOVED_TO_QGIS.items():
        table[(cls, enum_name, member)] = constant
        table[(cls, member)] = constant
    return table


def _imported_names(tree: ast.AST) -> Dict[str, object]:
    """Local name -> the module or class it was imported as, for imports from QT_MODULES (any scope)."""
    names = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ImportFrom) and node.module and node.level == 0):
            continue
        if not any(node.module == m or node.module.startswith(m + ".") for m in QT_MODULES):
            continue
        try:
            module = importlib.import_module(node.module)
        except ImportError:
            continue
        for alias in node.names:
            obj = getattr(module, alias.name, None)
            if obj is None:
                try:
                    obj = importlib.import_module(node.module + "." + alias.name)
                except ImportError:
                    continue
            names[alias.asname or alias.name] = obj
    return names


def _chain(node: ast.Attribute) -> Optional[List[str]]:
    """['Qt', 'CursorShape', 'BusyCursor'] for Qt.CursorShape.BusyCursor; None unless it starts at a Name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def _check_enum_chain(parts: List[str], root, moved: Dict[Tuple[str, ...], str]) -> Optional[Tuple[str, str]]:
    """(code, message) for the first enum member reached the Qt 5 way along a chain, or None."""
    obj, owner, path = root, None, [parts[0]]
    for attr in parts[1:]:
        try:
            value = getattr(obj, attr)
        except AttributeError:
            return None
        if isinstance(obj, type) and not _is_enum_type(obj):
            key = (obj.__name__, attr)
            if key in moved:
                return "Q6006", "%s.%s moved into Qgis in QGIS 3.36: use leaf_qgis.compat.%s" % (
                    ".".join(path), attr, moved[key])
        if _is_enum_type(obj) and owner is not None:
            # The enum as written (QgsProcessingParameterNumber.Type) and as this QGIS names it: from QGIS 3.36 the
            # old class attribute is an alias of the moved enum (Type is Qgis.ProcessingNumberParameterType).
            for enum_name in (path[-1], obj.__name__):
                key = (owner.__name__, enum_name, attr)
                if key in moved:
                    return "Q6006", "%s.%s moved into Qgis in QGIS 3.36: use leaf_qgis.compat.%s" % (
                        ".".join(path), attr, moved[key])
        if _is_enum_member(value):
            enum_type = type(value)
            home = _home(enum_type)
            right = ".".join(p for p in (enum_type.__qualname__.rpartition(".")[0], enum_type.__name__,
                                         _member_name(value, attr)) if p)
            if not _is_enum_type(obj):
                if isinstance(obj, type) and home is not None and not (isinstance(home, type) and issubclass(obj, home)):
                    return "Q6005", "%s.%s is an alias: write %s" % (".".join(path), attr, right)
                return "Q6004", "%s.%s is an enum member without its enum: write %s" % (".".join(path), attr, right)
            if owner is not None and home is not None and isinstance(owner, type) and isinstance(home, type) \
                    and not issubclass(owner, home):
                return "Q6005", "%s.%s is an alias: write %s" % (".".join(path), attr, right)
            return None
        owner, obj = obj, value
        path.append(attr)
    return None


def check_source(source: str, path: str = "<source>") -> List[Finding]:
    """Findings (line, column, code, message) of one file's source."""
    tree = ast.parse(source, path)
    rel = os.path.relpath(os.path.abspath(path), REPO) if os.path.isabs(path) or os.path.exists(path) else path
    exempt = EXEMPT.get(rel, set())
    names = _imported_names(tree)
    moved = _moved_table()
    qtwidgets = importlib.import_module("qgis.PyQt.QtWidgets")
    children = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    out: List[Finding] = []

    def add(node, code, message):
        if code not in exempt:
            out.append((node.lineno, node.col_offset, code, message))

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "exec_":
            add(node, "Q6001", "exec_() is gone in Qt 6: use exec()")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for m in modules:
                if m.split(".")[0] in ("PyQt5", "PyQt6", "sip"):
                    add(node, "Q6003", "import %s directly: use qgis.PyQt (QGIS picks the Qt of its build)" % m)
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("QtWidgets"):
                for a in node.names:
                    if a.name in MOVED_TO_QTGUI:
                        add(node, "Q6002", "%s is in QtGui in Qt 6: import it from leaf_qgis.compat" % a.name)
            if isinstance(node, ast.ImportFrom) and any((node.module or "").startswith(m) for m in QT_MODULES):
                for a in node.names:
                    if a.name in REMOVED:
                        add(node, "Q6007", "%s is removed in Qt 6: %s" % (a.name, REMOVED[a.name]))
        if isinstance(node, ast.Attribute) and id(node) not in children:
            parts = _chain(node)
            if not parts or parts[0] not in names:
                continue
            root = names[parts[0]]
            if root is qtwidgets and parts[1] in MOVED_TO_QTGUI:
                add(node, "Q6002", "QtWidgets.%s is in QtGui in Qt 6: use leaf_qgis.compat.%s" % (parts[1], parts[1]))
                continue
            found = _check_enum_chain(parts, root, moved)
            if found:
                add(node, *found)
    return sorted(out)


def python_files(targets: List[str]) -> Iterator[str]:
    for t in targets:
        if os.path.isdir(t):
            for d, subdirs, files in os.walk(t):
                subdirs[:] = sorted(s for s in subdirs if s not in ("__pycache__", ".git"))
                yield from (os.path.join(d, f) for f in sorted(files) if f.endswith(".py"))
        else:
            yield t


def main(argv: List[str]) -> int:
    try:
        importlib.import_module("qgis.core")
        importlib.import_module("qgis.gui")
    except ImportError as e:
        print("qt6_check needs QGIS's Python bindings to look up Qt and QGIS enums (%s); run make setup." % e)
        return 2
    count = 0
    for path in python_files(argv or ["leaf_qgis"]):
        with open(path, encoding="utf-8") as f:
            findings = check_source(f.read(), path)
        for line, col, code, message in findings:
            print("%s:%d:%d: %s %s" % (path, line, col + 1, code, message))
        count += len(findings)
    if count:
        print("qt6_check: %d Qt 5-only idiom(s); see the rules at the top of scripts/qt6_check.py." % count)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
