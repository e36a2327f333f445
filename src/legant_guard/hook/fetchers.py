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

_WORKTREE = ("worktree", (), False)
# jj commands that move the working-copy commit or rewrite it (jj then updates the files on disk)
_JJ_WRITERS = ("new", "edit", "checkout", "co", "restore", "abandon", "rebase", "undo", "redo", "next", "prev",
               "squash", "unsquash", "split", "backout", "revert", "resolve", "absorb", "diffedit", "merge", "sync")
# Sapling commands that update the working copy
_SL_WRITERS = ("goto", "go", "checkout", "co", "update", "up", "rebase", "next", "prev", "restack", "revert",
               "unshelve", "undo", "redo", "unamend", "fold", "histedit", "graft", "backout", "absorb", "amend")
# git-town commands that pull, switch or merge branches
_GIT_TOWN_WRITERS = ("sync", "switch", "hack", "append", "prepend", "ship", "propose", "kill", "delete", "rename",
                     "undo", "continue", "skip", "swap", "merge", "detach", "up", "down", "walk", "compress",
                     "set-parent", "diff-parent", "prune-branches", "repo")
_VCS_MARKERS = (".git", ".jj", ".sl", ".hg", ".repo", ".gclient", ".svn", ".bzr", "_darcs", ".pc")


def _last_operand(rest, args, cwd):
    """`copier copy SRC DST`, `nix flake new -t T DIR`: the last of at least two operands."""
    return _abs(rest[-1], cwd) if len(rest) >= 2 else None


def _first_operand_or_cwd(rest, args, cwd):
    """`copier update [DST]`, `svn patch PATCH [WC]` (after the patch): an operand, else the working folder."""
    return _abs(rest[0], cwd) if rest else cwd


def _second_operand_or_cwd(rest, args, cwd):
    return _abs(rest[1], cwd) if len(rest) > 1 else (cwd if rest else None)


def _cookiecutter(rest, args, cwd):
    """cookiecutter writes `OUTPUT/<a folder the template names>/…` (`-o`, else the working folder)."""
    if not rest or any(w in ("-h", "--help", "-V", "--version", "-l", "--list-installed") for w in args):
        return None
    return _abs(option_value(args, ("-o", "--output-dir")) or ".", cwd)


def _cargo_generate(rest, args, cwd):
    """`cargo generate`: the template's tree in a folder named after the project below `--destination`
    (or the working folder), or in that folder itself with `--init`."""
    if any(w in ("-h", "--help", "-V", "--version", "--list-favorites") for w in args):
        return None
    return _abs(option_value(args, ("--destination",)) or ".", cwd)


def _dotnet_new(rest, args, cwd):
    """`dotnet new TEMPLATE [-o DIR]`: the template's files (its own names) below DIR."""
    if not rest or rest[0] in ("list", "install", "uninstall", "search", "update", "details") or \
            any(w in ("-h", "--help", "-l", "--list", "-u", "--uninstall", "-i", "--install") for w in args):
        return None
    return _abs(option_value(args, ("-o", "--output", "-n", "--name")) or ".", cwd)


def _django_template(rest, args, cwd):
    """`django-admin startproject|startapp --template T NAME [DIR]`: T's tree below DIR (or ./NAME);
    Django's own template (no --template) writes the names it always writes."""
    if option_value(args, ("--template",)) is None:
        return None
    return _abs(rest[1], cwd) if len(rest) > 1 else _abs(rest[0], cwd) if rest else None


def _unison(rest, args, cwd):
    """unison synchronises its two roots both ways: each local one is written."""
    return [_abs(w, cwd) for w in rest[:2] if "://" not in w or w.startswith("file://")] or None


def _rdiff_restore(rest, args, cwd):
    if rest and (rest[0] == "restore" or any(w in ("-r", "--restore-as-of") or w.startswith("--restore-as-of=")
                                               for w in args)):
        return _abs(rest[-1], cwd) if len(rest) > 1 else None
    return None


def _ditto(rest, args, cwd):
    """macOS ditto copies what each source holds into the last folder, or extracts (-x) there;
    with -c it creates an archive (a read)."""
    flags = "".join(w[1:] for w in args if w.startswith("-") and not w.startswith("--"))
    return None if "c" in flags else (_abs(rest[-1], cwd) if len(rest) >= 2 else None)


def _docker_build_output(rest, args, cwd):
    """`docker build -o DIR .`, `--output type=local,dest=DIR`: the build writes the files of its last
    stage into DIR under the names the Dockerfile gives them (`COPY settings.json /` into `-o .claude`,
    or `.claude/settings.json` into `-o .`; red team 37). A tar, OCI or docker output is one file,
    judged where it is named; a registry output is a push (shell/interpsinks.py)."""
    out = []
    for k, word in enumerate(args):
        spec = args[k + 1] if word in ("-o", "--output") and k + 1 < len(args) else word[9:] if \
            word.startswith("--output=") else word[2:] if word.startswith("-o") and len(word) > 2 and \
            not word.startswith("--") else None
        if spec is None or spec == "-":
            continue
        if "=" not in spec:
            out.append(_abs(spec, cwd))
            continue
        fields = {f.partition("=")[0].strip().lower(): f.partition("=")[2].strip() for f in spec.split(",")}
        if fields.get("type", "local").lower() == "local" and fields.get("dest"):
            out.append(_abs(fields["dest"], cwd))
    return out or None


def _gh_repo_create(rest, args, cwd):
    """`gh repo create NAME --template T --clone`: the new repository is cloned into ./NAME."""
    if not rest or not any(w in ("-c", "--clone") for w in args):
        return None
    return _abs(rest[0].rstrip("/").rsplit("/", 1)[-1] or ".", cwd)

_DOCKER_BUILDS = {build: _docker_build_output for build in (("build",), ("buildx", "build"), ("buildx", "b"),
                                                             ("image", "build"), ("builder", "build"))}
# program -> {subcommand path: how the destination is found}
#   ("remote-src", prefixes): `cp SRC DEST` where SRC is remote (a prefix, or `NAME:` for containers)
#   ("option", options, default): the value of one of `options`, else `default` ("." or None = no write)
#   ("operand", n, fallback): the n-th operand after the subcommand, else the `fallback` operand's basename
#   ("cwd",): the working folder
#   ("worktree", options, bare): the work tree holding the working folder (`.git`, `.jj`, `.sl`, `.hg`,
#     repo's `.repo`, gclient's `.gclient` up from it; `-R/--repository DIR` for jj, sl and hg), only when one of `options` is given
#     (none: always) and, with `bare`, only when no operand follows (`gh repo sync OWNER/REPO` syncs a
#     fork on the server)
_TABLE = {
    "docker": {("cp",): ("remote-src", ":"), ("container", "cp"): ("remote-src", ":"), **_DOCKER_BUILDS},
    "podman": {("cp",): ("remote-src", ":"), ("container", "cp"): ("remote-src", ":"), **_DOCKER_BUILDS},
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
    # red team #25: commands that fetch commits (a pull request, a cloud task's diff, a remote
    # branch) and write them into the work tree in one go, like `git pull`
    "gh": {("release", "download"): ("option", ("-D", "--dir"), "."), ("run", "download"): ("option", ("-D", "--dir"), "."),
           ("repo", "clone"): ("operand", 1, 0), ("gist", "clone"): ("operand", 1, 0),
           ("pr", "checkout"): _WORKTREE, ("pr", "co"): _WORKTREE, ("repo", "sync"): ("worktree", (), True)},
    "glab": {("repo", "clone"): ("operand", 1, 0), ("release", "download"): ("option", ("-D", "--asset-name"), "."),
             ("mr", "checkout"): _WORKTREE},
    "hub": {("checkout",): _WORKTREE, ("pr", "checkout"): _WORKTREE, ("merge",): _WORKTREE, ("am",): _WORKTREE,
            ("apply",): _WORKTREE, ("sync",): _WORKTREE, ("pull",): _WORKTREE, ("clone",): ("operand", 1, 0)},
    "codex": {("apply",): _WORKTREE, ("a",): _WORKTREE},
    "opencode": {("pr",): _WORKTREE},  # (checks the pull request out, then starts a session)
    "jj": {**{(sub,): _WORKTREE for sub in _JJ_WRITERS},
        ("op", "restore"): _WORKTREE, ("op", "revert"): _WORKTREE, ("op", "undo"): _WORKTREE,
        ("git", "fetch"): _WORKTREE, ("git", "import"): _WORKTREE, ("git", "clone"): ("operand", 1, 0),
        ("workspace", "update-stale"): _WORKTREE, ("workspace", "add"): ("operand", 0, None)},
    "sl": {**{(sub,): _WORKTREE for sub in _SL_WRITERS},
           ("pull",): ("worktree", ("-u", "--update", "--rebase", "-d", "--dest"), False), ("clone",): ("operand", 1, 0)},
    "git-town": {(sub,): _WORKTREE for sub in _GIT_TOWN_WRITERS},
    "repo": {("sync",): _WORKTREE},
    "gclient": {("sync",): _WORKTREE},
    # project generators: a template's tree (local or fetched) under names the template or its
    # answers pick (cookiecutter's output folder is one of them: `project_slug=.claude`)
    "copier": {("copy",): _last_operand, ("recopy",): _first_operand_or_cwd, ("update",): _first_operand_or_cwd},
    "cookiecutter": {(): _cookiecutter},
    "degit": {(): _second_operand_or_cwd}, "tiged": {(): _second_operand_or_cwd},
    "cargo": {("generate",): _cargo_generate, ("gen",): _cargo_generate,
              ("vendor",): ("operand", 0, None)},  # (a crate per folder: one named `hooks` is .claude/hooks)
    "dotnet": {("new",): _dotnet_new},
    "django-admin": {("startproject",): _django_template, ("startapp",): _django_template},
    "nix": {("flake", "init"): ("cwd",), ("flake", "new"): _last_operand},
    # patch stacks and other version-control tools applying changes the guard does not read
    "quilt": {(sub,): _WORKTREE for sub in ("push", "pop", "fold")},
    "stg": {(sub,): _WORKTREE for sub in ("push", "pop", "goto", "import", "pick", "undo", "redo", "reset", "rebase",
                                          "pull", "float", "sink", "sync", "fold", "squash")},
    "guilt": {(sub,): _WORKTREE for sub in ("push", "pop")},
    "darcs": {("pull",): _WORKTREE, ("apply",): _WORKTREE, ("rebase",): _WORKTREE, ("clone",): ("operand", 1, 0),
              ("get",): ("operand", 1, 0)},
    "git-svn": {("rebase",): _WORKTREE, ("clone",): ("operand", 1, 0)},
    "git-p4": {("rebase",): _WORKTREE, ("clone",): ("operand", 1, 0)},
    "unison": {(): _unison},
    "rdiff-backup": {(): _rdiff_restore},
    "ditto": {(): _ditto},
}
for _sub in ("import", "patch", "qpush", "qpop", "qgoto", "merge", "rebase", "graft", "backout", "unshelve", "histedit",
             "transplant", "strip"):
    _TABLE["hg"][(_sub,)] = _WORKTREE
for _vcs in ("bzr", "brz"):
    _TABLE[_vcs].update({("merge",): _WORKTREE, ("update",): _WORKTREE, ("switch",): _WORKTREE})
_TABLE["svn"][("patch",)] = _second_operand_or_cwd
_TABLE["gh"][("repo", "create")] = _gh_repo_create
_TABLE["hg"][("pull",)] = ("worktree", ("-u", "--update", "--rebase"), False)
_TABLE["hg"][("fetch",)] = _WORKTREE
FETCHERS = frozenset(_TABLE)


# Options (before the subcommand, or anywhere) whose value is no subcommand: the repository or
# folder they name is where the program works (`jj -R DIR new`, `hg --cwd DIR pull -u`, `codex -C DIR apply`).
_VALUE_OPTIONS = {"jj": ("-R", "--repository", "--at-op", "--at-operation", "--color", "--config", "--config-toml",
                         "--config-file"),
                  "sl": ("-R", "--repository", "--cwd", "--config"), "hg": ("-R", "--repository", "--cwd", "--config"),
                  "codex": ("-C", "--cd", "-c", "--config", "-m", "--model", "-p", "--profile"),
                  "gh": ("-R", "--repo"), "glab": ("-R", "--repo")}
_FOLDER_OPTIONS = {"sl": ("--cwd",), "hg": ("--cwd",), "codex": ("-C", "--cd")}


def check(cmd, ctx):
    if cmd.executable in ("docker", "podman", "nerdctl"):  # `docker run -v "$PWD/.claude:/c"` (containermounts.py)
        from legant_guard.hook import containermounts

        verdict = containermounts.check(cmd, ctx)
        if verdict:
            return verdict
    table = _TABLE[cmd.executable]
    args = cmd.argv[1:]
    valued = _VALUE_OPTIONS.get(cmd.executable, ())
    operands = [w for i, w in enumerate(args) if not w.startswith("-") and not (i and args[i - 1] in valued)]
    folder = option_value(args, _FOLDER_OPTIONS.get(cmd.executable, ()))
    cwd = _abs(folder, cmd.cwd) if folder else cmd.cwd
    for path, how in table.items():
        if tuple(operands[:len(path)]) != path:
            continue
        rest = operands[len(path):]
        dest = _destination(how, rest, args, cwd, cmd.executable in ("jj", "sl", "hg"))
        if dest is None:
            return None
        what = f"`{cmd.executable} {' '.join(path)}` " + (
            "writes into the work tree commits the guard does not read (fetched now, or of another version-control "
            "tool); in a git repository fetch them first (`git fetch`), then check them out with git, which the guard "
            "reads" if not callable(how) and how[0] == "worktree" else "copies files the guard cannot list")
        for folder in dest if isinstance(dest, list) else [dest]:
            verdict = _judge(folder, "dir", ctx, what) or _undetermined(what, folder, ctx)
            if verdict:
                return verdict
        return None
    return None


def _destination(how, rest, args, cwd, repository_option=False):
    if callable(how):
        return how(rest, args, cwd)
    kind = how[0]
    if kind == "cwd":
        return cwd
    if kind == "worktree":
        _, options, bare = how
        if options and not any(w in options or w.startswith(tuple(o + "=" for o in options if o.startswith("--")))
                               for w in args):
            return None
        if bare and rest:
            return None
        repository = repository_option and option_value(args, ("-R", "--repository"))
        return _abs(repository, cwd) if repository else _work_tree(cwd)
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


def _work_tree(folder):
    """The nearest folder up from `folder` holding a version-control folder, else `folder`."""
    from legant_guard.hook.config import nearest_up

    return nearest_up(folder, lambda here: any(os.path.exists(os.path.join(here, m)) for m in _VCS_MARKERS)) \
        or folder


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
