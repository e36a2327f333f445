"""Interpreter code given inline (`python3 -c`, `perl -e`, an awk program, a here-document fed
to an interpreter): text that runs.

The analyser (shell/sinks.py) finds the code and records an `interpreter` Sink when it can start
programs (a spawn word of rules/exec_sinks.json, awk's system(), `|` and getline) or open network
connections. The guard does not analyse these languages; it decides on what it can establish
cheaply, and otherwise denies as undetermined:
- a quoted string in the code that names a file on the deny side (`open('.env')`) is a read of it;
- under a command allow-list (builder), code that starts programs is undetermined unless the
  interpreter itself is on the allow-list;
- under deny-cmd (open), code that starts programs must not name a denied program
  (`os.system('curl x')`), nor start one taken from its input (`system($0)`); code that opens
  network connections is exfiltration wherever the token denies network commands.
"""

from legant_guard.hook.model import deny
from legant_guard.hook.paths import wildcard_match

_SEPARATORS = " \t\n;,()[]{}'\"`=+<>|&!:$\\"
MAX_CODE = 200000


def _awk_runs_data(text):
    """awk's system(X), `print | X`, `X | getline` with X not a string literal."""
    import re

    for m in re.finditer(r"system\s*\(\s*(.)", text):
        if m.group(1) != '"':
            return True
    for m in re.finditer(r"\|&?\s*(.)", text):
        if m.group(1) not in '"|':
            # `a || b` is a logical or; `| getline` reads from a command on the left
            before = text[:m.start()].rstrip()
            if text[m.end() - 1:].startswith("getline"):
                if not before.endswith('"'):
                    return True
            elif text[m.start() + 1:m.start() + 2] != "|" and not before.endswith("|"):
                return True
    return False


def _tokens(text):
    out, cur = [], []
    for c in text:
        if c in _SEPARATORS:
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(c)
    if cur:
        out.append("".join(cur))
    return out


def _quoted(text):
    """The contents of '...' and "..." runs of the code (no escapes: good enough to find names)."""
    out, quote, start = [], None, 0
    for k, c in enumerate(text):
        if quote is None and c in "'\"":
            quote, start = c, k + 1
        elif c == quote:
            out.append(text[start:k])
            quote = None
    return out


def _explicitly_allowed(policy, exe):
    """Is the interpreter itself on the token's command allow-list (then its code is trusted)?"""
    return bool(policy.cmds) and any(wildcard_match(p, exe) for p in policy.cmds if p != "*")


def check(cmd, policy, check_executable, check_secret):
    from legant_guard.hook.sinkrules import denies_network

    code = cmd.code
    if code is None:
        return None
    exe = cmd.executable
    text = code.text
    if len(text) > MAX_CODE:
        return deny(f"the inline code of `{exe}` is too long to check", "undetermined")
    for s in _quoted(text):
        if s and len(s) < 4096 and ("/" in s or s.startswith((".", "~"))) and "\n" not in s:
            verdict = check_secret(s)
            if verdict:
                return deny(f"the code `{exe}` runs names {s!r}: " + verdict.reason.removeprefix("Legant: "),
                            verdict.rule)
    sink = next((s for s in cmd.sinks if s.payload == "interpreter"), None)
    if sink is None or not policy.has_cmd_rules():
        return None
    undetermined = deny(f"could not determine what `{exe}` runs: {sink.reason}, and the guard does not analyse "
                        "interpreter code while the token has command rules", "undetermined")
    if code.dynamic:
        return undetermined
    if policy.cmds and not _explicitly_allowed(policy, exe):
        return undetermined
    if policy.deny_cmds:
        from legant_guard.shell.sinks import catalogue

        if exe in catalogue()["interpreters"]["awk"] and _awk_runs_data(text):
            return deny(f"the code `{exe}` runs starts a command built from its input (`system($0)`, `print | $1`), "
                        "which the guard cannot see", "undetermined")
        for tok in _tokens(text):
            name = tok.rsplit("/", 1)[-1]
            if name:
                verdict = check_executable(policy, name, wrapper=False, args=())
                if verdict and verdict.rule == "deny-cmd":
                    return deny(f"the code `{exe}` runs can start `{name}`, which is denied by deny-cmd "
                                f"({sink.reason})", "deny-cmd")
    if "network" in sink.reason and denies_network(policy):
        return deny(f"the code `{exe}` runs can reach the network ({sink.reason}), and the token denies "
                    "network commands (exfiltration)", "network")
    return None
