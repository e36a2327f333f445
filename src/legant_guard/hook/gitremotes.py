"""Where a later `git push` goes, and pushes under another name.

Where the token denies network commands, `git push NAME` to a configured remote stays allowed
(sinkrules.check_git_push), so whatever decides where NAME sends the repository is guarded
too; the agent could otherwise point a remote at its own host, in this command or in an
earlier call, and push to it by name:

- `git remote set-url` and `git submodule set-url` are denied (the user points remotes);
  `git remote add` stays allowed (a remote to fetch from), but a push later in the same
  command is denied; a push in a later call to a network remote the agent added to the
  project's own repository is not told apart from the user's (nothing on disk says who added it);
- a push by name is judged by the remote's URL in the repository's configuration on disk
  (pushed_by_name): a folder there (`file://`, a path) is a write into that folder, judged like
  any write (a builder's push into a repository outside the project is refused); a name that is
  no remote is a path to git, judged the same; a network URL that the project's own repository
  does not list (a repository the agent cloned, a submodule it added) is refused;
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


def is_network_url(word):
    """A URL git reaches over the network (`https://`, `ssh://`, `git://`, `user@host:path`,
    `host.domain:path`), not a folder (`file://`, a path)."""
    if word[:7].lower() == "file://" or word.startswith(("/", "~", ".")):
        return False
    if "://" in word:
        return True
    head, colon, _ = word.partition(":")
    return bool(colon and head and "/" not in head)


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
    elif name in _FOREIGN_SENDS and any(a in _FOREIGN_SENDS[name] for a in _operands(args)[:1]):
        # red team 42: git-svn and git-p4 send commits to the server of another version control system,
        # named by svn-remote.*.url (`git svn init URL` earlier, `-c svn-remote.svn.url=URL`) or P4PORT
        reason = (f"`git {name} {_operands(args)[0]}` sends commits to the {name} server that the repository's "
                  "configuration or the environment names, where the guard does not judge the destination")
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


# Subcommands of git's bridges to other version control systems that send commits to their server
_FOREIGN_SENDS = {"svn": frozenset(("dcommit", "set-tree", "commit-diff", "branch", "tag")),
                  "p4": frozenset(("submit", "commit"))}


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


_CONFIG_LIMIT = 256 * 1024


def pushed_by_name(cmd, sub, project):
    """Where a `git push [NAME]` sends the repository, from the configuration on disk:
    (folders it writes into, network URLs it sends to that the project's own repository does not
    list as a remote), or None when the repository or its configuration cannot be read.

    The named remote's url/pushurl values count (every remote's for a push without a name: the
    branch's remote, pushDefault or origin, any of them), or NAME itself when no remote has that
    name (git reads it as a path). A network URL is taken as the user's when the project's own
    repository lists it; a remote of another repository (`git clone URL c` or `git submodule add URL c` made it in an earlier call,
    then `git -C c push`) is where the agent said."""
    from legant_guard.hook import gitplace

    import os

    words = _operands(cmd.argv[sub.at + 1:], ("-o", "--push-option", "--receive-pack", "--exec", "--signed",
                                               "--recurse-submodules"))
    name = words[0] if words else None
    try:
        cwd, git_dir = gitplace._git_options(cmd)
        found = gitplace.discover(cwd, git_dir)
        common = gitplace._common_dir(found) if found else None
        own = gitplace.discover(project) if project else None
        own = gitplace._common_dir(own) if own else None
    except Exception:  # a repository the guard cannot place
        return None
    urls = _config_urls(common)
    if urls is None:
        return None
    if name is not None and name not in urls:
        return ([name] if not is_network_url(name) else []), []
    chosen = urls.get(name, ()) if name is not None else [u for values in urls.values() for u in values]
    base = os.path.dirname(common) if common else cwd
    folders, elsewhere = [], []
    if own is None or os.path.realpath(own) != os.path.realpath(common or ""):
        own_urls = _config_urls(own) if own else {}
        known = {_url_key(u) for values in (own_urls or {}).values() for u in values}
        elsewhere = [u for u in chosen if is_network_url(u) and _url_key(u) not in known]
    for url in chosen:
        if not is_network_url(url):
            folder = url[7:] if url[:7].lower() == "file://" else url
            folders.append(folder if folder.startswith(("/", "~")) else os.path.join(base, folder))
    return folders, elsewhere


def _config_urls(common):
    """{remote: [urls]} of the config file of a git common dir ({} without one), None when unreadable."""
    if not common:
        return {}
    import os

    from legant_guard.hook.scriptfiles import read_regular

    path = os.path.join(common, "config")
    if not os.path.lexists(path):
        return {}
    text = read_regular(path, _CONFIG_LIMIT)
    return None if text is None else _remote_urls(text)


def _url_key(url):
    """A URL as compared with the project's remotes: no trailing `/` or `.git`, host in lower case."""
    url = url.strip().rstrip("/")
    if url.endswith(".git"):
        url = url[:-4]
    scheme, sep, rest = url.partition("://")
    if sep:
        host, slash, path = rest.partition("/")
        return scheme.lower() + "://" + host.lower() + slash + path
    return url


def _remote_urls(text):
    """{remote name: [url and pushurl values]} of a git config file's text (`[remote "x"]`)."""
    urls, current = {}, None
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith("["):
            head = line[1:].split("]", 1)[0].strip()
            section, _, sub = head.partition(" ")
            current = sub.strip().strip('"') if section.lower() == "remote" and sub else None
            if current is not None:
                urls.setdefault(current, [])
            continue
        if current is None or "=" not in line:
            continue
        key, _, value = line.partition("=")
        if key.strip().lower() in ("url", "pushurl"):
            urls[current].append(value.strip().strip('"'))
    return urls
