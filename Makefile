# leaf_qgis: two commands for a new machine: `make setup` (as root on Debian 12, 13 or sid), then `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# python3-pip: the plugin's dependency installer runs pip of QGIS's Python (Settings > Check optional dependencies).
DEB_PACKAGES := qgis python3-qgis qgis-providers gdal-bin python3-gdal python3-requests python3-matplotlib python3-scipy \
	xvfb qttools5-dev-tools python3-venv python3-pip ca-certificates
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
ZIP := dist/leaf_qgis-$(VERSION).zip
QGIS_PROFILE ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default
export QT_QPA_PLATFORM ?= offscreen
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)

.PHONY: setup debian-packages test lint pluginsite-check package install clean bench models validate translations qm

setup:
	@DEB_PACKAGES="$(DEB_PACKAGES)" VENV=$(VENV) bash scripts/setup.sh

# The Debian packages make setup installs (scripts/qgis_root.sh installs them once into its cached roots).
debian-packages:
	@echo $(DEB_PACKAGES)

test: lint pluginsite-check
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) -m pytest -q tests

# ruff, then the Qt 6 / QGIS 4 check (scripts/qt6_check.py: exec_, QAction from QtWidgets, unscoped and moved enums)
lint:
	$(PY) -m ruff check leaf_qgis tests scripts
	$(PY) scripts/qt6_check.py leaf_qgis tests scripts

# `make setup && make test` inside a minimal Debian root with another QGIS, under env -i (scripts/qgis_root.sh):
# QGIS=3.40 (Debian 13), 3.44 (Debian sid, the LTR) or 3.22 (Debian 12). The root is cached under
# ~/.cache/leaf_qgis/roots (LEAF_QGIS_ROOTS) with the Debian packages installed; FRESH=1 builds a new one for the run.
.PHONY: test-qgis
test-qgis:
	@test -n "$(QGIS)" || { echo "usage: make test-qgis QGIS=3.40|3.44|3.22 [FRESH=1]"; exit 2; }
	bash scripts/qgis_root.sh $(if $(FRESH),--fresh) $(QGIS)

# i18n/leaf_qgis_<lang>.ts (and i18n/error_templates.json) from the sources, keeping the translations, then the
# .qm files the plugin loads (lrelease, Debian's qttools5-dev-tools); see i18n/README.md.
# `package` only compiles the committed .ts files (qm), so building the zip never rewrites a source file.
translations:
	/usr/bin/python3 scripts/i18n_extract.py
	@for ts in i18n/leaf_qgis_*.ts; do lrelease $$ts -qm $${ts%.ts}.qm || exit 1; done

qm:
	@for ts in i18n/leaf_qgis_*.ts; do lrelease -silent $$ts -qm $${ts%.ts}.qm || exit 1; done

package: qm
	@rm -rf build/package dist/leaf_qgis-*.zip && mkdir -p build/package dist
	@cp -r leaf_qgis build/package/leaf_qgis
	@for d in algorithms models i18n; do cp -r $$d build/package/leaf_qgis/$$d; done
	@cp metadata.txt LICENSE build/package/leaf_qgis/
	@find build/package -name __pycache__ -prune -exec rm -rf {} + ; find build/package -name '*.ts' -delete
	@cd build/package && /usr/bin/python3 -m zipfile -c ../../$(ZIP) leaf_qgis
	@echo "plugin zip: $(ZIP)"

# The scan plugins.qgis.org runs on an uploaded version (Bandit and detect-secrets, its rules), on the zip:
# fails on any finding that would block the version there (scripts/pluginsite_check.py, docs/pluginsite.md).
pluginsite-check: package
	$(PY) scripts/pluginsite_check.py $(ZIP)

install: package
	/usr/bin/python3 scripts/install_plugin.py $(ZIP) "$(QGIS_PROFILE)"

clean:
	rm -rf build dist .pytest_cache

bench:
	$(PY) scripts/bench.py --out docs/bench.md

# The networks trained by this project (models/LEAF_QGIS_*, algorithms/LEAF_QGIS_*.json), rebuilt bit for bit
# from the seed; needs ../shared/spec/calibration (or LEAF_QGIS_SHARED) and the build-time packages of make setup.
models:
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m leaf_qgis.training.build
	$(PY) -c "import sys; sys.path.insert(0, 'scripts'); import algorithms_table as t; p = 'docs/algorithms.md'; s = open(p).read(); a, b = s.index(t.BEGIN), s.index(t.END) + len(t.END); open(p, 'w').write(s[:a] + t.table() + s[b:])"

# docs/validation.md and docs/validation_*.png: bundled vs published networks on real samples and ground data.
validate:
	OPENBLAS_NUM_THREADS=1 $(PY) scripts/validate_networks.py --out docs/validation.md

# docs/screenshots/desktop_*.png: QGIS desktop under Xvfb with the packaged plugin (tests/test_desktop.py, which
# otherwise writes them to a temporary folder only); needs ../shared like the test.
.PHONY: screenshots
screenshots:
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	LEAF_QGIS_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest -q -rs tests/test_desktop.py -k desktop_estimate

# The main job on the sample that ships in demo/data, offline: subset, estimate and a time series with the bundled
# networks -> demo/out/ (COGs, quicklook.png, time-series table and chart, summary.txt with the error against the
# known truth). `make demo-data` rebuilds the sample from the seed (PROSAIL; a few minutes).
.PHONY: demo demo-data
demo:
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) scripts/demo.py --out demo/out

demo-data:
	OPENBLAS_NUM_THREADS=1 $(PY) scripts/make_demo_data.py --out demo/data
