"""Files a program reads more of its options from: a compiler's response file (`gcc @flags.rsp`)
and ripgrep's RIPGREP_CONFIG_PATH set by the command.

An option there that runs a program or loads code (`-wrapper PROG`, `-B DIR`, `-fplugin=LIB`,
another `@FILE`; ripgrep's `--pre PROG`, `--hostname-bin PROG`) runs it where the guard saw only
`gcc @flags.rsp x.c` or `rg TODO`. So the file is read (a regular file, bounded, opened without
blocking: hook/scriptfiles.py) and such an option, or a file that exists but cannot be read, is
undetermined, which a token with command rules denies. A file that does not exist holds no
options (gcc takes `@missing` as a file name, ripgrep goes on without a configuration). Whether
the file itself may be read is judged too: a response file as an operand read, ripgrep's
configuration here (`RIPGREP_CONFIG_PATH=.env rg --debug x` prints its lines).
"""

import os

from legant_guard.hook.model import deny

COMPILERS = frozenset(("gcc", "cc", "c++", "g++", "clang", "clang++", "gfortran", "cpp", "tcc"))
RIPGREPS = frozenset(("rg", "rga"))
PROGRAMS = COMPILERS | RIPGREPS
_RG_RUNNERS = ("--pre", "--hostname-bin")


def check(cmd, policy, ctx):
    """A deny when an options file of `cmd` runs a program or loads code (under command rules)."""
    exe = cmd.executable
    if not policy.has_cmd_rules() and not (exe in RIPGREPS and policy.has_path_rules()):
        return None
    if exe in COMPILERS and policy.has_cmd_rules():
        for word in cmd.argv[1:]:
            if word.startswith("@") and len(word) > 1:
                path = os.path.join(cmd.cwd, word[1:])
                problem = "it is written earlier in the same command line" if _named_earlier(ctx, path) else \
                    _compiler_options(path)
                if problem:
                    return _undetermined(f"`{exe} {word}` reads more options from {word[1:]}", problem)
    elif exe in RIPGREPS:
        for env in getattr(ctx, "env_paths", ()) or ():
            if env.variable == "RIPGREP_CONFIG_PATH":
                from legant_guard.hook.engine import _check_path

                # (the file itself is read: `RIPGREP_CONFIG_PATH=.env rg --debug x` prints its lines)
                verdict = _check_path(policy, ctx.protected, env.folder, cmd.cwd, ctx.home, ctx.project, "fs.read",
                                      deny_only=True)
                if verdict:
                    return deny(f"RIPGREP_CONFIG_PATH={env.folder} makes `{exe}` read that file: "
                                f"{verdict.reason.removeprefix('Legant: ')}", verdict.rule)
                problem = None if not policy.has_cmd_rules() else \
                    "it is written earlier in the same command line" if _named_earlier(ctx, env.folder) else \
                    _rg_options(env.folder)
                if problem:
                    return _undetermined(f"`{exe}` reads more options from {env.folder} (RIPGREP_CONFIG_PATH)",
                                         problem)
    return None


def _named_earlier(ctx, path):
    """Is `path` named by an earlier command of the line (`printf -- '--pre\\ncurl' > rc; RIPGREP_CONFIG_PATH=rc
    rg x`)? What is on disk now is not what the program will read."""
    mentioned = getattr(ctx, "mentioned", None) or ()
    return path in mentioned or os.path.normpath(path) in mentioned


def _undetermined(what, problem):
    return deny(f"could not determine the command ({what}, and {problem}), and the token has command rules; "
                "give the options on the command line", "undetermined")


def _text(path):
    """The file's text; None when there is no file; False when it cannot be read."""
    from legant_guard.hook.scriptfiles import read_regular

    if path == os.devnull or not os.path.lexists(path):
        return None
    text = read_regular(path)
    return False if text is None else text


def _compiler_options(path):
    from legant_guard.shell.sinks import catalogue

    text = _text(path)
    if text is None:
        return None
    if text is False:
        return "the guard cannot read it (not a regular file, or too big)"
    words = catalogue()["environment"]["ccflags_words"]
    for word in text.replace('"', " ").replace("'", " ").split():
        if word.startswith(tuple(words)):
            return f"it holds `{word[:80]}`, with which the compiler driver runs a program or loads code"
    return None


def _rg_options(path):
    text = _text(path)
    if text is None:
        return None
    if text is False:
        return "the guard cannot read it (not a regular file, or too big)"
    for line in text.splitlines():
        name = line.strip().split("=", 1)[0]
        if name in _RG_RUNNERS:
            return f"it holds `{line.strip()[:80]}`, a program ripgrep runs"
    return None
