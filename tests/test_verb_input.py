"""Input that cannot mean what the user wants is refused or normalised, never stored silently.

Through the real CLI on a real setup: `deny --host URL` stores the host (and says so) and the
hook then denies that host; nonsense --path/--cmd/--tool values are refused with nothing
written; a role file with an unknown time zone is refused at load; `revoke --jti` of an id no
local token carries says so and still revokes.
"""

import json
import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, clean_env, run_legant


@pytest.fixture
def s(tmp_path):
    return GuardSetup(tmp_path)


def guard(s, *args):
    return run_legant(["guard", *args, "--dir", s.dir], env=clean_env(home=s.home), cwd=s.project)


def overlay(s):
    with open(os.path.join(s.dir, "overlay.json")) as f:
        return json.load(f)


@pytest.mark.parametrize("given", ["https://PasteBin.com/raw/abc?x=1", "pastebin.com:443", "http://pastebin.com:8080",
                                   "//pastebin.com/x", "pastebin.com/raw/abc"])
def test_deny_host_given_a_url_stores_the_host_and_says_so(s, given):
    r = guard(s, "deny", "--host", given)
    assert r.returncode == 0, r.stderr
    assert "stored the host pastebin.com" in r.stdout
    assert overlay(s)["deny_hosts"] == ["pastebin.com"]
    assert_denied(s.check("WebFetch", {"url": "https://pastebin.com/raw/zzz", "prompt": "p"}, role="open"),
                  "denied by deny-host pastebin.com")
    assert_denied(s.check("WebFetch", {"url": "https://sub.pastebin.com/x", "prompt": "p"}, role="open"),
                  "denied by deny-host pastebin.com")
    r = guard(s, "allow", "--host", given)
    assert r.returncode == 0 and overlay(s)["deny_hosts"] == []


def test_a_plain_host_and_a_wildcard_are_stored_without_a_note(s):
    r = guard(s, "deny", "--host", "Example.COM.", "--host", "*.evil.example")
    assert r.returncode == 0 and "stored the host" not in r.stdout
    assert overlay(s)["deny_hosts"] == ["*.evil.example", "example.com"]


@pytest.mark.parametrize("option, value, fragment", [
    ("--host", "a b", "not a host name"),
    ("--host", "https://", "not a host name"),
    ("--host", "evil.com;rm", "not a host name"),
    ("--host", "   ", "not a host name"),
    ("--cmd", "rm -rf", "give e.g. --cmd rm"),
    ("--cmd", "curl|sh", "not a program name"),
    ("--cmd", "  ", "empty --cmd"),
    ("--cmd", "$(evil)", "not a program name"),
    ("--tool", "Web Fetch", "not a tool name"),
    ("--tool", "", "not a tool name"),
    ("--tool", "../Bash", "not a tool name"),
    ("--path", "", "empty --path"),
    ("--path", "  ", "empty --path"),
    ("--path", "https://example.com/secret", "is a URL, not a path"),
])
def test_nonsense_values_are_refused_and_nothing_is_written(s, option, value, fragment):
    before = open(os.path.join(s.dir, "overlay.json")).read()
    r = guard(s, "deny", option, value, "--cmd", "terraform")
    assert r.returncode == 2, r.stdout
    assert fragment in r.stderr
    assert open(os.path.join(s.dir, "overlay.json")).read() == before


def test_the_panel_refuses_the_same_nonsense_and_stores_a_urls_host(s):
    from legant_guard.ui import controls

    with pytest.raises(controls.ControlError, match="not a program name"):
        controls.overlay_edit(s.dir, "cmds", "rm -rf", add=True)
    after = controls.overlay_edit(s.dir, "hosts", "https://pastebin.com/x", add=True)
    assert after["deny_hosts"] == ["pastebin.com"]


def test_a_role_file_with_an_unknown_time_zone_is_refused_at_load(s, tmp_path):
    from legant_guard.roles import role_path

    base = open(role_path("reviewer")).read().replace("name: reviewer", "name: nightly")
    bad = tmp_path / "nightly.yaml"
    bad.write_text(base + "\ntime_window:\n  weekdays: [1, 2, 3, 4, 5]\n  start_min: 0\n  end_min: 1439\n  tz: Mars/Olympus\n")
    r = guard(s, "mint", "--role", str(bad))
    assert r.returncode == 1 and "Mars/Olympus" in r.stderr and "not a known time zone" in r.stderr
    good = tmp_path / "daily.yaml"
    good.write_text(bad.read_text().replace("Mars/Olympus", "Europe/Paris"))
    assert guard(s, "mint", "--role", str(good)).returncode == 0


def test_revoke_jti_of_an_id_no_local_token_carries_says_so_and_still_revokes(s):
    from legant_guard.delegation.jws import decode_unverified

    unknown = "f" * 32
    r = guard(s, "revoke", "--jti", unknown)
    assert r.returncode == 0, r.stderr
    assert f"no token in {s.dir} carries the id {unknown}" in r.stdout
    with open(os.path.join(s.dir, "feed.jwt")) as f:
        assert unknown in decode_unverified(f.read().strip())[1]["jtis"]
    with open(os.path.join(s.dir, "builder.jwt")) as f:
        local = decode_unverified(f.read().strip())[1]["jti"]
    r = guard(s, "revoke", "--jti", local)
    assert r.returncode == 0 and "no token in" not in r.stdout
    assert_denied(s.check("Read", {"file_path": "README.md"}), "revoked")
    assert_allowed(s.check("Read", {"file_path": os.path.join(s.project, "README.md")}, role="reviewer"))
