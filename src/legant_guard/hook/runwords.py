"""Programs and operands built at run time out of names the command line itself spells.

`$(ls VENV/bin/pip) install x`, `P=$(readlink -f VENV/bin/pip); $P install x`, `$(which -a pip |
head -1) install x`, `$(dirname VENV/bin/python)/pip install x`, `ls VENV/bin/pip | xargs -I{} {}
install x`, `$(find VENV -name pip) install x`: the command word is built at run time, so the
shell analysis cannot name the program, and a role that allows what is undetermined (`operator`)
let the guard's own pip run. The same for an operand whose folder is a variable the guard could
not follow (`cp evil $D/settings.json` after `D` was set in a way it does not evaluate).

But what such a word is made of is mostly in the text: the paths the line names (any word of any
of its commands), the programs a lookup (`which`, `type -P`, `command -v`, `whereis`) finds on the
agent's PATH, and the literal tail after the run-time part (`/pip`, `/settings.json`). The
candidates are those paths themselves, each of their folders followed by the tail, and the
lookups' results; the engine judges each as the program or operand it may become. A lister
(`find`, `ls -R`, `fd`, `tree`, `locate`) over a folder that holds the guard's environment hands
a program the guard cannot enumerate: a command word built from it is denied.

Called only where the role allows what is undetermined (hook/resolvedwords.py); bounded
(64 named paths, 32 folders up each, 16 candidates).
"""

import os

from legant_guard.hook.inputwords import _known_tail
from legant_guard.shell.words import absolute

MAX_NAMED = 64
MAX_CANDIDATES = 16
_LOOKUPS = frozenset(("which", "type", "command", "whereis", "compgen", "hash"))
_LISTERS = frozenset(("find", "bfs", "fd", "fdfind", "ls", "tree", "du", "locate", "plocate", "mlocate", "echo",
                      "printf"))


def known_tails(cmd, word_kind):
    """The literal tail after the last run-time part of each undetermined `word_kind` (`command
    word`, `operand`) of `cmd` ('' when the word ends in a run-time part)."""
    return [_known_tail(word) or "" for word in _undetermined_words(cmd, (word_kind,))]


def known_heads(cmd):
    """The literal text before the first run-time part of each undetermined command word of `cmd`."""
    out = []
    for word in _undetermined_words(cmd, ("command word",)):
        text = word.replace("'", "").replace('"', "")
        cut = min([k for k in (text.find("$"), text.find("`")) if k >= 0] or [len(text)])
        out.append(text[:cut])
    return out


def _named_paths(analysis, skip):
    """Absolute paths every other command of the line spells: its operands and each word with a `/`."""
    from legant_guard.shell.words import absolute

    out = []
    for c in analysis.commands:
        if c is skip:
            continue
        words = list(c.paths) + [absolute(w, c.cwd) for w in c.argv if "/" in w and not w.startswith("-")]
        for pattern in [w for w in words if any(ch in w for ch in "*?[")]:
            # `$(echo VENV/bin/pi? | cut …)`: what the pattern matches now
            from legant_guard.hook.paths import expand_glob

            words += (expand_glob(pattern, True) or [])[:MAX_NAMED]
        for path in words:
            if path not in out:
                out.append(path)
            if len(out) >= MAX_NAMED:
                return out
    return out


def _looked_up(analysis, env):
    """Every place a `which`/`type`/`command -v`/`whereis` of the line finds its names on the
    agent's PATH (`which -a` lists them all)."""
    out = []
    path_var = env.get("PATH", "")
    for c in analysis.commands:
        if c.executable not in _LOOKUPS:
            continue
        for word in c.argv[1:]:
            if not word or word.startswith("-") or "/" in word:
                continue
            for folder in path_var.split(os.pathsep):
                found = os.path.join(folder, word)
                if os.path.isabs(folder) and os.path.isfile(found) and found not in out:
                    out.append(found)
    return out


def _with_tail(named, tail, exists=os.path.lexists):
    """Each named path and each of its folders, followed by `tail`, that `exists`."""
    out = []
    for path in named:
        folder = path
        for _ in range(32):
            candidate = folder.rstrip("/") + ("" if tail.startswith("/") else "/") + tail
            if candidate not in out and exists(candidate):
                out.append(candidate)
            if folder == "/" or not folder:
                break
            folder = os.path.dirname(folder)
    return out


def program_candidates(cmd, analysis, env, guard_bin):
    """(the programs a command word built at run time may be, or None with a deny reason)."""
    tails = known_tails(cmd, "command word")
    if not tails and cmd.argv and cmd.argv[0]:
        return [], None  # the command word is known
    tail = tails[0] if tails else ""  # (`xargs -I{} {} ...`: the whole program is read from its input)
    for head in known_heads(cmd):
        folder = absolute(head.rsplit("/", 1)[0] or "/", cmd.cwd) if "/" in head else None
        if folder and (folder == guard_bin or os.path.realpath(folder) == os.path.realpath(guard_bin)):
            # `VENV/bin/${x:-pip} install`, `VENV/bin/p${y}ip`: some program of the guard's environment
            return None, (f"the command word starts with {folder}/, the guard's environment, and the rest is built "
                          "at run time: it could be the guard's own pip or Python. Name the program")
    named = _named_paths(analysis, cmd)
    if tail:
        found = _with_tail(named, tail)
    else:
        found = [p for p in named if os.path.isfile(p)]
        for c in analysis.commands:
            if c is cmd or c.executable not in _LISTERS:
                continue
            for folder in c.paths:
                if os.path.isdir(folder) and _holds(folder, guard_bin):
                    return None, (f"the command word is built at run time from names `{c.executable}` finds below "
                                  f"{folder}, which holds the guard's environment ({guard_bin}): it could be the "
                                  "guard's own pip or Python. Name the program")
    for p in _looked_up(analysis, env):
        if p not in found:
            found.append(p)
    if len(found) > MAX_CANDIDATES:
        return None, (f"the command word is built at run time, and the command line names {len(found)} programs it "
                      f"could be, more than the {MAX_CANDIDATES} the guard checks. Name the program")
    return found, None


def operand_candidates(cmd, analysis, env, installation=()):
    """(path, redirected) an operand or redirect target built at run time may be: the word with the
    variables of the agent's environment put in (`$CLAUDE_CONFIG_DIR/settings.json`: the agent's
    shell inherits what the hook sees), and for a known tail (`$D/settings.json`) each named path of
    the line and each of its folders followed by that tail, where that folder exists."""
    from legant_guard.shell.words import absolute

    out = []
    for kind, redirected in (("operand", False), ("redirect target", True)):
        words = _undetermined_words(cmd, (kind,))
        found = [absolute(e, cmd.cwd) for e in (_with_environment(w, env) for w in words) if e]
        for word in words:
            tail = _known_tail(word) or ""
            if tail.startswith("/") and len(tail) > 1:
                found += _with_tail(_named_paths(analysis, None), tail, lambda p: os.path.isdir(os.path.dirname(p)))
                # `cp x "$(pip show legant-guard | …)/legant_guard/hook/engine.py"`: a file of the guard's
                # installation below a folder computed at run time (a folder and a name at least:
                # `$d/__init__.py` alone is every Python package's)
                if "/" in tail.strip("/"):
                    found += [c for c in (os.path.normpath(f + tail) for f in _installation_folders(installation))
                              if os.path.lexists(c)]
        out += [(path, redirected) for path in dict.fromkeys(found)]
    return out


def _installation_folders(entries):
    """The folders of the guard's installation (each entry's own folder) and their parents."""
    out = []
    for path in entries:
        folder = path if os.path.isdir(path) else os.path.dirname(path)
        for f in (folder, os.path.dirname(folder)):
            if f not in out:
                out.append(f)
    return out


def _undetermined_words(cmd, kinds):
    """The words of `cmd`'s undetermined entries of these kinds (`operand `X` of `cp``: X)."""
    out = []
    for what in cmd.undetermined:
        if any(what.startswith(kind + " `") for kind in kinds):
            start = what.find("`")
            end = what.find("`", start + 1)
            if 0 <= start < end:
                out.append(what[start + 1:end])
    return out


def _with_environment(word, env):
    """`word` with each `$NAME`/`${NAME}` replaced by its value in `env`, quotes removed; None
    when any other expansion (or a variable `env` lacks) is in it."""
    text = word.replace("'", "").replace('"', "")
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c in "`(":
            return None
        if c != "$":
            out.append(c)
            i += 1
            continue
        braced = text[i + 1:i + 2] == "{"
        j = i + 1 + braced
        k = j
        while k < len(text) and (text[k].isalnum() or text[k] == "_"):
            k += 1
        name = text[j:k]
        if not name or name[0].isdigit() or name not in env or (braced and text[k:k + 1] != "}"):
            return None
        out.append(env[name])
        i = k + braced
    return "".join(out)


def _holds(folder, inner):
    folder = folder.rstrip("/")
    return inner == folder or inner.startswith(folder + "/") or folder == ""


def in_environment(program, guard_bin):
    """Does `program` (or what it links to) live in the guard's environment's bin folder?"""
    return os.path.dirname(program) == guard_bin or os.path.dirname(os.path.realpath(program)) == \
        os.path.realpath(guard_bin)


# Hooks git runs on the client side (`update` and the other server hooks left out: too common a name).
GIT_HOOK_NAMES = frozenset((
    "applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit", "pre-merge-commit", "prepare-commit-msg",
    "commit-msg", "post-commit", "pre-rebase", "post-checkout", "post-merge", "pre-push", "post-rewrite",
    "reference-transaction", "push-to-checkout", "pre-auto-gc", "sendemail-validate", "fsmonitor-watchman",
    "post-index-change",
))


def checked_tails(cmd, trust, operands_written=True):
    """(the word, what it could be) for an operand or redirect target whose folder is built at run
    time and whose known tail names a content-checked file or a git hook wherever it lies:
    `"$(getent passwd me | cut -d: -f6)/.bashrc"`, `"$(mktemp -d)/.envrc"`, `"$(git rev-parse
    --git-dir)/config"`, `"$(git rev-parse --git-path hooks)/pre-commit"`; else None."""
    for kind in ("operand", "redirect target") if operands_written else ("redirect target",):
        for word in _undetermined_words(cmd, (kind,)):
            tail = _known_tail(word) or ""
            if not tail.startswith("/") or len(tail) < 2:
                continue
            probes = ["/run-time" + tail, "/run-time/.git" + tail]
            if tail.rsplit("/", 1)[-1] in GIT_HOOK_NAMES:
                probes.append("/run-time/.git/hooks" + tail)
            for probe in probes:
                checked = trust.content_checked((probe,))
                if checked or trust.git_hooks.hit((probe,)):
                    return word, checked[0] if checked else "a git hook"
            for rule in trust.startup.rules + trust.git_config.rules:
                if not rule.glob and rule.source.endswith(tail) and not (tail.count("/") == 1 and
                                                                         tail[1:] in _EVERYDAY_NAMES):
                    return word, rule.source
    return None


# Names of content-checked files that are every other tool's names too (an editor's `settings.json`):
# only a tail naming its folder as well (`$D/User/settings.json`) is taken for it.
_EVERYDAY_NAMES = frozenset(("settings.json",))


# Names that load code or switch hooks off in the agents' configuration folders (agents/__init__.py):
# a run-time folder above one of them is judged as if it could be any folder.
CONFIG_NAMES = frozenset(("settings.json", "settings.local.json", "managed-settings.json", ".claude.json", "config.toml",
                          "hooks.json", "opencode.json", "opencode.jsonc", "config.json", ".mcp.json"))


def _known_head(text, env):
    """(the text of `text` before its first part the guard cannot know, with the agent's environment
    variables put in: `$HOME/$D/x` -> `/home/me/`; where that part starts in `text`)."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "`":
            break
        if c != "$":
            out.append(c)
            i += 1
            continue
        braced = text[i + 1:i + 2] == "{"
        j = k = i + 1 + braced
        while k < len(text) and (text[k].isalnum() or text[k] == "_"):
            k += 1
        name = text[j:k]
        if not name or name not in env or (braced and text[k:k + 1] != "}"):
            break
        out.append(env[name])
        i = k + braced
    return "".join(out), i


def wildcard_hit(cmd, protected, home, env=None):
    """(the word, the protected path) when an operand or redirect target with a known folder before
    its run-time part and a known tail after it (`~/$1/settings.json`, `./${D}/settings.json`,
    `~/.cl$X/settings.json`) could be a protected file whatever the run-time part holds; else None.
    (A bare `$D/settings.json`, with nothing known before it, stays allowed: too common to refuse.)"""
    from legant_guard.hook.paths import fold_path, glob_overlaps

    for word in _undetermined_words(cmd, ("operand", "redirect target")):
        text = word.replace("'", "").replace('"', "")
        (head, cut), tail = _known_head(text, dict(env or {}, HOME=home) if home else (env or {})), \
            _known_tail(word) or ""
        if cut >= len(text) - len(tail):
            continue  # (nothing unknown between them)
        if "/" not in head or not tail.startswith("/") or len(tail) < 2:
            continue
        if head.startswith("~/") and home:
            head = home + head[1:]
        elif head.startswith("~"):
            continue
        base = absolute(head.rsplit("/", 1)[0] or "/", cmd.cwd)
        pattern = fold_path(base.rstrip("/") + "/" + head.rsplit("/", 1)[1] + "*" + tail)
        pats = [c for c in pattern.split("/") if c]
        name = tail.rsplit("/", 1)[-1]
        rules = [r for r in protected.rules if not r.glob]
        # (a protected file of the same depth first; then a protected folder the name could be in,
        # `~/$D/config.toml` in ~/.codex, for the agents' own config names only)
        deep = [r for r in rules if len([c for c in r.anchored.split("/") if c]) >= len(pats)]
        shallow = [r for r in rules if name in CONFIG_NAMES and r not in deep and not os.path.isfile(r.anchored)
                   and not r.anchored.endswith((".json", ".jsonc", ".toml", ".js", ".ts"))]
        for rule in deep + shallow:
            if glob_overlaps(pattern, rule.anchored, dotglob=True):
                return word, rule.source
    return None


def head_hit(cmd, protected, home, env=None, written=True):
    """(the word, the path it could be) when an operand or redirect target spells a folder before
    its run-time part and no folder after it (`.claude/settings.$f`, `SITE/$f.pth`,
    `.git/hooks/$f`, `~/.bash$f`, `GUARD/key.$x`): denied where any name in that folder is
    protected (the guard's installation, a hook folder, the guard dir), or where a protected or
    write-protected file of that folder has a name that starts with the known part and ends with the
    known tail (red team 44:
    under `operator` a variable the guard could not follow, `true && f=json; mv .claude/$f
    .claude/settings.$f`, wrote a hook config, `echo import os > SITE/$f.pth` a `.pth` file).
    `written`: an operand is written (a redirect target always is); reads meet the protected paths
    only. A word with nothing known before its run-time part (`$f`) stays as it was; one with a
    name's start only (`settings.$f`) is in the working folder."""
    from legant_guard.hook.paths import UnresolvablePath, path_variants

    trust = protected.trust
    rules = None
    for kind in ("operand", "redirect target"):
        for word in _undetermined_words(cmd, (kind,)):
            text = word.replace("'", "").replace('"', "")
            head, cut = _known_head(text, dict(env or {}, HOME=home) if home else (env or {}))
            tail = _known_tail(word) or ""
            if not head or "/" in tail or cut >= len(text) - len(tail):  # (`$LEGANT_GUARD_PROJECT`: all known)
                continue  # (a folder after the run-time part: wildcard_hit)
            if head.startswith("~/") and home:
                head = home + head[1:]
            elif head.startswith("~"):
                continue
            folder, slash, stem = head.rpartition("/")
            folder = absolute(folder or "/", cmd.cwd).rstrip("/") if slash else cmd.cwd.rstrip("/")
            writes = written or kind == "redirect target"

            def meets(path):  # (a content-checked file there is judged by its text: hook/unnamedwrites.py)
                try:
                    variants = path_variants(path, cmd.cwd, home)
                except UnresolvablePath:
                    return True
                return protected.hit(variants) or (writes and trust is not None and trust.check_write(variants))

            if meets(folder + "/" + stem + "run-time-part" + tail):
                return word, folder + "/" + stem + "…" + tail
            if not stem and folder in (cmd.cwd.rstrip("/"), (home or "").rstrip("/")):
                continue  # (`~/$f`, `./$f`: any name in the working or home folder, too common to refuse)
            if rules is None:
                rules = protected.rules + (trust.written_rules() if trust is not None else [])
            start = folder + "/" + stem
            for rule in rules:
                source = rule.source.rstrip("/")
                if rule.glob:  # (a name anywhere, `/**/.envrc`: only for a known start of the name)
                    name = source.rsplit("/", 1)[-1]
                    if not stem or any(c in name for c in "*?[") or not name.startswith(stem) or \
                            not name.endswith(tail):
                        continue
                    candidate = folder + "/" + name
                elif source.startswith(start) and source.endswith(tail) and len(source) >= len(start) + len(tail) \
                        and "/" not in source[len(folder) + 1:]:  # (a name in that folder, not deeper below it)
                    candidate = source
                else:
                    continue
                if meets(candidate):
                    return word, candidate
    return None
