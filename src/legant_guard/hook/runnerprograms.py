"""A program that writes files it does not name, started through a package runner.

`npx degit user/repo .claude` (also `bunx`, `pnpx`, `pnpm dlx`, `yarn dlx`, `npm exec`/`npm x`,
`bun x`, `uvx`, `pipx run`, `uv tool run`, `deno run npm:…`) runs degit, which fills `.claude`
with a template's files; the guard judged degit (hook/fetchers.py) and the other programs of
hook/outputs.py only when they were the command word (red team #28). The runner's package is
read as the program it starts (the agents' CLIs already were: trustbase.agent_behind), and the
command is judged as that program with its arguments. Loaded only for the runners (outputs.RUNNERS).
"""

# options of the runners that take a value (the package is the first word after them)
_VALUED = frozenset(("-p", "--package", "--from", "--with", "--python", "--spec", "-c", "--call", "--registry",
                     "--cache", "--userconfig", "--prefix", "--cwd", "-w", "--workspace"))


def inner(cmd, programs):
    """A copy of `cmd` as the program its package runner starts, when that program is one of
    `programs`; else None."""
    from legant_guard.hook.trustbase import _PACKAGE_RUNNERS, _package_name

    argv = cmd.argv
    subcommands = _PACKAGE_RUNNERS.get(cmd.executable)
    if subcommands is None:
        return None
    i = 1
    if subcommands:  # `npm exec X`, `pnpm dlx X`, `uv tool run X`, `pipx run X`
        words = [w for w in argv[1:3] if not w.startswith("-")]
        if not words or words[0] not in subcommands:
            return None
        i = argv.index(words[0]) + 1
        if cmd.executable == "uv":
            if i < len(argv) and argv[i] == "run":
                i += 1
            else:
                return None
    while i < len(argv):
        word = argv[i]
        if word == "--":
            i += 1
            break
        if word.startswith("-"):
            i += 2 if (word in _VALUED and "=" not in word) else 1
            continue
        break
    if i >= len(argv):
        return None
    program = _package_name(argv[i])
    if program not in programs:
        return None
    import copy

    spelt = copy.copy(cmd)
    spelt.argv = [program] + list(argv[i + 1:])
    spelt.executable = program
    return spelt
