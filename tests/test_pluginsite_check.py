"""scripts/pluginsite_check.py (make pluginsite-check): what plugins.qgis.org's scan would block is found and fails
the command; a clean zip passes; the tools' reviewed-line markers are listed."""

import hashlib
import json
import os
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO

pytest.importorskip("bandit")
pytest.importorskip("detect_secrets")
SCRIPT = os.path.join(str(REPO), "scripts", "pluginsite_check.py")
DIGEST = hashlib.sha256(b"network").hexdigest()


def make_zip(path, files):
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr("myplugin/" + name, text)
    return str(path)


def run(path):
    r = subprocess.run([sys.executable, SCRIPT, path], capture_output=True, text=True, timeout=600)
    return r.returncode, r.stdout + r.stderr


CLEAN = {"__init__.py": "def classFactory(iface):\n    return None\n",
         "catalog.json": json.dumps({"id": "family:name", "sha256": "sha256:" + DIGEST}, indent=1)}


def test_a_clean_zip_is_validated(tmp_path):
    code, out = run(make_zip(tmp_path / "clean.zip", CLEAN))
    assert code == 0, out
    assert "0 finding(s); detect-secrets 0 finding(s)" in out and "would mark this version Validated" in out


def test_bandit_and_detect_secrets_findings_block(tmp_path):
    files = dict(CLEAN, **{"bad.py": "import pickle\n\n\ndef f(x):\n    assert x\n    return pickle.loads(x)\n",
                           "nets.json": json.dumps({"sha256": DIGEST, "id": "sl2p-python/l8_sl2p_ROF_sobol_"
                                                    "prosail_dbf_big_clumpedv3_NNT1_Single_0_1"}, indent=1)})
    code, out = run(make_zip(tmp_path / "bad.zip", files))
    assert code == 1, out
    for expected in ("myplugin/bad.py:1: B403", "myplugin/bad.py:5: B101", "myplugin/bad.py:6: B301",
                     "myplugin/nets.json:2: Hex High Entropy String", "myplugin/nets.json:3: Base64 High Entropy String",
                     "would mark this version Blocked"):
        assert expected in out, out


def test_reviewed_lines_pass_and_are_listed(tmp_path):
    files = dict(CLEAN, **{"tools.py": "import subprocess\n\n\ndef run():\n"
                                       "    return subprocess.run(['true'], timeout=5)  # nosec B603 B607\n"})
    code, out = run(make_zip(tmp_path / "reviewed.zip", files))
    assert code == 0, out
    assert "myplugin/tools.py:5: # nosec B603 B607" in out
