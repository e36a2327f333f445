"""Files the shell start-up files load: start-up files too.

`~/.bashrc` and `~/.profile` rarely hold everything: rustup's `. "$HOME/.cargo/env"`, uv's
`. "$HOME/.local/bin/env"`, powerlevel10k's `source ~/.p10k.zsh`, fzf's `[ -f ~/.fzf.bash ] &&
source ~/.fzf.bash`, oh-my-zsh's `source $ZSH/oh-my-zsh.sh` run at every shell start like the
file that names them, so a line `export CLAUDE_CONFIG_DIR=/tmp/x` written there switches the next
session's hooks off as surely as one in `~/.bashrc`. This module reads the start-up scripts that
exist (bounded: 256 KiB a file, 64 files, two levels) and names what they load with `source`
or `.`, after the variables a plain assignment in the same file (`export ZSH="$HOME/.oh-my-zsh"`),
the home folder and the agent's environment give them; a `for f in WORDS` loop's words for its
`source "$f"`, and the program `eval "$(PROG …)"` or `source <(PROG …)` runs (its output is code
run at start: by path, or found on the agent's PATH). A project's `.envrc` (and each one above
it) is read too: direnv loads the files it names with `dotenv [FILE]` (`.env` by default),
`source_env` or `source` into the shell that enters the folder. A word with a variable still
unknown, `$(`, `<(` or a backquote is left out (it is not a file the guard can name); a glob
(`~/.zsh/*.zsh`) names its folder. Standard library only, no `re` (a write of any file builds
this set). Loaded only when a write is judged against the start-up files (trustbase.startup).
"""

import os

# Start-up files that are shell scripts (relative to the home folder or $ZDOTDIR).
SCRIPTS = (".bashrc", ".bash_profile", ".bash_login", ".profile", ".bash_aliases", ".zshrc", ".zshenv", ".zprofile",
           ".zlogin", ".kshrc", ".mkshrc")
MAX_BYTES = 256 * 1024
MAX_FILES = 64
_SEPARATORS = (";", "&&", "||", "|", "{", "(", "!", "`")
_KEYWORDS = ("then", "do", "else", "elif", "if", "while", "until", "builtin", "command", "exec", "time")


def sourced_files(home, env, scripts):
    """Every file the existing start-up `scripts` load (and what those load, one level more)."""
    found, seen, level = [], set(), [p for p in scripts if p]
    for _ in range(2):
        following = []
        for path in level:
            if path in seen or len(seen) >= MAX_FILES:
                continue
            seen.add(path)
            text = _read(path)
            if text is None or ("source" not in text and ". " not in text and "dotenv" not in text and
                                "use" not in text):
                continue
            # direnv runs an .envrc in its own folder; a login shell starts in the home folder
            base = os.path.dirname(path) if path.endswith("/.envrc") else home
            known = {"HOME": home}
            for name in ("ZDOTDIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
                if env.get(name, "").startswith("/"):
                    known[name] = env[name]
            loops = {}  # `for f in ~/.bashrc.d/*.sh; do source "$f"; done`: NAME -> its words
            for line in text.splitlines():
                if "=" not in line and "source" not in line and "." not in line and "dotenv" not in line and \
                        "for" not in line and "eval" not in line and "use" not in line:
                    continue  # (no assignment, no `source`/`.`/`dotenv`/loop/eval: nothing _commands would yield is used)
                for program in _init_programs(line, env, known, home, base):
                    if program not in found:  # `eval "$(starship init bash)"`: its output runs at start
                        found.append(program)
                for words in _commands(line):
                    if len(words) >= 3 and words[0] == "for" and words[2] == "in":
                        loops[words[1]] = words[3:]
                        continue
                    if len(words) == 1 and "=" in words[0] and words[0].split("=", 1)[0].isidentifier():
                        name, value = words[0].split("=", 1)
                        value = _expand(_unquote(value), known, home, base)
                        if value is not None:
                            known[name] = value
                    elif len(words) >= 2 and words[0] in ("source", ".", "source_env", "source_env_if_exists"):
                        target = _expand(_unquote(words[1]), known, home, base)
                        if target:
                            _add(target, found, following)
                        else:  # `source "$f"` of a loop's variable: each of the loop's words
                            for value in loops.get(_variable(_unquote(words[1])), ()):
                                target = _expand(_unquote(value), known, home, base)
                                if target:
                                    _add(target, found, following)
                    elif words[0] in ("dotenv", "dotenv_if_exists"):  # direnv: a .env file's variables
                        for word in [w for w in words[1:] if not w.startswith("-")] or [".env"]:
                            target = _expand(_unquote(word), known, home, base)
                            if target and target not in found:
                                found.append(target)
                    elif path.endswith("/.envrc") and words[0] in ("use", "use_nix", "use_flake", "use_devbox"):
                        for word in _environment_files(words, known, home, base):
                            if word not in found:
                                found.append(word)
        level = following
    return found


# direnv's stdlib commands that put folders first on PATH (relative to the .envrc's folder), and
# the folders its layouts add (red team 44: `PATH_add bin` in the user's .envrc made the project's
# `bin/claude`, which a builder may write, the `claude` the user's next shell in the project runs).
_LAYOUT_BINS = {"go": ("bin",), "node": ("node_modules/.bin",), "php": ("vendor/bin",), "ruby": ("bin",)}


def path_folders(home, scripts):
    """The folders the existing start-up `scripts` put on PATH: direnv's `PATH_add DIR…`, `path_add
    PATH DIR…`, `load_prefix DIR` (its bin/ and sbin/), `layout go|node|php|ruby`, and an assignment
    `PATH=A:B:$PATH` (also after `export`), with `~`, `$HOME` and the file's own variables put in;
    a part the guard cannot expand (a variable set on a line of its own without PATH in its name)
    is left out. Bounded like sourced_files."""
    out = []
    for path in [p for p in scripts if p][:MAX_FILES]:
        text = _read(path)
        if text is None or "PATH" not in text and "load_prefix" not in text and "layout" not in text:
            continue
        base = os.path.dirname(path) if path.endswith("/.envrc") else home
        known = {"HOME": home}
        for line in text.splitlines():
            if "PATH" not in line and "load_prefix" not in line and "layout" not in line:
                continue  # (a start-up file of 200,000 aliases: only the lines that can add a folder)
            for words in _commands(line):
                folders = []
                if words[0] == "PATH_add":
                    folders = words[1:]
                elif words[0] == "path_add" and words[1:2] == ["PATH"]:
                    folders = words[2:]
                elif words[0] == "load_prefix" and len(words) > 1:
                    folders = [words[1] + "/bin", words[1] + "/sbin"]
                elif words[0] == "layout" and len(words) > 1:
                    folders = list(_LAYOUT_BINS.get(words[1], ()))
                elif "=" in words[0] and words[0].split("=", 1)[0].isidentifier():
                    name, value = words[0].split("=", 1)
                    if name == "PATH":
                        folders = [part for part in _unquote(value).split(":")
                                   if part not in ("$PATH", "${PATH}") and part]
                    elif _expand(_unquote(value), known, home, base) is not None:
                        known[name] = _expand(_unquote(value), known, home, base)
                for word in folders:
                    folder = _expand(_unquote(word), known, home, base)
                    if folder and folder not in out:
                        out.append(folder)
    return out


def _environment_files(words, known, home, base):
    """The files an .envrc's `use nix`, `use flake`, `use devbox` (or `use_nix` ...) evaluate:
    their shell hook and variables are exported into the shell that enters the folder, as the
    .envrc's own lines are (nix-direnv reloads when they change; red team #34). A `use flake`
    of a local folder (`use flake ./dev#shell`) is that folder's flake.nix; nix's files named
    on the line are those; files those import are not followed."""
    kind = words[1] if words[0] == "use" and len(words) > 1 else words[0][4:]
    args = [_unquote(w) for w in (words[2:] if words[0] == "use" else words[1:]) if not w.startswith("-")]
    out = []
    if kind == "nix":
        named = [a for a in args if a.endswith(".nix")]
        out = [_expand(a, known, home, base) for a in named] or \
            [os.path.join(base, n) for n in ("shell.nix", "default.nix")]
    elif kind == "flake":
        ref = args[0].split("#", 1)[0] if args else "."
        if ref.startswith(("path:", ".", "/", "~")) or not ref:
            folder = _expand(ref[5:] if ref.startswith("path:") else ref or ".", known, home, base)
            out = [os.path.join(folder, "flake.nix")] if folder else []
    elif kind == "devbox":
        out = [os.path.join(base, "devbox.json")]
    return [p for p in out if p]


def _variable(word):
    """NAME for a word that is exactly `$NAME` or `${NAME}`, else None."""
    if word.startswith("${") and word.endswith("}"):
        word = "$" + word[2:-1]
    name = word[1:]
    return name if word.startswith("$") and name.replace("_", "a").isalnum() else None


def _init_programs(line, env, known, home, base):
    """The programs whose output a line runs as shell code at start: `eval "$(PROG …)"`,
    `source <(PROG …)`, `. <(PROG …)` (a program named by path, or found on the agent's PATH)."""
    out = []
    for opener, runner in (("$(", "eval"), ("<(", "source"), ("<(", ".")):
        at = line.find(opener)
        while at >= 0:
            before = line[:at].replace('"', " ").replace("'", " ").split()
            if before and before[-1] == runner:
                words = line[at + 2:].replace(")", " ").split()
                program = _program_path(_unquote(words[0]), env, known, home, base) if words else None
                if program:
                    out.append(program)
            at = line.find(opener, at + 2)
    return out


def _program_path(word, env, known, home, base):
    if "/" in word or word.startswith("~") or word.startswith("$"):
        return _expand(word, known, home, base)
    for folder in env.get("PATH", "").split(":"):
        if folder.startswith("/"):
            path = os.path.join(folder, word)
            if os.path.isfile(path) and os.access(path, os.X_OK):
                return path
    return None


def _commands(line):
    """The words of each simple command of a line (comments, keywords and `export` left out)."""
    hash_at = line.find("#")
    while hash_at > 0 and not line[hash_at - 1].isspace():
        hash_at = line.find("#", hash_at + 1)
    if hash_at >= 0:
        line = line[:hash_at]
    line = line.replace("${", "\0")  # (a `{` that opens a parameter is no group)
    for sep in _SEPARATORS:
        line = line.replace(sep, "\n")
    for segment in line.replace("\0", "${").split("\n"):
        words = segment.split()
        while words and (words[0] in _KEYWORDS or words[0] in ("export", "declare", "typeset", "local", "-x", "-gx")):
            words = words[1:]
        if words:
            yield words


def _add(target, found, following):
    if any(c in target for c in "*?["):  # (`~/.zsh/*.zsh`: the folder)
        folder = os.path.dirname(target)
        if folder and not any(c in folder for c in "*?[") and folder not in found:
            found.append(folder)
    elif target not in found:
        found.append(target)
        following.append(target)


def _read(path):
    """The text of a regular file (opened without blocking: a FIFO would hang), or None."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    finally:
        os.close(fd)


def _unquote(word):
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        return word[1:-1]
    return word


def _expand(word, known, home, base=None):
    """`word` with `~`, `$NAME`, `${NAME}` and `${NAME:-DEFAULT}` put in from `known`, as an
    absolute path (relative: `base`'s, else the home folder's, where a login shell starts), or None."""
    if not word or any(c in word for c in "<>`") or "$(" in word:
        return None
    if word == "~" or word.startswith("~/"):
        word = home + word[1:]
    out, i = [], 0
    while i < len(word):
        c = word[i]
        if c != "$":
            out.append(c)
            i += 1
            continue
        if word.startswith("${", i):
            end = word.find("}", i)
            if end < 0:
                return None
            inner = word[i + 2:end]
            name, _, default = inner.partition(":-")
            value = known.get(name)
            if value is None and default:
                value = _expand(default, known, home, base)
            i = end + 1
        else:
            j = i + 1
            while j < len(word) and (word[j].isalnum() or word[j] == "_"):
                j += 1
            name, i = word[i + 1:j], j
            value = known.get(name)
        if not value:
            return None
        out.append(value)
    path = "".join(out)
    return os.path.normpath(path if path.startswith("/") else os.path.join(base or home, path))
