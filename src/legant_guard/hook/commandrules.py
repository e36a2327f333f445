"""Rules that depend on what one particular program does with its operands.

The generic checks treat every operand as a path that is read or written. A few programs
need more, or a protected file is reachable without ever being named:
- copy-like programs (cp, mv, ln, install, rsync) write `DEST/<name of SRC>` when DEST is a
  folder, and can replace a protected folder wholesale (`ln -s /tmp/x .claude`);
- recursive readers (tar, zip, rsync, cp -r, grep -r, rg) of a folder above the guard's key
  and tokens read them;
- git runs programs named in `-c` overrides (hooks, fsmonitor, pagers, `!` aliases);
- sed writes files named inside its script (`w FILE`, `s/a/b/w FILE`) and GNU sed runs shell
  commands from it (`e CMD`, `s/a/b/e`).
Pure functions over one analysed SimpleCommand; the engine calls them.
"""

import os

from legant_guard.hook.model import deny
from legant_guard.hook.paths import path_variants

_COPIERS = frozenset(("cp", "mv", "ln", "install", "rsync"))
# (program, flags that make it read folders recursively; None = always does)
_RECURSIVE_READERS = {
    "tar": None, "zip": ("-r", "--recurse-paths"), "7z": None, "rsync": None, "scp": ("-r",),
    "cp": ("-r", "-R", "-a", "--recursive", "--archive"),
    "grep": ("-r", "-R", "--recursive", "--dereference-recursive"), "egrep": ("-r", "-R"), "fgrep": ("-r", "-R"),
    "rg": None, "ag": None, "ack": None,
}
# git configuration keys whose value is a program git runs (or `!` aliases).
_GIT_PROGRAM_KEYS = ("core.hookspath", "core.fsmonitor", "core.sshcommand", "core.pager", "core.editor",
                     "core.askpass", "credential.helper", "diff.external", "sequence.editor", "gpg.program",
                     "uploadpack.packobjectshook", "core.gitproxy", "pager.")
_GIT_PROGRAM_SUFFIXES = (".textconv", ".command", ".process", ".clean", ".smudge", ".cmd", ".tool")


def _has_flag(argv, flags):
    """Does argv carry one of these flags, alone or bundled (`-rn`, `-avz`)?"""
    for word in argv[1:]:
        if word == "--":
            break
        if word in flags:
            return True
        if word.startswith("-") and not word.startswith("--"):
            short = [f[1] for f in flags if len(f) == 2 and f.startswith("-")]
            if any(c in word[1:] for c in short):
                return True
    return False


def check_command(cmd, protected, home, policy=None, project=""):
    """A deny Decision for `cmd`, or None. `protected` is the engine's Protected set."""
    exe = cmd.executable
    if exe in _COPIERS:
        verdict = _copy_destination(cmd, protected, home)
        if verdict:
            return verdict
    flags = _RECURSIVE_READERS.get(exe, False)
    if flags is not False and (flags is None or _has_flag(cmd.argv, flags)):
        for path in cmd.paths:
            hit = protected.contained_in(path_variants(path, cmd.cwd, home), rules=protected.secrets)
            if hit:
                return deny(f"`{exe}` would read {path} recursively, and with it the guard's own files in {hit}, which are protected",
                            "protected")
    if cmd.find_names:
        verdict = _find_exec_names(cmd, policy, project, home)
        if verdict:
            return verdict
    if exe == "git":
        return _git_overrides(cmd)
    if exe in ("sed", "gsed"):
        return _sed_script(cmd, policy, project, home, protected)
    return None


def _find_exec_names(cmd, policy, project, home):
    """`find . -name .env -exec cat {} +`: the files are named by the filter, not the operands.
    Deny when every -name filter could select a file a deny-path rule names."""
    from legant_guard.hook.paths import PathRule, wildcard_match

    for source in policy.deny_paths:
        last = PathRule(source, project, home).anchored.rstrip("/").rsplit("/", 1)[-1]
        if all(wildcard_match(p.lower(), last.lower()) or wildcard_match(last.lower(), p.lower()) if icase
               else wildcard_match(p, last) or wildcard_match(last, p) for p, icase in cmd.find_names):
            return deny(f"`find` would run `{cmd.executable}` on files named like {last}, denied by deny-path {source}",
                        "deny-path")
    return None


def _copy_destination(cmd, protected, home):
    """cp/mv/ln/install/rsync: the file the command writes is DEST, or DEST/<name of SRC>
    when DEST is an existing folder; writing it must not replace a protected path."""
    paths = list(cmd.paths)
    if len(paths) < 2:
        return None
    if "-t" in cmd.argv or any(w.startswith("--target-directory") for w in cmd.argv):
        candidates = paths  # the destination folder is named by an option: any operand may be it
        sources = paths
    else:
        candidates = [paths[-1]]
        sources = paths[:-1]
    for dest in candidates:
        real_dest = path_variants(dest, cmd.cwd, home)[-1]
        written = [os.path.join(dest, os.path.basename(src.rstrip("/"))) for src in sources] \
            if os.path.isdir(real_dest) else [dest]
        for path in written:
            variants = path_variants(path, cmd.cwd, home)
            hit = protected.hit(variants) or protected.contained_in(variants)
            if hit:
                return deny(f"`{cmd.executable}` would write {variants[0]}, replacing {hit}, which is protected",
                            "protected")
    return None


def _git_overrides(cmd):
    """`git -c KEY=VALUE` with a key whose value git runs as a program."""
    argv = cmd.argv
    for i, word in enumerate(argv[1:], 1):
        if word == "-c" and i + 1 < len(argv):
            setting = argv[i + 1]
        elif word.startswith("-c") and len(word) > 2:
            setting = word[2:]
        elif word.startswith("--config-env"):
            setting = word.split("=", 1)[-1]
        else:
            continue
        key, _, value = setting.partition("=")
        key = key.lower()
        if key.startswith(_GIT_PROGRAM_KEYS) or key.endswith(_GIT_PROGRAM_SUFFIXES) or \
                (key.startswith("alias.") and value.lstrip().startswith("!")):
            return deny(f"`git -c {key}=...` makes git run a program the guard never sees", "git-config")
    return None


_SED_SCRIPT_LIMIT = 65536


def _sed_scripts(cmd):
    """The sed script texts of a command line, or None when a script file cannot be read."""
    argv, scripts, files, i = cmd.argv, [], [], 1
    while i < len(argv):
        word = argv[i]
        if word in ("-e", "--expression") and i + 1 < len(argv):
            scripts.append(argv[i + 1])
            i += 2
            continue
        if word.startswith("--expression="):
            scripts.append(word.split("=", 1)[1])
        elif word in ("-f", "--file") and i + 1 < len(argv):
            files.append(argv[i + 1])
            i += 2
            continue
        elif word.startswith("--file="):
            files.append(word.split("=", 1)[1])
        elif word in ("-l", "--line-length") and i + 1 < len(argv):
            i += 2
            continue
        elif word == "--" or not word.startswith("-"):
            if not scripts and not files:
                scripts.append(argv[i + 1] if word == "--" and i + 1 < len(argv) else word)
            break
        i += 1
    for name in files:
        path = name if os.path.isabs(name) else os.path.join(cmd.cwd, name)
        try:
            with open(path, "rb") as f:
                scripts.append(f.read(_SED_SCRIPT_LIMIT).decode("utf-8", "replace"))
        except OSError:
            return None
    return scripts


sed_scripts = _sed_scripts  # also read by hook/readonly.py (sed -n 1,40p as a plain read)


def _sed_script(cmd, policy, project, home, protected):
    import re

    scripts = _sed_scripts(cmd)
    if scripts is None:
        if policy is not None and (policy.has_cmd_rules() or policy.has_path_rules()):
            return deny("`sed -f` names a script file the guard cannot read, and the token has rules that depend on it",
                        "undetermined")
        return None
    for script in scripts:
        for line in script.splitlines():
            # `e CMD` / `s/x/y/e`: GNU sed hands text to /bin/sh.
            if re.search(r"(?:^|[;{}\s\d$!/gpIiMm])e(?:\s|;|}|$)", line) and policy is not None and policy.has_cmd_rules():
                return deny("`sed` would run a shell command from its script (the `e` command), which the guard "
                            "never sees", "undetermined")
            # `w FILE` / `W FILE` / `s/x/y/w FILE`: the file name runs to the end of the line.
            for match in re.finditer(r"(?:^|[;{}\s\d$!/gpIiMme])[wW]\s+(\S.*)$", line):
                target = match.group(1).strip()
                if target in ("/dev/stdout", "/dev/stderr"):
                    continue
                from legant_guard.hook.engine import check_written_path

                verdict = check_written_path(policy, protected, target, cmd.cwd, home, project)
                if verdict:
                    return verdict
    return None
