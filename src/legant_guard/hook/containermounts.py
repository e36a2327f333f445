"""Host folders a container is given: everything below a bind mount is read, and written unless the
mount is read-only (fetchers.py's part for docker, podman and nerdctl, loaded for those programs).

`docker run -v "$PWD/.claude:/c" alpine sh -c 'echo … > /c/settings.local.json'`, `--mount
type=bind,src=GUARD_DIR,dst=/g … cat /g/key.pem`, `-v "$HOME:/h"`, `-v /:/host`: the command the
container runs works on its own paths, which the guard cannot map back, so it judged nothing, for
every role that may run docker (red team #30). A bind source is now judged as a tree read below
(the guard's own files there are refused) and, unless `:ro`/`readonly`, as a tree of unknown
names written below (refused where a protected path lies there); a container that can
reach every host file (`--privileged`, `--cap-add SYS_ADMIN`/`ALL`, the engine's own socket) is
refused where that matters too. The project itself, mounted writable to build or test it, stays
allowed (the project's own code run here, `npm test`, may write it as well); so do named volumes
and read-only mounts of ordinary folders.
"""

import os

from legant_guard.hook.model import deny

PROGRAMS = frozenset(("docker", "podman", "nerdctl"))
_STARTERS = frozenset(("run", "create"))
_SOCKETS = ("docker.sock", "podman.sock", "containerd.sock", "nerdctl.sock")


def _mounts(args):
    """[(host path as written, read-only)] of the bind mounts, and whether the container may reach
    the whole host (privileged, SYS_ADMIN)."""
    found, whole, k = [], False, 0
    while k < len(args):
        word = args[k]
        k += 1
        name, eq, value = word.partition("=")
        if word in ("--privileged", "--privileged=true"):
            whole = True
            continue
        if name == "--cap-add":
            value = value if eq else (args[k] if k < len(args) else "")
            k += 0 if eq else 1
            whole = whole or value.upper().removeprefix("CAP_") in ("SYS_ADMIN", "ALL")
            continue
        if name in ("-v", "--volume", "--mount") or (word.startswith("-v") and not word.startswith("--")):
            if word.startswith("-v") and len(word) > 2 and not word.startswith("--"):
                value = word[2:]
            elif not eq:
                value = args[k] if k < len(args) else ""
                k += 1
            if name == "--mount":
                fields = dict((f.split("=", 1) + [""])[:2] for f in value.split(","))
                if fields.get("type", "volume") != "bind":
                    continue
                source = fields.get("src") or fields.get("source") or ""
                ro = any(f in fields and fields[f] in ("", "1", "true") for f in ("readonly", "ro"))
                found.append((source, ro))
            else:
                parts = value.split(":")
                if len(parts) >= 2 and parts[0][:1] in ("/", ".", "~"):
                    options = parts[2].split(",") if len(parts) > 2 else []
                    found.append((parts[0], "ro" in options or "readonly" in options))
    return found, whole


def check(cmd, ctx):
    from legant_guard.hook.destinations import _undetermined

    args = cmd.argv[1:]
    words = [w for w in args if not w.startswith("-")]
    if not words or not (words[0] in _STARTERS or words[:2] in (["container", "run"], ["container", "create"])):
        return None
    mounts, whole = _mounts(args)
    what = f"`{cmd.executable} {words[0]}`"
    if whole or any(os.path.basename(src.rstrip("/")) in _SOCKETS for src, _ in mounts):
        verdict = _undetermined(f"{what} gives the container every file of the host (privileged, or the container "
                                "engine's own socket)", "/", ctx)
        if verdict:
            return verdict
    project = (ctx.project or "").rstrip("/")
    for spelled, read_only in mounts:
        if not spelled:
            continue
        home = ctx.home or os.path.expanduser("~")
        source = os.path.normpath(os.path.join(cmd.cwd, home + spelled[1:] if spelled.startswith("~") else spelled))
        if any(rule.contained_in(source) or rule.matches(source) for rule in ctx.deny.secrets):
            return deny(f"{what} mounts {source} into the container, which reads every file below it, among them the "
                        "guard's own files; mount a narrower folder", "protected")
        if not read_only and source != project:
            # (the project itself, mounted to build or test it, is what `npm test` run here reaches too:
            # the project's own code may write it either way; a folder of it or outside it that holds
            # a hook config or the guard's installation is no such everyday mount)
            verdict = _undetermined(f"{what} mounts {source} into the container writable (add `:ro` to only read it)",
                                    source, ctx)
            if verdict:
                return verdict
    return None
