"""Programs that load `.env` into the environment of what they run, without being told to.

bun reads `.env`, `.env.{NODE_ENV}`, `.env.local` and `.env.{NODE_ENV}.local` from its folder
into the environment of everything it starts (`--no-env-file` before the script turns that off);
`pipenv run` loads the project's `.env` the same way. No word of `bun run env`, `bun -e
'console.log(process.env)'` or `pipenv run printenv` names the file, yet each prints it.

What bun or pipenv starts decides. The project's own code (a package.json or Pipfile script, a
file of the project, an installed dependency's program in `node_modules/.bin`, bun's own
subcommands, `bun test`) could read `.env` itself, as `npm test` could: that stays allowed, like
the rest of the project's code a builder runs. Code given on the command line (`bun -e`, `bun
exec`, `python -c` under pipenv) and a program found on PATH (`bun run env`, `bunx some-tool`
from the registry) are not the project's: for them the dotenv files that exist are reads of the
command, judged like an operand. A name found nowhere starts nothing (bun and pipenv fail).
Loaded only for the programs of LOADERS (a name test in the engine).
"""

import os

LOADERS = frozenset(("bun", "bunx", "pipenv", "dotenv", "dotenvx", "env-cmd", "foreman", "honcho", "heroku", "docker",
                     "docker-compose"))
# Programs whose job is to load a dotenv file (`.env` unless told another) into the command they
# run, or to print it (red team 29): dotenv-cli (`dotenv -- CMD`, `-e FILE`) and python-dotenv's
# CLI (`dotenv [-f FILE] run CMD`, `list`, `get KEY`) share a name; dotenvx (`run -- CMD`, `get`,
# `keys`, `decrypt`); env-cmd (`[-f FILE] CMD`); foreman and honcho (`run CMD`, `start`: the
# Procfile's, which is the project's, `-e FILE`). The npm packages' names run through npx.
_PACKAGES = {"dotenv-cli": "dotenv", "@dotenvx/dotenvx": "dotenvx", "env-cmd": "env-cmd"}
# option -> whether it names the file (else it takes a value that is no file); per program
_FILE_OPTIONS = {"dotenv": {"-e": True, "-f": True, "--file": True, "-v": False, "-p": False, "-c": False},
                 "dotenvx": {"-f": True, "--env-file": True, "-fk": True, "--env-keys-file": True, "-e": False,
                             "--env": False, "-l": False, "--log-level": False, "--convention": False},
                 "env-cmd": {"-f": True, "--file": True, "-r": True, "--rc-file": True, "-e": False,
                             "--environments": False},
                 "foreman": {"-e": True, "--env": True, "-f": True, "--procfile": True, "-d": False, "--root": False,
                             "-p": False, "--port": False, "-m": False, "--formation": False},
                 "honcho": {"-e": True, "--env": True, "-f": True, "--procfile": True, "-d": False, "--app-root": False,
                            "-p": False, "--port": False},
                 "heroku": {"-e": True, "--env": True, "-f": True, "--procfile": True, "-a": False, "--app": False,
                            "-p": False, "--port": False}}
# subcommands that print what they load (or its keys), and those that run the project's Procfile
_PRINTERS = {"dotenv": ("list", "get"), "dotenvx": ("get", "keys", "decrypt", "ls")}
_PROJECT_SUBCOMMANDS = {"foreman": ("start", "check", "export"), "honcho": ("start", "check", "export"),
                        "heroku": ("local", "local:start")}
_RUNS = {"heroku": ("local:run",)}  # (the others: `run`)
# programs that run the project's own scripts and targets (`dotenv -- npm run dev`)
_PROJECT_RUNNERS = frozenset(("npm", "yarn", "pnpm", "make", "just", "cargo", "mvn", "gradle", "rake",
                              "bundle", "poetry", "uv", "composer", "mix"))
_BUN_FILES = (".env", ".env.local", ".env.development", ".env.production", ".env.test", ".env.development.local",
              ".env.production.local", ".env.test.local")
_ONLY_INFO = frozenset(("--version", "-v", "--help", "-h", "--revision"))
# bun's own commands: they run the project (test, build) or manage packages, never a program named by the call
_BUN_OWN = frozenset(("install", "i", "add", "a", "remove", "rm", "update", "upgrade", "build", "pm", "init", "create",
                      "c", "link", "unlink", "outdated", "publish", "patch", "patch-commit", "audit", "info", "why",
                      "completions", "test", "discord", "help"))
_BUN_INLINE = frozenset(("-e", "--eval", "-p", "--print"))
_BUN_WITH_VALUE = frozenset(("--cwd", "--env-file", "-r", "--preload", "--require", "--import", "-c", "--config",
                             "--tsconfig-override", "--port", "-d", "--define", "-l", "--loader", "--main-fields",
                             "--extension-order", "--conditions", "--shell", "-F", "--filter", "--elide-lines",
                             "--jsx-factory", "--jsx-fragment", "--jsx-import-source", "--jsx-runtime", "--target",
                             "--outdir", "--outfile", "--external", "--format", "--sourcemap", "--timeout"))
_INTERPRETERS = frozenset(("python", "python3", "node", "bun", "deno", "ruby", "perl", "php", "tsx", "ts-node"))
_INLINE_FLAGS = frozenset(("-c", "-e", "--eval", "-p", "--print", "-r", "--command"))
_PACKAGE_RUNNERS = frozenset(("npx", "pnpx"))  # (`npx bun x.ts` runs bun)
_MAX_BYTES = 1024 * 1024


def started_loaders(cmd):
    """[(program, its words)] of the dotenv loaders `cmd` starts: itself, the wrapper that runs
    it (`pipenv run python x.py`), or the program a package runner starts (`npx bun x.ts`)."""
    found = []
    if cmd.executable in LOADERS:
        found.append((cmd.executable, cmd.argv[1:]))
    elif cmd.executable.startswith("python") and cmd.argv[1:3] == ["-m", "dotenv"]:
        found.append(("dotenv", cmd.argv[3:]))  # python-dotenv's CLI as a module
    elif cmd.executable in _PACKAGE_RUNNERS:
        words = [w for w in cmd.argv[1:] if not w.startswith("-")]
        name = _PACKAGES.get(words[0].rsplit("@", 1)[0] if words and words[0].rfind("@") > 0 else
                             words[0], words[0]) if words else None
        if name in LOADERS:
            found.append((name, cmd.argv[cmd.argv.index(words[0]) + 1:]))
    for wrapper in cmd.via:
        words = wrapper.split()
        if words and not wrapper.startswith("$") and words[0].rsplit("/", 1)[-1] in LOADERS:
            found.append((words[0].rsplit("/", 1)[-1], words[1:] + cmd.argv))
    return found


def implicit_reads(cmd):
    """[(absolute path, the loader, what runs with it, how to avoid it)] of the dotenv files `cmd` loads into
    the environment of something that is not the project's own code."""
    found = []
    for program, words in started_loaders(cmd):
        if not words or all(w in _ONLY_INFO for w in words):
            continue
        if program in ("docker", "docker-compose"):
            found += _compose_config(program, words, cmd.cwd)
            continue
        if program in _FILE_OPTIONS:
            found += _cli_reads(program, words, cmd.cwd)
            continue
        if program == "pipenv":
            outsider = _pipenv_outsider(words, cmd.cwd)
            names, avoid = (".env",), "run a script of the Pipfile or a file of the project instead"
        else:
            if "--no-env-file" in _bun_options(words):
                continue
            outsider = _bun_outsider(program, words, cmd.cwd)
            names, avoid = _BUN_FILES, "give bun --no-env-file before the script (`bun --no-env-file run NAME`)"
        if not outsider:
            continue
        for folder in _folders(words, cmd.cwd):
            for name in names:
                path = os.path.normpath(os.path.join(folder, name))
                if os.path.lexists(path):
                    found.append((path, "pipenv run" if program == "pipenv" else program, outsider, avoid))
    return found


def _cli_reads(program, words, cwd):
    """implicit_reads for the dotenv CLIs: the files they load (those named by their options, else
    `.env`) when what they run is not the project's own code, or when they print what they load."""
    options = _FILE_OPTIONS[program]
    files, k = [], 0
    while k < len(words) and words[k].startswith("-") and words[k] != "--":
        opt, eq, value = words[k].partition("=")
        if opt in options and not eq:
            k += 1
            value = words[k] if k < len(words) else ""
        if options.get(opt) and value:
            files += value.split(",") if program == "dotenvx" else [value]
        k += 1
    rest = words[k:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    if not rest:
        return []  # (no command: a usage message)
    sub = rest[0]
    if sub in _PRINTERS.get(program, ()):
        outsider, avoid = f"`{program} {sub}`, which prints it", "read the template (.env.example) instead"
    elif sub in _PROJECT_SUBCOMMANDS.get(program, ()):
        return []
    elif program in _RUNS and sub not in _RUNS[program]:
        return []  # (heroku's other commands load no dotenv file)
    else:
        if sub in _RUNS.get(program, ("run",)) and program != "env-cmd":
            rest = rest[1:]
            if rest[:1] == ["--"]:
                rest = rest[1:]
        outsider = _command_outsider(rest, cwd)
        avoid = "run a script of the project (`npm run NAME`, `make TARGET`) through it instead"
    if not outsider:
        return []
    found = []
    for name in files or [".env"]:
        path = os.path.normpath(os.path.join(cwd, name))
        if os.path.lexists(path):
            found.append((path, program, outsider, avoid))
    return found


def _compose_config(program, words, cwd):
    """`docker compose config --environment` prints every variable it interpolates with, the
    project's `.env` among them (`--env-file F` names another). A plain `docker compose config`
    (the model, with the values the compose file itself references) stays allowed: the must-allow
    corpus holds it (tests/shell_corpus)."""
    if program == "docker":
        if words[:1] != ["compose"]:
            return []
        words = words[1:]
    files, k = [], 0
    while k < len(words) and words[k].startswith("-"):
        opt, eq, value = words[k].partition("=")
        if opt in ("--env-file", "-f", "--file", "-p", "--project-name", "--project-directory", "--profile") \
                and not eq:
            k += 1
            value = words[k] if k < len(words) else ""
        if opt == "--env-file" and value:
            files.append(value)
        k += 1
    if words[k:k + 1] != ["config"] or "--environment" not in words[k:]:
        return []
    found = []
    for name in files or [".env"]:
        path = os.path.normpath(os.path.join(cwd, name))
        if os.path.lexists(path):
            found.append((path, "docker compose config", "the variables it prints (`--environment`)",
                          "leave out `--environment`"))
    return found


def _command_outsider(rest, cwd):
    """What a dotenv CLI runs that is not the project's own code (a text for the reason), or None."""
    if not rest:
        return None
    name = rest[0].rsplit("/", 1)[-1]
    if name in _PROJECT_RUNNERS:
        return None
    if name in ("npx", "pnpx", "bunx"):
        return _bin_outsider(next((w for w in rest[1:] if not w.startswith("-")), None), cwd, fetches=True)
    return _pipenv_outsider(["run"] + rest, cwd)


def _bun_options(words):
    """bun's own options: the words before the script or program it runs."""
    out, k = [], 0
    while k < len(words):
        w = words[k]
        if not w.startswith("-") or w == "-":
            if w not in ("run", "x", "exec", "test"):
                break
        else:
            out.append(w)
            if w in _BUN_WITH_VALUE:
                k += 1
        k += 1
    return out


def _operands(words):
    """The words that are no option of bun's (values of its options left out)."""
    out, k = [], 0
    while k < len(words):
        w = words[k]
        if w.startswith("-") and w != "-":
            if w in _BUN_WITH_VALUE:
                k += 1
        else:
            out.append(w)
            out += words[k + 1:]
            break
        k += 1
    return out


def _bun_outsider(program, words, cwd):
    """What bun starts that is not the project's own code (a text for the reason), or None."""
    options = _bun_options(words)
    inline = [w for w in options if w in _BUN_INLINE or w.split("=", 1)[0] in _BUN_INLINE]
    if inline:
        return f"the code given with `{inline[0]}`"
    operands = _operands(words)
    if program == "bunx":
        return _bin_outsider(operands[0] if operands else None, cwd, fetches=True)
    if not operands:
        return None
    first = operands[0]
    if first in _BUN_OWN:
        return None
    if first == "exec":
        return "the shell script given to `bun exec`"
    if first == "x":
        return _bin_outsider(operands[1] if len(operands) > 1 else None, cwd, fetches=True)
    target = operands[1] if first == "run" and len(operands) > 1 else (None if first == "run" else first)
    if target is None or target in _package_scripts(cwd) or os.path.isfile(os.path.join(cwd, target)):
        return None
    return _bin_outsider(target, cwd)


def _bin_outsider(name, cwd, fetches=False):
    """A program bun finds by name: an installed dependency's (node_modules/.bin, up the tree) is
    the project's; one on PATH is not; one found nowhere starts nothing, except under `bunx`
    (`fetches`), which downloads the package of that name and runs it."""
    if not name or "/" in name:
        return None if not name or os.path.isfile(os.path.join(cwd, name)) else f"`{name}`"
    from legant_guard.shell.packagerunners import installed_bin

    if installed_bin(name, cwd):
        return None
    if fetches:
        return f"`{name}` (a package from the registry, or a program on PATH)"
    return f"`{name}` (a program on PATH)" if _on_path(name) else None


def _on_path(name):
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if folder and os.access(os.path.join(folder, name), os.X_OK):
            return True
    return False


def _package_scripts(cwd):
    from legant_guard import fastjson

    text = _read(os.path.join(cwd, "package.json"))
    try:
        data = fastjson.loads(text) if text else None
    except ValueError:
        return ()
    scripts = data.get("scripts") if isinstance(data, dict) else None
    return tuple(scripts) if isinstance(scripts, dict) else ()


def _pipfile_scripts(cwd):
    text = _read(os.path.join(cwd, "Pipfile"))
    if not text:
        return ()
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python before 3.11
        return ()
    try:
        scripts = tomllib.loads(text).get("scripts")
    except (tomllib.TOMLDecodeError, ValueError):
        return ()
    return tuple(scripts) if isinstance(scripts, dict) else ()


def _pipenv_outsider(words, cwd):
    """What `pipenv run` starts that is not the project's own code, or None (`pipenv shell`
    is interactive, refused as such)."""
    if "run" not in words:
        return None
    rest = words[words.index("run") + 1:]
    if not rest:
        return None
    name = rest[0].rsplit("/", 1)[-1]
    if rest[0] in _pipfile_scripts(cwd):
        return None
    if name.rstrip("0123456789.") in _INTERPRETERS:
        if any(w in _INLINE_FLAGS for w in rest[1:]):
            return f"the code given to `{name}`"
        first = next((w for w in rest[1:] if not w.startswith("-")), None)
        if "-m" in rest[1:] or (first and os.path.isfile(os.path.join(cwd, first))):
            return None  # a module, or a file of the project
        return f"`{name}` with no file of the project" if first is None else None
    if "/" in rest[0]:
        return None if os.path.isfile(os.path.join(cwd, rest[0])) else f"`{rest[0]}`"
    if os.path.lexists(os.path.join(cwd, ".venv", "bin", name)):
        return None
    return f"`{name}` (a program on PATH)" if _on_path(name) else None


def _folders(words, cwd):
    """Where the loader looks for the files: its folder, and `--cwd DIR`'s."""
    folders = [cwd]
    for k, w in enumerate(words):
        if w == "--cwd" and k + 1 < len(words):
            folders.append(os.path.join(cwd, words[k + 1]))
        elif w.startswith("--cwd="):
            folders.append(os.path.join(cwd, w[6:]))
    return folders


def _read(path):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (OSError, ValueError):
        return None
    try:
        import stat

        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, _MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    finally:
        os.close(fd)
