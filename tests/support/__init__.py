"""Test support code (not tests): the offline Earth Engine endpoint (ee_server, ee_eval), the STAC and HLS
fixtures (stac_fixtures), the baseline jobs of issue 15 (baseline) and the QGIS import blocker (hide_qgis).

pytest puts tests/ on sys.path (the test folder has no __init__.py), so tests import these as
``from support.ee_server import FakeEarthEngine``.
"""
