"""`legant guard ui` over plain HTTP: who may talk to the panel, and what a change does.

The panel can weaken or strengthen a security tool, so every gate gets a request that tries
to get around it: no secret, a wrong secret, a foreign Host (DNS rebinding), a cross-origin
or cross-site POST, a POST without the secret header (CSRF), a form-encoded POST. The
changes that pass are checked the way they matter: by the next `legant guard check`.
"""

import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import threading
import time
from urllib.parse import urlsplit

import pytest

from conftest import LEGANT, GuardSetup, assert_allowed, assert_denied, run_legant


class PanelProcess:
    """`legant guard ui --no-open --port 0` in a subprocess; reads the URL it prints."""

    def __init__(self, setup, role="builder", no_open=True, env=None):
        self.proc = subprocess.Popen(
            LEGANT + ["guard", "ui", "--dir", setup.dir, "--project", setup.project, "--role", role,
                      "--port", "0"] + (["--no-open"] if no_open else []),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env or setup.env(role),
            cwd=setup.project)
        self.lines = queue.Queue()
        threading.Thread(target=self._read_stdout, daemon=True).start()
        self.url, seen = None, []
        deadline = time.monotonic() + 20
        while self.url is None and time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if line is None:
                break
            seen.append(line)
            if line.strip().startswith("http://"):
                self.url = line.strip()
        if self.url is None:
            self.proc.kill()
            raise AssertionError("the panel printed no URL: " + "".join(seen) + self.proc.stderr.read())
        parts = urlsplit(self.url)
        self.port = parts.port
        self.secret = parts.query.split("s=", 1)[1]

    def _read_stdout(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def output(self):
        """Everything printed after the URL (call after stop)."""
        out = []
        while True:
            try:
                line = self.lines.get(timeout=5)
            except queue.Empty:
                break
            if line is None:
                break
            out.append(line)
        return "".join(out)

    def request(self, method, path, body=None, headers=None, host=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host if host is not None else f"127.0.0.1:{self.port}")
        data = json.dumps(body).encode() if isinstance(body, (dict, list)) else (body or b"")
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        if method == "POST":
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data if method == "POST" else None)
        resp = conn.getresponse()
        text = resp.read().decode()
        conn.close()
        return resp.status, resp.headers, text

    def api(self, method, path, body=None, **headers):
        h = {"X-Legant-Secret": self.secret}
        if method == "POST":
            h["Content-Type"] = "application/json"
            h["Origin"] = f"http://127.0.0.1:{self.port}"
        h.update(headers)
        return self.request(method, path, body, h)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@pytest.fixture
def setup(tmp_path):
    return GuardSetup(tmp_path)


@pytest.fixture
def panel(setup):
    p = PanelProcess(setup)
    yield p
    p.stop()


@pytest.fixture(scope="module")
def shared_panel(guard_setup):
    """One panel for the tests that change nothing."""
    p = PanelProcess(guard_setup)
    yield p
    p.stop()


def _overlay(setup):
    with open(os.path.join(setup.dir, "overlay.json")) as f:
        return json.load(f)


# ---- who may load the page and the API --------------------------------------------------------


def test_page_loads_with_the_secret_and_has_no_external_assets(shared_panel):
    status, headers, page = shared_panel.request("GET", f"/?s={shared_panel.secret}")
    assert status == 200 and "<title>Legant guard</title>" in page
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    nonce = csp.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<script nonce="{nonce}">' in page and "__NONCE__" not in page
    assert headers["Referrer-Policy"] == "no-referrer" and headers["Cache-Control"] == "no-store"
    assert "http://" not in page and "https://" not in page and "//" + "cdn" not in page
    assert " src=" not in page and "<link" not in page
    # a fresh nonce per response
    _, headers2, _ = shared_panel.request("GET", f"/?s={shared_panel.secret}")
    assert headers2["Content-Security-Policy"] != csp


@pytest.mark.parametrize("path", ["/", "/?s=", "/?s=wrong", "/api/state", "/api/decisions?after=-1"])
def test_requests_without_the_right_secret_are_refused(shared_panel, path):
    status, _, text = shared_panel.request("GET", path)
    assert status == 403 and "secret" in text
    assert "jti" not in text and "provenance" not in text


def test_a_secret_that_differs_in_one_character_is_refused(shared_panel):
    wrong = shared_panel.secret[:-1] + ("A" if shared_panel.secret[-1] != "A" else "B")
    assert shared_panel.request("GET", f"/?s={wrong}")[0] == 403
    assert shared_panel.request("GET", "/api/state", headers={"X-Legant-Secret": wrong})[0] == 403


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1", "127.0.0.1:1",
                                  "localhost.evil.example:{port}", "", "10.0.0.1:{port}"])
def test_foreign_host_header_is_refused_even_with_the_secret(shared_panel, host):
    status, _, text = shared_panel.request("GET", f"/api/state?s={shared_panel.secret}", host=host.format(port=shared_panel.port),
                                    headers={"X-Legant-Secret": shared_panel.secret})
    assert status == 403 and "127.0.0.1 or localhost" in text


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_loopback_host_names_are_accepted(shared_panel, host):
    status, _, text = shared_panel.request("GET", "/api/state", host=host.format(port=shared_panel.port),
                                    headers={"X-Legant-Secret": shared_panel.secret})
    assert status == 200 and json.loads(text)["role"] == "builder"


def test_panel_listens_on_127_0_0_1_only(shared_panel):
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.2", shared_panel.port), timeout=2).close()
    # and the kernel's own table says so
    port_hex = f"{shared_panel.port:04X}"
    with open("/proc/net/tcp") as f:
        listening = [line.split()[1] for line in f.readlines()[1:] if line.split()[3] == "0A"]
    assert f"0100007F:{port_hex}" in listening
    assert not any(addr.endswith(":" + port_hex) and addr != f"0100007F:{port_hex}" for addr in listening)


def test_without_a_display_the_panel_only_prints_its_link(setup):
    env = {k: v for k, v in setup.env().items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER")}
    p = PanelProcess(setup, no_open=False, env=env)
    assert p.request("GET", f"/?s={p.secret}")[0] == 200
    assert p.stop() == 0
    assert "(no graphical display: open the link in a browser yourself)" in p.output()


@pytest.mark.parametrize("role", ["../guard/builder", ".hidden", ""])
def test_role_must_be_a_plain_name(setup, role):
    proc = run_legant(["guard", "ui", "--dir", setup.dir, "--project", setup.project, "--role", role, "--no-open"],
                      env=setup.env())
    assert proc.returncode == 2 and "a role is a name" in proc.stderr


def test_panel_stops_cleanly_on_sigterm(setup):
    p = PanelProcess(setup)
    assert p.stop() == 0
    assert "panel stopped" in p.output()


# ---- state-changing requests -----------------------------------------------------------------


def test_post_without_the_secret_header_is_refused_and_changes_nothing(panel, setup):
    before = _overlay(setup)
    status, _, text = panel.request("POST", f"/api/overlay?s={panel.secret}",
                                    {"action": "add", "kind": "cmds", "value": "git"},
                                    {"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{panel.port}"})
    assert status == 403 and "X-Legant-Secret" in text
    assert _overlay(setup) == before


@pytest.mark.parametrize("origin", ["http://evil.example", "http://localhost:{port}", "http://127.0.0.1:1",
                                    "null", "https://127.0.0.1:{port}"])
def test_cross_origin_post_is_refused(panel, setup, origin):
    before = _overlay(setup)
    status, _, text = panel.api("POST", "/api/overlay", {"action": "add", "kind": "cmds", "value": "git"},
                                Origin=origin.format(port=panel.port))
    assert status == 403 and "cross-origin" in text
    assert _overlay(setup) == before


def test_cross_site_fetch_metadata_is_refused(panel, setup):
    status, _, text = panel.api("POST", "/api/overlay", {"action": "add", "kind": "cmds", "value": "git"},
                                **{"Sec-Fetch-Site": "cross-site"})
    assert status == 403 and "cross-site" in text
    assert _overlay(setup)["deny_cmds"] == []


def test_form_encoded_post_is_refused(panel, setup):
    status, _, text = panel.api("POST", "/api/overlay", b"action=add&kind=cmds&value=git",
                                **{"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415 and "application/json" in text
    assert _overlay(setup)["deny_cmds"] == []


def test_other_methods_are_refused(shared_panel):
    assert shared_panel.api("DELETE", "/api/overlay")[0] == 405
    assert shared_panel.request("PUT", "/api/overlay")[0] == 403  # no secret: refused at the gate


def test_deny_added_over_http_is_enforced_by_the_next_check_and_removed_again(panel, setup):
    assert_allowed(setup.bash("git status"))
    status, _, text = panel.api("POST", "/api/overlay", {"action": "add", "kind": "cmds", "value": "git"})
    assert status == 200, text
    assert json.loads(text)["overlay"]["deny_cmds"] == ["git"]
    assert_denied(setup.bash("git status"), "`git` is denied by deny-cmd")
    status, _, text = panel.api("POST", "/api/overlay", {"action": "remove", "kind": "cmds", "value": "git"})
    assert status == 200, text
    assert_allowed(setup.bash("git status"))


def test_overlay_edits_are_the_ones_the_cli_makes(panel, setup):
    # added through the panel, removed by `legant guard allow`: the same entry
    status, _, text = panel.api("POST", "/api/overlay", {"action": "add", "kind": "paths", "value": "src/vendor"})
    assert status == 200, text
    assert json.loads(text)["overlay"]["deny_paths"] == ["src/vendor"]
    write = {"file_path": os.path.join(setup.project, "src", "vendor", "a.go"), "content": ""}
    assert_denied(setup.check("Write", write), "is denied by deny-path")
    proc = run_legant(["guard", "allow", "--dir", setup.dir, "--project", setup.project, "--path", "src/vendor"],
                      env=setup.env())
    assert proc.returncode == 0, proc.stderr
    assert _overlay(setup)["deny_paths"] == []
    assert_allowed(setup.check("Write", write))
    # added by `legant guard deny`, removed through the panel
    proc = run_legant(["guard", "deny", "--dir", setup.dir, "--project", setup.project, "--host", "Pastebin.COM."],
                      env=setup.env())
    assert proc.returncode == 0, proc.stderr
    status, _, text = panel.api("POST", "/api/overlay", {"action": "remove", "kind": "hosts", "value": "pastebin.com"})
    assert status == 200, text
    assert _overlay(setup)["deny_hosts"] == []


def test_overlay_cannot_widen_what_the_token_denies(panel, setup):
    # `curl` is denied by the builder TOKEN; "removing" it from the overlay must not pretend.
    status, _, text = panel.api("POST", "/api/overlay", {"action": "remove", "kind": "cmds", "value": "curl"})
    error = json.loads(text)["error"]
    assert status == 400 and "the token itself denies it (`curl` is denied by deny-cmd)" in error
    assert_denied(setup.bash("curl https://example.com"), "curl")


@pytest.mark.parametrize("body", [{"action": "add", "kind": "roles", "value": "x"},
                                  {"action": "add", "kind": "cmds", "value": ""},
                                  {"action": "add", "kind": "cmds", "value": "a\u0000b"},
                                  {"action": "widen", "kind": "cmds", "value": "git"},
                                  {"action": "add", "kind": "cmds", "value": ["git"]}])
def test_malformed_overlay_edits_are_refused(panel, setup, body):
    status, _, text = panel.api("POST", "/api/overlay", body)
    assert status == 400 and json.loads(text)["error"]
    assert _overlay(setup) == {"deny_paths": [], "deny_cmds": [], "deny_hosts": [], "deny_tools": []}


def test_revoke_needs_confirmation_and_the_active_token_id(panel, setup):
    state = json.loads(panel.api("GET", "/api/state")[2])
    jti = state["token"]["jti"]
    status, _, text = panel.api("POST", "/api/revoke", {"jti": jti})
    assert status == 400 and "confirmation" in text
    status, _, text = panel.api("POST", "/api/revoke", {"jti": "0" * 32, "confirm": True})
    assert status == 400 and "only the active token" in text
    assert_allowed(setup.bash("ls"))
    status, _, text = panel.api("POST", "/api/revoke", {"jti": jti, "confirm": True})
    assert status == 200 and json.loads(text)["revoked"] == jti
    assert_denied(setup.bash("ls"), "revoked")
    state = json.loads(panel.api("GET", "/api/state")[2])
    assert state["token"]["revoked"] is True and jti in state["feed"]["revoked"]


def test_state_shows_role_rule_feed_and_install_status(panel, setup):
    state = json.loads(panel.api("GET", "/api/state")[2])
    assert state["role"] == "builder" and state["token"]["provenance"].endswith("-> agent:builder")
    assert state["token"]["valid"] is True and state["token"]["scope"] == "fs.read fs.write shell.exec"
    assert state["feed"]["valid"] is True and state["feed"]["expires_in"] > 0
    assert {a["agent"] for a in state["installed"]["agents"]} == {"claude-code", "codex", "opencode"}
    assert all(not a["installed"] for a in state["installed"]["agents"])
    assert "LEGANT_GUARD_TOKEN" not in json.dumps(state["installed"])


def test_decision_stream_returns_new_records_in_order(panel, setup):
    first = json.loads(panel.api("GET", "/api/decisions?after=-1")[2])
    assert first["records"] == []
    setup.bash("git status")
    setup.bash("cat .env")
    got = json.loads(panel.api("GET", "/api/decisions?after=-1")[2])["records"]
    assert [r["decision"] for r in got] == ["allow", "deny"] and [r["i"] for r in got] == [0, 1]
    setup.bash("ls")
    newer = json.loads(panel.api("GET", "/api/decisions?after=1")[2])["records"]
    assert [(r["i"], r["target"]) for r in newer] == [(2, "ls")]


def test_audit_verify_status_follows_the_chain(panel, setup):
    setup.bash("git status")
    setup.bash("ls")
    verify = json.loads(panel.api("GET", "/api/state")[2])["audit"]["verify"]
    assert verify == {"ok": True, "message": "2 records, chain intact (seq 1..2)"}
    audit = os.path.join(setup.dir, "audit.jsonl")
    with open(audit) as f:
        lines = f.readlines()
    lines[0] = lines[0].replace('"allow"', '"deny"')  # someone edits the trail
    with open(audit, "w") as f:
        f.writelines(lines)
    deadline = time.monotonic() + 5  # re-verified on a change, at most every 2 s
    while True:
        verify = json.loads(panel.api("GET", "/api/state")[2])["audit"]["verify"]
        if verify["ok"] is False or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert verify["ok"] is False and "line 1" in verify["message"]
