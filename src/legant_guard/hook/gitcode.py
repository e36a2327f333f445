"""Git configuration and hooks that make git run code later: part of the trust base.

`git config --global core.hooksPath /tmp/h`, `include.path`, `core.pager = 'curl ..|sh'`, a
script dropped into `.git/hooks/`, or `GIT_CONFIG_GLOBAL=/tmp/g git ...` put code where git
runs it at a later git command: in this session, or in a later one under a stricter role where
the guard only sees `git commit`. That is a hook-like switch the guard cannot follow, so for
every role (operator included):

- `git config` (any scope: --global, --system, --file, the repository) writing a key that loads
  code (core.hooksPath, include.path, includeIf.*, init.templateDir, protocol.*.allow) is
  denied; a key whose value git runs as a program (core.pager, core.editor, credential.helper,
  *.textconv, `!` aliases ...) is allowed only with a plain program (a bare name and flags,
  not a shell, an interpreter or a network client); the key lists are the exec-sink catalogue
  (rules/exec_sinks.json, read by shell/sinks.py), not a second copy;
- variables that point git at configuration or programs the guard does not read
  (GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM, GIT_CONFIG_PARAMETERS, GIT_CONFIG_COUNT/KEY_n/VALUE_n,
  GIT_EXEC_PATH, GIT_TEMPLATE_DIR), other than /dev/null, are denied;
- a write into a repository's `.git/hooks/` is denied;
- git's configuration files (~/.gitconfig, $XDG_CONFIG_HOME/git/config, /etc/gitconfig, a
  repository's .git/config, whatever GIT_CONFIG_GLOBAL/SYSTEM name) are written only with text
  the guard can read that names none of those keys (as the shell start-up files are).
"""

import os

# Words of a value that run arbitrary code when git runs it as a program.
_CODE_RUNNERS = frozenset((
    "sh", "bash", "zsh", "dash", "ksh", "fish", "csh", "tcsh", "busybox", "env", "python", "python2", "python3",
    "perl", "ruby", "node", "nodejs", "deno", "bun", "php", "lua", "tclsh", "osascript", "pwsh", "powershell",
    "curl", "wget", "nc", "ncat", "netcat", "socat", "ssh", "eval", "exec", "xargs", "awk", "gawk", "sed", "npx",
    "bunx", "uvx", "pipx", "nohup", "setsid", "sudo", "doas", "source",
))
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+=,:@%")
_ENV_LABELS = ("$GIT_CONFIG", "$GIT_EXEC_PATH", "$GIT_TEMPLATE_DIR")
HOOK_FOLDERS = ("/**/.git/hooks", "/**/.git/modules/**/hooks",  # a submodule's hooks live in its modules/ dir
                # red team 42: a git folder's `commondir` file (.git's, a worktree's, a submodule's) moves where
                # git reads its configuration and hooks (`echo ../x > .git/commondir`: x/config's core.fsmonitor
                # ran at the next git status of any program that runs git, `go build` among them, where no rule
                # content-checks x/config); one rule for every place (a rule costs every call)
                "/**/commondir")
_TEXT_KEYS = (
    "hookspath", "fsmonitor", "sshcommand", "pager", "editor", "askpass", "helper", "external", "textconv",
    "command", "cmd", "process", "clean", "smudge", "driver", "tool", "program", "uploadpack", "receivepack",
    "gitproxy", "templatedir", "defaultkeycommand", "packobjectshook", "sendmailcmd", "browser", "httpd", "viewer",
    "alternaterefscommand", "difffilter", "path", "allow",
)


def hooks_could_be_below(folder):
    """Could a tree written at `folder` land in a repository's hook folder? (`cp -r x/. .git/`,
    a copy into a work tree's top, which holds `.git/hooks`). The `/**/.git/hooks` rule cannot
    say so by itself: any folder could hold a repository somewhere below."""
    folder = folder.rstrip("/")
    return folder.endswith("/.git") or "/.git/" in folder + "/" or os.path.isdir(os.path.join(folder, ".git"))


def config_files(home, env):
    """Where git reads configuration from (globs allowed)."""
    xdg = env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    paths = [os.path.join(home, ".gitconfig"), os.path.join(xdg, "git", "config"),
             os.path.join(home, ".config", "git", "config"), "/etc/gitconfig", "/**/.git/config",
             # read too: per-worktree settings (extensions.worktreeConfig), each submodule's own config
             "/**/.git/config.worktree", "/**/.git/worktrees/*/config.worktree", "/**/.git/modules/**/config"]
    paths += [env[v] for v in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM") if env.get(v) and env[v] != "/dev/null"]
    return list(dict.fromkeys(paths))


def plain_program(text):
    """A bare program name with plain flags (`less -R`, `vim`, `code --wait`, `store`)?"""
    words = text.split()
    if not words or any(not set(w) <= _PLAIN for w in words):
        return False
    return words[0] not in _CODE_RUNNERS and not words[0].startswith(("python", "-"))


# Sections whose keys load code or name programs: `git config --rename-section x core` moves
# whatever `x` holds there.
_CODE_SECTIONS = frozenset((
    "core", "include", "includeif", "alias", "pager", "filter", "diff", "merge", "credential", "gpg", "sequence",
    "uploadpack", "protocol", "init", "interactive", "sendemail", "web", "instaweb", "man", "difftool", "mergetool",
    "trailer", "submodule", "remote", "receive", "browser",
))


def _config_rewrite(cmd):
    """Why a `git config` form that rewrites configuration wholesale is denied, or None:
    `--edit` (an editor, or a GIT_EDITOR program, writes text the guard never sees) and
    `--rename-section X SECTION` into a section that loads code."""
    if cmd.executable != "git":
        return None
    from legant_guard.hook.gitsubs import git_sub as _git_sub

    found = _git_sub(cmd.argv)
    if found is None or found.name != "config":
        return None
    args = cmd.argv[found.at + 1:]
    operands = [a for a in args if not a.startswith("-")]
    if any(a in ("-e", "--edit") for a in args) or operands[:1] == ["edit"]:
        return "`git config --edit` lets an editor write git's configuration with text the guard never sees"
    for i, a in enumerate(args):
        if a in ("--rename-section", "rename-section") and i + 2 < len(args):
            section = args[i + 2].split(".", 1)[0].lower()
            if section in _CODE_SECTIONS:
                return f"`git config {a} {args[i + 1]} {args[i + 2]}` moves settings into [{section}], where git " \
                       "loads code or runs programs"
    return None


def check_command(cmd):
    """A deny Decision when `cmd` makes git run code later (see the module docstring), else None."""
    from legant_guard.hook.model import deny

    problem = _config_rewrite(cmd)
    if problem:
        return deny(f"{problem} (a hook-like switch, denied for every role); ask the user to make this change",
                    "trust-base:git-config")

    for sink in cmd.sinks:
        if not sink.label.startswith("git config "):
            continue
        key = sink.label[len("git config "):]
        if sink.payload == "code":
            return deny(f"`{sink.label}` makes git load code from what it names at a later git command (a hook-like "
                        "switch the guard cannot follow, denied for every role); ask the user to make this change",
                        "trust-base:git-config")
        value = sink.value
        if value.dynamic or not plain_program(value.text):
            return deny(f"`git config {key}` would make git run `{value.src}` at a later git command, which is not "
                        "a plain program (only a program name and flags may be set from inside the agent); ask the "
                        "user to make this change", "trust-base:git-config")
    problem = _clone_config(cmd)
    if problem:
        return deny(f"{problem}: the new repository's configuration would make git run it at a later git command "
                    "(a hook-like switch, denied for every role); ask the user to make this change",
                    "trust-base:git-config")
    template = _template_option(cmd)
    if template:
        return deny(f"`git {template}` copies hooks and configuration from a folder the guard does not read into the "
                    "repository (git runs them later); ask the user to make this change", "trust-base:git-config")
    sink = cmd.sink
    if sink is not None and sink.label.startswith(_ENV_LABELS) and sink.payload == "code":
        return deny(f"`{sink.label}` points git at configuration or programs the guard does not read (they can name "
                    "hooks and programs git runs); only /dev/null is allowed from inside the agent",
                    "trust-base:git-config")
    return None


# Keys whose value loads code whatever it is (a file read in, a hook folder, a template, a protocol).
_LOADING_LEAVES = frozenset(("hookspath", "path", "templatedir", "allow"))


def _clone_config(cmd):
    """`git clone -c/--config KEY=VALUE` writes KEY into the new repository's .git/config, which
    `git config` would have been refused for: a key that loads code, or a program key whose value
    is not a plain program. Returns why, or None."""
    if cmd.executable != "git":
        return None
    from legant_guard.hook.gitsubs import git_sub as _git_sub
    from legant_guard.shell.sinks import git_config_sink
    from legant_guard.shell.words import Exp

    found = _git_sub(cmd.argv)
    if found is None or found.name != "clone":
        return None
    args = cmd.argv[found.at + 1:]
    values = []
    for i, word in enumerate(args):
        if word in ("-c", "--config") and i + 1 < len(args):
            values.append(args[i + 1])
        elif word.startswith("--config="):
            values.append(word[len("--config="):])
        elif word.startswith("-c") and len(word) > 2 and not word.startswith("--"):
            values.append(word[2:])
    for value in values:
        key, _, setting = value.partition("=")
        leaf = key.rsplit(".", 1)[-1].lower()
        if key.lower().startswith(("include.", "includeif.")) or leaf in _LOADING_LEAVES:
            return f"`git clone --config {key}=…` sets a key with which git loads code"
        if config_text_problem(f"{leaf} =") and not plain_program(setting):
            return f"`git clone --config {key}={setting}` names something other than a plain program"
        # the exec-sink catalogue's keys too (`alias.x=!CMD`, `submodule.x.update=!CMD`, `*.textconv`)
        sink = git_config_sink(key, Exp(setting, setting, quoted=True), "git clone --config " + key)
        if sink is not None and (sink.payload == "code" or (sink.payload != "git" and not plain_program(sink.value.text))):
            return f"`git clone --config {key}={setting}` names something other than a plain program"
    return None


def _template_option(cmd):
    """`git init/clone --template=DIR`, `--separate-git-dir` (a git dir whose config is not where the
    guard looks), `git -c init.templateDir=DIR`: the option as written, else None."""
    if cmd.executable != "git":
        return None
    for i, word in enumerate(cmd.argv[1:], 1):
        low = word.lower()
        if low.startswith(("--template", "--separate-git-dir")):
            return word
        if (low == "-c" and i + 1 < len(cmd.argv) and cmd.argv[i + 1].lower().startswith("init.templatedir")) or \
                low.startswith("-cinit.templatedir"):
            return "-c init.templateDir"
    return None


# Plain aliases (`[alias]` lines `st = status -sb`): git runs `git status -sb`; only a subcommand of
# git's own that starts no program from its flags, and flags alone (no value, no `=`), no `!`.
_PLAIN_ALIAS_SUBCOMMANDS = frozenset((
    "status", "log", "diff", "show", "branch", "checkout", "switch", "commit", "add", "stash", "fetch", "restore",
    "shortlog", "describe", "blame", "remote", "tag", "reflog", "ls-files", "rev-parse"))
# (flags with which a listing runs a program: an external diff, a textconv filter, a pager)
_PROGRAM_FLAGS = frozenset(("--ext-diff", "--textconv", "-O", "--open-files-in-pager"))
_ALIAS_HEADER = r"\s*\[\s*alias\s*\]\s*(?:[#;].*)?"
_PLAIN_ALIAS = r"\s*[A-Za-z][A-Za-z0-9-]*\s*=\s*([a-z][a-z-]*)((?:[ \t]+-{1,2}[A-Za-z][A-Za-z0-9-]*)*)\s*(?:[#;].*)?"


def _without_plain_aliases(text):
    """`text` without the `[alias]` sections made only of plain aliases (and their header), which
    then need no check; any other line keeps its section in the text."""
    import re

    lines = text.split("\n")
    out, k = [], 0
    while k < len(lines):
        if not re.fullmatch(_ALIAS_HEADER, lines[k], re.I):
            out.append(lines[k])
            k += 1
            continue
        j = k + 1
        while j < len(lines) and not lines[j].lstrip().startswith("["):
            j += 1
        body = [line for line in lines[k + 1:j] if line.strip() and not line.lstrip().startswith(("#", ";"))]
        if j == len(lines) and body and re.fullmatch(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*", body[-1]):
            body.pop()  # a here-document's closing word (`cat >> ~/.gitconfig <<EOF ... EOF`), judged as text
        plain = True
        for line in body:
            m = re.fullmatch(_PLAIN_ALIAS, line)
            if m is None or m.group(1) not in _PLAIN_ALIAS_SUBCOMMANDS or line.rstrip().endswith("\\") or \
                    _PROGRAM_FLAGS.intersection(m.group(2).split()):
                plain = False
                break
        if not plain:
            out.extend(lines[k:j])
        k = j
    return "\n".join(out)


def config_text_problem(text):
    """Why `text` may not go into a git configuration file, or None."""
    from legant_guard.hook.startuptext import MAX_CHECKED_TEXT, too_long_to_check

    if len(text) > MAX_CHECKED_TEXT:
        return too_long_to_check(text)
    import re

    if "alias" in text.lower():
        text = _without_plain_aliases(text)

    m = re.search(r"(?i)\b(" + "|".join(_TEXT_KEYS) + r")\s*(=|$)", text, re.M) or \
        re.search(r"(?i)\[\s*(include|includeif|alias|pager)\b", text) or re.search(r"=\s*\"?\s*!", text)
    if m:
        return (f"it contains `{m.group(0).strip()}`, a setting with which git loads code or runs a program at a "
                "later git command")
    return None


def gitfile_text_problem(text):
    """Why `text` may not go into a `.git` file: `gitdir: X` makes git read X's configuration and run
    X's hooks for the folder, files no rule content-checks (red team 42: `printf 'gitdir: ../x' >
    sub/.git`, then x/config's core.fsmonitor ran at `go build`'s git status in sub)."""
    if "gitdir" in text.lower():
        return ("`gitdir:` points git at another folder, whose configuration and hooks git then loads for this "
                "one where the guard does not check them; ask the user to set up the repository")
    return None


def hook_write_deny(path, hit):
    from legant_guard.hook.model import deny

    for folder, what in (("/.claude/skills", "skill"), ("/.claude/agents", "sub-agent"),
                         ("/.claude/workflows", "workflow")):
        if folder in hit:
            return deny(f"writing {path} changes a Claude Code {what} ({hit}): the {what}s below the project are "
                        "loaded when the agent works there, and their hooks, !`command` lines and scripts run without "
                        f"a tool call (denied for every role); ask the user to add {what}s", "trust-base:agent-config")
    if hit.endswith("/commondir"):
        return deny(f"writing {path} moves where git reads this repository's configuration and hooks ({hit}): every "
                    "later git command, and every program that runs git, would load them from a folder whose files "
                    "the guard does not check (denied for every role); ask the user to set up the repository",
                    "trust-base:git-hooks")
    return deny(f"writing {path} puts a git hook in {hit}: git runs it at a later commit, checkout or merge, where "
                "the guard sees only the git command (denied for every role); ask the user to install hooks",
                "trust-base:git-hooks")
