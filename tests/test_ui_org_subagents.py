"""The control panel in org mode and with sub-agents (issue 13).

- Org mode (`install --issuer`): the panel judges the token and feed as the hook does, from
  the issuer's cached documents, names the issuer, and neither offers nor performs Renew or
  Revoke (the issuer holds the key: both happen there).
- A sub-agent's decision shows whose authority it used: user -> agent -> sub-agent.
The API tests run always; the browser tests (marked `ui`) need Chromium (test_ui_browser.py).
"""

import json
import os
import pathlib
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, clean_env, run_legant
from issuer_server import Issuer
from test_ui_browser import browser, by_id, rows, wait_for  # noqa: F401 (browser is a fixture)
from test_ui_security import PanelProcess


class _Where:
    def __init__(self, guard_dir, project):
        self.dir, self.project = str(guard_dir), str(project)


@pytest.fixture
def org_panel(tmp_path):
    setup = GuardSetup(tmp_path / "issuer")
    iss = Issuer(setup)
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
    gd = tmp_path / "gd"
    r = run_legant(["guard", "install", "--dir", str(gd), "--tool", "claude-code", "--issuer", iss.base,
                    "--token-file", os.path.join(setup.dir, "builder.jwt")], env=env, cwd=setup.project)
    assert r.returncode == 0, r.stderr
    panel = PanelProcess(_Where(gd, setup.project), role="issuer", env=env)
    panel.issuer = iss
    yield panel
    panel.stop()
    iss.stop()


def test_org_mode_panel_state_names_the_issuer_and_judges_like_the_hook(org_panel):
    state = json.loads(org_panel.api("GET", "/api/state")[2])
    assert state["org"]["issuer"] == "https://legant.local"
    assert state["org"]["jwks"] == org_panel.issuer.base + "/.well-known/jwks.json"
    assert state["token"]["valid"] is True and state["token"]["provenance"].endswith("-> agent:builder"), state["token"]
    feed = state["feed"]
    assert feed["valid"] is True and feed["url"] == org_panel.issuer.base + "/.well-known/revoked", feed
    assert "guard init" not in json.dumps(state)


@pytest.mark.parametrize("path,verb", [("/api/renew", "renew"), ("/api/revoke", "revoke")])
def test_org_mode_panel_refuses_renew_and_revoke_and_says_where_they_happen(org_panel, path, verb):
    state = json.loads(org_panel.api("GET", "/api/state")[2])
    status, _, text = org_panel.api("POST", path, {"confirm": True, "jti": state["token"].get("jti")})
    assert status == 400, text
    error = json.loads(text)["error"]
    assert f"{verb} it there" in error and "https://legant.local" in error and "legant guard renew" not in error


@pytest.fixture
def subagent_setup(tmp_path):
    from legant_guard import subagents

    setup = GuardSetup(tmp_path)
    subagents.mint_children(setup.dir, setup.project, "builder", {"*": "reviewer"}, time.time())
    setup.sub_env = setup.env("builder", LEGANT_GUARD_SUBAGENTS=subagents.map_path(setup.dir, "builder"))
    return setup


def test_a_sub_agents_decision_carries_its_chain_to_the_panel(subagent_setup):
    s = subagent_setup
    assert_denied(s.check("Write", {"file_path": "x.md", "content": "x"}, env=s.sub_env, agent_id="a1",
                          agent_type="Explore"), "fs.write")
    panel = PanelProcess(s)
    try:
        records = json.loads(panel.api("GET", "/api/decisions?after=-1")[2])["records"]
    finally:
        panel.stop()
    assert records[-1]["agent"] == "Explore"
    assert records[-1]["provenance"].endswith("-> agent:builder -> agent:subagent:any")


@pytest.mark.ui
def test_the_decisions_table_shows_user_agent_sub_agent(browser, subagent_setup):  # noqa: F811
    s = subagent_setup
    panel = PanelProcess(s)
    try:
        browser.get(panel.url)
        wait_for(lambda: by_id(browser, "role").text == "builder", what="the role to show")
        assert_allowed(s.check("Write", {"file_path": "main.md", "content": "x"}, env=s.sub_env))
        assert_denied(s.check("Write", {"file_path": "x.md", "content": "x"}, env=s.sub_env, agent_id="a1",
                              agent_type="Explore"), "fs.write")
        found = wait_for(lambda: [t for _, t in rows(browser) if "sub-agent Explore" in t], what="the sub-agent row")
        assert "→ agent:builder → agent:subagent:any" in found[0], found
        main_rows = [t for _, t in rows(browser) if "main.md" in t]
        assert main_rows and "sub-agent" not in main_rows[0], main_rows
    finally:
        panel.stop()


@pytest.mark.ui
def test_org_mode_page_hides_renew_and_revoke_and_names_the_issuer(browser, org_panel):  # noqa: F811
    browser.get(org_panel.url)
    wait_for(lambda: by_id(browser, "role").text == "issuer", what="the role to show")
    note = wait_for(lambda: by_id(browser, "org-note").text, what="the issuer note")
    assert "https://legant.local" in note and "renew or revoke it there" in note
    assert not by_id(browser, "renew").is_displayed() and not by_id(browser, "revoke").is_displayed()
    assert "token valid" in by_id(browser, "token-status").text
    assert org_panel.issuer.base + "/.well-known/revoked" in by_id(browser, "feed").text
    assert "guard init" not in browser.find_element("tag name", "body").text
