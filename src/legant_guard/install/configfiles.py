"""Surgical, atomic edits of agents' JSON and TOML config files.

Why this module exists: `guard install` writes into files the user (and the agents) also own.
An edit must keep everything else in the file (other hooks, settings, TOML comments), must be
all-or-nothing across the several files one install touches (Codex needs three edits to be
useful: a half-done install is a hook that silently never runs), must never follow a symlink
planted in a repository (a `.claude -> ~/.ssh` link would turn our write into a write
elsewhere) and must never "repair" a file it cannot parse. `--dry-run` shows the exact diff.

A `Plan` collects the new content of each file, then either prints unified diffs or applies
all of them (temp file in the same directory + fsync + rename), rolling back the files already
written when a later one fails.
"""

import difflib
import hashlib
import json
import os
import stat

from legant_guard import atomicfile


class ConfigError(Exception):
    """A config file cannot be edited safely; the message says what to do."""


def sha256(data):
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


def display(path):
    """`path` relative to the cwd when it is below it, else with ~ for the home dir."""
    cwd = os.getcwd()
    if path.startswith(cwd.rstrip("/") + "/"):
        return os.path.relpath(path, cwd)
    home = os.path.expanduser("~")
    if home not in ("", "/") and path.startswith(home.rstrip("/") + "/"):
        return "~" + path[len(home.rstrip("/")):]
    return path


def check_no_symlink(path, root):
    """Refuse when `path` or any folder between `root` and it is a symbolic link.

    Used for config files inside a project: the repository's content is not trusted, and a
    symlinked `.claude/settings.local.json` (or `.claude/`) could point anywhere."""
    root = os.path.abspath(root)
    path = os.path.abspath(path)
    rel = os.path.relpath(path, root)
    if rel.startswith(".."):
        raise ConfigError(f"internal: {path} is not inside {root}")
    current = root
    for part in rel.split(os.sep):
        current = os.path.join(current, part)
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            return
        except NotADirectoryError:  # (red team #35: a traceback) `.claude` is a file, not a folder
            raise ConfigError(f"refusing to edit {display(path)}: {display(os.path.dirname(current))} is not a folder; "
                              "move it away, then re-run")
        except OSError as e:
            raise ConfigError(f"cannot examine {display(current)}: {e.strerror}")
        if stat.S_ISLNK(st.st_mode):
            raise ConfigError(
                f"refusing to edit {display(path)}: {display(current)} is a symbolic link "
                f"(to {os.readlink(current)}). A symlinked agent config in a repository could redirect "
                "the guard's write; replace it with a regular file or folder, then re-run."
            )


def target_path(path, root=None):
    """The file to really edit: inside a project (`root` given) the path itself after the
    symlink check; in the user's home a symlinked dotfile is followed (stow-style setups)."""
    if root is not None:
        check_no_symlink(path, root)
        return os.path.abspath(path)
    return os.path.realpath(path)


def read_text(path, nofollow=True):
    """The file's text, or None when it does not exist. Refuses anything but a regular file."""
    # O_NONBLOCK: a FIFO in the config's place must not hang install (red team #35); the kind is
    # checked on the descriptor before it is read (a folder there ended in a traceback)
    flags = os.O_RDONLY | os.O_NONBLOCK | (os.O_NOFOLLOW if nofollow else 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise ConfigError(f"cannot read {display(path)}: {e.strerror}")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ConfigError(f"refusing to edit {display(path)}: it is not a regular file")
    with os.fdopen(fd, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"refusing to edit {display(path)}: it is not UTF-8 text")


# ------------------------------------------------------------------------------ JSON

def parse_json_object(text, path):
    """Parse a JSON config file that must hold an object; empty or missing = {}."""
    if text is None or not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError as e:
        raise ConfigError(
            f"refusing to edit {display(path)}: it is not valid JSON ({e}). Fix or move the file, then re-run."
        )
    if not isinstance(value, dict):
        raise ConfigError(f"refusing to edit {display(path)}: it holds a JSON {type(value).__name__}, not an object")
    return value


def _indent_of(text):
    for line in (text or "").splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and len(stripped) < len(line):
            ws = line[: len(line) - len(stripped)]
            return "\t" if ws.startswith("\t") else len(ws)
    return 2


def dump_json_like(value, original):
    """Serialise `value` the way `original` was written (indent, final newline)."""
    text = json.dumps(value, indent=_indent_of(original), ensure_ascii=False)
    if original is None or original.endswith("\n") or not original.strip():
        text += "\n"
    return text


# ------------------------------------------------------------------------------ TOML

def parse_toml(text, path):
    """tomlkit document of a TOML file (comments and layout kept); missing = empty document."""
    import tomlkit

    try:
        return tomlkit.parse(text or "")
    except Exception as e:  # tomlkit raises several ParseError subclasses
        raise ConfigError(
            f"refusing to edit {display(path)}: it is not valid TOML ({e}). Fix or move the file, then re-run."
        )


# ------------------------------------------------------------------------------ plan

class Change:
    """The new content of one file (None = delete it) and what applying it needs."""

    __slots__ = ("path", "old", "new", "make_dirs", "remove_dirs", "mode")

    def __init__(self, path, old, new, make_dirs=(), remove_dirs=(), mode=0o644):
        self.path = path
        self.old = old  # text before (None: the file does not exist)
        self.new = new  # text after (None: delete the file)
        self.make_dirs = list(make_dirs)  # folders to create first, outermost first
        self.remove_dirs = list(remove_dirs)  # folders to remove after a delete when empty, innermost first
        self.mode = mode


def missing_dirs(folder):
    """Folders that do not exist yet on the way to `folder`, outermost first."""
    out = []
    while folder and not os.path.isdir(folder):
        out.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return list(reversed(out))


class Plan:
    """Changes to several files, shown as a diff or applied all together."""

    def __init__(self):
        self.changes = []

    def set(self, path, old, new, mode=0o644, remove_dirs=()):
        if old == new:
            return None
        change = Change(path, old, new, missing_dirs(os.path.dirname(path)) if new is not None else (),
                        remove_dirs, mode)
        self.changes = [c for c in self.changes if c.path != path] + [change]
        return change

    def diff(self):
        out = []
        for c in self.changes:
            old = (c.old or "").splitlines(keepends=True)
            new = (c.new or "").splitlines(keepends=True)
            a = display(c.path) if c.old is not None else "/dev/null"
            b = display(c.path) if c.new is not None else "/dev/null"
            lines = list(difflib.unified_diff(old, new, a, b))
            out.append("".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines))
        return "".join(out)

    def apply(self):
        """Apply every change; on failure restore the files already changed, then raise."""
        done = []
        try:
            for c in self.changes:
                apply_change(c)
                done.append(c)
        except Exception:
            for c in reversed(done):
                try:
                    apply_change(Change(c.path, c.new, c.old, remove_dirs=reversed(c.make_dirs), mode=c.mode))
                    remove_empty_dirs(reversed(c.make_dirs))
                except Exception:
                    pass
            raise


def remove_empty_dirs(folders):
    for d in folders:
        try:
            os.rmdir(d)
        except OSError:
            break


def apply_change(c):
    if c.new is None:
        try:
            os.unlink(c.path)
        except FileNotFoundError:
            pass
        remove_empty_dirs(c.remove_dirs)
        return
    for d in c.make_dirs:
        os.makedirs(d, exist_ok=True)
    write_atomic(c.path, c.new, c.mode)


def write_atomic(path, text, mode=0o644):
    """Atomic replace (see legant_guard.atomicfile); an existing config keeps its mode."""
    atomicfile.write_atomic(path, text, mode, keep_mode=True)
