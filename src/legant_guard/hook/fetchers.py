"""Programs that copy a tree from somewhere the guard cannot list into a local folder.

`docker cp CONTAINER:/x/. .claude`, `kubectl cp POD:/x .claude`, `aws s3 sync s3://b .`,
`gsutil rsync -r gs://b .`, `gh release download -D .claude`, `gh repo clone o/r .claude`,
`svn checkout URL .claude`, `hg clone URL .claude`, `hf download R --local-dir .`, `restic
restore --target .`, `borg extract` write files whose names live in a container, a bucket, a
release, a repository or a backup: like `rsync HOST:/x/ .` they are undetermined, denied where a
protected file lies at or below the folder they write into (destinations.py). Elsewhere they
stay allowed. Loaded only for outputs.FETCHERS.
"""

import os

from legant_guard.hook.downloads import option_value
from legant_guard.hook.outputs import _judge, _undetermined

# program -> {subcommand path: how the destination is found}
#   ("remote-src", prefixes): `cp SRC DEST` where SRC is remote (a prefix, or `NAME:` for containers)
#   ("option", options, default): the value of one of `options`, else `default` ("." or None = no write)
#   ("operand", n, fallback): the n-th operand after the subcommand, else the `fallback` operand's basename
#   ("cwd",): the working folder
_TABLE = {
    "docker": {("cp",): ("remote-src", ":"), ("container", "cp"): ("remote-src", ":")},
    "podman": {("cp",): ("remote-src", ":"), ("container", "cp"): ("remote-src", ":")},
    "nerdctl": {("cp",): ("remote-src", ":")},
    "kubectl": {("cp",): ("remote-src", ":")},
    "oc": {("cp",): ("remote-src", ":"), ("rsync",): ("remote-src", ":")},
    "lxc": {("file", "pull"): ("remote-src", "/")},
    "incus": {("file", "pull"): ("remote-src", "/")},
    "aws": {("s3", "cp"): ("remote-src", "s3://"), ("s3", "sync"): ("remote-src", "s3://"),
            ("s3", "mv"): ("remote-src", "s3://")},
    "gsutil": {("cp",): ("remote-src", "gs://"), ("rsync",): ("remote-src", "gs://"), ("mv",): ("remote-src", "gs://")},
    "gcloud": {("storage", "cp"): ("remote-src", "gs://"), ("storage", "rsync"): ("remote-src", "gs://"),
               ("storage", "mv"): ("remote-src", "gs://")},
    "azcopy": {("copy",): ("remote-src", "https://"), ("cp",): ("remote-src", "https://"),
               ("sync",): ("remote-src", "https://")},
    "az": {("storage", "blob", "download-batch"): ("option", ("-d", "--destination"), "."),
           ("storage", "file", "download-batch"): ("option", ("-d", "--destination"), ".")},
    "gh": {("release", "download"): ("option", ("-D", "--dir"), "."), ("run", "download"): ("option", ("-D", "--dir"), "."),
           ("repo", "clone"): ("operand", 1, 0), ("gist", "clone"): ("operand", 1, 0)},
    "glab": {("repo", "clone"): ("operand", 1, 0), ("release", "download"): ("option", ("-D", "--asset-name"), ".")},
    "hf": {("download",): ("option", ("--local-dir",), None)},
    "huggingface-cli": {("download",): ("option", ("--local-dir",), None)},
    "svn": {("checkout",): ("operand", 1, 0), ("co",): ("operand", 1, 0), ("export",): ("operand", 1, 0),
            ("update",): ("cwd",), ("up",): ("cwd",), ("switch",): ("cwd",), ("merge",): ("cwd",)},
    "hg": {("clone",): ("operand", 1, 0), ("update",): ("cwd",), ("up",): ("cwd",), ("checkout",): ("cwd",),
           ("co",): ("cwd",)},
    "bzr": {("branch",): ("operand", 1, 0), ("checkout",): ("operand", 1, 0), ("pull",): ("cwd",)},
    "brz": {("branch",): ("operand", 1, 0), ("checkout",): ("operand", 1, 0), ("pull",): ("cwd",)},
    "fossil": {("clone",): ("operand", 1, None), ("open",): ("cwd",)},
    "restic": {("restore",): ("option", ("--target", "-t"), None)},
    "borg": {("extract",): ("cwd",)},
    "duplicity": {("restore",): ("operand", 1, None)},
}
FETCHERS = frozenset(_TABLE)


def check(cmd, ctx):
    table = _TABLE[cmd.executable]
    args = cmd.argv[1:]
    operands = [w for w in args if not w.startswith("-")]
    for path, how in table.items():
        if tuple(operands[:len(path)]) != path:
            continue
        rest = operands[len(path):]
        dest = _destination(how, rest, args, cmd.cwd)
        if dest is None:
            return None
        what = f"`{cmd.executable} {' '.join(path)}` copies files the guard cannot list"
        return _judge(dest, "dir", ctx, what) or _undetermined(what, dest, ctx)
    return None


def _destination(how, rest, args, cwd):
    kind = how[0]
    if kind == "cwd":
        return cwd
    if kind == "remote-src":
        if len(rest) < 2 or not any(_remote(w, how[1]) for w in rest[:-1]):
            return None  # an upload (the remote side is the destination)
        return _abs(rest[-1], cwd)
    if kind == "option":
        value = option_value(args, how[1])  # (`-D DIR`, `-DDIR`, `--dir=DIR`: the last one counts)
        if value is None:
            return _abs(how[2], cwd) if how[2] else None
        return _abs(value, cwd)
    _, n, fallback = how
    if len(rest) > n:
        return _abs(rest[n], cwd)
    if fallback is None or len(rest) <= fallback:
        return None
    name = rest[fallback].rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return _abs(name[:-4] if name.endswith(".git") else name or ".", cwd)


def _remote(word, marker):
    if marker == ":":  # CONTAINER:/path, NAMESPACE/POD:/path (not a local path)
        head, colon, _ = word.partition(":")
        return bool(colon) and bool(head) and not head.startswith(("/", ".", "~"))
    if marker == "/":  # lxc file pull CONTAINER/path
        return not word.startswith((".", "/", "~"))
    return word.startswith(marker)


def _abs(path, cwd):
    from legant_guard.hook.paths import opened_at

    return opened_at(path, cwd)
