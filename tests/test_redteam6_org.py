"""Red team #10 (rt10c): org mode's feed high-water mark lived only in the issuer cache.

Deleting the cache (one folder under ~/.cache) let an older signed feed, replayed from the
issuer's URL, back in: a revocation undone. The guard dir's feed-state.json and setup record now
keep the version per issuer too, and the setup record's own deletion is a deny (audit head).
A real issuer on 127.0.0.1 serves the JWKS and the feed; nothing else is contacted.
"""

import json
import os
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import assert_allowed, assert_denied, check_in_process, clean_env, session_key_pem

ISSUER = "https://org.example"


class _Issuer:
    def __init__(self):
        from legant_guard.delegation.keys import jwks_from_private_pem

        self.pem = session_key_pem()
        self.jwks = json.dumps(jwks_from_private_pem(self.pem, "k1")).encode()
        self.publish(5)
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = issuer.jwks if self.path.endswith("jwks.json") else issuer.feed
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.server.server_port

    def publish(self, ver):
        from legant_guard.delegation.mint import build_feed

        self.feed = build_feed(self.pem, "k1", issuer=ISSUER, jtis=[], ver=ver, ttl_seconds=3600,
                               now=time.time()).encode()


@pytest.fixture
def org(tmp_path):
    from legant_guard import guarddir, issuersetup
    from legant_guard.delegation.mint import mint_token

    issuer = _Issuer()
    home, project, gd = tmp_path / "home", tmp_path / "proj", str(tmp_path / "guard")
    home.mkdir()
    project.mkdir()
    token = mint_token(issuer.pem, "k1", issuer=ISSUER, audience="legant:claude-code", sub="user:a",
                       actor="agent:x", scope="*", cnst=None, ttl_seconds=3600, now=time.time())
    (tmp_path / "t.jwt").write_text(token)
    env = clean_env(home=home)
    env.update(LEGANT_GUARD_CACHE=str(tmp_path / "cache"), LEGANT_GUARD_REFRESH="0.001")
    issuersetup.setup(gd, str(project), issuer.url, str(tmp_path / "t.jwt"), "legant:claude-code", env, time.time())
    env.update(guarddir.hook_env(gd, str(project), issuersetup.ROLE))
    issuer.env, issuer.dir, issuer.cache, issuer.project = env, gd, str(tmp_path / "cache"), str(project)
    yield issuer
    issuer.server.shutdown()


def _call(org):
    event = {"hook_event_name": "PreToolUse", "session_id": "s", "cwd": org.project, "tool_name": "Read",
             "tool_input": {"file_path": os.path.join(org.project, "a.txt")}, "tool_use_id": "t"}
    time.sleep(0.01)  # past LEGANT_GUARD_REFRESH: every call fetches
    return check_in_process([], event, org.env, cwd=org.project)


def test_deleting_the_issuer_cache_does_not_let_an_older_feed_in(org):
    assert_allowed(_call(org))
    org.publish(7)
    assert_allowed(_call(org))
    shutil.rmtree(org.cache)
    org.publish(5)  # an old signed feed replayed
    assert_denied(_call(org), "rolled back", "version 5 is older than 7")


def test_the_setup_record_keeps_it_when_the_feed_state_goes_too(org):
    org.publish(7)
    assert_allowed(_call(org))
    shutil.rmtree(org.cache)
    os.remove(os.path.join(org.dir, "feed-state.json"))
    org.publish(5)
    assert_denied(_call(org), "rolled back", "the setup record")


def test_deleting_every_copy_is_itself_a_deny(org):
    org.publish(7)
    assert_allowed(_call(org))
    shutil.rmtree(org.cache)
    os.remove(os.path.join(org.dir, "feed-state.json"))
    os.remove(os.path.join(org.dir, "setup.json"))
    org.publish(5)
    assert_denied(_call(org), "setup.json is missing")


def test_a_newer_feed_is_still_accepted_after_a_refused_rollback(org):
    org.publish(7)
    assert_allowed(_call(org))
    shutil.rmtree(org.cache)
    org.publish(5)
    assert_denied(_call(org), "rolled back")
    org.publish(8)
    assert_allowed(_call(org))
    with open(os.path.join(org.dir, "setup.json")) as f:
        assert json.load(f)["feed_vers"][ISSUER] == 8
