"""The engine's public questions about a token's own rules (command_denial, host_denial,
tool_denial, path_denial): `guard allow` and the control panel ask them, so they must answer
as `decide` does, with its matching (case folding on the deny side, canonical hosts, resolved
paths), and name the rule."""

import os

import pytest

from legant_guard.hook import engine
from legant_guard.hook.policy import Policy


def _policy(*resources, tools=None, scope="fs.read fs.write shell.exec net.fetch"):
    cnst = {"resources": list(resources)}
    if tools is not None:
        cnst["tools"] = tools
    return Policy({"scope": scope, "cnst": cnst})


@pytest.mark.parametrize("command", ["terraform", "TERRAFORM", "terraform apply"])
def test_a_denied_program_is_denied_in_any_case_and_with_arguments(command):
    decision = engine.command_denial(_policy("deny-cmd:terraform"), command)
    assert decision is not None and not decision.allow and decision.rule == "deny-cmd"


def test_a_command_form_denies_only_that_form():
    policy = _policy("deny-cmd:npm publish")
    assert engine.command_denial(policy, "npm publish").rule == "deny-cmd"
    assert engine.command_denial(policy, "npm test") is None


def test_a_command_off_the_allow_list_is_denied_and_one_on_it_is_not():
    policy = _policy("cmd:git", "cmd:make")
    assert engine.command_denial(policy, "curl").rule == "cmds"
    assert engine.command_denial(policy, "git") is None


@pytest.mark.parametrize("host", ["pastebin.com", "PASTEBIN.COM.", "api.pastebin.com"])
def test_a_denied_host_is_denied_in_canonical_form_with_its_subdomains(host):
    decision = engine.host_denial(_policy("deny-host:pastebin.com"), host)
    assert decision is not None and decision.rule == "deny-host"


def test_an_internationalised_host_is_compared_in_its_ascii_form():
    policy = _policy("deny-host:xn--bcher-kva.example")
    assert engine.host_denial(policy, "bücher.example").rule == "deny-host"
    assert engine.host_denial(_policy("host:example.org"), "example.com").rule == "hosts"
    assert engine.host_denial(_policy("host:example.org"), "docs.example.org") is None


def test_a_tool_glob_denies_matching_tools_only():
    policy = Policy({"scope": "*", "cnst": {"resources": ["deny-tool:mcp__github__delete_*"]}})
    assert engine.tool_denial(policy, "mcp__github__delete_repo").rule == "deny-tool"
    assert engine.tool_denial(policy, "mcp__github__list_repos") is None
    assert engine.tool_denial(_policy(tools=["Read"]), "WebFetch").rule == "tools"


def test_a_denied_path_is_denied_through_a_symlink_and_relative_to_the_project(tmp_path):
    project, home = tmp_path / "proj", tmp_path / "home"
    (project / "secrets").mkdir(parents=True)
    home.mkdir()
    os.symlink(project / "secrets", project / "innocent")
    policy = _policy(f"deny-path:{project}/secrets")
    assert engine.path_denial(policy, "secrets/key.pem", str(project), str(home)).rule == "deny-path"
    assert engine.path_denial(policy, "innocent/key.pem", str(project), str(home)).rule == "deny-path"
    assert engine.path_denial(policy, "src/main.go", str(project), str(home)) is None
    outside = _policy(f"path:{project}")
    assert engine.path_denial(outside, "/etc/passwd", str(project), str(home)) is not None
