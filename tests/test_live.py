"""Connected mode: `live.post` reports a decision to a real HTTP server on 127.0.0.1, best effort.

It must deliver the WIRE_FORMAT.md body with a bearer token, and it must never raise and never
take more than 800 ms, whatever the server does (answers, hangs, fails, refuses, drips).
"""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from legant_guard.hook import live

PAYLOAD = {
    "decision": "deny",
    "subject": "user:alice",
    "actor": "agent:builder",
    "provenance": "user:alice -> agent:builder",
    "tool": "Bash",
    "reason": "command curl is denied (export API_TOKEN=abcdef123456)",
    "source": "legant-guard",
}


class _Server:
    def __init__(self, behaviour):
        self.received = []
        self.hang_seconds = 3
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                outer.received.append((self.path, dict(self.headers), body))
                if behaviour == "hang":
                    time.sleep(outer.hang_seconds)
                    return
                self.send_response(500 if behaviour == "500" else 202)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/admin/live/ingest"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(request):
    srv = _Server(request.param)
    yield srv
    srv.close()


def _timed_post(url, token="live-secret"):
    start = time.monotonic()
    result = live.post(url, token, PAYLOAD)
    return result, time.monotonic() - start


@pytest.mark.parametrize("server", ["ok"], indirect=True)
def test_decision_is_posted_with_bearer_and_wire_body(server):
    result, elapsed = _timed_post(server.url)
    assert result is None and elapsed < 0.8
    assert len(server.received) == 1
    path, headers, body = server.received[0]
    assert path == "/admin/live/ingest"
    assert headers["Authorization"] == "Bearer live-secret"
    assert headers["Content-Type"] == "application/json"
    doc = json.loads(body)
    assert doc["decision"] == "DENY"
    assert {k: doc[k] for k in ("subject", "actor", "provenance", "tool", "source")} == {
        "subject": "user:alice",
        "actor": "agent:builder",
        "provenance": "user:alice -> agent:builder",
        "tool": "Bash",
        "source": "legant-guard",
    }
    assert "abcdef123456" not in doc["reason"] and "[REDACTED]" in doc["reason"]


@pytest.mark.parametrize("server", ["ok"], indirect=True)
def test_no_authorization_header_without_a_token(server):
    live.post(server.url, "", PAYLOAD)
    assert "Authorization" not in server.received[0][1]


@pytest.mark.parametrize("server", ["hang"], indirect=True)
def test_hanging_server_costs_at_most_800ms(server):
    result, elapsed = _timed_post(server.url)
    assert result is None
    assert elapsed < 0.95, elapsed
    assert len(server.received) == 1  # it was delivered; only the answer never came


@pytest.mark.parametrize("server", ["500"], indirect=True)
def test_server_error_is_swallowed(server):
    result, elapsed = _timed_post(server.url)
    assert result is None and elapsed < 0.8 and len(server.received) == 1


def test_refused_connection_is_swallowed():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    result, elapsed = _timed_post(f"http://127.0.0.1:{port}/ingest")
    assert result is None and elapsed < 0.8


def test_server_that_accepts_but_never_reads_costs_at_most_800ms():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)  # accepted by the kernel, never answered
    try:
        result, elapsed = _timed_post(f"http://127.0.0.1:{sock.getsockname()[1]}/ingest")
    finally:
        sock.close()
    assert result is None and elapsed < 0.95, elapsed


@pytest.mark.parametrize("url", ["", "not a url", "ftp://127.0.0.1/x", "http://", "file:///etc/passwd"])
def test_unusable_url_is_ignored(url):
    result, elapsed = _timed_post(url)
    assert result is None and elapsed < 0.1


def test_unserialisable_payload_never_raises():
    assert live.post("http://127.0.0.1:9/x", "t", {"decision": object()}) is None


def test_importing_live_does_not_import_http_client():
    import subprocess
    import sys

    code = "import sys, legant_guard.hook.live; print('http.client' in sys.modules, 'urllib.parse' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[0] == "False"


# --- through the real hook ------------------------------------------------------------------


@pytest.mark.parametrize("server", ["ok"], indirect=True)
def test_hook_reports_each_decision_to_the_live_url(server, tmp_path):
    from conftest import GuardSetup, assert_allowed, assert_denied

    s = GuardSetup(tmp_path)
    env = s.env(LEGANT_GUARD_LIVE_URL=server.url, LEGANT_GUARD_LIVE_TOKEN="live-secret", LEGANT_GUARD_SOURCE="laptop")
    assert_allowed(s.bash("ls", env=env))
    assert_denied(s.bash("curl https://example.com", env=env), "`curl` is denied by deny-cmd")
    docs = [json.loads(body) for _, _, body in server.received]
    assert [d["decision"] for d in docs] == ["ALLOW", "DENY"]
    assert docs[1]["tool"] == "Bash" and docs[1]["source"] == "laptop" and "curl" in docs[1]["reason"]
    assert docs[1]["actor"] == "agent:builder" and docs[1]["provenance"].endswith("-> agent:builder")
    assert all(h["Authorization"] == "Bearer live-secret" for _, h, _ in server.received)


@pytest.mark.parametrize("server", ["hang", "500"], indirect=True)
def test_a_hanging_or_failing_live_server_never_changes_the_verdict(server, tmp_path):
    from conftest import GuardSetup, assert_allowed, assert_denied

    server.hang_seconds = 30
    s = GuardSetup(tmp_path)
    env = s.env(LEGANT_GUARD_LIVE_URL=server.url)
    start = time.monotonic()
    assert_allowed(s.bash("ls", env=env))
    assert_denied(s.bash("curl https://example.com", env=env), "`curl` is denied by deny-cmd")
    assert time.monotonic() - start < 15  # two whole processes on a loaded machine, never the 30 s hang
    assert len(server.received) == 2
