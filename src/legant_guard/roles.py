"""Roles as reviewable data: rules/roles/*.yaml compiled into a token's `scope` and `cnst`.

A role is a YAML mapping (see rules/roles/builder.yaml). A user adds a role by writing such a
file and passing its path wherever a role name is accepted. "@name" entries refer to the
named lists in rules/sets.yaml (secrets, exfil). Project-relative paths and globs are
anchored at the project root when the token is minted; "~/" stays as is and is expanded by
the hook, so the token reads the way a person wrote it.

Not on the hook path (imports PyYAML).
"""

import os

import yaml

from legant_guard.resources import data_dir

BUILTIN_ROLES = ("reviewer", "builder", "open", "operator")
VERBS = ("fs.read", "fs.write", "shell.exec", "net.fetch", "mcp.call", "agent.spawn")
_LIST_KEYS = {
    "paths": "path:",
    "cmds": "cmd:",
    "hosts": "host:",
    "deny_paths": "deny-path:",
    "deny_cmds": "deny-cmd:",
    "deny_hosts": "deny-host:",
    "deny_tools": "deny-tool:",
}
_KNOWN_KEYS = {"name", "description", "scope", "tools", "time_window", "tripwires", "toolchains"} | set(_LIST_KEYS)
_PATH_KEYS = ("paths", "deny_paths")


class RoleError(Exception):
    """A role cannot be loaded; the message says which file and what to fix."""


def _load_yaml(path):
    from legant_guard import yamlfiles

    try:
        return yamlfiles.load(path)
    except FileNotFoundError:
        raise RoleError(f"role file {path} does not exist")
    except yaml.YAMLError as e:
        raise RoleError(f"role file {path} is not valid YAML: {e}")


def _plain_name(name):
    """ASCII letters and digits, `.`, `_`, `-`; 1 to 64 characters, the first a letter or digit."""
    return 0 < len(name) <= 64 and name.isascii() and name[0].isalnum() and \
        all(c.isalnum() or c in "._-" for c in name)


def _looks_like_builtin(name):
    """`Operator`, `builder `, `operator\u200b` or a name with a look-alike letter would read as the
    built-in role of that name in a token, a record or a message (red team #28): case, spaces,
    invisible characters and compatibility forms are ignored, and a non-ASCII letter counts as
    any letter, so `оperator` (a Cyrillic о) matches too."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", name)
    folded = "".join(c for c in folded if not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc", "Mn"))
    folded = folded.casefold()
    for builtin in BUILTIN_ROLES:
        if len(folded) == len(builtin) and all(a == b or not a.isascii() for a, b in zip(folded, builtin)):
            return True
    return False


def _sets():
    doc = _load_yaml(os.path.join(data_dir("rules"), "sets.yaml")) or {}
    return {k: list(v) for k, v in doc.items()}


def role_path(name_or_file):
    """The YAML file of a built-in role name, or the given file path."""
    if name_or_file in BUILTIN_ROLES:
        return os.path.join(data_dir("rules"), "roles", name_or_file + ".yaml")
    if os.sep in name_or_file or name_or_file.endswith((".yaml", ".yml")):
        return name_or_file
    raise RoleError(
        f"unknown role `{name_or_file}`: use one of {', '.join(BUILTIN_ROLES)} or the path of a role YAML file"
    )


def load_role(name_or_file):
    """Load and validate a role; returns the role as a dict with every list key present."""
    path = role_path(name_or_file)
    doc = _load_yaml(path)
    if not isinstance(doc, dict):
        raise RoleError(f"role file {path} must be a YAML mapping (see rules/roles/builder.yaml)")
    unknown = set(doc) - _KNOWN_KEYS
    if unknown:
        raise RoleError(f"role file {path}: unknown key(s) {', '.join(sorted(unknown))}")
    name = doc.get("name") or os.path.splitext(os.path.basename(path))[0]
    builtin = name_or_file in BUILTIN_ROLES
    for shadow in {str(name), os.path.splitext(os.path.basename(path))[0]}:
        if not builtin and _looks_like_builtin(shadow):
            raise RoleError(f"role file {path}: `{shadow}` is the name of a built-in role, or reads as one (case, "
                            "spaces, invisible or look-alike letters aside); a user role may not shadow it (its "
                            "token and audit records would pass for the built-in's): rename it")
    if not builtin and not _plain_name(str(name)):
        raise RoleError(f"role file {path}: the role name {str(name)!r} must be plain letters, digits, `.`, `_` or "
                        "`-` (at most 64, starting with a letter or digit): it is shown in tokens, records and the "
                        "guard's messages, where spaces, invisible or look-alike characters would mislead")
    scope = doc.get("scope")
    if scope == "*":
        scope = "*"
    elif isinstance(scope, list) and scope and all(v in VERBS for v in scope):
        scope = list(scope)
    else:
        raise RoleError(f"role file {path}: `scope` must be \"*\" or a list of {', '.join(VERBS)}")
    sets = _sets()
    role = {"name": str(name), "description": str(doc.get("description", "")).strip(), "scope": scope}
    for key in list(_LIST_KEYS) + ["tools"]:
        values = doc.get(key, []) or []
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise RoleError(f"role file {path}: `{key}` must be a list of strings")
        expanded = []
        for v in values:
            if v.startswith("@"):
                if v[1:] not in sets:
                    raise RoleError(f"role file {path}: `{v}` is not a list in rules/sets.yaml")
                expanded.extend(sets[v[1:]])
            else:
                expanded.append(v)
        role[key] = expanded
    tripwires = doc.get("tripwires", "all")
    if tripwires not in ("all", "catastrophic"):
        raise RoleError(f"role file {path}: `tripwires` must be all or catastrophic")
    role["tripwires"] = tripwires
    window = doc.get("time_window")
    if window is not None and not isinstance(window, dict):
        raise RoleError(f"role file {path}: `time_window` must be a mapping (weekdays, start_min, end_min, tz)")
    if window and window.get("tz") is not None and not _known_zone(window["tz"]):
        raise RoleError(f"role file {path}: `time_window.tz` {window['tz']!r} is not a known time zone "
                        "(an IANA name such as Europe/Paris or UTC): the hook would deny every call")
    role["time_window"] = window
    role["toolchains"] = _toolchains_setting(doc.get("toolchains"), path)
    return role


def _known_zone(tz):
    import zoneinfo

    try:
        return isinstance(tz, str) and bool(tz) and zoneinfo.ZoneInfo(tz) is not None
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        return False


def _toolchains_setting(value, path):
    """A role's `toolchains`: None (none), "auto", "all", "none" or a list of known names."""
    from legant_guard import toolchains

    if value is None or value in ("auto", "all", "none"):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        unknown = [v for v in value if v not in toolchains.names()]
        if not unknown:
            return list(value)
        raise RoleError(f"role file {path}: unknown toolchain(s) {', '.join(unknown)} "
                        f"(rules/toolchains/ has {', '.join(toolchains.names())})")
    raise RoleError(f"role file {path}: `toolchains` must be auto, all, none or a list of toolchain names")


def _anchor(path, project):
    """Anchor a project-relative path or glob at the project root; keep ~/, $HOME, ${HOME} and
    absolute paths (the hook expands the home forms). `~user` is expanded now: the hook only
    knows the current user's home, and would read `~alice/.ssh` as a folder in the project
    (an unknown user's `~x` stays a relative name, as the agents' file tools read it)."""
    if path == "~" or path.startswith(("~/", "/", "$HOME", "${HOME}")):
        return path
    if path.startswith("~") and os.path.expanduser(path) != path:
        return os.path.expanduser(path)
    from legant_guard.hook.paths import is_glob, literal_pattern

    if is_glob(path):
        # A glob names the project folder itself: at /w/p[1], `**/.env` written as /w/p[1]/**/.env
        # matched /w/p1/... and never the project's own .env.
        return os.path.normpath(os.path.join(literal_pattern(project), path))
    # A path too: the hook reads a rule with `[`, `*` or `?` as a pattern, so `.` at /w/p[1]
    # written as /w/p[1] allowed /w/p1 and never the project (the hook reads /w/p[[]1] back as
    # the path /w/p[1]: paths.unescape_literal).
    return literal_pattern(os.path.normpath(os.path.join(project, path)))


def _relative(path):
    """A path rule for a user-wide token: home forms and absolute paths as they are (`~user`
    expanded now, as `_anchor` does), project-relative ones normalised but left relative."""
    if path == "~" or path.startswith(("~/", "/", "$HOME", "${HOME}")):
        return path
    if path.startswith("~") and os.path.expanduser(path) != path:
        return os.path.expanduser(path)
    return os.path.normpath(path)


def compile_role(role, project, toolchain_adjust=None):
    """A role dict -> (scope string, cnst dict) for a token guarding `project` (absolute).

    `project` None (a user-wide install): relative rules stay relative and the token says so
    (`cnst.relative_to = "project"`); the hook anchors them at the project of each call
    (hook/project.py), never at a home or system folder.

    The role's toolchains (rules/toolchains/, chosen for this project and adjusted by the
    user's `--toolchain` items) add their command entries to `cmd:` and their names to
    `cnst.toolchains`.
    """
    project = os.path.realpath(project) if project is not None else None
    chosen = resolve_toolchains(role, project, toolchain_adjust)[0]
    resources = []
    for key, tag in _LIST_KEYS.items():
        values = list(role[key])
        if key == "cmds" and chosen:
            from legant_guard import toolchains

            values += [c for c in toolchains.commands(chosen) if c not in values]
        for value in values:
            if key in _PATH_KEYS:
                value = _anchor(value, project) if project is not None else _relative(value)
            resources.append(tag + value)
    cnst = {"role": role["name"], "resources": resources}
    if project is None:
        cnst["relative_to"] = "project"
    if role.get("toolchains") is not None:
        cnst["toolchains"] = list(chosen)
    if role["tools"]:
        cnst["tools"] = list(role["tools"])
    if role["tripwires"] == "catastrophic":
        cnst["tripwires"] = "catastrophic"
    if role["time_window"]:
        cnst["time_window"] = dict(role["time_window"])
    scope = "*" if role["scope"] == "*" else " ".join(role["scope"])
    return scope, cnst


def resolve_toolchains(role, project, adjust=None):
    """(names, {name: why}) of the toolchains a role grants in `project`; ([], {}) for a role
    without a `toolchains` key (reviewer, open, operator)."""
    setting = role.get("toolchains")
    if setting is None:
        return [], {}
    from legant_guard import toolchains

    try:
        return toolchains.choose(setting, project, adjust)
    except toolchains.ToolchainError as e:
        raise RoleError(str(e))
