"""Ecosystem toolchains: which everyday commands the builder role grants in this project.

One reviewable YAML file per ecosystem in rules/toolchains/ (python, node, rust, go, java,
ruby, dotnet, c-cpp, docker, php, terraform, elixir, swift, taskfile): the project files that reveal it (`detect`) and the command
entries it grants (`cmds`, program names or argument forms: hook/cmdforms.py). A role opts
in with `toolchains: auto` (what the project's files show), a list of names, `all` or
`none`; `install --toolchain` adjusts that choice. The chosen toolchains are compiled into
the token as ordinary `cmd:` rules (the hook never reads these files) and recorded in
`cnst.toolchains`, so `guard show` can say what was granted.

Not on the hook path (imports PyYAML).
"""

import fnmatch
import os

from legant_guard.resources import data_dir

# Folders below the project root that are searched too, _DEPTH levels deep (a monorepo's web/,
# services/api/), but never these, and never more than _MAX_ENTRIES entries in all.
_DEPTH = 2
_SKIP_DIRS = frozenset(("node_modules", "vendor", "target", "build", "dist", "venv", "__pycache__"))
_MAX_ENTRIES = 2000


class ToolchainError(Exception):
    """A toolchain name or file is wrong; the message says what to fix."""


def _folder():
    return os.path.join(data_dir("rules"), "toolchains")


def names():
    """Every toolchain shipped in rules/toolchains/, sorted."""
    try:
        files = os.listdir(_folder())
    except OSError:
        return []
    return sorted(os.path.splitext(f)[0] for f in files if f.endswith(".yaml"))


def load(name):
    """One toolchain as {name, description, detect, cmds}; `cmds` with the module-runner forms
    (`python -m pytest` wherever `pytest` is allowed) already added."""
    from legant_guard import yamlfiles

    path = os.path.join(_folder(), name + ".yaml")
    if name not in names():
        raise ToolchainError(f"unknown toolchain `{name}`: use one of {', '.join(names())}")
    doc = yamlfiles.load(path) or {}
    cmds = [str(c) for c in doc.get("cmds") or []]
    runner, modules = doc.get("module_runner"), doc.get("modules") or []
    if runner:
        for entry in list(cmds):
            program, _, rest = entry.partition(" ")
            if program.rstrip("*") in modules:
                cmds.append(f"{runner} {program.rstrip('*')} {rest or '...'}")
    return {"name": doc.get("name", name), "description": str(doc.get("description", "")),
            "detect": [str(d) for d in doc.get("detect") or []], "cmds": cmds}


def detect(project):
    """[(toolchain, evidence file relative to the project)] for the ecosystems whose files are
    in the project root or up to two folders below it (a monorepo's web/ or services/api/)."""
    found = []
    files = _project_files(project)
    for name in names():
        patterns = load(name)["detect"]
        hit = next((f for f in files for p in patterns if fnmatch.fnmatchcase(os.path.basename(f), p)), None)
        if hit:
            found.append((name, hit))
    return found


def _project_files(project):
    """Names of the files in the project root, then in its first-level folders, then in their
    folders (a monorepo keeps a service's Cargo.toml or go.mod in services/NAME/, apps/NAME/),
    breadth first, never more than _MAX_ENTRIES in all."""
    out, level, budget = [], [""], _MAX_ENTRIES
    for depth in range(_DEPTH + 1):
        below = []
        for folder in level:
            if budget <= 0:
                return out
            try:
                entries = sorted(os.scandir(os.path.join(project, folder)), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries[:budget]:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith(".") and entry.name not in _SKIP_DIRS:
                        below.append(os.path.join(folder, entry.name))
                else:
                    out.append(os.path.join(folder, entry.name))
            budget -= len(entries)
        level = below
    return out


def parse_spec(text):
    """`--toolchain` text -> list of items: "node,python" (exactly these), "-go" / "+rust"
    (adjust what was detected), "all", "none", "auto". Unknown names are an error."""
    items = [t.strip() for t in str(text or "").replace(" ", ",").split(",") if t.strip()]
    known = names()
    for item in items:
        bare = item.lstrip("+-")
        if bare not in known and not (item == bare and bare in ("all", "none", "auto")):
            raise ToolchainError(f"unknown toolchain `{bare}` in --toolchain: use {', '.join(known)} "
                                 "(or all, none, auto; -name removes one, +name adds one)")
    return items


def choose(setting, project, adjust=None):
    """(toolchain names, {name: why}) for a role's `toolchains` setting in `project`.

    `setting`: "auto" (detected; every toolchain when nothing is detected, so the first
    `npm init` or `cargo new` of an empty project works), "all", "none" or a list of names.
    `adjust`: the user's --toolchain items (see parse_spec); plain names replace the set.
    `project` None (a user-wide install): "auto" means every toolchain.
    """
    why = {}
    if setting in (None, "none"):
        chosen = []
    elif setting == "all" or (setting == "auto" and project is None):
        chosen = names()
        why = {n: "all toolchains" for n in chosen}
    elif setting == "auto":
        found = detect(project)
        chosen = [n for n, _ in found]
        why = {n: f"found {f}" for n, f in found}
        if not chosen:
            chosen = names()
            why = {n: "no ecosystem detected: all toolchains" for n in chosen}
    else:
        chosen = list(setting)
        why = {n: "named by the role" for n in chosen}
    items = parse_spec(",".join(adjust)) if isinstance(adjust, (list, tuple)) else parse_spec(adjust)
    plain = [i for i in items if not i.startswith(("+", "-"))]
    if plain:
        if "none" in plain:
            chosen, why = [], {}
        elif "all" in plain:
            chosen = names()
            why = {n: "--toolchain all" for n in chosen}
        elif "auto" not in plain:
            chosen = [n for n in names() if n in plain]
            why = {n: "--toolchain" for n in chosen}
    for item in items:
        name = item[1:]
        if item.startswith("+") and name not in chosen:
            chosen.append(name)
            why[name] = "--toolchain +" + name
        elif item.startswith("-") and name in chosen:
            chosen.remove(name)
            why.pop(name, None)
    return [n for n in names() if n in chosen], why


def commands(chosen):
    """The command entries the chosen toolchains grant, in order, without repeats."""
    out = []
    for name in chosen:
        for entry in load(name)["cmds"]:
            if entry not in out:
                out.append(entry)
    return out


def describe(chosen, why):
    """One line per toolchain for people: `python  (found pyproject.toml)`."""
    return [f"{n}  ({why.get(n, 'granted')})" for n in chosen]
