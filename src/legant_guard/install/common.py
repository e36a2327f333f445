"""What every agent installer shares: the hook command, recognising our own entries, the
install record, and the context (project, scopes, home folders) of one install run.

The hook command carries its whole configuration (absolute path of this installation's
`legant` plus the LEGANT_GUARD_* environment) so it works whatever PATH and environment the
agent gives its hooks. It runs the script through its own interpreter in isolated mode
(`/abs/python -IS /abs/legant`): PYTHONPATH, PYTHONHOME, PYTHONSTARTUP, PYTHONINSPECT and the
user's site-packages in the agent's environment cannot load other code into the hook, and
without `site` no `.pth` file runs before it (bin/legant adds its own site-packages). Our
entries are recognised by that shape, so uninstall and status work even without the install
record; the record (the `install` part of the guard dir's setup record, setuprecord.py, out of
the agents' reach) is what lets uninstall put a file back byte for byte and delete what install
created.
"""

import os
import re
import shlex

from legant_guard import agents as _registry
from legant_guard.install.configfiles import sha256


AGENTS = _registry.NAMES
HOOK_TIMEOUT_SECONDS = 30
HOOK_FLAGS = "-IS"  # how the hook's interpreter runs bin/legant (hook_argv)
# Interpreter flags of hook commands this guard wrote, now or before (health.hook_program).
KNOWN_HOOK_FLAGS = ("-IS", "-I", "-E", "-Es", "-Is")

# What a shell-run hook command ends with where the agent runs the tool when a hook fails (Codex:
# exit 1, 127 or an empty stderr): any failure of the hook process itself (its interpreter
# uninstalled, a library gone) becomes a deny with a reason, instead of no guard at all.
FAIL_CLOSED = (' || { c=$?; [ "$c" = 2 ] || echo "Legant: the guard could not run (exit $c), so this call is '
               'refused; run legant guard doctor" >&2; exit 2; }')
_OURS = re.compile(r"(?:^|\s)guard check --agent (" + "|".join(map(re.escape, AGENTS)) + r")(?:"
                   + re.escape(FAIL_CLOSED) + r")?\s*$")
# What Legant's Go guard writes: `env LEGANT_GUARD_...="..." "/path/legant" guard check` (no --agent).
# Install replaces it (one hook per agent, not two guards) and uninstall removes it.
_GO_OURS = re.compile(r"(?:^|\s)guard check\s*$")
_TOKEN = re.compile(r"LEGANT_GUARD_TOKEN_FILE=(?:'([^']*)'|(\S+))")


def legant_executable():
    """Absolute path of this installation's `legant` script (hook/trustbase.py derives it, so
    what install writes and what the hook protects are the same file)."""
    from legant_guard.hook.trustderivation import legant_executable as derive

    return derive()


def hook_argv(legant=None):
    """[interpreter, "-IS", legant script] when the script is a Python script with an absolute
    interpreter (what pip and the installers make), else [legant]: the words that run the hook.

    `-I` (isolated: -E -s -P) ignores every PYTHON* variable, the user site folder and the
    script's own folder on sys.path; `-S` skips `site` and so every `.pth` file (bin/legant
    adds the one folder the guard needs): about 3M instructions less per call."""
    legant = legant or legant_executable()
    try:
        with open(legant, "rb") as f:
            first = f.readline(4096)
            rest = f.read(64 * 1024)
    except OSError:
        return [legant]
    if not first.startswith(b"#!"):
        return [legant]
    words = first[2:].decode("utf-8", "replace").split()
    interpreter = words[0] if len(words) == 1 else None
    if not interpreter or not os.path.isabs(interpreter) or "python" not in os.path.basename(interpreter):
        return [legant]
    # Only our own bin/legant finds the package without `site`; a generated console script
    # (another installer's) needs `site`, so it gets -I alone.
    return [interpreter, HOOK_FLAGS if b"sys.flags.no_site" in rest else "-I", legant]


def hook_env(guard_dir, project, role):
    from legant_guard.guarddir import hook_env as env

    return env(guard_dir, project, role)


def hook_command(agent, guard_dir, project, role, legant=None):
    """`VAR=value ... /abs/legant guard check --agent AGENT` (each value shell-quoted)."""
    env = hook_env(guard_dir, project, role)
    assigns = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    program = " ".join(shlex.quote(w) for w in hook_argv(legant))
    return f"{assigns} {program} guard check --agent {agent}"


def is_our_command(command, agent=None):
    """True for a hook command `guard install` wrote (for `agent`, when given)."""
    if not isinstance(command, str) or "LEGANT_GUARD_" not in command:
        return False
    m = _OURS.search(command)
    if m:
        return agent is None or m.group(1) == agent
    return bool(_GO_OURS.search(command))


def command_env(command):
    """The VAR=value assignments at the start of one of our hook commands."""
    out = {}
    try:
        words = shlex.split(command)
    except ValueError:
        return out
    if words[:1] == ["env"]:  # the Go guard's form
        words = words[1:]
    for w in words:
        if "=" not in w or not re.match(r"^[A-Z_][A-Z0-9_]*=", w):
            break
        k, v = w.split("=", 1)
        out[k] = v
    return out


def role_of_token_file(path):
    return os.path.splitext(os.path.basename(path))[0] if path else None


# ------------------------------------------------------------------------------ context

class Context:
    """One run of install/uninstall/status: where things are and what was asked."""

    def __init__(self, project, guard_dir, role=None, user=False, env=None, role_source=None, dir_given=False):
        env = os.environ if env is None else env
        self.project = os.path.realpath(project)
        self.guard_dir = guard_dir
        self.role = role
        self.role_source = role_source or role  # a built-in role's name or a role file's absolute path
        self.dir_given = dir_given  # --dir was given (the fix commands must repeat it)
        self.user = user
        self.home = env.get("HOME") or os.path.expanduser("~")
        self.codex_home = _registry.get("codex").home(self.home, env)
        self.env = env

    @property
    def scope(self):
        return "user" if self.user else "project"

    def hook_file(self, agent, user=None):
        """Where install puts `agent`'s hook (this run's scope unless `user` says), as its descriptor says."""
        user = self.user if user is None else user
        return _registry.get(agent).hook_file("user" if user else "project", self.project, self.home, self.env)

    def root(self):
        """Folder below which config paths get the no-symlink check (None in the user's home)."""
        return None if self.user else self.project

    def hook_project(self):
        """The project the hook pins: none for a user-wide hook, which finds the project of
        each call itself (hook/project.py)."""
        return None if self.user else self.project

    def hook_env(self):
        return hook_env(self.guard_dir, self.hook_project(), self.role)

    def command(self, agent):
        return hook_command(agent, self.guard_dir, self.hook_project(), self.role)


# ------------------------------------------------------------------------------ record

class Record:
    """The install record of a guard dir (setuprecord.install_record): per file, whether install
    created it (and which folders), its content before the first install, and the sha256 of
    what install wrote; per hook, where it is and what it runs."""

    def __init__(self, guard_dir):
        from legant_guard import setuprecord

        self.guard_dir = guard_dir
        self.files, self.hooks = setuprecord.install_record(guard_dir) if guard_dir else ({}, {})

    def note_hook(self, agent, path, **details):
        """Remember which hook install put where, and what it runs (scope, command, env, project,
        role_source, dir_given): status compares the agents' configs with it."""
        before = self.hooks.get(f"{agent}:{path}") or {}
        self.hooks[f"{agent}:{path}"] = dict(details, agent=agent, file=path)
        if isinstance(before, dict) and before.get("git_exclude"):  # a re-install keeps what uninstall must undo
            self.hooks[f"{agent}:{path}"]["git_exclude"] = before["git_exclude"]

    def forget_hook(self, agent, path):
        self.hooks.pop(f"{agent}:{path}", None)

    def get(self, path):
        return self.files.get(path)

    def note_write(self, change, extra=None):
        """Remember a change install applied. The first install's "before" state is kept
        while the file still holds exactly what we last wrote."""
        entry = self.files.get(change.path)
        if entry is None or entry.get("written_sha256") != sha256(change.old or ""):
            entry = {
                "created": change.old is None,
                "created_dirs": list(change.make_dirs),
                "original": change.old,
            }
        entry["written_sha256"] = sha256(change.new or "")
        entry.update(extra or {})
        self.files[change.path] = entry

    def note_external_write(self, path, text):
        if path in self.files:
            self.files[path]["written_sha256"] = sha256(text or "")

    def forget(self, path):
        self.files.pop(path, None)

    def save(self):
        if not self.guard_dir or not os.path.isdir(self.guard_dir):
            return
        from legant_guard import setuprecord

        setuprecord.save_install(self.guard_dir, self.files, self.hooks)


def plan_removal(plan, record, path, current, surgical, emptied, clean_original=None):
    """Plan uninstall of one file. When it still holds exactly what install wrote, put back
    what was there before (delete it, and the folders install made, if install created it),
    less what `clean_original` takes out of it (the Go guard's hook, which install replaced);
    otherwise apply the surgical edit `surgical`, deleting the file when install created it
    and nothing else is left in it (`emptied`)."""
    from legant_guard.install.configfiles import sha256

    entry = record.get(path)
    if current is None:
        return None
    if entry and sha256(current) == entry.get("written_sha256"):
        new = entry.get("original")
        if new is not None and clean_original is not None:
            new = clean_original(new)
        dirs = list(reversed(entry.get("created_dirs") or [])) if new is None else []
        return plan.set(path, current, new, remove_dirs=dirs)
    if emptied and entry and entry.get("created"):
        return plan.set(path, current, None, remove_dirs=list(reversed(entry.get("created_dirs") or [])))
    return plan.set(path, current, surgical)
