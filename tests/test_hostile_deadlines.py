"""No hang: every download has an overall deadline proportional to the file's size in the catalog (a server that
trickles one byte at a time, or never answers, is given up on), retries are bounded (a server answering 503 for
ever), a server sending more than the catalog says is cut off, and Earth Engine's sign-in and requests have
deadlines whose sentence names the endpoint. Deadlines are scaled down by LEAF_QGIS_NETWORK_DEADLINE_SCALE so that
each case takes seconds; through qgis_process on the packaged plugin."""

import http.server
import json
import os
import socket
import sysconfig
import threading
import time

import pytest
from hostile import (
    QGIS_PROCESS,
    command,
    demo_safe,
    environment,
    install_plugin,
    make_stack,
    profile_dir,
    refused,
    run_all,
    snapshot,
)

pytestmark = pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin is not installed (make setup)")

SCALE = 0.02          # download deadline (60 s + size / 50 kB/s) x 0.02: about 1.2 s for a network table
LIMIT_SECONDS = 60    # what a whole case may take (the real deadlines would be minutes)


class _Server:
    """A misbehaving HTTP server on 127.0.0.1: 'trickle' (one byte every 0.2 s), 'silent' (never answers),
    '503' (always), 'bomb' (far more bytes than the catalog says)."""

    def __init__(self, mode: str):
        self.mode, self.stop = mode, threading.Event()
        if mode == "silent":
            self.sock = socket.socket()
            self.sock.bind(("127.0.0.1", 0))
            self.sock.listen(16)
            self.url = "http://127.0.0.1:%d" % self.sock.getsockname()[1]
            threading.Thread(target=self._accept, daemon=True).start()
            return
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                if server.mode == "503":
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(50 * 1024 * 1024))
                self.end_headers()
                try:
                    while not server.stop.is_set():
                        if server.mode == "trickle":
                            self.wfile.write(b"0")
                            self.wfile.flush()
                            time.sleep(0.2)
                        else:
                            self.wfile.write(b"0" * 65536)
                except OSError:
                    pass

            do_POST = do_GET  # noqa: N815 (the handler API name)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def _accept(self):
        self.held = []
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.held.append(conn)   # never answered
            except OSError:
                return

    def close(self):
        self.stop.set()
        if self.mode == "silent":
            self.sock.close()
        else:
            self.httpd.shutdown()
            self.httpd.server_close()


@pytest.fixture(scope="module")
def config(plugin_zip, tmp_path_factory):
    return install_plugin(plugin_zip, tmp_path_factory.mktemp("qgis_config"), automatic_networks="published")


@pytest.fixture(scope="module")
def servers():
    made = {m: _Server(m) for m in ("trickle", "silent", "503", "bomb")}
    yield made
    for s in made.values():
        s.close()


def _published_index(alg_id="S2_SL2P_V0_20M"):
    from leaf_qgis.engine.algorithm import load_algorithms
    return sorted(load_algorithms()).index(alg_id)


def _timed(config, jobs):
    t0 = time.monotonic()
    runs = run_all(config, jobs)
    return runs, time.monotonic() - t0


def test_downloads_have_an_overall_deadline_and_bounded_retries(config, servers, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    index = _published_index()
    cases = [("trickle", r"did not arrive within 1\.\d s"), ("silent", r"did not (answer|arrive) within"),
             ("503", r"HTTP 503"), ("bomb", r"much larger than the catalog's")]
    before = snapshot(cache)
    jobs = [{"args": command("leaf:installnetworks", [("ALGORITHM", index), ("BASE_URL", servers[m].url)]),
             "env": environment(config, LEAF_QGIS_CACHE_DIR=cache, LEAF_QGIS_NETWORK_DEADLINE_SCALE=SCALE),
             "timeout": LIMIT_SECONDS} for m, _ in cases]
    f = tmp_path / "estimate"
    f.mkdir()
    stack = make_stack(demo_safe(f), f / "stack.tif")
    jobs.append({"args": command("leaf:estimate", [("INPUT", stack), ("ALGORITHM", _estimate_index()),
                                                   ("OUTPUT", f / "lai.tif")]),
                 "env": environment(config, LEAF_QGIS_CACHE_DIR=cache, LEAF_QGIS_NETWORK_DEADLINE_SCALE=SCALE,
                                    LEAF_QGIS_NETWORK_BASE_URL=servers["trickle"].url),
                 "timeout": LIMIT_SECONDS})
    f_before = snapshot(f)
    runs, seconds = _timed(config, jobs)
    for (mode, fragment), r in zip(cases, runs):
        refused(r, "installnetworks", "a download server that is %s" % {
            "trickle": "trickling one byte every 0.2 s", "silent": "never answering", "503": "answering 503 for ever",
            "bomb": "sending 50 MB for a 50 kB file"}[mode], fragment, before=before, after=snapshot(cache))
    refused(runs[-1], "estimate", "networks installed on first use from a trickling server", r"did not arrive within",
            before=f_before, after=snapshot(f))
    assert seconds < LIMIT_SECONDS, seconds


def _estimate_index(alg_id="S2_SL2P_V0_20M"):
    from leaf_qgis.engine.algorithm import load_algorithms
    ids = [a.id for a in sorted(load_algorithms().values(), key=lambda a: (a.family != "LEAF", a.id))]
    return ids.index(alg_id) + 1


@pytest.fixture(scope="module")
def service_key():
    cryptography = pytest.importorskip("cryptography")  # noqa: F841 (comes with earthengine-api's google-auth)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    return {"type": "service_account", "project_id": "test-project", "private_key_id": "k1", "private_key": pem,
            "client_email": "leaf@test-project.iam.gserviceaccount.com", "client_id": "1"}


def _ee_env(config, **extra):
    return environment(config, LEAF_QGIS_NETWORK_DEADLINE_SCALE=SCALE,
                       PYTHONPATH=os.pathsep.join([sysconfig.get_paths()["purelib"], os.environ.get("PYTHONPATH", "")]),
                       **extra)


def test_earth_engine_sign_in_and_requests_have_deadlines_naming_the_endpoint(config, servers, service_key, tmp_path):
    pytest.importorskip("ee")
    from qgis.PyQt.QtCore import QSettings
    from support.ee_server import FakeEarthEngine
    ini = QSettings(str(profile_dir(config) / "QGIS" / "QGIS3.ini"), QSettings.Format.IniFormat)
    keys = tmp_path / "keys"
    keys.mkdir()
    hanging = keys / "hanging-token.json"
    hanging.write_text(json.dumps(dict(service_key, token_uri=servers["silent"].url + "/token")))
    home = tmp_path / "home"
    (home / ".config" / "earthengine").mkdir(parents=True)
    (home / ".config" / "earthengine" / "credentials").write_text(json.dumps({"refresh_token": "1//user-token"}))
    with FakeEarthEngine() as fake:
        good = keys / "good.json"
        good.write_text(json.dumps(dict(service_key, token_uri=fake.url + "/token")))
        try:
            jobs = []
            ini.setValue("leaf_qgis/ee_service_account_key", str(hanging))
            ini.sync()
            r1 = run_all(config, [{"args": command("leaf:eetasks", [("EE_PROJECT", "test-project")]),
                                   "env": _ee_env(config), "timeout": LIMIT_SECONDS}])[0]
            ini.setValue("leaf_qgis/ee_service_account_key", str(good))
            ini.sync()
            jobs = [{"args": command("leaf:eetasks", [("EE_PROJECT", "test-project")]),
                     "env": _ee_env(config, LEAF_QGIS_EE_URL=servers["silent"].url), "timeout": LIMIT_SECONDS},
                    {"args": command("leaf:eetasks", [("EE_PROJECT", "test-project")]),
                     "env": _ee_env(config, LEAF_QGIS_EE_URL=servers["trickle"].url), "timeout": LIMIT_SECONDS}]
            r2, r3 = run_all(config, jobs)
            ini.remove("leaf_qgis/ee_service_account_key")
            ini.sync()
            r4 = run_all(config, [{"args": command("leaf:eetasks", [("EE_PROJECT", "test-project")]),
                                   "env": _ee_env(config, HOME=home), "timeout": LIMIT_SECONDS}])[0]
        finally:
            ini.remove("leaf_qgis/ee_service_account_key")
            ini.sync()
    refused(r1, "eetasks", "a token endpoint that never answers (service-account key)",
            r"The Google sign-in endpoint http://127\.0\.0\.1:\d+/token did not answer within")
    refused(r2, "eetasks", "an Earth Engine endpoint that never answers",
            r"Earth Engine at http://127\.0\.0\.1:\d+ did not answer within")
    refused(r3, "eetasks", "an Earth Engine endpoint that trickles bytes",
            r"Earth Engine (at http://127\.0\.0\.1:\d+ did not answer within|failed|answered)")
    refused(r4, "eetasks", "Earth Engine user credentials while offline",
            r"(Earth Engine could not be reached|sign-in endpoint https://oauth2\.googleapis\.com/token did not answer|"
            r"did not accept the credentials)")
