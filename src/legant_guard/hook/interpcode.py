"""Interpreter code given inline (`python3 -c`, `perl -e`, an awk program): text that runs.

The guard does not analyse these languages. What it can establish cheaply it does, and denies
on: code that can start a program (a spawn word of rules/exec_sinks.json, awk's system(),
`|` and getline) and names a program the token denies (`os.system('curl x')`), and a quoted
string in the code that names a file on the deny side (`open('.env')`).
"""

from legant_guard.hook.model import deny

_SEPARATORS = " \t\n;,()[]{}'\"`=+<>|&!:$\\"


def _code_texts(cmd, cat):
    exe, argv = cmd.executable, cmd.argv
    if exe in cat["interpreters"]["awk"]:
        i = 1
        while i < len(argv):
            a = argv[i]
            if a in ("-f", "--file"):
                return []
            if a in ("-v", "-F", "--assign", "--field-separator"):
                i += 2
                continue
            if a == "--":
                return argv[i + 1:i + 2]
            if not a.startswith("-"):
                return [a]
            i += 1
        return []
    opts = set(cat["interpreters"]["code_options"])
    out = []
    for i, a in enumerate(argv[1:-1], start=1):
        if a in opts:
            out.append(argv[i + 1])
    return out


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


def check(cmd, policy, check_executable, check_secret):
    from legant_guard.shell.sinks import catalogue

    cat = catalogue()
    exe = cmd.executable
    interp = cat["interpreters"]
    if not (exe in interp["awk"] or exe in interp["programs"] or exe.startswith("python")):
        return None
    texts = _code_texts(cmd, cat)
    if not texts:
        return None
    for text in texts:
        if len(text) > 200000:
            return deny(f"the inline code of `{exe}` is too long to check", "undetermined")
        spawns = exe in interp["awk"] and ("system" in text or "|" in text) or \
            any(w in text for w in interp["spawn_words"])
        if spawns and policy.deny_cmds and exe in interp["awk"] and _awk_runs_data(text):
            return deny(f"the code `{exe}` runs starts a command built from its input (`system($0)`, `print | $1`), "
                        "which the guard cannot see", "undetermined")
        if spawns and policy.deny_cmds:
            for tok in _tokens(text):
                name = tok.rsplit("/", 1)[-1]
                if name:
                    verdict = check_executable(policy, name, wrapper=False, args=())
                    if verdict and verdict.rule == "deny-cmd":
                        return deny(f"the code `{exe}` runs can start `{name}`, which is denied by deny-cmd", "deny-cmd")
        for s in _quoted(text):
            if s and len(s) < 4096 and ("/" in s or s.startswith((".", "~"))) and "\n" not in s:
                verdict = check_secret(s)
                if verdict:
                    return deny(f"the code `{exe}` runs names {s!r}: " + verdict.reason.removeprefix("Legant: "),
                                verdict.rule)
    return None
