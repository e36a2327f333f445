"""Red team 24 (issue 9 classes 3 and 6): tunnels, shared terminals and consoles.

Tunnels and terminal-sharing tools put the machine on the internet for whoever holds the link
(`ngrok http 8080`, `cloudflared tunnel`, `bore`, `tmate`, `ttyd bash`, `gotty -w bash`,
`tailscale funnel`): they join the exfil list. Consoles a PTY session could type into (`jupyter
console`, `rebar3 shell`, `bundle console`, k9s and lazydocker, which open a shell in a pod or a
container at a keystroke) join the interactive list. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt24tunnels"))


@pytest.mark.parametrize("cmd", [
    "ngrok http 8080", "cloudflared tunnel --url http://localhost:8080", "localtunnel --port 8080",
    "bore local 8080 --to bore.pub", "frpc -c frpc.ini", "chisel client https://x 8080", "zrok share public 8080",
    "devtunnel host -p 8080", "tmate", "ttyd bash", "gotty -w bash", "upterm host", "sshx", "tailscale funnel 8080",
    "tailscale serve 8080", "sudo tailscale funnel 443",
])
@pytest.mark.parametrize("role", ["open", "builder"])
def test_tunnels_are_exfiltration(g, cmd, role):
    assert_denied(g.bash(cmd, role=role))


@pytest.mark.parametrize("cmd", ["ngrok http 8080", "ttyd bash", "tailscale funnel 8080"])
def test_tunnels_reason_names_deny_cmd(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "is denied by deny-cmd")


@pytest.mark.parametrize("cmd", ["jupyter console", "jupyter qtconsole", "rebar3 shell", "bundle console", "k9s",
                                 "lazydocker"])
@pytest.mark.parametrize("role", ["open", "operator"])
def test_consoles_are_interactive(g, cmd, role):
    assert_denied(g.bash(cmd, role=role), "would start an interactive session")


@pytest.mark.parametrize("cmd", ["tailscale status", "jupyter notebook list", "rebar3 compile", "bundle exec rspec",
                                 "bundle install", "k9s version"])
def test_neighbours_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))
