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


def _programs_named(text, cwd):
    """Every word of the code that could be a program it starts: its tokens, and the programs
    of each string literal read as a shell command line (`os.system('cu""rl x')` runs curl)."""
    from legant_guard.shell import analyze

    names = []
    for tok in _tokens(text):
        names.append(tok.rsplit("/", 1)[-1])
    budget = MAX_SHELL_TEXT
    for literal in _quoted(text):
        budget -= len(literal)
        if budget < 0 or not literal.strip():
            continue
        analysis = analyze(literal, cwd, "/")
        for cmd in analysis.commands:
            names.append(cmd.executable)
            names.extend(w.split()[0].rsplit("/", 1)[-1] for w in cmd.via if w.strip() and not w.startswith("$"))
    return [n for n in dict.fromkeys(names) if n]


# How code builds text the guard cannot read from its words: joined or converted strings,
# escapes, interpolation, reflection, values read at run time. A program name built this way
# (`'cu'+'rl'`, `'cu' 'rl'`, `chr(99)`, `"\x63url"`, `f"{x}"`) is not in the code. Matched on
# the code with each string literal replaced by `S` (RAW: on the code as written).
_BUILDERS = (
    (r"S\s*(\+|\.\.?|~|,\s*S\s*\)\s*\.join)|(\+|\.\.|\.(?=\s*S))\s*S", "strings joined"),
    (r"S\s*S", "strings side by side"),
    (r"RAW\\(x[0-9A-Fa-f]|u[0-9A-Fa-f{]|U[0-9A-Fa-f]|N\{|[0-7]{2,3}|c[A-Za-z@])", "escapes"),
    (r"RAW\$\{|#\{", "interpolation"),
    (r"S\s*%|\b[rRbB]?[fF][rRbB]?S|\.format\b|\.join\b|\.replace\b|\.translate\b|\bsprintf\b|\bformat\(",
     "formatted strings"),
    (r"\[\s*:\s*:\s*-|\breverse\b|\bchr\b|\bord\b|fromCharCode|fromhex|unhexlify|b64decode|b32decode|"
     r"\bdecode\s*\(\s*S|rot13|\bpack\b|\bunpack\b|\bswapcase\b|\bupper\b|\blower\b|\btr\b",
     "converted strings"),
    (r"\b(getattr|__import__|importlib|globals|locals|vars|eval|exec|compile|Function|send|public_send|"
     r"instance_eval|class_eval|const_get|method|call_user_func)\b", "reflection"),
    (r"\b(environ|getenv|ENV|process\.env|argv|ARGV|input|stdin|STDIN|readline|readlines|gets|read|fgets)\b|"
     r"<>|<STDIN>", "values read at run time"),
    (r"RAW\$[\w{(]|@ARGV", "variables expanded at run time"),
    (r"\b(system|popen[23]?|spawn\w*|exec\w*|run|call|check_output|check_call|Popen|getoutput|getstatusoutput|"
     r"capture[23]e?|shell_exec|passthru|proc_open|pipeline\w*)\s*\(\s*(?!\[?\s*S)(?!\))", "a program named by a variable"),
)
MAX_SHELL_TEXT = 20000


def _skeleton(text):
    """The code with each '...', "..." and `...` literal replaced by S (escapes honoured)."""
    out, k = [], 0
    while k < len(text):
        c = text[k]
        if c in "'\"`":
            k += 1
            while k < len(text) and text[k] != c:
                k += 2 if text[k] == "\\" else 1
            out.append("S")
        else:
            out.append(c)
        k += 1
    return "".join(out)


def _built_at_run_time(text):
    """Why the code may build a program name the guard cannot see, or None."""
    import re

    skeleton = _skeleton(text)
    for pattern, why in _BUILDERS:
        raw = pattern.startswith("RAW")
        m = re.search(pattern[3:] if raw else pattern, text if raw else skeleton)
        if m:
            return f"{why}: `{m.group(0).strip()[:40]}`"
    return None


def _awk_built(text):
    """awk starts `system("...")`, `print | "..."` and `"..." | getline`: each command must be
    one string literal standing alone (`"cu" "rl"` is a concatenation), without escapes."""
    import re

    for m in re.finditer(r"(system\s*\(|\|&?)\s*\"", text):
        end = _literal_end(text, m.end() - 1)
        if end is None:
            return "an unterminated string"
        rest = text[end + 1:].lstrip(" \t")
        if "\\" in text[m.end():end]:
            return "escapes in the command string"
        if rest[:1] not in ("", ")", ";", "}", "\n") and not rest.startswith(("||", "&&")):
            return f"a command string joined with `{rest[:20]}`"
    for m in re.finditer(r"\"\s*\|&?\s*getline", text):
        start = text.rfind('"', 0, m.start())
        before = text[:start].rstrip(" \t")
        if before[-1:] not in ("", "{", ";", "(", "\n") or "\\" in text[start:m.start()]:
            return "a command string joined with what comes before it"
    return None


def _literal_end(text, start):
    k = start + 1
    while k < len(text):
        if text[k] == "\\":
            k += 2
            continue
        if text[k] == '"':
            return k
        k += 1
    return None


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
        for name in _programs_named(text, cmd.cwd):
            verdict = check_executable(policy, name, wrapper=False, args=())
            if verdict and verdict.rule == "deny-cmd":
                return deny(f"the code `{exe}` runs can start `{name}`, which is denied by deny-cmd "
                            f"({sink.reason})", "deny-cmd")
        built = _awk_built(text) if exe in catalogue()["interpreters"]["awk"] else _built_at_run_time(text)
        if built:
            return deny(f"could not determine which program the code `{exe}` runs starts: {sink.reason}, and it "
                        f"builds text at run time ({built}), which could name a program the token denies",
                        "undetermined")
    if "network" in sink.reason and denies_network(policy):
        return deny(f"the code `{exe}` runs can reach the network ({sink.reason}), and the token denies "
                    "network commands (exfiltration)", "network")
    return None
