"""The command a JavaScript package runner starts where its words do not say `exec` (wrappers.py's
part, loaded for npx, pnpm and yarn; red team 32).

- `npx -p PKG CMD ARGS` (`--package`): with a package named, npx runs CMD ARGS as a command line,
  the package's programs added to PATH before the system's (npm's documentation: "npx -p
  <pkg>[@<specifier>] <cmd> [args...]"), so `npx -p prettier curl …` runs curl. Without `-p` the
  first word names a package, which the allow-list's forms judge, unless no bin of the project
  has that name and a system program does: npm exec then runs the one in npm's global bin folder
  (red team 42: `npx --no-install curl URL` ran /usr/bin/curl); `-c CMD` is an exec sink
  (rules/exec_sinks.json).
- `pnpm CMD ARGS`: pnpm runs a word that is neither one of its commands nor a script of the
  package.json as a shell command in the project (pnpm 6.6.1 on), as `pnpm exec CMD` does. With
  no package.json at or above the folder pnpm runs nothing, and `pnpm build` stays the script the
  allow-list's forms expect (so too with a package.json the guard cannot parse, or one without
  scripts); a folder named at run time is read as one holding no such script. With a filter
  (`-F`, `-r`) the scripts are those of the packages it selects, not read here.
- `pnpm dlx -c 'CMD'`, `pnpx -c 'CMD'`, `pnpm -c exec 'CMD'` (`--shell-mode`): CMD is a shell
  command line; `pnpm --package=PKG dlx CMD` runs CMD from PATH; `pnpm recursive exec CMD`.
- `corepack pnpm …` (npm, npx, pnpm, pnpx, yarn, any version): the package manager's command.
- `uvx --from PKG CMD` (`uv tool run --from`): uv runs CMD from PATH when PKG lacks it.
- `yarn workspaces foreach [OPTIONS] exec CMD`, `yarn workspace NAME exec CMD`: `yarn exec` in
  each workspace, or in one.
Each returns a Wrapped whose label keeps the runner's own words, so an allow-list still holds the
runner to its forms (hook/cmdforms.py) and the program it runs meets the rules of its own.
"""

import os

from legant_guard.shell.names import basename
from legant_guard.shell.words import absolute
from legant_guard.shell.wrappers import Wrapped

# pnpm's own commands, and those it hands to npm (pnpm 10): any other word runs as a script of
# the package.json or, with none of that name, as a shell command.
PNPM_COMMANDS = frozenset((
    "add", "approve-builds", "audit", "bin", "cache", "cat-file", "cat-index", "ci", "clean", "config", "c", "create",
    "dedupe", "deploy", "dlx", "doctor", "env", "exec", "fetch", "find-hash", "help", "i", "ignored-builds",
    "import", "init", "install", "install-test", "it", "licenses", "link", "ln", "list", "ls", "ll", "la",
    "outdated", "pack", "patch", "patch-commit", "patch-remove", "prune", "publish", "rb", "rebuild", "recursive",
    "m", "multi", "remove", "rm", "uninstall", "un", "root", "run", "run-script", "self-update", "server", "setup",
    "start", "store", "t", "test", "tst", "unlink", "up", "update", "upgrade", "why", "sbom", "catalog", "pm",
    "access", "adduser", "bugs", "deprecate", "dist-tag", "docs", "edit", "info", "issues", "login", "logout",
    "owner", "ping", "prefix", "profile", "pkg", "repo", "s", "se", "search", "set-script", "show", "star", "stars",
    "team", "token", "unpublish", "unstar", "v", "version", "view", "whoami", "xmas", "outdated"))


def _valued(name):
    from legant_guard.hook.cmdforms import VALUED

    return VALUED.get(name, ())


def _options(words, k, valued, stop_at_dashes=True):
    """Skip option words from k (with the values of `valued`): (index after them, options seen as
    (name, value word or None)), or None when a word is built at run time."""
    seen = []
    while k < len(words) and words[k].text.startswith("-"):
        if words[k].dynamic:
            return None
        text = words[k].text
        if text == "--":
            return (k + 1 if stop_at_dashes else k), seen
        opt, eq, _ = text.partition("=")
        takes = opt in valued and not eq
        seen.append((opt, words[k + 1] if takes and k + 1 < len(words) else None))
        k += 2 if takes else 1
    return k, seen


def npx(words, i, cwd):
    """`npx -p PKG CMD ARGS`: CMD runs as a command; so does `npx [--no-install] CMD ARGS` where CMD
    is a system program and no bin of the project (None with `-c`, or for a package's bin)."""
    found = _options(words, i + 1, _valued("npx"))
    if found is None:
        return None
    k, seen = found
    names = [opt for opt, _v in seen]
    if k >= len(words) or any(n in ("-c", "--call") for n in names):
        return None
    if not any(n in ("-p", "--package") for n in names) and not words[k].dynamic and \
            (_local_bin(words[k].text, cwd) or not _system_program(words[k].text)):
        return None
    return Wrapped(k, "npx " + " ".join(words[j].text for j in range(i + 1, k) if words[j].text != "--"), [])


def installed_bin(name, cwd):
    """Is `name` an installed dependency's program: node_modules/.bin/NAME in `cwd` or a folder above
    it (npm exec's localFileExists and bun walk up to /)? (hook/dotenvloaders.py asks too)"""
    from legant_guard.hook.config import nearest_up

    return nearest_up(cwd, lambda folder: os.path.lexists(os.path.join(folder, "node_modules", ".bin", name))) \
        is not None


def _local_bin(name, cwd):
    """Does npm exec find `name` among the project's own bins: an installed dependency's
    (installed_bin), or the package.json's `bin`?"""
    if "/" in name or installed_bin(name, cwd):
        return True  # (a path: the file itself, judged as the package's)
    try:
        import json

        with open(os.path.join(cwd, "package.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        bins = manifest.get("bin") if isinstance(manifest, dict) else None
        return (isinstance(bins, dict) and name in bins) or (isinstance(bins, str) and manifest.get("name") == name)
    except (OSError, ValueError):
        return False


def _system_program(name):
    """Is `name` a program on PATH that is no npm package's bin? Without a project bin of that name,
    npm exec (npx, npm 7 on: libnpmexec) runs `$(npm prefix -g)/bin/NAME` when it exists, before it
    looks in the registry: npm's global prefix is node's own by default, so where node is the
    system's, `npx --no-install curl URL` runs /usr/bin/curl (checked with npm 11.19.1: `npx
    --no-install uname` prints `Linux`). A bin npm installed globally is a link into node_modules."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        path = os.path.join(folder or ".", name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return "/node_modules/" not in os.path.realpath(path)
    return False


def uvx(words, i, cwd, label="uvx"):
    """`uvx --from PKG CMD ARGS` (`uv tool run`): with --from, uv runs CMD even where PKG does not
    provide it, found on a PATH that holds the system's programs after the tool's (uv's
    commands/tool/run.rs: only without --from does a command PKG lacks stop the run)."""
    found = _options(words, i + 1, _valued("uvx"))
    if found is None:
        return None
    k, seen = found
    if k >= len(words) or not any(opt == "--from" for opt, _v in seen):
        return None
    return Wrapped(k, label + " " + " ".join(words[j].text for j in range(i + 1, k) if words[j].text != "--"), [])


def uv(words, i, cwd):
    """`uv [OPTIONS] tool run|x ...`: as uvx."""
    found = _options(words, i + 1, _valued("uv"), stop_at_dashes=False)
    if found is None:
        return None
    k = found[0]
    if [w.text for w in words[k:k + 2]] not in (["tool", "run"], ["tool", "x"]):
        return None
    return uvx(words, k + 1, cwd, "uv tool run")


def pnpm(words, i, cwd):
    """`pnpm [OPTIONS] CMD ARGS` with CMD no pnpm command and no script of the package.json."""
    found = _options(words, i + 1, _valued("pnpm"), stop_at_dashes=False)
    if found is None:
        return None
    k, seen = found
    if k < len(words) and words[k].text in ("recursive", "m", "multi"):  # (`pnpm -r`'s long names)
        found = _options(words, k + 1, _valued("pnpm"), stop_at_dashes=False)
        if found is None:
            return None
        k, more = found
        seen = seen + more
    if k < len(words) and words[k].text == "dlx":
        return _dlx(words, k + 1, seen, "pnpm dlx")
    if k < len(words) and words[k].text == "exec":
        return _exec(words, i, k + 1, seen)
    if k >= len(words) or words[k].dynamic or words[k].text in PNPM_COMMANDS:
        return None
    folder = cwd
    for opt, value in seen:
        if opt in ("-F", "--filter", "--filter-prod", "-r", "--recursive"):
            return None  # (the scripts of the packages a filter selects: not read here)
        if opt in ("-C", "--dir") and value is not None:
            if value.dynamic:
                folder = None
                break
            folder = absolute(value.text, cwd)
        elif opt.startswith(("--dir=", "-C")) and len(opt) > 2:
            folder = None  # (a glued folder: not read here; the word is then judged as a command)
    if folder is not None:
        from legant_guard.hook.treewalk import nearest_holding

        manifest = nearest_holding(folder, "package.json", os.path.isfile)
        if manifest is None:
            return None  # (no package.json: pnpm stops, ERR_PNPM_NO_IMPORTER_MANIFEST_FOUND)
        from legant_guard.hook.dotenvloaders import _package_scripts

        scripts = _package_scripts(manifest)
        if not scripts or words[k].text in scripts:
            return None  # (a package.json the guard cannot read, or holding no scripts, says nothing)
    # (the label holds every word, so an allow-list's `pnpm turbo run ...` still admits it)
    return Wrapped(k, "pnpm " + " ".join(words[j].text for j in range(i + 1, len(words))), [])


def pnpx(words, i, cwd):
    """`pnpx -c 'CMD'`: pnpm dlx's shell mode."""
    return _dlx(words, i + 1, [], "pnpx")


def _shell_mode(seen):
    return any(opt in ("-c", "--shell-mode") for opt, _v in seen)


def _subcommand_options(words, k, seen):
    """pnpm's options after a subcommand, with those before it: (index of the command, every
    option seen), or None (none follows, or a word is built at run time)."""
    found = _options(words, k, _valued("pnpm"))
    if found is None or found[0] >= len(words):
        return None
    return found[0], seen + found[1]


def _exec(words, i, k, seen):
    """`pnpm [-r] exec [OPTIONS] CMD`: CMD runs; with `-c` (`--shell-mode`, before or after `exec`)
    CMD is a shell command line (`pnpm -c exec 'curl …'` was read as a program named `curl …`)."""
    found = _subcommand_options(words, k, seen)
    if found is None:
        return None
    k, seen = found
    label = "pnpm " + " ".join(words[j].text for j in range(i + 1, k) if words[j].text != "--")
    if _shell_mode(seen):
        return Wrapped(len(words), label, [], script=words[k])
    return Wrapped(k, label, [])


def _dlx(words, k, seen, label):
    """`pnpm dlx -c 'CMD'` (`--shell-mode`, also before `dlx`): CMD is a shell command line; with
    `--package PKG` named, CMD is found on PATH (PKG's programs before the system's), as `npx -p`."""
    found = _subcommand_options(words, k, seen)
    if found is None:
        return None
    k, seen = found
    if _shell_mode(seen):
        return Wrapped(len(words), label + " -c", [], script=words[k])
    if any(opt == "--package" for opt, _v in seen):
        return Wrapped(k, label + " --package", [])
    return None


def yarn(words, i, cwd):
    """`yarn workspaces foreach [OPTIONS] exec CMD`, `yarn workspace NAME exec CMD`."""
    valued = _valued("yarn")
    found = _options(words, i + 1, valued, stop_at_dashes=False)
    if found is None:
        return None
    k = found[0]
    texts = [w.text for w in words]
    if texts[k:k + 2] == ["workspaces", "foreach"]:
        found = _options(words, k + 2, valued, stop_at_dashes=False)
        if found is None:
            return None
        k = found[0]
    elif texts[k:k + 1] == ["workspace"] and k + 1 < len(words):
        k += 2
    else:
        return None
    if k >= len(words) or words[k].dynamic or words[k].text != "exec" or k + 1 >= len(words):
        return None
    return Wrapped(k + 1, basename(words[i].text) + " " + " ".join(texts[i + 1:k + 1]), [])


def first_operand(program, args):
    """Where a program that reads its own options only before its first operand stops reading
    them (`npx rollup -c`: rollup's -c): the values of its options (hook/cmdforms.py VALUED)
    skipped; a word built at run time may be any option, so none is ruled out after it."""
    from legant_guard.hook.cmdforms import valued_options

    valued = valued_options(program, [e.text for e in args if not e.dynamic])
    k = 0
    while k < len(args):
        e = args[k]
        if e.dynamic:
            return len(args)
        if e.text == "--" or e.text[:1] != "-" or e.text == "-":
            return k
        k += 2 if e.text in valued else 1
    return k


_COREPACK_MANAGERS = ("npm", "npx", "pnpm", "pnpx", "yarn", "yarnpkg")


def corepack(words, i, cwd):
    """`corepack pnpm[@VERSION] ARGS`: corepack runs that package manager with ARGS, read as the
    command `pnpm ARGS` (a version after `@` dropped)."""
    k = i + 1
    if k >= len(words) or words[k].dynamic:
        return None
    name = words[k].text.split("@", 1)[0]
    if name not in _COREPACK_MANAGERS:
        return None  # (corepack's own commands: enable, install, use, pack …)
    name = "yarn" if name == "yarnpkg" else name
    from legant_guard.shell.words import Exp

    rest = words[k + 1:]
    text = " ".join([name] + [e.src for e in rest])
    return Wrapped(len(words), "corepack", [], script=Exp(text, text, dynamic=any(e.dynamic for e in rest),
                                                          quoted=True))
