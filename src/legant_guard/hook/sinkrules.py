"""Rules for what a shell command runs or reaches without naming it as a program.

- bash's `/dev/tcp/HOST/PORT` and `/dev/udp/...` redirects open network connections: they are
  exfiltration wherever the token denies exfiltration commands (deny-cmd for curl/nc/...,
  or a command allow-list, which such a command is not on); so is tar's or cpio's archive
  named HOST:FILE, which they reach through a remote shell;
- HOME=, GIT_DIR=, XDG_CONFIG_HOME= ... point programs at a folder they read and write, and
  GIT_TRACE*= at a file git appends to;
- inline interpreter code is judged by hook/interpcode.py;
- a command that is the payload of an exec sink (`git rebase --exec CMD`, `GIT_SSH_COMMAND`,
  see rules/exec_sinks.json and shell/sinks.py) is denied with a reason that names the sink.
Pure functions over one analysed SimpleCommand; the engine calls them.
"""

from legant_guard.hook.model import deny
from legant_guard.hook.paths import wildcard_match

# Programs whose denial by deny-cmd means "this token denies network exfiltration".
_NETWORK_PROGRAMS = ("curl", "wget", "nc", "ncat", "netcat", "socat", "telnet")
_NETWORK_DEVICES = ("/dev/tcp/", "/dev/udp/")


def denies_network(policy):
    """Does the token deny network commands (an allow-list, or deny-cmd for curl/nc/...)?"""
    if policy.cmds:
        return True
    return any(wildcard_match(p, name) or wildcard_match(p.casefold(), name)
               for p in policy.deny_cmds for name in _NETWORK_PROGRAMS)


def network_redirect(cmd):
    """The /dev/tcp or /dev/udp redirect target of a command, if any."""
    for r in cmd.redirects:
        if r.target.startswith(_NETWORK_DEVICES):
            return r.target
    return None


# Archivers that reach an archive named HOST:FILE on another host through a remote shell.
REMOTE_ARCHIVERS = frozenset(("tar", "gtar", "cpio"))


def remote_archive(cmd):
    """The word of `tar cf host:x src`, `tar -czf user@host:x .`, `tar --file=h:x`, `cpio -o -F h:x`,
    `TAPE=h:x tar c`: GNU tar and cpio take an archive name with a colon before any slash as a
    file on another host, reached through rsh/ssh (unless --force-local). Any word of the
    command in that shape counts (a member named `a:b` too: rare, and only where the network
    is denied)."""
    if "--force-local" in cmd.argv:
        return None
    for word in cmd.argv[1:]:
        head, colon, _ = word.partition(":")
        if colon and head and "/" not in head and not head.endswith("="):
            return word
    return None


def check_remote_archive(policy, cmd, command):
    """Deny an archiver's remote archive (remote_archive) where the token denies the network."""
    word = remote_archive(cmd)
    if word is None and "TAPE" in command and "--force-local" not in cmd.argv:
        word = "$TAPE"  # (tar's default archive; the guard does not follow its value)
    if word and denies_network(policy):
        return deny(f"`{cmd.executable}` would reach the archive `{word}` on another host through a remote shell "
                    "(a name with a colon before any slash; --force-local keeps it a local file), and the token "
                    "denies network commands (exfiltration)", "network")
    return None


# git's options of `push` that take the next word as their value.
_PUSH_WITH_VALUE = ("--repo", "-o", "--push-option", "--receive-pack", "--exec", "--signed", "--recurse-submodules")
# Settings on git's command line that choose where a push goes (`-c remote.origin.url=URL push`).
# (http.*: a proxy the push goes through, and whether git checks the certificate of what answers:
# `-c http.proxy=http://host -c http.sslVerify=false` hands the pushed objects to that host)
_DESTINATION_SETTINGS = ("remote.", "url.", "http.")
# Folders git reads its global configuration from (~/.gitconfig, $XDG_CONFIG_HOME/git/config),
# where `url.X.pushInsteadOf` can send a push by name elsewhere.
_CONFIG_HOMES = frozenset(("HOME", "XDG_CONFIG_HOME"))


def pushed_to(cmd, sub):
    """Where `git push` sends the repository when the command itself says so: a URL or a
    `host:path` given as the repository (or --repo), or a -c/--config-env setting that names or
    rewrites a remote's URL; None for a push to a configured remote by name (`origin`)."""
    argv = cmd.argv
    for k in range(1, sub.at):
        if argv[k] in ("-c", "--config-env") and k + 1 < sub.at and \
                argv[k + 1].lower().startswith(_DESTINATION_SETTINGS):
            return argv[k + 1]
        word = argv[k]
        setting = word[len("--config-env="):] if word.startswith("--config-env=") else \
            word[2:] if word.startswith("-c") and not word.startswith("--") else ""
        if setting.lower().startswith(_DESTINATION_SETTINGS):
            return word
    k = sub.at + 1
    while k < len(argv):
        word = argv[k]
        if word == "--":
            k += 1
            break
        if word.startswith("--repo="):
            return word[len("--repo="):]
        if word == "--repo":
            return argv[k + 1] if k + 1 < len(argv) else word
        if word in _PUSH_WITH_VALUE:
            k += 2
            continue
        if not word.startswith("-"):
            break
        k += 1
    if k < len(argv):
        word = argv[k]
        head, colon, _ = word.partition(":")
        if "://" in word or (colon and head and "/" not in head) or word.startswith(("/", ".", "~")):
            return word
    return None


def check_git_push(policy, cmd, context=None):
    """`git push URL` (or a setting that points a remote elsewhere) sends the repository to a host
    the command names: exfiltration, where the token denies network commands. A push to a
    configured remote by name stays allowed, so gitremotes.py judges the commands that re-point
    a remote, and other git commands that could push."""
    from legant_guard.hook.gitsubs import git_sub

    sub = git_sub(cmd.argv)
    if sub is None or sub.name not in ("push", "send-pack") or not denies_network(policy):
        return None
    where = pushed_to(cmd, sub)
    moved = [e for e in getattr(context, "env_paths", ()) if e.variable in _CONFIG_HOMES]
    if where is None and moved:  # `HOME=. git push origin` with ./.gitconfig the agent wrote
        return deny(f"`git {sub.name}` under {moved[0].variable}={moved[0].folder} reads the git settings in that folder, "
                    "which can send a push by name to another host, and the token denies network commands "
                    "(exfiltration); push without changing the folder", "network")
    if where is None and context is not None and sub.name == "push":
        from legant_guard.hook import gitremotes  # `git remote add x URL && git push x`

        verdict = gitremotes.check_added_earlier(context.commands)
        if verdict:
            return verdict
        # the remote's URL on disk: a folder there is written into (`git remote add b /tmp/x` in
        # an earlier call, then `git push b`)
        found = gitremotes.pushed_by_name(cmd, sub, context.project)
        if found is None:
            return deny("`git push` by name: the repository's configuration cannot be read to see where the remote "
                        "points, and the token denies network commands (exfiltration)", "network")
        folders, elsewhere = found
        if elsewhere:
            return deny(f"`git push` would send a repository to `{elsewhere[0]}`, which the project's own repository does "
                        "not list as a remote (a repository cloned or a submodule added in the session), and the token "
                        "denies network commands (exfiltration); push the project's own repository to its remotes",
                        "network")
        from legant_guard.hook.engine import check_written_path

        for folder in folders:
            verdict = check_written_path(policy, context.protected, folder, cmd.cwd, context.home, context.project)
            if verdict:
                verdict.reason = f"`git push` would write into the repository at {folder}: " + verdict.reason
                return verdict
    if sub.name == "send-pack" or where is not None:
        return deny(f"`git {sub.name}` would send the repository to `{where or 'the host it names'}`, which the command "
                    "names itself, and the token denies network commands (exfiltration); push to a configured "
                    "remote by name (`git push origin BRANCH`)", "network")
    return None


def check_git_remotes(policy, cmd, context=None):
    """Other git commands that send the repository or point a later push elsewhere
    (gitremotes.py), where the token denies network commands."""
    from legant_guard.hook.gitsubs import git_sub

    sub = git_sub(cmd.argv)
    if sub is None or sub.name in ("push", "send-pack") or not denies_network(policy):
        return None
    from legant_guard.hook import gitremotes

    return gitremotes.check(cmd, sub, context.commands if context is not None else ())


def check(policy, cmd):
    target = network_redirect(cmd)
    if target and denies_network(policy):
        return deny(f"the redirect to {target} makes bash open a network connection, and the token denies "
                    "network commands (exfiltration)", "network")
    return None


def check_environment_paths(policy, protected, analysis, action, home):
    """HOME=/x, GIT_DIR=/x ...: the programs of the command read and write in that folder, so it
    is checked like a folder the command names; GIT_TRACE=/x is a file git appends to (a write)."""
    from legant_guard.hook.engine import _check_path

    for env in analysis.env_paths:
        if env.what in ("git", "options"):
            continue  # (judged where git runs, hook/gitplace.py; where rg runs, hook/optionfiles.py)
        if env.what == "value":  # a value that may be a file the program opens: the deny side only
            verdict = _check_path(policy, protected, env.folder, action.cwd, home, action.project, "fs.read",
                                  deny_only=True)
            if verdict:
                return deny(f"{env.variable}={env.folder} hands the program a file it may read: "
                            f"{verdict.reason.removeprefix('Legant: ')}", verdict.rule)
            continue
        verdict = _check_path(policy, protected, env.folder, action.cwd, home, action.project, env.what,
                              exempt_devices=True)
        if verdict:
            use = "write into that file" if env.what == "fs.write" else "use that folder"
            return deny(f"{env.variable}={env.folder} makes programs {use}: {verdict.reason}", verdict.rule)
        if env.what == "fs.write" and protected.trust is not None:
            verdict = _unchecked_text(protected.trust, env, action.cwd, home)
            if verdict:
                return verdict
    return None


def _unchecked_text(trust, env, cwd, home):
    """A start-up file or git configuration takes only text the guard can check; a trace git
    appends (`GIT_TRACE=~/.bashrc`) is not such a text."""
    from legant_guard.hook.paths import path_variants
    from legant_guard.hook.trustbase import _content_rule

    checked = trust._content_checked(path_variants(env.folder, cwd, home))
    if not checked:
        return None
    return deny(f"{env.variable}={env.folder} makes git append its trace to {checked[0]}: the text written cannot "
                "be determined (only echo, printf or a here-document with literal text can write it)",
                _content_rule(checked[0]))


def explain_sink(verdict, cmd):
    """Add to a denial which exec sink would run the denied command, when it is a payload."""
    sink = cmd.sink
    if sink is None or "run later by" in verdict.reason:
        return verdict
    return deny(f"{verdict.reason} (run later by `{sink.label}`: {sink.reason})", verdict.rule)
