"""The program names a setup.py declares, read without running it.

setup.py is code: `setup(entry_points={'console_scripts': ['cla' + 'ude=x:m']})` names `claude`
only when it runs, which is when `pip install --user ./pkg` has already put it on PATH
(hook/pkgscripts.py). The file is parsed (Python's own `ast`, never executed) and the setup()
call read: `entry_points` and `scripts` given as literals (or as a module-level name bound once
to a literal) are the names; anything else there (an expression, a name bound at run time,
`**kwargs`, positional arguments), a `cmdclass` that replaces an install command with code of its
own, or no setup() call the guard can see, leaves the names unknown, which pkgscripts denies for
an install onto PATH. Loaded only for such installs.
"""

import os

_UNKNOWN = object()
_NAMED = ("entry_points", "scripts", "cmdclass")
# setuptools/distutils commands whose replacement runs while the programs are installed
_INSTALL_COMMANDS = frozenset(("install", "install_scripts", "build_scripts", "develop", "easy_install",
                               "bdist_wheel", "install_egg_info", "egg_info", "install_lib", "build", "build_py",
                               "editable_wheel", "bdist_egg"))


def declared_names(text):
    """(names the setup() call declares, None) or (names seen, why the rest cannot be known)."""
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return set(), "setup.py cannot be parsed by the guard"
    constants = _module_constants(ast, tree)
    callees = {"setup"} | {a.asname for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                           for a in node.names if a.name == "setup" and a.asname}
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _callee(ast, n.func) in callees]
    if not calls:
        return set(), "setup.py calls no setup() the guard can read"
    names = set()
    for call in calls:
        if call.args:
            return names, "setup.py passes setup() positional arguments"
        for keyword in call.keywords:
            if keyword.arg is None:
                return names, "setup.py passes setup() arguments built at run time (`**`)"
            if keyword.arg not in _NAMED:
                continue
            if keyword.arg == "cmdclass":
                replaced = _cmdclass(ast, keyword.value, constants)
                if replaced:
                    return names, f"setup.py replaces its `{replaced}` command with code of its own"
                continue
            value = _literal(ast, keyword.value, constants)
            if value is _UNKNOWN:
                return names, f"setup.py builds its `{keyword.arg}` at run time"
            found = _entry_point_names(value) if keyword.arg == "entry_points" else _script_names(value)
            if found is None:
                return names, f"setup.py's `{keyword.arg}` has a form the guard does not read"
            names |= found
    return names, None


def _module_constants(ast, tree):
    """NAME -> the literal a module-level statement binds it to (_UNKNOWN: bound otherwise or twice,
    or named anywhere else than there and in one use: `SCRIPTS.append(...)` changes it)."""
    found = {}
    uses = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            uses[node.id] = uses.get(node.id, 0) + 1
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.NamedExpr)) else []
        for target in targets:
            for name in [t.id for t in ast.walk(target) if isinstance(t, ast.Name)]:
                value = _UNKNOWN
                if name not in found and isinstance(node, ast.Assign) and node in tree.body and \
                        isinstance(target, ast.Name):
                    try:
                        value = ast.literal_eval(node.value)
                    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                        value = _UNKNOWN
                found[name] = value
    return {name: value if uses.get(name, 0) <= 2 else _UNKNOWN for name, value in found.items()}


def _callee(ast, func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal(ast, node, constants):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    if isinstance(node, ast.Name):
        return constants.get(node.id, _UNKNOWN)
    if isinstance(node, ast.Dict) and all(k is not None for k in node.keys):
        keys = [_literal(ast, k, constants) for k in node.keys]
        values = [_literal(ast, v, constants) for v in node.values]
        if _UNKNOWN in keys or _UNKNOWN in values:
            return _UNKNOWN
        try:
            return dict(zip(keys, values))
        except TypeError:
            return _UNKNOWN
    if isinstance(node, (ast.List, ast.Tuple)):
        values = [_literal(ast, v, constants) for v in node.elts]
        return _UNKNOWN if _UNKNOWN in values else values
    return _UNKNOWN


def _cmdclass(ast, node, constants):
    """The install command a cmdclass replaces, or None (its values are classes: not literals)."""
    if isinstance(node, ast.Name) and isinstance(constants.get(node.id), dict):
        return None
    if not isinstance(node, ast.Dict):
        return "cmdclass"
    for key in node.keys:
        name = _literal(ast, key, constants) if key is not None else _UNKNOWN
        if name is _UNKNOWN or not isinstance(name, str):
            return "cmdclass"
        if name in _INSTALL_COMMANDS:
            return name
    return None


def _entry_point_names(value):
    """console_scripts/gui_scripts names of entry_points as a dict or as INI text; None: other forms."""
    if isinstance(value, str):
        from legant_guard.hook.pkgscripts import _entry_point_names as from_text

        return set(from_text(value))
    if not isinstance(value, dict):
        return None
    names = set()
    for group, lines in value.items():
        if group not in ("console_scripts", "gui_scripts"):
            continue
        lines = lines.splitlines() if isinstance(lines, str) else lines
        if not isinstance(lines, (list, tuple)):
            return None
        for line in lines:
            if not isinstance(line, str):
                return None
            if "=" in line:
                names.add(line.split("=", 1)[0].strip())
    return names


def _script_names(value):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        return None
    return {os.path.basename(v) for v in value}
