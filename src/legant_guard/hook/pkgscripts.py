"""Packages that name their own programs `claude`, `codex`, `opencode` or `legant`.

`pip install --user ./pkg`, `pipx install ./pkg`, `uv tool install ./pkg`, `npm i -g ./pkg`,
`cargo install --path .` and `go install ./x` put the package's programs into a folder on the
user's PATH (`~/.local/bin`, `~/.cargo/bin`, npm's global `bin/`) under names the *package*
declares, not the command line. A package the agent wrote that calls its script `claude` places
a wrapper (adding `--bare`, `--settings`) ahead of the real agent, which the user's next session
starts unguarded; one called `legant` answers the user's next `legant guard install`.

The package is on disk when the hook runs, so its declared program names are read (bounded):
pyproject's `[project.scripts]`/`gui-scripts` (and Poetry's, Flit's, setuptools' `script-files`),
setup.cfg's entry points and `scripts`, a wheel's `entry_points.txt` and `.data/scripts/`,
package.json's `bin` (and `directories.bin`), Cargo's `[[bin]]`, `src/main.rs` and `src/bin/`, a
Go package's folder name. A name that is one of trustderivation.shadowed_names() is a deny for every
role; so is a package whose names cannot be read (an sdist or npm tarball, `dynamic` scripts,
an in-tree build backend). setup.py is code: a shadowed name in its text is a deny, and its
setup() call is read without running it (hook/setuppy.py): names it builds at run time are unknown. Installs into an environment whose `bin/` is not
on the agent's PATH (a project's `.venv`) stay allowed. Loaded only for installers.
"""

import os

from legant_guard.hook.model import deny

_MAX_BYTES = 256 * 1024
_MAX_ENTRIES = 4096
_PY_INSTALL = frozenset(("install",))
_USER_SCOPE_NODE = {"npm": ("-g", "--global", "--location=global"), "pnpm": ("-g", "--global"),
                    "bun": ("-g", "--global"), "yarn": ()}
_NODE_INSTALL = frozenset(("install", "i", "add", "isntall", "in", "ins", "inst", "insta", "instal", "link", "ln",
                           "update", "up", "upgrade", "global"))
# Options whose value is the next word (so that word is no package).
_VALUE_OPTIONS = frozenset(("-r", "--requirement", "-c", "--constraint", "-t", "--target", "--prefix", "--root",
                            "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--python", "-p",
                            "--python-version", "--platform", "--src", "--upgrade-strategy", "--spec", "--from",
                            "--with", "--with-requirements", "--suffix", "--pip-args", "--index", "--default-index",
                            "--registry", "--tag", "--root-dir", "--cache", "-C", "--cwd", "--global-dir",
                            "--global-bin-dir", "--global-folder", "--bin", "--example", "--features", "-F",
                            "--target-dir", "--profile", "--config", "--version", "--git", "--branch", "--rev",
                            "--path", "-o", "-tags", "-ldflags", "-gcflags", "-mod",
                            "--with-editable", "--only-binary", "--no-binary", "--log",
                            "--proxy", "--cert", "--client-cert", "--trusted-host", "--global-option",
                            "--config-settings", "--extra", "--group", "--config-file"))


def shadowed():
    from legant_guard.hook.trustderivation import shadowed_names

    return frozenset(n.lower() for n in shadowed_names())


def check(cmd, trust, analysis=None):
    """A deny when `cmd` installs a package from disk, into a folder on the user's PATH, that
    declares a program named like the guard or an agent; else None. `analysis`: the whole
    command line's (a venv it activates first is where a bare `pip` installs)."""
    _HOME[0] = trust.home
    _ACTIVATED[0] = analysis
    found = _installs(cmd, trust)
    if not found:
        return None
    sources, where = found
    names = shadowed()
    # pipx appends --suffix to every program name (`clau` + `--suffix de` is `claude`)
    suffix = (_values(cmd.argv, "--suffix") or [""])[-1] if cmd.executable == "pipx" else ""
    for source in sources:
        declared, problem = program_names(source)
        declared = {os.path.basename(str(n).strip().rstrip("/")) + suffix for n in declared or ()}
        source = source[1]
        if problem:
            return deny(f"`{cmd.executable}` would install programs of {source} into {where} under names the package "
                        f"chooses, and {problem}, so whether one replaces `legant` or an agent's program cannot be "
                        "known; install it into a project environment instead", "trust-base:package-scripts")
        hit = sorted(n for n in declared if n.lower() in names)
        if hit:
            return deny(f"`{cmd.executable}` would install a program named `{hit[0]}` (declared by {source}) into "
                        f"{where}, ahead of the real `{hit[0]}` on PATH: the user's next session or `legant` command "
                        "would run it instead. Rename the program", "trust-base:package-scripts")
    return None


# ------------------------------------------------------------------ which installs, from where

def _installs(cmd, trust):
    """(local package paths, where their programs go) for an install into a folder on PATH, or None."""
    exe = cmd.executable or ""
    argv = list(cmd.argv)
    if exe.startswith("python"):
        from legant_guard.hook.pkgmanagers import _python_module

        module, rest, _ = _python_module(argv)
        if module != "pip":
            return None
        return _pip(cmd, trust, argv[0], list(rest))
    from legant_guard.hook.pkgmanagers import _is_pip

    if _is_pip(exe):
        return _pip(cmd, trust, argv[0], argv[1:])
    args = argv[1:]
    words = [w for w in args if not w.startswith("-")]
    if exe == "pipx" and words[:1] in (["install"], ["inject"], ["reinstall"]):
        rest = args[1 + args.index(words[0]):]
        return (_sources(cmd, rest, ("--spec",)) + _index_sources(cmd, rest) + _configured(cmd, trust, "pip", rest),
                "pipx's bin folder (~/.local/bin)")
    if exe == "uv" and words[:2] == ["tool", "install"]:
        rest = args[args.index("install") + 1:]
        return (_sources(cmd, rest, ("--from", "--with-executables-from")) + _index_sources(cmd, rest) +
                _configured(cmd, trust, "uv", args), "uv's tool bin folder (~/.local/bin)")
    if exe == "uv" and words[:2] == ["pip", "install"]:
        return _uv_pip(cmd, trust, args[args.index("install") + 1:])
    if exe in _USER_SCOPE_NODE:
        return _node(cmd, exe, args, words)
    if exe == "cargo" and "install" in words:
        paths = _values(args, "--path")
        return ([("any", _abs(cmd, p)) for p in paths], "cargo's bin folder (~/.cargo/bin)") if paths else None
    if exe == "go" and words[:1] == ["install"]:
        local = [w for w in words[1:] if w.startswith((".", "/")) and "@" not in w]
        return ([("go", _abs(cmd, w)) for w in local], "Go's bin folder (GOBIN, ~/go/bin)") if local else None
    return None


def _pip(cmd, trust, tool, args):
    if "install" not in args:
        return None
    rest = args[args.index("install") + 1:]
    from legant_guard.hook.pkgindexes import user_scope

    if "--user" in rest or user_scope(cmd, trust):  # (PIP_USER=1, or `user = true` in pip.conf)
        where = "the user's bin folder (~/.local/bin)"
    else:
        targets = _values(rest, "--target") + _values(rest, "-t") + _values(rest, "--prefix") + _values(rest, "--root")
        if targets:
            bins = [os.path.join(_abs(cmd, w), "bin") for w in targets]
        else:
            from legant_guard.hook.pkgmanagers import _envs_of, activated_envs

            activated = activated_envs(_ACTIVATED[0]) if _ACTIVATED[0] is not None and "/" not in tool else []
            bins = [os.path.join(e, "bin") for e in (activated or _envs_of(cmd, trust, tool))]
        found = _on_path([], bins, trust)
        if found is None:
            return None  # (an environment off PATH: its programs shadow nothing)
        where = found[1]
    # (only for an install onto PATH: where the packages come from, the line's and the environment's)
    sources = _sources(cmd, rest, ("-e", "--editable")) + _requirement_sources(cmd, rest) + _index_sources(cmd, rest) + \
        _configured(cmd, trust, "pip", args)
    return (sources, where) if sources else None


_ACTIVATED = [None]  # the analysis of the command line being judged (set by check)


def _uv_pip(cmd, trust, rest):
    from legant_guard.hook.pkgmanagers import _envs_of

    where = _values(rest, "--target") + _values(rest, "--prefix")
    bins = [os.path.join(_abs(cmd, w), "bin") for w in where]
    for python in _values(rest, "--python") + _values(rest, "-p"):
        bins.append(os.path.join(_abs(cmd, python), "bin") if os.path.isdir(_abs(cmd, python)) else
                    os.path.dirname(_abs(cmd, python)) if "/" in python else
                    os.path.join((_envs_of(cmd, trust, python) or ["/nonexistent"])[0], "bin"))
    if "--system" in rest:
        bins += [os.path.join(e, "bin") for e in _envs_of(cmd, trust, "python3")]
    if not bins:
        if trust.env.get("VIRTUAL_ENV"):
            bins.append(os.path.join(trust.env["VIRTUAL_ENV"], "bin"))
        folder = cmd.cwd
        while folder and folder != os.path.dirname(folder):
            bins.append(os.path.join(folder, ".venv", "bin"))
            folder = os.path.dirname(folder)
    found = _on_path([], bins, trust)
    if found is None:
        return None  # (an environment off PATH)
    sources = _sources(cmd, rest, ("-e", "--editable")) + _requirement_sources(cmd, rest) + _index_sources(cmd, rest) + \
        _configured(cmd, trust, "uv", list(cmd.argv))
    return (sources, found[1]) if sources else None


def _on_path(sources, bins, trust):
    """Programs installed into one of `bins` shadow others only when it is a folder on PATH."""
    from legant_guard.hook.trustderivation import shadowing_folders

    on_path = set(shadowing_folders(trust.env))
    hits = [b for b in bins if os.path.normpath(b) in on_path or os.path.realpath(b) in on_path]
    return (sources, hits[0]) if hits else None


def _node(cmd, exe, args, words):
    sub = next((w for w in words if w in _NODE_INSTALL), None)
    if sub is None:
        return None
    globally = any(w in _USER_SCOPE_NODE[exe] for w in args) or sub in ("link", "ln", "global") or \
        (exe == "yarn" and words[:1] == ["global"])
    if not globally:
        return None
    after = args[args.index(sub) + 1:]
    if exe == "yarn" and sub == "global":
        after = after[1:] if after[:1] and not after[0].startswith("-") else after  # `yarn global add X`
    sources = [("node", p) for _, p in _sources(cmd, after, ())] + _index_sources(cmd, args)
    for word in after:
        if word.startswith("file:"):
            sources.append(("node", _abs(cmd, word[5:])))
    if not [w for w in after if not w.startswith("-")]:
        sources.append(("node", cmd.cwd))  # `npm link`, `npm i -g`: the package of the working folder
    return (sources, f"{exe}'s global bin folder") if sources else None


def _values(args, name):
    out = []
    for i, word in enumerate(args):
        if word == name and i + 1 < len(args):
            out.append(args[i + 1])
        elif name.startswith("--") and word.startswith(name + "="):
            out.append(word.split("=", 1)[1])
    return out


def _abs(cmd, path):
    from legant_guard.hook.paths import normalize

    return normalize(path, cmd.cwd, cmd_home(cmd))


def cmd_home(cmd):
    """The home folder `~` stands for in the command's words (the hook's HOME)."""
    return _HOME[0] or os.path.expanduser("~")


_HOME = [None]  # set by check() from the trust base (the agent's HOME, not this process's)


def _local(word):
    return word.startswith((".", "/", "~")) or "/" in word.split("[", 1)[0] and "://" not in word or \
        word.endswith((".whl", ".tar.gz", ".zip", ".tgz")) or word.startswith("file:")


def _sources(cmd, args, value_options):
    """[(kind, absolute path)] of the packages on disk among `args` (and in `value_options`)."""
    out, skip = [], False
    for i, word in enumerate(args):
        if skip:
            skip = False
            continue
        name = word.split("=", 1)[0]
        if word.startswith("-"):
            if name in value_options:
                value = word.split("=", 1)[1] if "=" in word else (args[i + 1] if i + 1 < len(args) else "")
                if value and "://" not in value and not value.startswith("git+"):
                    out.append(("any", _abs(cmd, _strip(value))))
            skip = name in _VALUE_OPTIONS and "=" not in word
            continue
        if _local(word) or os.path.isdir(_abs(cmd, word)):  # (pip installs a folder named by a bare word too)
            out.append(("any", _abs(cmd, _strip(word))))
        elif _own_package(word):  # (`pipx install legant-guard==0.0.1`: a second `legant` ahead on PATH; red team #34)
            out.append(("self", word))
    return out


def _own_package(word):
    from legant_guard.hook.trustbase import _package_name

    return _package_name(word.split("[", 1)[0]).replace("_", "-") in ("legant-guard", "legant")


def _strip(word):
    """`./pkg[extra]` -> `./pkg`, `file:///x` -> `/x`, `name @ file:///x` is two words (not seen)."""
    word = word[7:] if word.startswith("file://") else word[5:] if word.startswith("file:") else word
    return word.split("[", 1)[0] if "[" in word and not os.path.exists(word) else word


_INDEX_OPTIONS = ("-f", "--find-links", "-i", "--index-url", "--extra-index-url", "--index", "--default-index",
                  "--registry")
_LOOPBACK = ("localhost", "127.", "[::1]", "0.0.0.0", "[::]", "::1")


def _index_sources(cmd, args):
    """Packages an install may take from this machine although the command names only a
    requirement (`pip install --user -f ./dist evil`): every wheel or archive in a local
    find-links folder or index (bounded), and a server on this machine (an index the agent
    serves itself: what it holds cannot be read). pipx's --pip-args are read the same way."""
    out = []
    for extra in _values(args, "--pip-args"):
        out += _index_sources(cmd, extra.split())
    for name in _INDEX_OPTIONS:
        for value in _values(args, name) + _glued(args, name):
            scheme, sep, rest = value.partition("://")
            if sep and scheme in ("http", "https"):
                host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
                if host.lower().startswith(_LOOPBACK):
                    out.append(("served", value))
                continue
            path = _abs(cmd, _strip(value))
            if os.path.isdir(path):
                out += [("any", f) for f in _archives_below(path)]
            elif os.path.isfile(path):
                out.append(("any", path))
    return out


def _configured(cmd, trust, tool, args):
    """The find-links folders and indexes the environment and configuration files add
    (hook/pkgindexes.py), judged as the same options on the command line are; one built at run
    time is unknown."""
    from legant_guard.hook.pkgindexes import index_options

    words, unknown = index_options(cmd, trust, tool, args)
    return _index_sources(cmd, words) + [("unknown", label, problem) for label, problem in unknown]


def _glued(args, name):
    """`-f./dist` (a short option with its value glued on)."""
    if name.startswith("--") or len(name) != 2:
        return []
    return [w[2:] for w in args if w.startswith(name) and len(w) > 2 and not w.startswith("--")]


def _archives_below(folder):
    found = []
    for count, (here, dirs, files) in enumerate(os.walk(folder)):
        if count > 64 or len(found) > 256:
            break
        dirs[:] = dirs[:64] if here.count("/") - folder.count("/") < 3 else []
        found += [os.path.join(here, f) for f in files if f.endswith((".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2"))]
    return found[:257]


def _requirement_sources(cmd, args):
    """Local packages listed in `-r FILE` (one level; a missing or unreadable file names none)."""
    out = []
    for name in _values(args, "-r") + _values(args, "--requirement"):
        text = _read(_abs(cmd, name))[0] or ""
        for line in text.splitlines()[:_MAX_ENTRIES]:
            words = line.split("#", 1)[0].split()
            out += _sources(cmd, words, ("-e", "--editable"))
    return out


# ------------------------------------------------------------------ what a package declares

def program_names(source):
    """(names of the programs the package at `source` installs, None) or (None, why unknown)."""
    kind, path = source[0], source[1]
    if kind == "self":  # (the guard's own package, from the index: its program is `legant`)
        return {"legant"}, None
    if kind == "unknown":  # (where the environment or a configuration file points, not known: pkgindexes.py)
        return None, source[2]
    if kind == "served":
        return None, f"it comes from {path}, a server on this machine whose packages the guard does not read"
    if kind == "go":
        return _go(path), None
    if os.path.isfile(path):
        if path.endswith(".whl"):
            return _wheel(path)
        return None, f"{os.path.basename(path)} is an archive the guard does not unpack"
    if not os.path.isdir(path):
        return set(), None  # (not there: pip or npm fail)
    names, problem = set(), None
    for reader in (_python_dir, _node_dir, _cargo_dir):
        found, why = reader(path)
        names |= found
        problem = problem or why
    return names, problem


def _read(path):
    from legant_guard.hook.inputwords import _read as read_file

    if not os.path.lexists(path):
        return None, None
    text, why = read_file(path)
    return text, why


def _toml(path):
    text, why = _read(path)
    if text is None:
        return None, why and f"{os.path.basename(path)} {why}"
    try:
        import tomllib
    except ImportError:  # Python 3.10
        return None, "TOML cannot be read by this Python"
    try:
        return tomllib.loads(text), None
    except (ValueError, UnicodeError):
        return {}, None  # (the installer cannot read it either: it fails)


def _python_dir(folder):
    names, problem = set(), None
    pyproject = os.path.join(folder, "pyproject.toml")
    if os.path.lexists(pyproject):
        data, why = _toml(pyproject)
        if data is None:
            return names, why
        project = data.get("project") or {}
        tool = data.get("tool") or {}
        for table in (project.get("scripts"), project.get("gui-scripts"), (tool.get("poetry") or {}).get("scripts"),
                      (tool.get("flit") or {}).get("scripts")):
            if isinstance(table, dict):
                names |= set(map(str, table))
        files = (tool.get("setuptools") or {}).get("script-files") or []
        names |= {os.path.basename(str(f)) for f in files} if isinstance(files, list) else set()
        dynamic = project.get("dynamic") or []
        if any(d in ("scripts", "gui-scripts", "entry-points") for d in dynamic if isinstance(d, str)):
            problem = "pyproject.toml declares its scripts dynamic"
        if (data.get("build-system") or {}).get("backend-path"):
            problem = "pyproject.toml builds it with a backend of its own (backend-path)"
    setup_cfg = os.path.join(folder, "setup.cfg")
    if os.path.lexists(setup_cfg):
        text, why = _read(setup_cfg)
        if text is None:
            return names, f"setup.cfg {why}"
        names |= _setup_cfg_names(text)
    setup_py = os.path.join(folder, "setup.py")
    if os.path.lexists(setup_py):
        text, why = _read(setup_py)
        if text is None:
            return names, f"setup.py {why}"
        lowered = text.lower()
        names |= {n for n in shadowed() if n in lowered}  # code: any mention of the name counts
        from legant_guard.hook.setuppy import declared_names  # (and what its setup() call declares)

        found, why = declared_names(text)
        names |= found
        problem = problem or why
    return names, problem


def _setup_cfg_names(text):
    import configparser

    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return {n for n in shadowed() if n in text.lower()}
    names = set()
    if parser.has_section("options.entry_points"):
        for key in ("console_scripts", "gui_scripts"):
            for line in parser.get("options.entry_points", key, fallback="").splitlines():
                if "=" in line:
                    names.add(line.split("=", 1)[0].strip())
    if parser.has_section("options"):
        names |= {os.path.basename(w) for w in parser.get("options", "scripts", fallback="").split()}
    return names


def _wheel(path):
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()[:_MAX_ENTRIES * 4]
            names = set()
            for info in infos:
                parts = info.filename.split("/")
                if len(parts) == 3 and parts[0].endswith(".data") and parts[1] == "scripts" and parts[2]:
                    names.add(parts[2])
                if len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == "entry_points.txt":
                    if info.file_size > _MAX_BYTES:
                        return None, "its entry_points.txt is too large to read"
                    text = archive.read(info).decode("utf-8", "replace")
                    names |= _entry_point_names(text)
            return names, None
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError) as e:
        return None, f"the wheel cannot be read ({str(e)[:80]})"


def _entry_point_names(text):
    names, section = set(), None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line.strip("[] ")
        elif "=" in line and section in ("console_scripts", "gui_scripts"):
            names.add(line.split("=", 1)[0].strip())
    return names


def _node_dir(folder):
    path = os.path.join(folder, "package.json")
    if not os.path.lexists(path):
        return set(), None
    text, why = _read(path)
    if text is None:
        return set(), f"package.json {why}"
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return set(), None  # (npm cannot read it either: it fails)
    if not isinstance(data, dict):
        return set(), None
    names = set()
    package = str(data.get("name") or os.path.basename(folder)).rsplit("/", 1)[-1]
    declared = data.get("bin")
    if isinstance(declared, str):
        names.add(package)
    elif isinstance(declared, dict):
        # npm-normalize-package-bin names each program by the basename of its key read with `\` and
        # `:` as `/` (`"x:claude"` and `"x\\claude"` install `claude`; red team 37)
        names |= {str(n).replace("\\", "/").replace(":", "/") for n in declared}
    elif isinstance(declared, list):  # (`"bin": ["tools/claude"]`: each file under its own basename)
        names |= {str(n).replace("\\", "/") for n in declared}
    directories = data.get("directories")
    if isinstance(directories, dict) and isinstance(directories.get("bin"), str):
        names |= {n for n in _listdir(os.path.join(folder, directories["bin"]))}
    return names, None


def _cargo_dir(folder):
    path = os.path.join(folder, "Cargo.toml")
    if not os.path.lexists(path):
        return set(), None
    data, why = _toml(path)
    if data is None:
        return set(), why
    names = set()
    package = data.get("package") or {}
    for target in data.get("bin") or []:
        if isinstance(target, dict) and target.get("name"):
            names.add(str(target["name"]))
    if package.get("autobins", True) is not False:
        if os.path.isfile(os.path.join(folder, "src", "main.rs")) and package.get("name"):
            names.add(str(package["name"]))
        for entry in _listdir(os.path.join(folder, "src", "bin")):
            names.add(entry[:-3] if entry.endswith(".rs") else entry)
    return names, None


def _go(folder):
    """A Go package installs as its folder's name (`./cmd/claude` -> claude); `...` every folder below."""
    if folder.endswith("/..."):
        root = folder[:-4]
        names = {os.path.basename(root)} | _module_name(root)
        for count, (here, dirs, _) in enumerate(os.walk(root)):
            if count > _MAX_ENTRIES:
                break
            names |= set(dirs)
        return names
    return {os.path.basename(folder.rstrip("/"))} | _module_name(folder)


def _module_name(folder):
    text = _read(os.path.join(folder, "go.mod"))[0] or ""
    for line in text.splitlines()[:64]:
        words = line.split()
        if words[:1] == ["module"] and len(words) > 1:
            parts = words[1].strip('"').split("/")
            if len(parts) > 1 and parts[-1][:1] == "v" and parts[-1][1:].isdigit():
                return {parts[-2]}  # `example.com/claude/v2` installs as claude
            return {parts[-1]}
    return set()


def _listdir(folder):
    try:
        return os.listdir(folder)[:_MAX_ENTRIES]
    except OSError:
        return []
