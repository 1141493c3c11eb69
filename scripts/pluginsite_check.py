"""make pluginsite-check: the security scan plugins.qgis.org runs on every uploaded version, run on the plugin zip.

    python scripts/pluginsite_check.py dist/leaf_qgis-<version>.zip      (exit 1 on a finding that would block)

It mirrors qgis/QGIS-Plugins-Website, qgis-app/plugins/security_scanner.py at commit 73c20fa9 (2026-07-23), with
the site's default rules (qgis-app/plugins/management/commands/data/*_rules.json); docs/pluginsite.md has the
details and sources:

* Bandit on the unpacked zip with every enabled rule at every severity (`bandit -r DIR -f json --quiet -t ...`).
* detect-secrets in the unpacked folder (`detect-secrets scan --all-files --exclude-files metadata\\.txt
  --exclude-files \\.secrets\\.baseline --disable-plugin IPPublicDetector .`).
* File analysis (executable .py files, executables and scripts, hidden files): reported, never blocking.

The site scores the Bandit check and the secrets check as a whole as "critical": one finding of any enabled rule
fails the check, and a failed critical check makes the version "Blocked" (plugins/tasks/run_security_scan.py).
An uploader may skip the rules marked skippable, and a .bandit / .secrets.baseline in the zip changes what the
tools report; this check allows neither, so it passes only on a zip that the site validates as uploaded. The
tools' own line-level markers for reviewed code (`# nosec <rule>`, `# pragma: allowlist secret`), which the
site's commands honour, are listed so that every one of them is seen.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from typing import List, Tuple

# bandit_rules.json, "enabled": true (B109, B404, B410 and B411 are disabled on the site)
BANDIT_RULES = (
    "B101,B102,B103,B104,B105,B106,B107,B108,B110,B111,B112,B113,B201,B202,B301,B302,B303,B304,B305,B306,B307,"
    "B308,B310,B311,B312,B313,B314,B315,B316,B317,B318,B319,B320,B321,B323,B324,B401,B402,B403,B405,B406,B407,"
    "B408,B409,B412,B413,B501,B502,B503,B504,B505,B506,B507,B508,B509,B601,B602,B603,B604,B605,B606,B607,B608,"
    "B609,B610,B611,B612,B613,B614,B615,B701,B702,B703,B704")
# secrets_rules.json, "enabled": false
DISABLED_SECRETS_PLUGINS = ("IPPublicDetector",)
CONFIG_FILES = (".bandit", ".secrets.baseline", ".flake8")
SUSPICIOUS = (".exe", ".dll", ".so", ".dylib", ".bat", ".sh", ".ps1", ".cmd")
MARKERS = re.compile(r"#\s*nosec\b.*|pragma:\s*allowlist secret")
TIMEOUT_S = 600


def unpack(zip_path: str, folder: str) -> List[zipfile.ZipInfo]:
    with zipfile.ZipFile(zip_path) as z:
        members = z.infolist()
        for m in members:
            if m.filename.startswith(("/", "\\")) or ".." in m.filename.replace("\\", "/").split("/"):
                raise SystemExit("pluginsite-check: %s has a member outside the zip's folder: %s" % (zip_path, m.filename))
        z.extractall(folder)
    return members


def bandit(folder: str) -> Tuple[List[str], int]:
    cmd = [sys.executable, "-m", "bandit", "-r", folder, "-f", "json", "--quiet", "-t", BANDIT_RULES]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    try:
        report = json.loads(r.stdout)
    except ValueError:
        raise SystemExit("pluginsite-check: Bandit gave no report (exit %d): %s" % (r.returncode, r.stderr[-2000:])) from None
    if report.get("errors"):
        raise SystemExit("pluginsite-check: Bandit could not scan %s" % report["errors"])
    found = ["%s:%d: %s (%s severity, %s confidence) %s" % (
        os.path.relpath(i["filename"], folder), i["line_number"], i["test_id"], i["issue_severity"].lower(),
        i["issue_confidence"].lower(), i["issue_text"]) for i in report.get("results", [])]
    return found, int(report.get("metrics", {}).get("_totals", {}).get("loc", 0))


def detect_secrets(folder: str) -> List[str]:
    cmd = [sys.executable, "-m", "detect_secrets", "scan", "--all-files", "--exclude-files", r"metadata\.txt",
           "--exclude-files", r"\.secrets\.baseline"]
    if os.path.exists(os.path.join(folder, ".secrets.baseline")):
        cmd += ["--baseline", ".secrets.baseline"]
    for plugin in DISABLED_SECRETS_PLUGINS:
        cmd += ["--disable-plugin", plugin]
    r = subprocess.run(cmd + ["."], cwd=folder, capture_output=True, text=True, timeout=TIMEOUT_S)
    try:
        results = json.loads(r.stdout)["results"]
    except (ValueError, KeyError):
        raise SystemExit("pluginsite-check: detect-secrets gave no report (exit %d): %s" % (r.returncode,
                                                                                          r.stderr[-2000:])) from None
    return ["%s:%d: %s" % (path, s.get("line_number", 0), s.get("type", "secret"))
            for path, secrets in sorted(results.items()) for s in secrets]


def file_analysis(members: List[zipfile.ZipInfo]) -> List[str]:
    out = []
    for m in members:
        name = os.path.basename(m.filename.rstrip("/"))
        if m.filename.endswith(".py") and (m.external_attr >> 16) & 0o111:
            out.append("%s: Python file with the executable bit (FILE_EXECUTABLE)" % m.filename)
        if m.filename.lower().endswith(SUSPICIOUS):
            out.append("%s: executable or script (FILE_SUSPICIOUS)" % m.filename)
        if name.startswith(".") and name not in (".gitignore", ".gitattributes") + CONFIG_FILES:
            out.append("%s: hidden file (FILE_HIDDEN)" % m.filename)
        if name in CONFIG_FILES:
            out.append("%s: scanner configuration; the site would report the version as 'Validated (configured)'"
                       % m.filename)
    return out


def markers(folder: str) -> List[str]:
    out = []
    for d, _, files in os.walk(folder):
        for f in sorted(files):
            if f.endswith(".py"):
                path = os.path.join(d, f)
                with open(path, encoding="utf-8") as fh:
                    for n, line in enumerate(fh, 1):
                        m = MARKERS.search(line)
                        if m:
                            out.append("%s:%d: %s" % (os.path.relpath(path, folder), n, m.group(0).strip()))
    return sorted(out)


def main(argv: List[str]) -> int:
    if len(argv) != 1 or not os.path.isfile(argv[0]):
        print(__doc__.split("\n\n")[1])
        return 2
    with tempfile.TemporaryDirectory(prefix="pluginsite-") as folder:
        members = unpack(argv[0], folder)
        found_bandit, loc = bandit(folder)
        if loc == 0:
            raise SystemExit("pluginsite-check: Bandit scanned no Python code in %s" % argv[0])
        found_secrets = detect_secrets(folder)
        notes, reviewed = file_analysis(members), markers(folder)
    print("pluginsite-check %s: Bandit %d lines of code, %d finding(s); detect-secrets %d finding(s)"
          % (argv[0], loc, len(found_bandit), len(found_secrets)))
    for title, lines in (("Bandit (blocking)", found_bandit), ("detect-secrets (blocking)", found_secrets),
                         ("File analysis (not blocking)", notes), ("Reviewed lines (tool markers)", reviewed)):
        if lines:
            print("  %s:" % title)
            print("\n".join("    " + line for line in lines))
    blocked = bool(found_bandit or found_secrets)
    print("  -> plugins.qgis.org would mark this version %s" % ("Blocked" if blocked else "Validated"))
    return 1 if blocked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
