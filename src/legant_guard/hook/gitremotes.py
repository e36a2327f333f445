"""Where a later `git push` goes, and pushes under another name.

Where the token denies network commands, `git push NAME` to a configured remote stays allowed
(sinkrules.check_git_push), so whatever decides where NAME sends the repository is guarded
too; the agent could otherwise point a remote at its own host, in this command or in an
earlier call, and push to it by name:

- `git remote set-url` and `git submodule set-url` are denied (the user points remotes);
  `git remote add` stays allowed (a remote to fetch from), but a push later in the same
  command is denied; a push in a later call to a remote added earlier is not judged;
- `git config` (any scope, old and new syntax) writing `remote.*.url`/`pushurl`,
  `url.*.insteadOf`/`pushInsteadOf` or `submodule.*.url`, or naming something other than a
  remote in `remote.pushDefault`, `branch.*.remote`/`pushRemote`, is denied;
- `git http-push` sends the repository like `send-pack`; `git subtree push REPO` like push;
- a subcommand that is not one of git's own (an alias: `git config alias.p push` earlier, or a
  `git-NAME` program) given a URL, `host:path` or a path outside is denied: it could be a push
  under another name, and the guard does not read what the alias means.
Loaded only for git subcommands outside gitsubs.LOCAL_ONLY, where the token denies network.
"""

from legant_guard.hook.model import deny

# git's own commands (git 2.39 `git --list-cmds=main`, and later additions): any other word is
# an alias or a git-NAME program on PATH.
_GIT_COMMANDS = frozenset((
    "add", "am", "annotate", "apply", "archimport", "archive", "backfill", "bisect", "blame", "branch", "bugreport",
    "bundle", "cat-file", "check-attr", "check-ignore", "check-mailmap", "check-ref-format", "checkout",
    "checkout-index", "cherry", "cherry-pick", "citool", "clean", "clone", "column", "commit", "commit-graph",
    "commit-tree", "config", "count-objects", "credential", "credential-cache", "credential-store", "cvsexportcommit",
    "cvsimport", "cvsserver", "daemon", "describe", "diagnose", "diff", "diff-files", "diff-index", "diff-pairs",
    "diff-tree", "difftool", "fast-export", "fast-import", "fetch", "fetch-pack", "filter-branch", "fmt-merge-msg",
    "for-each-ref", "for-each-repo", "format-patch", "fsck", "fsck-objects", "fsmonitor--daemon", "gc",
    "get-tar-commit-id", "grep", "gui", "hash-object", "help", "hook", "http-backend", "http-fetch", "http-push",
    "imap-send", "index-pack", "init", "init-db", "instaweb", "interpret-trailers", "last-modified", "log",
    "ls-files", "ls-remote", "ls-tree", "mailinfo", "mailsplit", "maintenance", "merge", "merge-base", "merge-file",
    "merge-index", "merge-octopus", "merge-one-file", "merge-ours", "merge-recursive", "merge-resolve",
    "merge-subtree", "merge-tree", "mergetool", "mktag", "mktree", "multi-pack-index", "mv", "name-rev", "notes",
    "p4", "pack-objects", "pack-redundant", "pack-refs", "patch-id", "pickaxe", "prune", "prune-packed", "pull",
    "push", "quiltimport", "range-diff", "read-tree", "rebase", "receive-pack", "reflog", "refs", "remote",
    "repack", "replace", "replay", "repo", "request-pull", "rerere", "reset", "restore", "rev-list", "rev-parse",
    "revert", "rm", "scalar", "send-email", "send-pack", "shell", "shortlog", "show", "show-branch", "show-index",
    "show-ref", "sparse-checkout", "stage", "stash", "status", "stripspace", "submodule", "subtree", "survey", "svn",
    "switch", "symbolic-ref", "tag", "unpack-file", "unpack-objects", "update-index", "update-ref",
    "update-server-info", "upload-archive", "upload-pack", "var", "verify-commit", "verify-pack", "verify-tag",
    "version", "whatchanged", "worktree", "write-tree",
))
# `git config`'s options that take the next word as their value, and those that only read
_CONFIG_WITH_VALUE = ("-f", "--file", "--blob", "--type", "--default", "--comment", "--value", "--url")
_CONFIG_READS = ("--get", "--get-all", "--get-regexp", "--get-urlmatch", "-l", "--list", "--unset", "--unset-all",
                 "--remove-section", "--get-color", "--get-colorbool", "--show-origin", "--show-scope", "-e", "--edit",
                 "get", "list", "unset", "remove-section", "edit")
_CONFIG_VERBS = ("set", "get", "list", "unset", "rename-section", "remove-section", "edit")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
# http.[URL.]KEY settings that route a push through another host or accept any certificate
# (a proxy that answers for the remote then receives the pushed objects)
_HTTP_ROUTE = frozenset(("proxy", "sslverify", "sslcainfo", "sslcapath", "proxysslcainfo", "curloptresolve", "sslbackend"))
_ADVICE = "ask the user to configure remotes (the token denies network commands: exfiltration)"


def is_destination(word, first=False):
    """Does a word name where a push goes: a URL, a path outside (`/x`, `~/x`, `../x`), a
    `user@host:path` or `host.domain:path` (any `name:path` when it is the first operand)?"""
    if "://" in word or word.startswith(("/", "~", "..")):
        return True
    head, colon, _ = word.partition(":")
    return bool(colon and head and "/" not in head and (first or "@" in head or "." in head or "[" in head))


def _operands(words, with_value=()):
    """The words of `words` that are not options (nor an option's value)."""
    out, k = [], 0
    while k < len(words):
        word = words[k]
        if word == "--":
            return out + list(words[k + 1:])
        if word in with_value:
            k += 2
            continue
        if not word.startswith("-") or word == "-":
            out.append(word)
        k += 1
    return out


def _config_change(args):
    """The denial reason of `git config ARGS` pointing a push elsewhere, or None."""
    if any(a in _CONFIG_READS or a.startswith(("--get", "--unset", "--list")) for a in args):
        return None
    words = _operands(args, _CONFIG_WITH_VALUE)
    if words and words[0] in _CONFIG_VERBS:
        words = words[1:]
    if not words:
        return None
    key, value = words[0].lower(), words[1] if len(words) > 1 else ""
    section, _, rest = key.partition(".")
    name = rest.rpartition(".")[2]
    if (section == "remote" and name in ("url", "pushurl", "proxy")) or (section == "submodule" and name == "url") or \
            (section == "url" and name in ("insteadof", "pushinsteadof")) or (section == "http" and name in _HTTP_ROUTE):
        return f"`git config {words[0]}` points a remote at another place, where a later `git push` by name would send the repository"
    if (key == "remote.pushdefault" or (section == "branch" and name in ("remote", "pushremote"))) and \
            not (value and set(value) <= _NAME_CHARS and not value.startswith(".")):
        return f"`git config {words[0]} {value}` makes a later `git push` send the repository to `{value}`, not to a configured remote"
    return None


def check(cmd, sub, earlier=()):
    """Deny a git command (other than push and send-pack, which sinkrules judges) that sends the
    repository or points a later push elsewhere. The caller has checked that the token denies
    network commands. `earlier`: the commands before it in the same command line."""
    name, args = sub.name, cmd.argv[sub.at + 1:]
    reason = None
    if name == "http-push":
        reason = "`git http-push` sends the repository to the server it names"
    elif name == "remote" and args and (args[0] == "set-url" and "--delete" not in args or
                                        args[0] == "add" and any(a.startswith("--mirror") for a in args)):
        reason = f"`git remote {args[0]}` points a remote at another place, where a later `git push` by name would send the repository"
    elif name == "submodule" and "set-url" in args:
        reason = "`git submodule set-url` points a submodule's remote at another place, where a later push would send it"
    elif name == "config":
        reason = _config_change(args)
    elif name == "subtree" and "push" in args:
        where = [w for w in _operands(args[args.index("push") + 1:], ("-P", "--prefix", "-m", "--message"))
                 if is_destination(w)]
        if where:
            reason = f"`git subtree push` would send the repository to `{where[0]}`, which the command names itself"
    elif name not in _GIT_COMMANDS:
        operands = _operands(args)
        where = [w for w in args if w.startswith("-") and "=" in w and is_destination(w.partition("=")[2])] + \
                [w for k, w in enumerate(operands) if is_destination(w, first=k == 0)]
        if where:
            reason = (f"`git {name}` is not one of git's own commands (an alias or a git-{name} program): given "
                      f"`{where[0]}`, it could push the repository there")
        else:
            return check_added_earlier(earlier)
    if reason is None:
        return None
    return deny(f"{reason}; {_ADVICE}", "network")


def check_added_earlier(commands):
    """Deny a push by name after `git remote add` earlier in the same command: the remote is the
    agent's own, so the push goes where the command says."""
    from legant_guard.hook.gitsubs import git_sub

    for earlier in commands:
        if earlier.executable and earlier.executable.lower() == "git":
            sub = git_sub(earlier.argv)
            args = earlier.argv[sub.at + 1:] if sub is not None else ()
            if sub is not None and sub.name == "remote" and args and args[0] == "add":
                return deny("`git push` to a remote that `git remote add` adds earlier in the same command sends the "
                            f"repository where the command says; {_ADVICE}", "network")
    return None
