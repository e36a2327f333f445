"""Installers told to write into a folder, under names the package picks.

`pip install --target . ./x.whl` puts every file of the wheel at `./<its path in the wheel>`,
and a wheel may hold any path (`.claude/settings.json`, `.opencode/plugins/x.js`): where every
package is a wheel on disk and no dependency can come from an index (`--no-deps`, or none
declared), its members are listed and judged where they land; otherwise `--prefix D`
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
        if option in ("--target", "-t") and tool in ("pip", "uv pip"):
            listed = _local_wheels(cmd, args, dest, ctx, tool)
            if listed is not False:
                if listed:
                    return listed
                continue  # (every file the wheels hold was judged where it lands)
        verdict = _undetermined(f"`{tool}` with {option} {value} installs files under names the package picks (a "
                                "wheel may hold any path, `.claude/settings.json` too)", dest, ctx)
        if verdict:
            return verdict
    return None


_MAX_WHEEL_BYTES = 256 * 1024 * 1024
_MAX_MEMBERS = 20000


def _local_wheels(cmd, args, dest, ctx, tool):
    """`pip install --target . --no-deps ./x.whl`: the wheels are on disk, so what they put below
    `dest` is known: each file at its path in the wheel (a `NAME.data/SCHEME/REST` file at REST,
    `bin/REST` and `SCHEME/REST` too), judged as a write. A deny, None (all judged, nothing
    refused) or False when it cannot be told (a package from an index, dependencies that may come
    from one, a wheel that cannot be read)."""
    import os

    from legant_guard.hook.destinations import _judge, _made_earlier, _outside_allowed

    words, k = [], 0
    while k < len(args):
        w = args[k]
        if w in ("--target", "-t", "--prefix", "--root", "-c", "--constraint", "--python", "-p"):
            k += 2
            continue
        if not w.startswith("-"):
            words.append(w)
        k += 1
    wheels = [w for w in words if w not in ("install", "pip")]
    if not wheels or not all(w.endswith(".whl") for w in wheels) or any(w.startswith(("-r", "--requirement"))
                                                                          for w in args):
        return False
    no_deps = "--no-deps" in args
    import zipfile

    try:
        for wheel in wheels:
            path = _abs(wheel, cmd.cwd)
            if not os.path.isfile(path) or os.path.getsize(path) > _MAX_WHEEL_BYTES or _made_earlier(path, ctx):
                return False  # (a wheel this command writes first is not the one on disk now)
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
                if len(infos) > _MAX_MEMBERS:
                    return False
                if not no_deps and _requires(archive, infos):
                    return False
                for info in infos:
                    for target in _landing(info.filename, dest):
                        what = f"`{tool}` installing {path} into {dest}"
                        verdict = _judge(target, "dir" if info.is_dir() else "file", ctx, what) or \
                            _outside_allowed(target, ctx, what)
                        if verdict:
                            return verdict
    except (OSError, ValueError, RuntimeError, EOFError, zipfile.BadZipFile):
        return False
    return None


def _requires(archive, infos):
    """Does the wheel's METADATA name dependencies (which pip would fetch too)?"""
    meta = next((i for i in infos if i.filename.count("/") == 1 and i.filename.endswith(".dist-info/METADATA")), None)
    if meta is None or meta.file_size > 1024 * 1024:
        return True
    text = archive.read(meta).decode("utf-8", "replace")
    return any(line.startswith("Requires-Dist:") for line in text.split("\n\n", 1)[0].splitlines())


def _landing(name, dest):
    """Where a wheel member lands below `dest` with `pip --target` (every reading pip may give it)."""
    import os

    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts:
        return []
    out = [os.path.normpath(os.path.join(dest, *parts))]
    if len(parts) > 2 and parts[0].endswith(".data"):
        rest = parts[2:]
        out += [os.path.normpath(os.path.join(dest, *rest)), os.path.normpath(os.path.join(dest, "bin", *rest)),
                os.path.normpath(os.path.join(dest, parts[1], *rest))]
    return out


_VARIABLES = {"pip": ("PIP_TARGET", "PIP_PREFIX", "PIP_ROOT"), "uv pip": ("UV_TARGET", "UV_PREFIX")}
