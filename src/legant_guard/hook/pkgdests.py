"""Installers told to write into a folder, under names the package picks.

`pip install --target . ./x.whl` puts every file of the wheel at `./<its path in the wheel>`,
and a wheel may hold any path (`.claude/settings.json`, `.opencode/plugins/x.js`); `--prefix D`
puts its data files (`x.data/data/...`) below D, `--root D` everything; `uv pip install
--target/--prefix` and PyPA's `python -m installer --destdir/--prefix` alike; `gem install
--bindir D` writes the programs a gem names (`settings.json` is a name too). The folder is
judged like an unpacker's destination the guard cannot list: denied where a protected file
lies at or below it; elsewhere (`--target build/deps`, `/tmp/x`) allowed. (hook/pkgmanagers.py
judges the same options against the guard's own environment.) Loaded only for these programs.
"""

from legant_guard.hook.downloads import option_value
from legant_guard.hook.outputs import _abs, _undetermined

_PIP_OPTIONS = ("--target", "-t", "--prefix", "--root")
_INSTALLER_OPTIONS = ("--destdir", "-d", "--prefix", "-p")
_GEM_OPTIONS = ("--bindir", "-n", "--install-dir", "-i")


def check(cmd, ctx, tool, args):
    """`tool` (pip, uv pip, python -m installer, gem) with its arguments `args` (after the program)."""
    words = [w for w in args if not w.startswith("-")]
    if tool == "python -m installer":
        options = _INSTALLER_OPTIONS
    elif tool == "gem":
        if not words or words[0] not in ("install", "i", "update", "pristine"):
            return None
        options = _GEM_OPTIONS
    else:
        if "install" not in words and "sync" not in words:
            return None
        options = _PIP_OPTIONS
    given = [(option, option_value(args, (option,))) for option in options]
    if tool in _VARIABLES:  # `PIP_TARGET=. pip install x`, an `export` before it, or the agent's own environment
        from legant_guard.hook.pkgmanagers import _assignments

        raw = getattr(ctx, "_command", "") or ""
        trust = getattr(ctx.protected, "trust", None)
        agent_env = trust.env if trust is not None else {}
        for name in _VARIABLES[tool]:
            values = _assignments(raw, name) if name + "=" in raw else []
            given += [(name, "." if v is None else v) for v in values]  # (built at run time: judged as here)
            if agent_env.get(name):
                given.append((name, agent_env[name]))
    trust = getattr(ctx.protected, "trust", None)
    for option, value in given:
        if value is None:
            continue
        dest = _abs(value, cmd.cwd)
        if trust is not None and any(r.contained_in(dest) or r.matches(dest) for r in trust.installation.rules):
            continue  # (into the guard's own installation: pkgmanagers/bininstallers deny it, naming why)
        verdict = _undetermined(f"`{tool}` with {option} {value} installs files under names the package picks (a "
                                "wheel may hold any path, `.claude/settings.json` too)", dest, ctx)
        if verdict:
            return verdict
    return None


_VARIABLES = {"pip": ("PIP_TARGET", "PIP_PREFIX", "PIP_ROOT"), "uv pip": ("UV_TARGET", "UV_PREFIX")}
