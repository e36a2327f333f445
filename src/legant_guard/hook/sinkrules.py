"""Rules for what a shell command runs or reaches without naming it as a program.

- bash's `/dev/tcp/HOST/PORT` and `/dev/udp/...` redirects open network connections: they are
  exfiltration wherever the token denies exfiltration commands (deny-cmd for curl/nc/...,
  or a command allow-list, which such a command is not on);
- HOME=, GIT_DIR=, XDG_CONFIG_HOME= ... point programs at a folder they read and write;
- inline interpreter code is judged by hook/interpcode.py;
- a command that is the payload of an exec sink (`git rebase --exec CMD`, `GIT_SSH_COMMAND`,
  see rules/exec_sinks.json and shell/sinks.py) is denied with a reason that names the sink.
Pure functions over one analysed SimpleCommand; the engine calls them.
"""

from legant_guard.hook.model import deny
from legant_guard.hook.paths import wildcard_match

# Programs whose denial by deny-cmd means "this token denies network exfiltration".
_NETWORK_PROGRAMS = ("curl", "wget", "nc", "ncat", "netcat", "socat", "telnet")
_NETWORK_DEVICES = ("/dev/tcp/", "/dev/udp/")


def denies_network(policy):
    """Does the token deny network commands (an allow-list, or deny-cmd for curl/nc/...)?"""
    if policy.cmds:
        return True
    return any(wildcard_match(p, name) or wildcard_match(p.casefold(), name)
               for p in policy.deny_cmds for name in _NETWORK_PROGRAMS)


def network_redirect(cmd):
    """The /dev/tcp or /dev/udp redirect target of a command, if any."""
    for r in cmd.redirects:
        if r.target.startswith(_NETWORK_DEVICES):
            return r.target
    return None


def check(policy, cmd):
    target = network_redirect(cmd)
    if target and denies_network(policy):
        return deny(f"the redirect to {target} makes bash open a network connection, and the token denies "
                    "network commands (exfiltration)", "network")
    return None


def check_environment_paths(policy, protected, analysis, action, home):
    """HOME=/x, GIT_DIR=/x ...: the programs of the command read and write in that folder, so it
    is checked like a folder the command names."""
    from legant_guard.hook.engine import _check_path

    for env in analysis.env_paths:
        verdict = _check_path(policy, protected, env.folder, action.cwd, home, action.project, "shell",
                              exempt_devices=True)
        if verdict:
            return deny(f"{env.variable}={env.folder} makes programs use that folder: {verdict.reason}", verdict.rule)
    return None


def explain_sink(verdict, cmd):
    """Add to a denial which exec sink would run the denied command, when it is a payload."""
    sink = cmd.sink
    if sink is None or "run later by" in verdict.reason:
        return verdict
    return deny(f"{verdict.reason} (run later by `{sink.label}`: {sink.reason})", verdict.rule)
