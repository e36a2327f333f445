"""Undetermined operands whose value provably cannot reach a denied path.

The engine denies an operand it cannot determine whenever the token has path rules. Some
values are unknown only in their exact spelling, not in where they can point:
- `$(mktemp)` (and a variable every assignment of which is `$(mktemp)`): a fresh name directly
  under TMPDIR or /tmp; it is checked as that folder. Only the value itself: `"$t/x"` could go
  through a link made later, so it stays undetermined.
- numeric substitutions (`-j$(nproc)`, `$(( 2 * 4 ))`): digits only; the word is checked with
  digits in their place. Not when the command defines a function, an alias or PATH.
- `git ls-files PATHSPEC | xargs CMD` / `git diff --name-only ... PATHSPEC | xargs CMD`: tracked
  files matching the pathspec; each of them (read from the git index) meets the deny side.
- `git rm --cached FILE` removes FILE from the index only: it does not read or write the file.
"""

import os

_NUMERIC_COMMANDS = ("$(nproc)", "$(nproc --all)", "$(getconf _NPROCESSORS_ONLN)", "`nproc`",
                     "$(getconf NPROCESSORS_ONLN)", "$(sysctl -n hw.ncpu)")
_ARITH_CHARS = frozenset("0123456789 +-*/%()")


def _quoted_source(entry):
    """`operand `SRC` of `x`` / `redirect target `SRC`` -> SRC, else None."""
    if not entry.startswith(("operand `", "redirect target `")):
        return None
    start = entry.index("`") + 1
    end = entry.find("` of `", start) if entry.startswith("operand") else entry.rfind("`")
    if end <= start or (entry.startswith("redirect") and not entry.endswith("`")):
        return None
    rest = entry[end:]
    if entry.startswith("operand") and not rest.startswith("` of `"):
        return None
    return entry[start:end]


def _strip_quotes(text):
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _numeric_word(src):
    """The word with each numeric substitution replaced by 0, or None when any other expansion is in it."""
    text = src
    for form in _NUMERIC_COMMANDS:
        text = text.replace(form, "0")
    while "$((" in text:
        start = text.index("$((")
        end = text.find("))", start)
        if end < 0 or not set(text[start + 3:end]) <= _ARITH_CHARS:
            return None
        text = text[:start] + "0" + text[end + 2:]
    text = text.replace('"', "")
    if any(c in text for c in "$`'\\*?[{~"):
        return None
    return text


def _mktemp_vars(command):
    """Variables whose every assignment in the command is exactly `$(mktemp)` with no options that move it."""
    import re

    candidates = {}
    for match in re.finditer(r"(?<![\w$])([A-Za-z_]\w*)=(\"?)\$\(mktemp(?:\s+(-d|-u|--directory|-q|-t\s+[\w.]+))*\s*\)\2(?=[\s;&|)]|$)",
                             command):
        candidates[match.group(1)] = True
    out = set()
    for name in candidates:
        assignments = re.findall(r"(?<![\w$])" + name + r"\+?=", command)
        clean = re.findall(r"(?<![\w$])" + name + r"=\"?\$\(mktemp", command)
        if len(assignments) == len(clean) and not re.search(r"\b(read|for|local|declare|typeset|export|unset|readonly|"
                                                              r"mapfile|readarray|getopts|printf\s+-v)\b[^;&|]*\b" + name
                                                              + r"\b", command):
            out.add(name)
    return out


def _is_mktemp_value(src, names):
    text = _strip_quotes(src)
    if text.startswith("$(mktemp") and text.endswith(")"):
        inner = text[8:-1].split()
        return all(w in ("-d", "-u", "-q", "--directory", "--quiet", "--dry-run") for w in inner)
    for name in names:
        if text in ("$" + name, "${" + name + "}"):
            return True
    return False


def narrow(cmd, command, check):
    """The undetermined entries of `cmd` that still stand. `check(path, cwd)` judges a stand-in
    path (returns a Decision or None); a narrowed entry whose stand-in is denied stays."""
    if not cmd.undetermined:
        return [], None
    defines = any(w in command for w in ("alias ", "PATH=", "()", "function "))
    names = _mktemp_vars(command) if "mktemp" in command else set()
    tmp = os.environ.get("TMPDIR") or "/tmp"
    if "TMPDIR" in command:
        names = set()
    left = []
    for entry in cmd.undetermined:
        src = _quoted_source(entry)
        if src is None:
            if entry.startswith("operands of `") and _from_git_listing(cmd, command):
                verdict = _check_listing(cmd, command, check)
                if verdict:
                    return left, verdict
                continue
            left.append(entry)
            continue
        if ("mktemp" in src or names) and "TMPDIR" not in command and _is_mktemp_value(src, names):
            verdict = check(os.path.join(tmp, "tmp.XXXXXXXXXX"), cmd.cwd)
            if verdict:
                return left, verdict
            continue
        word = None if defines else _numeric_word(src)
        if word is not None and word != src.replace('"', ""):
            if word.startswith("-"):
                continue  # an option with a number in it
            verdict = check(word, cmd.cwd)
            if verdict:
                return left, verdict
            continue
        left.append(entry)
    return left, None


def index_only_paths(cmd):
    """Operands `git rm --cached` takes out of the index without touching the files."""
    argv = cmd.argv
    if cmd.executable != "git" or "--cached" not in argv:
        return ()
    from legant_guard.hook.destinations import _git_sub

    sub = _git_sub(argv)
    if not sub or sub[1] != "rm":
        return ()
    return tuple(cmd.paths)


# ---- git ls-files | xargs ------------------------------------------------------------------

def _from_git_listing(cmd, command):
    """Is `cmd` an `xargs` command fed by exactly one `git ls-files`/`git diff --name-only` with a pathspec?"""
    if not any(v.startswith("xargs") for v in cmd.via) or command.count("|") != 1:
        return False
    left, _, right = command.partition("|")
    right = right.strip()
    if not right.startswith("xargs") or any(c in command for c in ";&`$<>\n"):
        return False
    return _listing_pathspecs(left.split()) is not None


def _listing_pathspecs(words):
    """The pathspecs of `git ls-files ... PATHSPEC` or `git diff --name-only ... -- PATHSPEC`, or None."""
    if len(words) < 3 or words[0] != "git":
        return None
    sub, rest = words[1], words[2:]
    if sub == "ls-files":
        specs = [w.strip("'\"") for w in rest if not w.startswith("-")]
        if any(w.startswith("-") and w not in ("-z", "--cached", "-c", "--full-name") for w in rest):
            return None
    elif sub == "diff" and "--name-only" in rest and "--" in rest:
        specs = [w.strip("'\"") for w in rest[rest.index("--") + 1:]]
    else:
        return None
    if not specs or any(not s or s.startswith(":") or s in (".", "*", "**") for s in specs):
        return None
    return specs


def tracked_matching(cwd, specs, limit=20000):
    """Absolute paths of the tracked files under `cwd` a git pathspec selects, or None."""
    from legant_guard.hook.paths import wildcard_match
    from legant_guard.hook.reach import tracked_files
    from legant_guard.hook.treewalk import git_top

    top = git_top(cwd)
    names = tracked_files(top) if top else None
    if names is None:
        return None
    prefix = os.path.relpath(cwd, top)
    prefix = "" if prefix == "." else prefix + "/"
    out = []
    for name in names:
        if not name.startswith(prefix):
            continue
        rel = name[len(prefix):]
        if any(rel == s.rstrip("/") or rel.startswith(s.rstrip("/") + "/") or wildcard_match(s, rel) for s in specs):
            out.append(os.path.join(top, name))
            if len(out) > limit:
                return None
    return out


def _check_listing(cmd, command, check):
    left = command.partition("|")[0].split()
    specs = _listing_pathspecs(left)
    found = tracked_matching(cmd.cwd, specs)
    if found is None:
        from legant_guard.hook.model import deny

        return deny("could not read the git index to list the files `git ls-files` would pass to `xargs`, and the "
                    "token has path rules", "undetermined")
    for path in found:
        verdict = check(path, cmd.cwd)
        if verdict:
            return verdict
    return None
