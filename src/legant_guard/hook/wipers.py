"""Programs that empty or remove a folder they are told about: a recursive delete by option.

`pytest --basetemp DIR` removes DIR before the run ("this directory is removed if it exists"),
`cargo clean --target-dir DIR` (or CARGO_TARGET_DIR=DIR) removes DIR, `mkdocs build -d DIR`
empties DIR, `go clean -modcache` removes GOMODCACHE, `jest --clearCache --cacheDirectory DIR`,
`yarn cache clean --cache-folder DIR`, `uv cache clean --cache-dir DIR`, `pre-commit clean`
(PRE_COMMIT_HOME), `conda remove --all -p DIR`, `virtualenv --clear DIR`, `mdbook build/clean -d
DIR`, `hugo --cleanDestinationDir -d DIR`, `vite build --emptyOutDir --outDir DIR` and `bazel
--output_base=DIR clean --expunge` do too, and archivers that remove what they archive (`tar
--remove-files`, `zip -m`, `7z a -sdel`, `rar m`). With
DIR the home folder, `/` or a system folder each is `rm -rf DIR` spelt as an everyday build
command: the guard read DIR as a folder the program writes into, so under `open` and `operator`
it was allowed. Each such folder is judged as `rm -rf DIR` is: the catastrophic
recursive-delete tripwire (every role), then a recursive delete of it (the guard's files or a
hook config below it, a path outside the token's roots, a denied folder).
Loaded only for the programs in PROGRAMS (engine.py asks with a name test).
"""

import os

from legant_guard.hook.model import deny

_RUNNERS = frozenset(("npx", "pnpx", "bunx", "pnpm", "yarn", "bun"))
# Archivers that delete what they archive: `tar --remove-files`, `zip -m`, `7z a -sdel`, `rar m`/`-df`
ARCHIVERS = frozenset(("tar", "gtar", "bsdtar", "zip", "7z", "7za", "7zr", "rar", "lha", "arj"))
PROGRAMS = frozenset(("pytest", "py.test", "cargo", "mkdocs", "go", "jest", "yarn", "uv", "pre-commit", "conda",
                      "mamba", "micromamba", "virtualenv", "mdbook", "hugo", "vite", "bazel", "bazelisk", "rustup",
                      "coverage")) | \
    _RUNNERS | ARCHIVERS
# python -m MODULE: the modules that are one of the programs above
PYTHON_MODULES = frozenset(("pytest", "mkdocs", "virtualenv", "uv", "pre_commit", "venv", "coverage"))
_PY_PROGRAM = {"pre_commit": "pre-commit"}


def applies(cmd):
    """Cheap test the engine runs on every command: may `cmd` be one of these programs?"""
    exe = cmd.executable or ""
    if exe in PROGRAMS:
        return True
    return exe.startswith("python") and "-m" in cmd.argv[1:3] or any(w.startswith("-m") and w[2:] in PYTHON_MODULES
                                                                        for w in cmd.argv[1:3])


def _values(args, names, short=None):
    """The values of the long options `names` (`--x V`, `--x=V`, and any prefix of 4 characters
    or more that argparse-style readers accept) and of the short option `short` (`-d V`, `-dV`)."""
    found = []
    for k, w in enumerate(args):
        if w == "--":
            break
        if w.startswith("--"):
            name, eq, value = w.partition("=")
            if len(name) >= 4 and any(n.startswith(name) for n in names):
                if eq:
                    found.append(value)
                elif k + 1 < len(args):
                    found.append(args[k + 1])
        elif short and w.startswith(short):
            if len(w) > len(short):
                found.append(w[len(short):].lstrip("="))
            elif k + 1 < len(args):
                found.append(args[k + 1])
    return found


def _environment(name, ctx):
    """Values of the variable `name` the command line sets (as a folder: analysis env_paths) or
    the agent's own environment holds."""
    values = [e.folder for e in (getattr(ctx, "env_paths", None) or ()) if e.variable == name]
    if not values and os.environ.get(name):
        values.append(os.environ[name])
    return values


def _program_and_args(cmd):
    """(the program, its words after the name) with package runners and `python -m` read through."""
    exe, args = cmd.executable or "", list(cmd.argv[1:])
    if exe.startswith("python"):
        for k, w in enumerate(args[:2]):
            if w == "-m" and k + 1 < len(args):
                module, args = args[k + 1], args[k + 2:]
                return _PY_PROGRAM.get(module, module), args
            if w.startswith("-m") and len(w) > 2:
                module, args = w[2:], args[k + 1:]
                return _PY_PROGRAM.get(module, module), args
        return exe, args
    if exe in _RUNNERS:
        rest = args[1:] if exe in ("yarn", "pnpm") and args[:1] == ["dlx"] else \
            args[1:] if exe == "bun" and args[:1] == ["x"] else args
        words = [w for w in rest if not w.startswith("-")]
        if words and words[0] in ("jest", "vite", "mdbook") and not (exe == "yarn" and words[0] == "cache"):
            at = rest.index(words[0])
            return words[0], rest[at + 1:]
    return exe, args


def folders(cmd, ctx):
    """[(folder as spelled, how)] that `cmd` removes or empties."""
    exe, args = _program_and_args(cmd)
    words = [w for w in args if not w.startswith("-")]
    found = []
    if exe in ("pytest", "py.test"):
        more = []
        for k, w in enumerate(args):  # `-o addopts=--basetemp=X`: options the ini setting adds
            value = w.partition("=")[2] if w.startswith("addopts=") else \
                args[k + 1].partition("=")[2] if w in ("-o", "--override-ini") and k + 1 < len(args) and \
                args[k + 1].startswith("addopts=") else None
            if value:
                more += value.split()
        found += [(v, "`pytest --basetemp` removes this folder before the run") for v in
                  _values(args + more, ("--basetemp",))]
        found += _coverage_reports(_values(args + more, ("--cov-report",)))
    elif exe == "coverage" and words[:1] in (["run"], ["erase"], ["combine"]):
        # the data file is erased and written again (`coverage run --data-file=.claude/settings.json`
        # replaced the hook config with a database)
        found += [(v, "`coverage %s` removes and rewrites its data file" % words[0]) for v in
                  _values(args, ("--data-file",))]
    elif exe == "coverage" and words[:1] in (["html"], ["annotate"]):
        found += [(v, "`coverage %s` writes its report files into this folder" % words[0]) for v in
                  _values(args, ("--directory",), "-d")]
    elif exe == "coverage" and words[:1] in (["xml"], ["json"], ["lcov"]):
        found += [(v, "`coverage %s` replaces this file with its report" % words[0]) for v in _values(args, (), "-o")]
    elif exe == "cargo" and "clean" in words[:1]:
        how = "`cargo clean` removes the target folder"
        found += [(v, how) for v in _values(args, ("--target-dir",))]
        found += [(v, how) for n in ("CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR") for v in _environment(n, ctx)]
    elif exe == "mkdocs" and words[:1] in (["build"], ["gh-deploy"]) and "--dirty" not in args:
        found += [(v, "`mkdocs %s` empties the site folder first" % words[0]) for v in
                  _values(args, ("--site-dir",), "-d")]
    elif exe == "go" and words[:1] == ["clean"] and any(w.lstrip("-").split("=")[0] == "modcache" for w in args):
        how = "`go clean -modcache` removes the module cache"
        found += [(v, how) for v in _environment("GOMODCACHE", ctx)]
        if not _environment("GOMODCACHE", ctx):
            found += [(v.split(":")[0].rstrip("/") + "/pkg/mod", how) for v in _environment("GOPATH", ctx)]
    elif exe == "jest" and any(w.startswith("--clearCache") or w.startswith("--clear-cache") for w in args):
        found += [(v, "`jest --clearCache` removes the cache folder") for v in
                  _values(args, ("--cacheDirectory", "--cache-directory"))]
    elif exe == "yarn" and words[:2] == ["cache", "clean"]:
        how = "`yarn cache clean` removes the cache folder"
        found += [(v, how) for v in _values(args, ("--cache-folder",))]
        found += [(v, how) for v in _environment("YARN_CACHE_FOLDER", ctx)]
    elif exe == "uv" and (words[:2] in (["cache", "clean"], ["cache", "prune"]) or words[:1] == ["clean"]):
        how = "`uv cache clean` removes the cache folder"
        found += [(v, how) for v in _values(args, ("--cache-dir",))]
        found += [(v, how) for v in _environment("UV_CACHE_DIR", ctx)]
    elif exe == "uv" and words[:1] == ["venv"] and any(w in ("--clear", "-c") for w in args):
        found += [(v, "`uv venv --clear` removes what the folder holds") for v in words[1:2]]
    elif exe == "virtualenv" and any(w == "--clear" for w in args):
        found += [(v, "`virtualenv --clear` removes the folder first") for v in words[:1]]
    elif exe == "venv" and any(w == "--clear" or (len(w) > 3 and "--clear".startswith(w)) for w in args):
        # `python3 -m venv --clear .`: "delete the contents of the environment directory if it
        # already exists" (venv.EnvBuilder.clear_directory, every folder named; argparse takes a
        # prefix of the option): the project's files or a hook config folder (red team 32)
        found += [(v, "`python -m venv --clear` deletes what the folder holds") for v in words]
    elif exe == "pre-commit" and words[:1] == ["clean"]:
        found += [(v, "`pre-commit clean` removes its store") for v in _environment("PRE_COMMIT_HOME", ctx)]
    elif exe in ("conda", "mamba", "micromamba") and (words[:1] in (["remove"], ["uninstall"]) and "--all" in args or
                                                       words[:2] == ["env", "remove"]):
        found += [(v, "`%s %s` removes the environment's folder" % (exe, " ".join(words[:2]))) for v in
                  _values(args, ("--prefix",), "-p")]
    elif exe == "mdbook" and words[:1] in (["build"], ["clean"], ["watch"], ["serve"]):
        found += [(v, "`mdbook %s` empties its output folder" % words[0]) for v in _values(args, ("--dest-dir",), "-d")]
    elif exe == "hugo" and any(w.startswith("--cleanDestinationDir") for w in args):
        found += [(v, "`hugo --cleanDestinationDir` empties its output folder") for v in
                  _values(args, ("--destination",), "-d")]
    elif exe == "vite" and any(w.startswith("--emptyOutDir") and not w.endswith("=false") for w in args):
        found += [(v, "`vite build --emptyOutDir` empties its output folder") for v in _values(args, ("--outDir",))]
    elif exe == "rustup" and words[:2] == ["self", "uninstall"]:
        how = "`rustup self uninstall` removes CARGO_HOME and RUSTUP_HOME"
        found += [(v, how) for n in ("CARGO_HOME", "RUSTUP_HOME") for v in _environment(n, ctx)]
    elif exe in ("bazel", "bazelisk") and "clean" in words and "--expunge" in args:
        found += [(v, "`bazel clean --expunge` removes the output base") for v in _values(args, ("--output_base",))]
    elif exe in ARCHIVERS:
        found += _archived_and_removed(exe, args)
    return [(v, how) for v, how in found if v]


# pytest-cov's report types that write a file or a folder: `--cov-report=TYPE:DEST`
_COVERAGE_REPORTS = ("html", "annotate", "xml", "json", "lcov", "markdown", "markdown-append")


def _coverage_reports(values):
    """The files and folders pytest-cov's `--cov-report=TYPE:DEST` values write (red team 32:
    `lcov:.claude/settings.json` replaced the hook config, `html:.opencode/plugin` put scripts
    among opencode's plugins): each judged as one removed, since a report replaces what is there."""
    found = []
    for value in values:
        kind, colon, dest = value.partition(":")
        if colon and kind in _COVERAGE_REPORTS and dest:
            found.append((dest, "pytest-cov's `%s` report replaces what is there" % kind))
    return found


# tar's options (short letters and long names) that take the next word as their value
_TAR_VALUE_LETTERS = "fCTXbgKLNVHI"
_TAR_VALUE_LONG = ("--file", "--directory", "--files-from", "--exclude", "--exclude-from", "--transform", "--xform",
                   "--owner", "--group", "--mode", "--format", "--label", "--use-compress-program", "--to-command",
                   "--checkpoint-action", "--newer", "--after-date", "--newer-mtime", "--index-file", "--rsh-command",
                   "--volno-file", "--info-script", "--new-volume-script", "--suffix", "--tape-length",
                   "--blocking-factor", "--record-size", "--strip-components", "--mtime", "--listed-incremental")


def _archived_and_removed(exe, args):
    """The files an archiver removes after adding them (each as spelled, with where it is read
    from), or [] when it keeps them."""
    if exe in ("tar", "gtar", "bsdtar"):
        if not any(w == "--remove-files" or (w.startswith("--remove-f") and "--remove-files".startswith(w))
                   for w in args):
            return []
        sources, folders, k = [], [""], 0
        while k < len(args):
            w = args[k]
            k += 1
            if w.startswith("--"):
                name, eq, value = w.partition("=")
                takes = any(n.startswith(name) for n in _TAR_VALUE_LONG) and len(name) > 3
                if takes and not eq and k < len(args):
                    value, k = args[k], k + 1
                if name.startswith("--dir") and value:
                    folders.append(value)
                continue
            bundle = w[1:] if w.startswith("-") else (w if k == 1 and w.isalpha() else None)
            if bundle is None:
                sources.append(w)
                continue
            for j, letter in enumerate(bundle):
                if letter in _TAR_VALUE_LETTERS:
                    value = bundle[j + 1:] if j + 1 < len(bundle) and w.startswith("-") else None
                    if value is None and k < len(args):
                        value, k = args[k], k + 1
                    if letter == "C" and value:
                        folders.append(value)
                    if value is not None and (j + 1 < len(bundle) and w.startswith("-")):
                        break
        how = "`%s --remove-files` removes what it archives" % exe
        return [(os.path.join(f, src) if f and not src.startswith(("/", "~")) else src, how)
                for src in sources for f in folders]
    operands = [w for w in args if not w.startswith("-")]
    if exe == "zip":
        if not any(w == "--move" or (w.startswith("-") and not w.startswith("--") and "m" in w[1:]) for w in args):
            return []
        return [(w, "`zip -m` removes what it archives") for w in operands[1:]]
    if exe in ("7z", "7za", "7zr"):
        if "-sdel" not in args:
            return []
        return [(w, "`7z a -sdel` removes what it archives") for w in operands[2:]]
    if exe in ("rar", "lha", "arj"):
        if not (operands[:1] in (["m"], ["mf"]) or "-df" in args):
            return []
        return [(w, "`%s %s` moves what it archives into the archive" % (exe, operands[0])) for w in operands[2:]]
    return []


def check(cmd, policy, protected, home, project, ctx, check_path):
    """A deny for a folder `cmd` removes that `rm -rf FOLDER` would be denied for; else None.
    `check_path(path, cwd)`: the engine's check of a recursive delete of `path`."""
    from legant_guard.shell import tripwires

    cat = tripwires.catalogue()
    entry = next(e for e in cat["tripwires"] if e["id"] == "recursive-delete-critical")
    for spelled, how in folders(cmd, ctx):
        path = spelled
        if path == "~" or path.startswith("~/"):
            path = home.rstrip("/") + path[1:]
        path = os.path.normpath(os.path.join(cmd.cwd, path))
        what = tripwires.critical(path, "self", cat, home, entry["match"]["targets"])
        if what:
            return deny(f"tripwire {entry['id']} ({entry['severity']}): recursive delete of {what} ({how})",
                        "tripwire:" + entry["id"])
        verdict = check_path(path, cmd.cwd)
        if verdict:
            return deny(f"{how}: {verdict.reason.removeprefix('Legant: ')}", verdict.rule)
    return None
