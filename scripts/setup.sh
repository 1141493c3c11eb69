#!/usr/bin/env bash
# `make setup`: the Debian packages QGIS and the tests need (installed as root when missing), then .venv
# (Debian's /usr/bin/python3 with --system-site-packages) with requirements-dev.txt under this platform's
# constraints: constraints/python3.X.txt for the system Python's version, and numpy held at Debian's numpy.
# Idempotent: a second run installs nothing and takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PYTHON=/usr/bin/python3
read -r -a packages <<< "${DEB_PACKAGES:?DEB_PACKAGES is set by the Makefile}"

if [ ! -f /etc/debian_version ] || ! command -v dpkg-query >/dev/null; then
  echo "make setup knows Debian (12 bookworm, 13 trixie, sid); on this system install QGIS with its Python" \
       "bindings, GDAL's Python bindings, python3-venv and Xvfb yourself, then run this again." >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  if [ "$(id -u)" != 0 ]; then
    echo "make setup needs root to install Debian packages: ${missing[*]} (run: sudo make setup)" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  log=$(mktemp)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
           "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2; rm -f "$log"
    echo "make setup: apt-get could not install: ${missing[*]}" >&2
    exit 1
  fi
  rm -f "$log"
fi

version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
constraints=constraints/python$version.txt
if [ ! -f "$constraints" ]; then
  echo "make setup: no pins for Python $version ($PYTHON) in constraints/; the supported platforms are Debian 12" \
       "(Python 3.11), Debian 13 (3.13) and Debian sid (3.14) — see constraints/README.md." >&2
  exit 1
fi
if [ -x "$VENV/bin/python" ] && \
   [ "$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" != "$version" ]; then
  echo "make setup: $VENV was made with another Python than $PYTHON ($version); remove it and run make setup again." >&2
  exit 1
fi
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv --system-site-packages "$VENV"

# Debian's numpy stays: QGIS's and GDAL's bindings are built against it (pip would otherwise bring the newest).
numpy_version=$("$PYTHON" -c 'import numpy; print(numpy.__version__)')
echo "numpy==$numpy_version" > "$VENV/constraints-system.txt"
stamp=$VENV/.deps-$(cat requirements.txt requirements-dev.txt "$constraints" "$VENV/constraints-system.txt" \
                     | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "Installing requirements-dev.txt into $VENV under $constraints and numpy==$numpy_version"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c "$constraints" \
      -c "$VENV/constraints-system.txt" -r requirements-dev.txt
  rm -f "$VENV"/.deps-*
  touch "$stamp"
fi

"$VENV/bin/python" - <<'PY'
import numpy
import osgeo.gdal
import qgis.core

system = "/usr/lib/python3/dist-packages/"
if not numpy.__file__.startswith(system):
    raise SystemExit("make setup: the venv's numpy is %s, not Debian's (%s)" % (numpy.__file__, system))
release = open("/etc/debian_version").read().strip()
print("setup ok: Debian %s | Python %s | numpy %s (Debian's) | GDAL %s | QGIS %s" % (
    release, ".".join(map(str, __import__("sys").version_info[:3])), numpy.__version__, osgeo.gdal.__version__,
    qgis.core.Qgis.QGIS_VERSION))
PY
