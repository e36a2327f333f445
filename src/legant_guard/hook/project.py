"""Which project a user-wide hook guards, found from the event, never wider than a project.

A project install pins the project (LEGANT_GUARD_PROJECT). `install --user` cannot: the same
hook runs in every project the user opens, so its token carries project-relative rules
(`cnst.relative_to = "project"`) and the hook anchors them at the project of each call: the
agent's project dir (CLAUDE_PROJECT_DIR, which Claude Code sets for its hooks), else the git
root of the hook's working directory (Codex and Claude Code start the hook in the project),
else the git root of the event's cwd (opencode sends its project directory there) when that
cwd lies at or below the hook's working directory (the model moves a call's cwd). It never
widens to the home folder, an ancestor of it or a system folder; when no project can be told
safely, the call is denied with the reason.

Pure apart from a few stat calls walking up to a `.git` entry (the hook path: stdlib only).
"""

import os

PROJECT_DIR_VARS = ("CLAUDE_PROJECT_DIR",)
_SYSTEM_FOLDERS = frozenset((
    "/", "/tmp", "/var/tmp", "/private/tmp", "/private", "/private/var", "/usr", "/usr/local", "/etc", "/var",
    "/opt", "/bin", "/sbin", "/lib", "/lib64", "/boot", "/dev", "/proc", "/sys", "/run", "/mnt", "/media", "/srv",
    "/home", "/Users", "/Volumes", "/System", "/Library", "/Applications", "/root",
))
_WHY = ("the guard is installed user-wide, so it takes the project from the agent; open the agent in a "
        "project folder (a git repository), or install the guard for this project with `legant guard install`")


def git_root(folder):
    """The nearest folder at or above `folder` holding a `.git` entry, or None."""
    if not folder or not os.path.isabs(folder):
        return None
    from legant_guard.hook.config import nearest_up

    return nearest_up(os.path.realpath(folder), lambda current: os.path.lexists(os.path.join(current, ".git")))


def too_wide(folder, home):
    """Why `folder` may not be a user-wide hook's project (home, an ancestor of it, a system
    folder), or None."""
    real = os.path.realpath(folder)
    home_real = os.path.realpath(home) if home else ""
    if home_real and real == home_real:
        return f"{real} is your home folder"
    if home_real and home_real.startswith(real.rstrip("/") + "/"):
        return f"{real} holds your home folder"
    if real in _SYSTEM_FOLDERS:
        return f"{real} is a system folder"
    return None


def find_project(env, event_cwd, process_cwd, home, agent=None):
    """(project, None) or (None, the reason every call is denied). `agent`: the agent whose event
    it is; one that reports its project dir as the event's cwd (opencode's plugin) is believed
    wherever the hook runs, another's cwd only at or below the hook's folder."""
    for var in PROJECT_DIR_VARS:
        value = env.get(var)
        if value:
            if not os.path.isabs(value):
                return None, f"cannot tell which project this call belongs to: {var}={value!r} is not an absolute path; {_WHY}"
            candidate, source = value, var
            break
    else:
        # The hook's own working directory is the agent's project dir; the event's cwd is where
        # the call runs, which the model moves (Codex reports a call's `workdir` as its cwd): it
        # decides only below the hook's folder, else `workdir: ../other-repo` made another
        # repository the project, and the builder wrote there.
        process_cwd = process_cwd or _getcwd()
        candidate = git_root(process_cwd)
        if candidate is None and (not process_cwd or _reports_project_dir(agent) or _at_or_below(event_cwd, process_cwd)):
            candidate = git_root(event_cwd)
        source = "the git root of the working directory"
        if candidate is None and process_cwd and event_cwd and not _at_or_below(event_cwd, process_cwd) and \
                not _reports_project_dir(agent):
            return None, (f"cannot tell which project this call belongs to: the agent runs in {process_cwd}, which "
                          f"is not inside a git repository, and the call's folder {event_cwd} lies outside it; {_WHY}")
        if candidate is None:
            where = event_cwd or process_cwd or "the working directory"
            return None, (f"cannot tell which project this call belongs to: {where} is not inside a git repository "
                          f"and the agent names no project dir; {_WHY}")
    problem = too_wide(candidate, home)
    if problem:
        return None, f"cannot tell which project this call belongs to: {problem} ({source}); {_WHY}"
    return os.path.realpath(candidate), None


def _reports_project_dir(agent):
    """Does this agent's event cwd name its project dir, not a folder the model chose?"""
    from legant_guard import agents

    return bool(agent) and agent in agents.NAMES and agents.get(agent).cwd_is_project_dir


def _getcwd():
    try:
        return os.getcwd()
    except OSError:  # (deleted under the agent)
        return None


def _at_or_below(folder, top):
    """Is the absolute `folder` `top` or below it, physically?"""
    if not folder or not os.path.isabs(folder):
        return False
    real, top = os.path.realpath(folder), os.path.realpath(top).rstrip("/")
    return real == top or real.startswith(top + "/")


def is_relative(claims):
    """Does this token carry rules that the hook anchors at the project it determines?"""
    cnst = claims.get("cnst") if isinstance(claims, dict) else None
    return isinstance(cnst, dict) and cnst.get("relative_to") == "project"
