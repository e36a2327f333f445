"""The decision: a pure function from (verified claims, action, overlay, protected paths, time) to a Decision.

No I/O beyond reading the file system's symlinks to resolve paths (invariant 5), no globals,
no clock of its own. Order: fail-closed state; revocation; time window; scope; tool rules;
then per capability: paths, shell commands, hosts. Deny beats allow everywhere; the overlay
only adds denials; self-protection applies to every role.
"""


import os

# The shell's modules (commandrules, cmdforms, linkwalk, precision, sinkrules) are imported in
# the functions that use them: a file tool's call (most calls) does not pay for loading them.
from legant_guard.hook.model import COORD, OTHER, allow, deny
from legant_guard.hook.budget import tick
from legant_guard.hook.paths import (LateUnion, PathRule, UnresolvablePath, RuleSet, fold_path, is_glob, is_inside,
                                     expand_glob, known_absent, path_variants, wildcard_match)
from legant_guard.hook.gitsubs import INDEX_ONLY_WORDS, may_send as git_may_send
from legant_guard.hook.policy import DENY_ALL, Policy

# Targets that are never "outside the project" for a shell command.
_DEVICE_SINKS = frozenset(("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/zero", "/dev/random", "/dev/urandom",
                           # the reading process's standard streams (/dev/stdin is /proc/self/fd/0)
                           "/dev/stdin", "/proc/self/fd/0", "/proc/self/fd/1", "/proc/self/fd/2"))
SELF_COMMANDS = frozenset(("legant", "legant-guard"))
PY_RUNNERS = frozenset(("uvx", "pipx", "uv"))  # (trustbase.PY_RUNNERS: they may run the guard's package)
_HARD_LINKERS = frozenset(("ln", "link", "cp", "rsync"))  # (hook/hardlinks.py)
# Programs that run PROG-NAME from PATH for a subcommand not their own (hook/programs.DISPATCHERS)
_DISPATCHERS = frozenset(("git", "cargo", "kubectl", "oc", "gh", "dotnet", "hub", "docker"))
# Programs that remove or empty a folder an option names (hook/wipers.py: `pytest --basetemp DIR`)
_WIPERS = frozenset(("pytest", "py.test", "cargo", "mkdocs", "go", "jest", "yarn", "uv", "pre-commit", "conda", "mamba",
                     "micromamba", "virtualenv", "mdbook", "hugo", "vite", "npx", "pnpx", "bunx", "pnpm", "bun",
                     "bazel", "bazelisk", "tar", "gtar", "bsdtar", "zip", "7z", "7za", "7zr", "rar", "lha", "arj",
                     "rustup", "coverage"))
# Monorepo tools whose `exec` runs the command after it in every package (`nx exec -- CMD`, `lerna
# exec CMD`, also started by a package runner: `npx nx exec -- CMD`): a denied program among the
# words is denied, as for the loose runners below (red team 32); the allow-list's forms judge the rest.
_EXEC_RUNNERS = frozenset(("nx", "lerna", "npx", "pnpx", "bunx", "pnpm", "yarn"))
_PERMISSION_CHANGERS = frozenset(("chmod", "setfacl", "chacl"))  # (hook/permissions.py)
_SPLITTERS = frozenset(("split", "csplit", "gsplit", "gcsplit"))  # (hook/payloadpaths.SPLITTERS)
_PAYLOAD_PROGRAMS = frozenset((  # (hook/payloadpaths.PAYLOAD_PROGRAMS)
    "vim", "vi", "nvim", "view", "ex", "gvim", "evim", "vimdiff", "rvim", "rview", "vimx", "ed", "red", "emacs",
    "emacsclient", "sqlite3", "duckdb", "gdb", "lldb", "tmux", "screen", "script", "psql", "mysql", "mariadb", "nano",
    "kak", "helix", "hx", "mg", "jed", "joe", "gnuplot",
))
scriptfiles_AWKS = frozenset(("awk", "gawk", "mawk", "nawk", "original-awk"))  # (hook/scriptfiles.py)


class Protected:
    """The guard's own files and the agents' hook configs: never readable or writable by the agent."""

    __slots__ = ("rules", "secrets", "index", "roots", "trust", "_with_deny", "_identities")

    def __init__(self, paths, home, secrets=(), trust=None, literal=False):
        self.rules = [PathRule(p, "/", home, fold=True, literal=literal) for p in paths if p]
        self.index = RuleSet(self.rules, fold=True)
        # (fixed folder of each rule, its position), sorted: the rules below a folder are one
        # run of this list (contained_in looks them up instead of testing every rule).
        self.roots = sorted((rule.root(), k) for k, rule in enumerate(self.rules))
        # The guard's installation (readable, never writable) and the shell start-up files
        # (written only with text that switches no hook off): hook/trustbase.TrustBase.
        self.trust = trust
        if trust is not None:
            trust.protected = self  # (installers filling a folder judge it against both sets)
        # The guard's own files (key, tokens): a search that reads everything below a folder
        # must not start above them. (Hook configs inside the project are left out here, or
        # no search of the project would be possible.)
        self.secrets = [PathRule(p, "/", home, fold=True, literal=literal) for p in secrets if p]
        self._identities = None
        self._with_deny = (None, None, False)

    def quiet(self, folded, deny_rules, variants=None):
        """True when neither a protected path nor a rule of `deny_rules` (the token's deny-path
        RuleSet, folded like these) matches any of the folded spellings: one lookup in their
        union, where a path the agent may touch (nearly all of them) needs no other.

        Once a write has been judged against the trust base in this call, the union holds its
        written sets too, and a quiet `variants` is remembered as meeting none of them either
        (TrustBase._may_be_judged then needs no lookup of its own: a long command's writes are
        looked up once, not twice)."""
        known, union, covers = self._with_deny
        trust = self.trust
        if known is not deny_rules or (not covers and trust is not None and trust.writes_judged()):
            covers = trust is not None and trust.writes_judged()
            rules = (lambda: self.rules + deny_rules.rules + trust.written_rules()) if covers else \
                (lambda: self.rules + deny_rules.rules)
            union = LateUnion(rules, union if known is deny_rules else None)
            self._with_deny = (deny_rules, union, covers)
        if union.may_match(folded):
            return False
        if covers and variants is not None:
            trust.clear.add(variants)
        return True

    def linked_to(self, path):
        """The protected file `path` is another name of (a hard link made outside the agent's tool
        calls: `ln GUARD/key.pem proj/k`), or None. Costs one stat; the protected files' own
        identities are looked up only when a file with several names turns up. A path the
        resolution found missing (most paths a long command writes) needs no stat."""
        if known_absent(path):
            return None
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return None
        if st.st_nlink < 2 or (st.st_mode & 0o170000) != 0o100000:
            return None
        if self._identities is None:
            self._identities = _identities([r.source for r in self.rules + self.secrets if not r.glob])
        return self._identities.get((st.st_dev, st.st_ino))

    def hit(self, variants, folded=None):
        for k, v in enumerate(variants):
            rule = self.index.first_match(v, folded[k] if folded else None)
            if rule is not None:
                return rule.source
        return None

    def contained_in(self, variants, names=None, rules=None, accept=None):
        """The protected path a recursive delete (or search) of `variants` would reach, if any.

        `names` (from `find ... -name P -delete`) bounds the delete to entries named like P:
        then only a protected path with a component below the target matching every P counts.
        `rules`: check these instead of every protected path (the guard's own files: `secrets`).
        `accept`: count only the protected paths it accepts (their source), e.g. those on disk.
        """
        if rules is not None:
            for rule in rules:
                for v in variants:
                    if rule.contained_in(v) and (names is None or
                                                 _names_reach(rule.anchored, fold_path(v) if rule.fold else v, names)):
                        return rule.source
            return None
        from bisect import bisect_left  # (only deletes and searches get here: no C module load on most calls)

        first = None
        for v in variants:
            probe = fold_path(v)  # protected rules fold
            k = bisect_left(self.roots, (probe,))
            while k < len(self.roots):
                root, position = self.roots[k]
                k += 1
                if not root.startswith(probe):
                    break
                if (probe == "/" or root == probe or root[len(probe)] == "/") and (first is None or position < first) \
                        and (names is None or _names_reach(self.rules[position].anchored, probe, names)) \
                        and (accept is None or accept(self.rules[position].source)):
                    first = position
        return None if first is None else self.rules[first].source


def _identities(paths):
    """{(device, inode): path} of the regular files among `paths` and in the folders among them
    (one level, at most 256 entries each: the guard dir)."""
    out = {}
    for path in paths:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            continue
        if (st.st_mode & 0o170000) == 0o040000:
            try:
                names = sorted(os.listdir(path))[:256]
            except OSError:
                continue
            for name in names:
                try:
                    inner = os.stat(os.path.join(path, name))
                except OSError:
                    continue
                if (inner.st_mode & 0o170000) == 0o100000:
                    out.setdefault((inner.st_dev, inner.st_ino), os.path.join(path, name))
        elif (st.st_mode & 0o170000) == 0o100000:
            out.setdefault((st.st_dev, st.st_ino), path)
    return out


def _names_reach(protected, root, names):
    """Would a find name filter select `protected` or one of its folders below `root`?"""
    below = protected[len(root):].strip("/").split("/") if protected.startswith(root) else []
    for component in below:
        if all(wildcard_match(f.pattern.lower(), component.lower()) if f.icase else wildcard_match(f.pattern, component)
               for f in names):
            return True
    return False


def decide(claims, action, overlay, protected, now, home, revoked=frozenset(), lineage=(), state_error=None):
    """Decide one action. `claims` are already verified; `state_error` is a fail-closed reason
    (bad token, unloadable feed, corrupt overlay, unreadable event) found before this point."""
    if state_error:
        return deny(state_error, "fail-closed")
    if action.error:
        return deny(action.error, "unreadable-call")
    for jti in lineage:
        if jti in revoked:
            which = "this token" if jti == claims.get("jti") else f"its parent token {jti}"
            return deny(f"the delegation token is revoked ({which} is on the revocation feed)", "revoked")
    policy = Policy(claims, overlay)
    if policy.time_window:
        problem = _module("hook.timewindow").outside_time_window(policy.time_window, now)
        if problem:
            return deny(problem, "time-window")
    if action.verb != COORD and not policy.grants(action.verb):
        if action.verb == OTHER:
            if action.tool not in policy.tools:
                return deny(f"unknown tool `{action.tool}` is not granted (needs scope * or the tool in the token's tool list)", "scope")
        else:
            have = " ".join(sorted(policy.scope)) or "nothing"
            refused = f"`{action.tool}` needs capability {action.verb}; the token grants {have}"
            if action.verb == "shell.exec" and action.shell_reads and policy.grants("fs.read"):
                return _module("hook.readscope").shell_as_reads(policy, protected, action, home, refused)
            return deny(refused + _module("hook.formhints").scope_hint(action.tool, action.verb, policy.grants), "scope")
    verdict = _tool_rules(policy, action.tool)
    if verdict:
        return verdict
    project = action.project
    if action.verb in ("fs.read", "fs.write"):
        if action.verb == "fs.write":
            verdict = _device_written_by_tool(action, home)
            if verdict:
                return verdict
        for path in action.paths:
            verdict = _check_path(policy, protected, path, action.cwd, home, project, action.verb, deletes=action.deletes,
                                  recursive=action.recursive)
            if verdict:
                return verdict
        if action.recursive:  # the agent's own content search (Grep, opencode grep): what it reads below
            from legant_guard.hook import commandrules

            verdict = commandrules.check_search_tool(action, protected, policy, home)
            if verdict:
                return verdict
    elif action.verb == "shell.exec":
        verdict = _check_shell(policy, protected, action, home)
        if verdict:
            return verdict
    elif action.verb == "net.fetch":
        verdict = _module("hook.hostrules").check_host(policy, action)
        if verdict:
            return verdict
    else:
        # Unknown and MCP tools: their path-like arguments meet the deny side only (what the
        # tool does with them is unknown, so an allow-list cannot be applied fairly); a disk
        # among them may be written.
        verdict = _device_written_by_tool(action, home) if action.paths else None
        if verdict:
            return verdict
        # A whole value may be a folder the tool reads below (recursive: the guard's files or a
        # denied folder under it), except for a tool that shows names only (hook/toolargs.py).
        wholes = set(action.arg_values) if action.arg_values and not _module("hook.toolargs").shows_names_only(
            action.tool) else ()
        heads = {}
        for path in action.paths:
            recursive = path in wholes
            verdict = _check_path(policy, protected, path, action.cwd, home, project, action.verb, deny_only=True,
                                  recursive=recursive)
            if verdict:
                return verdict
            if path[:1] not in ("/", "~", "$"):
                for base in _module("hook.toolpaths").server_bases(path, action.cwd, project, home, heads):
                    verdict = _check_path(policy, protected, path, base, home, project, action.verb, deny_only=True,
                                          recursive=recursive)
                    if verdict:
                        return verdict
        if action.arg_values:  # folders a tool may read below, globs it may expand (hook/toolargs.py)
            verdict = _module("hook.toolpaths").check_tool_arguments(policy, protected, action, home)
            if verdict:
                return verdict
        if policy.deny_hosts and action.arg_input is not None:  # URLs a tool may fetch (hook/toolhosts.py)
            verdict = _module("hook.toolhosts").check(policy, action, action.arg_input)
            if verdict:
                return verdict
    return allow()


def _outside_allowed_paths(policy, protected, cmd, home, project):
    """A search (`rg foo /usr`, `grep -r x ~`, `find /`) naming a folder outside the token's
    allowed paths is refused by that path before its tree is walked: the path checks after the
    walk would refuse it anyway, and the walk takes seconds for /usr."""
    if not policy.paths or cmd.executable not in _module("hook.commandrules").SEARCH_PROGRAMS:
        return None
    _, allow_rules = policy.path_rules(project, home)
    for path in cmd.paths:
        if path in cmd.globs:
            continue  # (what a pattern matches is checked file by file)
        try:
            physical = path_variants(path, cmd.cwd, home)[-1]
        except UnresolvablePath:
            continue  # (the path checks give the reason)
        if allow_rules.first_match(physical) is None:
            return _check_path(policy, protected, path, cmd.cwd, home, project, "shell", exempt_devices=True)
    return None


def _unwrap_login_shell(action):
    """Codex's own `bash -lc 'SCRIPT'` around the whole command: the script, judged in its place
    (hook/outershell.py), for a reviewer's reads and a builder's commands alike."""
    if action.command[:2] in ("ba", "sh", "zs", "da"):
        action.command = _module("hook.outershell").script(action.command) or action.command


_MODULES = {}  # name -> the module legant_guard.NAME, once _module has loaded it


def _module(name):
    """legant_guard.NAME (`hook.cmdforms`), loaded on first use (a file tool's call loads none of
    the shell's modules) and then kept at hand: an import statement in a function costs 1-5 us
    every time it runs, and a long command line runs the per-command checks hundreds of times."""
    found = _MODULES.get(name)
    if found is None:
        import sys

        full = "legant_guard." + name
        __import__(full)
        found = _MODULES[name] = sys.modules[full]
    return found


def _analyze(command, cwd, home, cd_choice=None, environment=None, fork_choice=None):
    """shell.analyze, knowing what `git rev-parse --show-toplevel` prints where the guard can
    (`cd "$(git rev-parse --show-toplevel)" && make test`: hook/gittop.py)."""
    from legant_guard import shell

    repo_top = None
    if "rev-parse" in command:
        from legant_guard.hook import gittop

        repo_top = gittop.resolver(command, os.environ, home)
    return shell.analyze(command, cwd, home, repo_top, cd_choice, environment, fork_choice)


def _tool_rules(policy, tool):
    for pattern in policy.deny_tools:
        if wildcard_match(pattern, tool):
            return deny(f"tool `{tool}` is denied by deny-tool `{pattern}`", "deny-tool")
    if policy.tools:
        if DENY_ALL in policy.tools or not any(wildcard_match(p, tool) for p in policy.tools):
            return deny(f"tool `{tool}` is not on the token's tool allow-list", "tools")
    return None


def _check_path(policy, protected, path, cwd, home, project, what, deletes=False, exempt_devices=False,
                deny_only=False, recursive=False, delete_names=None, names_only=None):
    """`names_only`: the namesonly.Lister of a program that shows only the path's name and
    metadata (`ls -la opencode.json`): the path is judged by the folder it lies in (unless
    the program lists what is inside it, a folder)."""
    tick()
    try:
        variants = path_variants(path, cwd, home)
    except UnresolvablePath as e:
        return deny(f"{e}; the call is denied because where it leads cannot be known", "unresolvable-path")
    shown = variants[0]
    folded = [fold_path(v) for v in variants]  # the deny side ignores case and Unicode form
    deny_rules, allow_rules = policy.path_rules(project, home)
    quiet = protected.quiet(folded, deny_rules, variants)
    shown_only = names_only is not None and not quiet and not names_only.lists(variants[-1])
    if shown_only:  # (a hook config itself: its name and metadata are its folder's; deny-path as always)
        verdict = _names_only_entry(protected, variants, folded)
        if verdict:
            return verdict
    hit = not quiet and not shown_only and protected.hit(variants, folded)
    if hit:
        return deny(f"{shown} is protected: the guard's own files and hook configs are off limits to the agent" + _physically(variants), "protected")
    hit = protected.linked_to(variants[-1])
    if hit:
        return deny(f"{shown} is another name (a hard link) of {hit}, which is protected: the guard's own files and "
                    "hook configs are off limits to the agent", "protected")
    if protected.trust is not None and what not in ("fs.read", "shell"):
        verdict = protected.trust.check_write(variants, deletes)
        if verdict:
            return verdict
    if deletes:
        hit = protected.contained_in(variants, delete_names)
        if hit:
            return deny(f"deleting or moving {shown} would remove {hit}, which is protected" + _physically(variants), "protected")
    if recursive:
        hit = protected.contained_in(variants, rules=protected.secrets)
        if hit:
            return deny(f"searching {shown} would read {hit}, which is protected; search a folder below it" + _physically(variants), "protected")
    for k, v in (() if quiet else enumerate(variants)):
        rule = deny_rules.first_match(v, folded[k])
        # .env.example is not a secret: a wildcard rule matches it only through its suffix (plain
        # rules come first in first_match, so an exempt glob means no rule names the template).
        if rule is not None and not _module("hook.denyside").template_exempt(rule, v):  # (loaded only when a rule hits)
            return deny(f"{shown} is denied by deny-path {rule.source}" + _physically(variants), "deny-path")
    if recursive:
        # A search above the project (home, /) must not sweep up ~/.ssh; inside the project
        # denied files are not found by a search (.env, .git/config: a documented limit).
        for rule in deny_rules.rules:
            for v in variants:
                if not rule.glob and not is_inside(v, project) and rule.contained_in(v):
                    return deny(f"searching {shown} would read {rule.source}, which is denied by deny-path" + _physically(variants), "deny-path")
    if deny_only or (exempt_devices and (variants[0] in _DEVICE_SINKS or variants[-1] in _DEVICE_SINKS)):
        return None
    if policy.paths:
        if DENY_ALL in policy.paths:
            return deny(f"{shown}: no paths are allowed to this token" + _physically(variants), "paths")
        if allow_rules.first_match(variants[-1]) is not None:
            return None
        roots = ", ".join(policy.paths)
        return deny(f"{shown} is outside the allowed paths ({roots})" + _physically(variants), "paths")
    return None


def _names_only_entry(protected, variants, folded):
    """A path whose name and metadata alone a program shows (hook/namesonly.py): for a hook
    config, what a listing of its folder shows, so it is refused only where that folder is
    protected (what is inside a protected folder stays hidden) or where it is one of the
    guard's own files (key, tokens, audit: their names too). The deny side (deny-path) is
    judged as always after this: a token's `deny-path` means never, by tool or shell."""
    for k, v in enumerate(variants):
        for rule in protected.secrets:
            if rule.matches_prepared(folded[k]):
                return deny(f"{variants[0]} is protected: the guard's own files are off limits to the agent, "
                            "their names too" + _physically(variants), "protected")
        folder = v.rsplit("/", 1)[0] or "/"
        if folder == v:
            continue
        folded_folder = fold_path(folder)
        rule = protected.index.first_match(folder, folded_folder)
        if rule is not None:
            return deny(f"{variants[0]} lies in {rule.source}, which is protected: the guard's own files and hook "
                        "configs are off limits to the agent" + _physically(variants), "protected")
    return None


def _physically(variants):
    """The tail of a reason when a symlink makes the physical path differ from the spelling."""
    if variants[-1] != variants[0]:
        return f" (through a symlink, {variants[0]} is physically {variants[-1]})"
    return ""


def check_written_path(policy, protected, path, cwd, home, project):
    """A file a program writes without naming it as an operand (sed's `w FILE`)."""
    return _check_path(policy, protected, path, cwd, home, project, "fs.write", exempt_devices=True)


def check_read_path(policy, protected, path, cwd, home, project):
    """A file a program reads without naming it as an operand (sed's `r FILE`)."""
    return _check_path(policy, protected, path, cwd, home, project, "fs.read", exempt_devices=True)


# Programs of rules/secret_readers.json (a quick test before the catalogue is read; the test
# suite holds the two in step).
_SECRET_READER_NAMES = frozenset(("git", "git-credential-store", "git-credential-netrc", "kubectl", "gcloud", "aws",
                                  "az", "gpg", "gpg2", "gh", "npm", "pnpm", "yarn", "pass"))


def _secret_reader(policy, protected, cmd, home, project):
    """`git credential fill`, `gh auth token`, `git remote -v` of a URL with a token: a read of
    the store it prints (hook/secretreaders.py), against the deny side."""
    cmd = _module("hook.commandrules").as_the_program(cmd)  # (`NPM config get` on macOS)
    if cmd.executable not in _SECRET_READER_NAMES and not cmd.executable.startswith("docker-credential-"):
        return None
    from legant_guard.hook import secretreaders

    return secretreaders.check(cmd, lambda store: _check_path(
        policy, protected, store, cmd.cwd, home, project, "fs.read", deny_only=True))


def _check_shell(policy, protected, action, home):
    _unwrap_login_shell(action)
    # (the agent's environment: KUBECONFIG, AWS_CONFIG_FILE ... it sets, shell/configprograms.py)
    environment = protected.trust.env if getattr(protected, "trust", None) is not None else None
    analysis = _analyze(action.command, action.cwd, home, environment=environment)
    if not analysis.cwd_forks:
        return _check_in_folders(policy, protected, action, home, analysis, environment, None)
    # `cd ~; cd /tmp/nope; cat .netrc`: after a cd that may fail, every folder it may leave (shell/cwdforks.py)
    from legant_guard.shell.cwdforks import variants

    for each, choice in variants(analysis, lambda choice: _analyze(action.command, action.cwd, home,
                                                                   environment=environment, fork_choice=choice)):
        if each is None:
            return _module("hook.readscope").forks_undetermined(analysis) if policy.has_path_rules() else None
        verdict = _check_in_folders(policy, protected, action, home, each, environment, choice)
        if verdict:
            return verdict
    return None


def _check_in_folders(policy, protected, action, home, analysis, environment, fork_choice):
    if analysis.cd_sites and analysis.undetermined:
        # `for d in packages/*/; do (cd "$d" && npm test); done`: judged in each folder (hook/loopdirs.py)
        each = _module("hook.loopdirs").variants(
            analysis, lambda choice: _analyze(action.command, action.cwd, home, choice, environment, fork_choice),
            _glob_options(analysis, action.command), action.command)
        if each is not None:
            for analysis in each:
                verdict = _check_analysis(policy, protected, action, home, analysis)
                if verdict:
                    return verdict
            return None
    return _check_analysis(policy, protected, action, home, analysis)


def _check_analysis(policy, protected, action, home, analysis):
    from legant_guard.hook import commandrules
    from legant_guard.shell.knowledge import NAMES_ONLY_PROGRAMS

    from legant_guard import shell

    command = action.command
    if analysis.error:
        return deny(f"could not analyse the shell command: {analysis.error}", "shell-parse")
    for hit in shell.match_tripwires(analysis, home):
        if hit.severity == "catastrophic" or policy.destructive_tripwires:
            return deny(f"tripwire {hit.id} ({hit.severity}): {hit.reason}", "tripwire:" + hit.id)
    # The working directory is where path-less commands (`ls`, `git status`) act; Codex takes it
    # from the model's `workdir`, opencode from bash's `workdir`. Check it like a `cd` target.
    verdict = _check_path(policy, protected, action.cwd, action.cwd, home, action.project, "shell", exempt_devices=True)
    if verdict:
        return verdict
    # Files an apply_patch body in the command writes (agents/common.shell_action), relative to
    # the working directory or to a directory the command changes into first.
    bases = [action.cwd] + [cmd.cd_target for cmd in analysis.commands if cmd.cd_target]
    if action.paths:  # Codex joins `cd DIR`'s DIR as written, and the kernel takes its `..` after a link
        bases += [os.path.join(cmd.cwd, cmd.argv[-1]) for cmd in analysis.commands
                  if cmd.cd_target and len(cmd.argv) > 1 and "/.." in "/" + cmd.argv[-1]]
    for path in action.paths:
        for base in bases:
            verdict = _check_path(policy, protected, path, base, home, action.project, "fs.write", deletes=action.deletes)
            if verdict is None and protected.trust is not None:
                verdict = protected.trust.check_patch_text(path, base, action.command or "")
            if verdict is None and os.path.basename(path) in _module("hook.trustbase").PROGRAM_CONFIG_NAMES:
                verdict = _config_writes(policy, protected, action, home, (path, base))
            if verdict:
                return verdict
    if analysis.env_paths:
        from legant_guard.hook import sinkrules

        verdict = sinkrules.check_environment_paths(policy, protected, analysis, action, home)
        if verdict:
            return verdict
    globopts = _glob_options(analysis, action.command, protected.trust.env if getattr(protected, "trust", None)
                             is not None else None)
    context = commandrules.ShellContext(protected, policy, home, action.project, _command_env(command), command)
    context.env_paths = analysis.env_paths  # (HOME=/x: sinkrules.check_git_push)
    context.redirect_spellings = analysis.redirect_spellings  # (destinations.through_links)
    if any(cmd.executable in NAMES_ONLY_PROGRAMS and cmd.paths for cmd in analysis.commands):  # (not `ls -la`)
        from legant_guard.hook import namesonly

        # (read by _check_shell_command; a context without it judges every lister as a reader)
        context.names_fed = namesonly.names_fed_on(analysis)
    narrowed = set()
    checked = set()
    deferred = None
    for cmd in analysis.commands:
        if cmd.executable in _TARGET_DIR_PROGRAMS:  # `cp -vt .claude x`: judged as `cp -v -t .claude x`
            cmd = _module("hook.targetdirs").spelled_out(cmd)
        verdict = _device_through_link(cmd, context, home) or \
            _check_shell_command(policy, protected, action, home, cmd, globopts, context, narrowed, checked)
        # (`ln -s ~/.bashrc B && echo … >> B`: the trust base judged as the command runs, through the link)
        twin = _module("hook.linkedtwins").twin_of(cmd, context) if context.links or context.copies_at else None
        context.after(cmd)
        if verdict:
            from legant_guard.hook import sinkrules

            return sinkrules.explain_sink(verdict, cmd)
        cmd = commandrules.as_the_program(cmd)  # (`CHMOD 000 .claude`: the rules below, by name)
        if protected.trust is not None:
            verdict = protected.trust.check_command(cmd, analysis, action.command) or \
                (twin is not None and protected.trust.check_command(commandrules.as_the_program(twin), analysis,
                                                                      action.command))
            if verdict:
                return verdict
        if cmd.repositories:
            verdict = commandrules.repository_reads(cmd, policy, protected, home, action.project)
            if verdict:
                return verdict
        verdict = _secret_reader(policy, protected, cmd, home, action.project)
        if verdict:
            return verdict
        if cmd.executable in ("dotnet", "msbuild"):  # `-p:PreBuildEvent=CMD` (hook/msbuildprops.py)
            verdict = _module("hook.msbuildprops").check(cmd, policy)
            if verdict:
                return verdict
        if cmd.executable in _WIPERS or cmd.executable[:6] == "python":
            verdict = _wiped_folders(policy, protected, action, home, cmd, context)
            if verdict:
                return verdict
        if cmd.executable in _HARD_LINKERS:
            from legant_guard.hook import hardlinks

            verdict = hardlinks.check(cmd, protected, home)
            if verdict:
                return verdict
            deferred = deferred or hardlinks.symlink_check(cmd, protected, home)  # (returned last)
        verdict = commandrules.config_folder_reads(cmd, protected, home, action.project)
        if verdict:
            return verdict
        if cmd.executable in _PAYLOAD_PROGRAMS or any(w[:2] in ("-o", "--") or (w[:1] == "-" and "/" in w) for w in cmd.argv[1:]) or \
                any(v.split()[0] in _PAYLOAD_PROGRAMS for v in cmd.via):
            from legant_guard.hook import payloadpaths

            verdict = payloadpaths.check(cmd, protected, home, action.command)
            if verdict is None and cmd.executable in _PAYLOAD_PROGRAMS and policy.has_path_rules():
                # (`sqlite3 x.db '.read .env'`, `ed -s x <<< 'r .env'`: a file its own commands read)
                verdict = payloadpaths.check_denied(cmd, action.command, home, lambda path: _check_path(
                    policy, protected, path, cmd.cwd, home, action.project, "fs.read", deny_only=True))
            if verdict:
                return verdict
        if cmd.executable in _SPLITTERS:
            from legant_guard.hook import payloadpaths

            verdict = payloadpaths.check_split(cmd, protected, home)
            if verdict:
                return verdict
        if cmd.executable in _PERMISSION_CHANGERS:
            from legant_guard.hook import permissions

            verdict = permissions.check(cmd, protected, home, analysis)
            if verdict:
                return verdict
    # `HTTPS_PROXY=http://h npm i` (hook/netsends.py), in the line as written and in the words as the
    # shell hands them over: `export HTTPS_PROX''Y=…`, `npm i --pro\xy …`, `p=PROXY; export HTTPS_$p=…`
    spelled = " ; ".join(" ".join(c.argv) for c in analysis.commands)
    for text in (command, spelled):
        if "proxy" in text.lower() or "http." in text:
            verdict = _module("hook.netsends").check_proxies(policy, text)  # (after the commands' own checks)
            if verdict:
                return verdict
    if protected.trust is not None:  # after the commands' own checks: their reasons are the more precise
        if protected.trust.config_writes:  # `printf 'runner = "curl"' > .cargo/config.toml` (hook/configwrites.py)
            verdict = _config_writes(policy, protected, action, home)
            if verdict:
                return verdict
        verdict = protected.trust.check_variables(command, protected)
        if verdict:
            return verdict
    if analysis.undetermined and not (policy.has_path_rules() or policy.has_cmd_rules()):
        verdict = _module("hook.resolvedwords").operands_from_disk(policy, protected, action, home, analysis, globopts,
                                                                  context)
        if verdict:
            return verdict
    left = [u for u in analysis.undetermined if u not in narrowed]
    if left and (policy.has_path_rules() or policy.has_cmd_rules()):
        return deny(f"could not determine {'; '.join(left)}, and the token has rules that depend on it", "undetermined")
    return deferred


def _config_writes(policy, protected, action, home, patched=None):
    """A program's configuration written by the shell (or by Codex's `apply_patch <<'EOF'` there:
    `patched` is (its path, the folder it applies from)) names programs the token would refuse
    to run from its folder (hook/configwrites.py, the judge of the file tools' writes too)."""
    from legant_guard.hook.model import Action

    def judge(command, folder):
        shell = Action("shell.exec", action.tool, command=command, cwd=folder, project=action.project)
        return _check_shell(policy, protected, shell, home) or allow()

    configwrites = _module("hook.configwrites")
    if patched is not None:
        full = os.path.normpath(os.path.join(patched[1], patched[0]))
        return configwrites.check_patch(full, patched[1], action.command, judge) if configwrites.kind_of(full) else None
    written, protected.trust.config_writes = protected.trust.config_writes, []
    return configwrites.check_shell(written, action.command, action.cwd, home, protected.trust.env, judge)


def _dispatched_file_exists(cmd, command, agent_path, home):
    """Is there a `PROG-SUB` (`git-evil` for `git evil`) outside the system's folders that the
    dispatcher could run? A few stats, so that hook/programs.py loads only when one is there; a
    subcommand git runs itself (`git status`) cannot be replaced and is not looked up."""
    argv = cmd.argv
    if cmd.executable == "git":
        gitsubs = _module("hook.gitsubs")
        found = gitsubs.git_sub(argv)
        if found is None or found.name in gitsubs.LOCAL_ONLY:
            return False
        sub = found.name
    else:
        sub = next((w for w in argv[1:] if w[:1] not in ("-", "+")), None)
    if not sub or "/" in sub:
        return False
    name = "%s-%s" % (cmd.executable, sub)
    folders = (agent_path or os.environ.get("PATH") or "").split(":")
    if "PATH=" in command:  # (`PATH=bin:$PATH git evil`: rare, and hook/programs.py reads those folders)
        folders += _module("hook.programs").assigned_path_dirs(command)
    if cmd.executable == "docker":
        folders += [home.rstrip("/") + "/.docker/cli-plugins", "/usr/local/lib/docker/cli-plugins"]
    for folder in folders:
        if folder and not folder.startswith(("/usr/", "/bin", "/sbin")) and \
                os.path.lexists(os.path.join(folder if folder.startswith("/") else os.path.join(cmd.cwd, folder), name)):
            return True
    return False


# Words without which these programs empty no folder (`go test`, `cargo build`, `python3 -m pytest
# -q`, `tar -xf` never load hook/wipers.py): each program of _WIPERS has its entry.
_RUN_BY_NAME = ("jest", "vite", "mdbook")
_WIPER_WORDS = {"pytest": ("--ba", "addopts", "--cov-r"), "py.test": ("--ba", "addopts", "--cov-r"), "go": ("clean",),
                "cargo": ("clean",), "mkdocs": ("-d", "--s"), "jest": ("clearCache", "clear-cache"),
                "yarn": ("cache",) + _RUN_BY_NAME, "uv": ("clean", "prune", "venv"), "pre-commit": ("clean",),
                "conda": ("remove", "uninstall"), "mamba": ("remove", "uninstall"),
                "micromamba": ("remove", "uninstall"), "virtualenv": ("--clear",), "mdbook": ("-d", "--dest"),
                "hugo": ("cleanDestinationDir",), "vite": ("emptyOutDir",), "npx": _RUN_BY_NAME,
                "pnpx": _RUN_BY_NAME, "bunx": _RUN_BY_NAME, "pnpm": _RUN_BY_NAME, "bun": _RUN_BY_NAME,
                "bazel": ("--expunge",), "bazelisk": ("--expunge",), "tar": ("--remove",), "gtar": ("--remove",),
                "bsdtar": ("--remove",), "zip": ("m",), "7z": ("-sdel",), "7za": ("-sdel",), "7zr": ("-sdel",),
                "rar": ("m", "-df"), "lha": ("m",), "arj": ("m",), "rustup": ("uninstall",),
                "coverage": ("--data-f", "-d", "-o", "--dir")}
_PYTHON_WIPER_WORDS = ("--ba", "addopts", "--cov-r", "mkdocs", "virtualenv", "uv", "pre_commit", "--cl", "coverage")


def _wiped_folders(policy, protected, action, home, cmd, context):
    """A folder the command removes by option (`pytest --basetemp ~`), judged as `rm -rf` of it."""
    exe = cmd.executable
    words = _PYTHON_WIPER_WORDS if exe[:6] == "python" else _WIPER_WORDS.get(exe, ())
    if not any(t in w for w in cmd.argv[1:] for t in words):
        return None
    wipers = _module("hook.wipers")
    if not wipers.applies(cmd):
        return None
    return wipers.check(cmd, policy, protected, home, action.project, context, lambda path, cwd: _check_path(
        policy, protected, path, cwd, home, action.project, "fs.write", deletes=True))


def _device_written_by_tool(action, home):
    """Write/Edit/apply_patch onto a disk (`/dev/sda`, or a link that leads to one): the
    block-device tripwire, for every role."""
    for path in action.paths:
        try:
            spellings = path_variants(path, action.cwd, home)
        except UnresolvablePath:
            continue  # (the path checks give the reason)
        hit = _module("shell.tripwires").device_written_by_tool(spellings, action.tool)
        if hit is not None:
            return deny(f"tripwire {hit.id} ({hit.severity}): {hit.reason}", "tripwire:" + hit.id)
    return None


def _device_through_link(cmd, context, home):
    """A write onto a disk through a symlink (`ln -s /dev/sda x` in an earlier call or earlier in
    this line, then `dd of=x`): the block-device tripwire on the physical path, for every role."""
    tripwires = _module("shell.tripwires")
    dotdot = {}  # the command's words with `..` after a made link: as collapsed -> where the kernel goes
    found = []

    def physical(target):
        spellings = [target]
        if context.links:
            from legant_guard.hook.destinations import dotdot_through_links, reals_through

            if not found:  # (worked out once for the command, on its first written target)
                found.append(True)
                for lexical, real in dotdot_through_links(cmd, context):
                    dotdot.setdefault(lexical, []).append(real)
            spellings += [real.replace("//", "/") for real in reals_through(target, context)]
            spellings += dotdot.get(target, ())
        out = spellings[1:]
        for spelled in spellings:
            try:
                out.extend(path_variants(spelled, cmd.cwd, home)[1:])
            except UnresolvablePath:
                continue  # (the path checks give the reason)
        return out

    hit = tripwires.device_written_through_link(cmd, physical)
    if hit is None:
        return None
    return deny(f"tripwire {hit.id} ({hit.severity}): {hit.reason}", "tripwire:" + hit.id)


# Copies whose glob sources hook/dotglobcopies.py judges with dotglob on (it loads only for them)
_DOTGLOB_COPIERS = frozenset(("cp", "mv", "ln", "install", "rsync", "scp", "gcp", "gmv"))
# Programs whose `-t DIR` (in a bundle, or `--targ` abbreviated) hook/targetdirs.py spells out
_TARGET_DIR_PROGRAMS = frozenset(("cp", "mv", "ln", "install", "gcp", "gmv"))
# find's actions that run a program on its matches, and the copies among them (hook/findcopies.py)
_FIND_EXEC = frozenset(("-exec", "-execdir", "-ok", "-okdir"))
_COPIERS_FIND_RUNS = frozenset(("cp", "mv", "install", "ln", "rsync", "gcp", "gmv", "/bin/cp", "/usr/bin/cp",
                                "/bin/mv", "/usr/bin/mv"))
# In-place editors whose `-iSUFFIX` keeps a backup of each file they edit (hook/inplace.py)
_INPLACE_EDITORS = frozenset(("sed", "gsed", "perl", "ruby"))
# Programs that may back up the files they replace under a suffix (hook/backups.py)
_BACKUP_PROGRAMS = _TARGET_DIR_PROGRAMS | {"rsync"}


def _may_back_up(argv, command):
    """Could these words ask for a backup (`-b`, `--backup[-dir]`, `-S`/`--suffix`, SIMPLE_BACKUP_SUFFIX)?
    A cheap test, so that backups.py loads only then."""
    return "SIMPLE_BACKUP_SUFFIX" in command or any(
        w.startswith(("--b", "--su")) or (w[:1] == "-" and w[1:2] != "-" and ("b" in w or "S" in w)) for w in argv[1:])


def _glob_options(analysis, text, env=None):
    """(dotglob, globstar, nocaseglob) as the command could set them. Any mention turns an option
    on for the guard's expansion: `shopt -s dotglob`, `bash -O dot''glob` (the words after quote
    removal and the text without quotes count), and setting GLOBIGNORE, which turns dotglob on
    (`GLOBIGNORE=x; cat conf/*` reads conf/.env). A nameref (`declare -n r=$a$b; r=x`) may set
    GLOBIGNORE under a name the text never spells: dotglob."""
    plain = text.replace("'", "").replace('"', "").replace("\\", "")
    words = " ".join(w for c in analysis.commands for w in c.argv)
    seen = plain + " " + words
    if env:  # bash turns on the options a BASHOPTS in its environment lists (`BASHOPTS=dotglob claude`)
        seen += " " + env.get("BASHOPTS", "")
    nameref = any(c.executable in ("declare", "typeset", "local") and
                  any(w.startswith("-") and "n" in w for w in c.argv[1:]) for c in analysis.commands)
    # (zsh's `**/` recurses with no option set: ~/**/.netrc reads ~/.netrc, shell/zshcode.py)
    return ("dotglob" in seen or "GLOBIGNORE" in seen or nameref, "globstar" in seen or "zsh" in seen,
            "nocaseglob" in seen or "nocasematch" in seen)


def _awk_program_files(policy, protected, action, home, cmd):
    """`awk -f prog.awk`: the program in the file is judged like an inline one (interpcode.py);
    a program the guard cannot read, a compiled extension or an @include is undetermined."""
    from legant_guard.hook import interpcode, scriptfiles
    from legant_guard.shell.sinks import interpreter_sink
    from legant_guard.shell.words import Exp

    text, problem = scriptfiles.awk_code(cmd, cmd.code.text if cmd.code is not None else "")
    if problem:
        return deny(problem + ", and the token has command rules", "undetermined")
    if text is None:
        return None
    cmd.code = Exp(text, "the program file of " + cmd.executable)
    sink = interpreter_sink(cmd.executable, cmd.code)
    if sink is not None:
        cmd.sinks.append(sink)
    return interpcode.check(cmd, policy, _check_executable, lambda path: _check_path(
        policy, protected, path, cmd.cwd, home, action.project, "fs.read", deny_only=True),
        lambda path, deletes=False: _check_path(policy, protected, path, cmd.cwd, home, action.project, "fs.write",
                                                deletes=deletes, deny_only=True))


def _check_shell_command(policy, protected, action, home, cmd, globopts, context, narrowed, checked):
    """The checks of one simple command of a shell command line. `context` carries what earlier
    commands did (commandrules.ShellContext); `narrowed` collects undetermined values precision.py
    proved harmless; `checked`: the (path, cwd, ...) already found clear in this call."""
    commandrules = _module("hook.commandrules")
    knowledge = _module("shell.knowledge")
    may_follow_links, NAMES_ONLY_PROGRAMS = knowledge.may_follow_links, knowledge.NAMES_ONLY_PROGRAMS

    exe = cmd.executable
    if exe in _TARGET_DIR_PROGRAMS:  # (a command expanded from a pattern or run-time word too)
        cmd = _module("hook.targetdirs").spelled_out(cmd)
    if exe in SELF_COMMANDS or _runs_legant_module(exe, cmd.argv) or (protected.trust is not None and exe and (
            "/" in cmd.argv[0] or exe.startswith("python") or exe in PY_RUNNERS) and
            protected.trust.runs_legant(cmd, context)):
        return deny("running `legant` from inside the agent is not allowed: the guard is operated by the user", "protected")
    if exe and cmd.argv and is_glob(cmd.argv[0]):
        verdict = _module("hook.globrules").glob_command_word(policy, protected, action, home, cmd, globopts, context,
                                                             narrowed, checked)
        if verdict:
            return verdict
    if cmd.redirects:  # (sinkrules.check judges bash's /dev/tcp redirects)
        from legant_guard.hook import sinkrules

        verdict = sinkrules.check(policy, cmd)
        if verdict:
            return verdict
    if exe in _REMOTE_ARCHIVERS:
        from legant_guard.hook import sinkrules

        verdict = sinkrules.check_remote_archive(policy, cmd, action.command or "")
        if verdict:
            return verdict
    if exe and exe.lower() == "git" and ("push" in cmd.argv or "send-pack" in cmd.argv):
        from legant_guard.hook import sinkrules

        verdict = sinkrules.check_git_push(policy, cmd, context)
        if verdict:
            return verdict
    if not exe:
        if policy.has_cmd_rules():
            what = "; ".join(cmd.undetermined) or "a command word built at run time"
            return deny(f"could not determine the command ({what}), and the token has command rules", "undetermined")
    else:
        patch_tool = action.shell_patch and cmd.argv == ["apply_patch"]  # Codex's own, its files checked as writes
        verdict = None if patch_tool else _check_executable(policy, exe, args=cmd.argv[1:])
        if verdict and verdict.rule == "cmds" and exe[:6] == "python" and "-m" in cmd.argv and \
                _module("hook.projectmodules").project_module(cmd, action.command or "", action.project):
            verdict = None  # (`python -m app`: the project's own app.py, hook/projectmodules.py)
        if verdict:
            return verdict
        if policy.deny_cmds and cmd.argv and ("/" in cmd.argv[0] or (
                context.names_path(action.command) if context is not None else "PATH" in action.command) or
                hasattr(cmd, "search_path")):
            from legant_guard.hook import programs  # `./mycat` -> /usr/bin/curl, `PATH=.:$PATH mycat`

            verdict = programs.check(policy, cmd, programs.search_dirs(action.command or "", cmd, home), _check_executable,
                                     context.copies + context.links if context is not None else ())
            if verdict:
                return verdict
        if policy.deny_cmds and exe in _DISPATCHERS:  # `git evil` runs git-evil from PATH (hook/programs.py)
            agent_path = protected.trust.env.get("PATH") if protected.trust is not None else None
            if _dispatched_file_exists(cmd, action.command or "", agent_path, home):
                programs = _module("hook.programs")
                verdict = programs.subcommand_check(policy, cmd, programs.assigned_path_dirs(action.command or ""),
                                                    _check_executable, home, agent_path)
                if verdict:
                    return verdict
    if exe in knowledge.NET_SENDERS or exe[:6] == "python" and (not knowledge.PY_SENDERS.isdisjoint(cmd.argv) or any(
            a[:1] == "-" and a[1:2] != "-" and "m" in a for a in cmd.argv[1:])):  # (`-Imtwine`: netsends reads it)
        verdict = _module("hook.netsends").check(policy, cmd, action.command or "", context)  # `npm publish --registry`
        if verdict:  # (after the allow-list and deny-cmd: their reasons come first)
            return verdict
    # `CHMOD -R 777 ..`, `SPLIT ... .claude/x`, `gcp`: past the allow-list (which keeps the
    # spelling) the rules keyed by name judge the command as the program it runs
    cmd = commandrules.as_the_program(cmd)
    exe = cmd.executable
    runners = knowledge.LOOSE_RUNNERS
    if policy.deny_cmds and (exe in runners or exe in _EXEC_RUNNERS and "exec" in cmd.argv or any(
            w.split()[0].rsplit("/", 1)[-1] in runners for w in cmd.via if w and not w.startswith("$"))):
        # Programs that start another program named somewhere in their words (`perf record -e x
        # curl`, `gdb --args nc`): whatever their option syntax, a denied program among them is denied.
        # A word may be a whole command line (`hyperfine 'curl x'`, `gdb -ex 'shell nc h'`): each
        # of its words counts.
        for word in cmd.argv[1:]:
            for token in word.translate(_COMMAND_LINE_PUNCTUATION).split():
                name = token.rsplit("/", 1)[-1]
                if name and not name.startswith("-"):
                    verdict = _check_executable(policy, name, wrapper=False, args=())
                    if verdict and verdict.rule == "deny-cmd":
                        return deny(f"`{cmd.argv[0]}` would start `{name}`, which is denied by deny-cmd", "deny-cmd")
    if exe == "just" and policy.deny_cmds:
        # `just --set cc curl build`, `just cc=curl build`: a justfile variable a recipe may run as its
        # program (`{{cc}} main.c`); a denied program as the value is refused
        for value in _just_values(cmd.argv):
            name = value.split()[0].rsplit("/", 1)[-1] if value.split() else ""
            verdict = _check_executable(policy, name, wrapper=False, args=()) if name else None
            if verdict and verdict.rule == "deny-cmd":
                return deny(f"`just` gives a justfile variable the value `{value[:80]}`, which a recipe may run as "
                            f"its program: `{name}` is denied by deny-cmd", "deny-cmd")
    if exe and cmd.code is not None:  # (interpcode.check has nothing to judge without inline code)
        from legant_guard.hook import interpcode

        def check_write(path, deletes=False):
            return _check_path(policy, protected, path, cmd.cwd, home, action.project, "fs.write", deletes=deletes,
                               deny_only=True)

        if context is not None and (context.links or context.copies_at):  # (`ln -s .claude L && python -c …L/x`)
            check_write = _module("hook.linkedtwins").through(check_write, cmd.cwd, context)
        verdict = interpcode.check(cmd, policy, _check_executable, lambda path: _check_path(
            policy, protected, path, cmd.cwd, home, action.project, "fs.read", deny_only=True), check_write)
        if verdict:
            return verdict
    for wrapper in cmd.via:
        if wrapper.startswith("$"):
            continue  # an environment variable naming a program (an exec sink), not a wrapper
        words = wrapper.split()
        verdict = _check_executable(policy, words[0].rsplit("/", 1)[-1], wrapper=True, args=words[1:])
        if verdict:
            return verdict
    if may_follow_links(cmd.executable, cmd.argv):
        from legant_guard.hook import linkwalk

        verdict = linkwalk.check(cmd, home, lambda target: _check_path(
            policy, protected, target, "/", home, action.project, "shell", deny_only=True, recursive=True))
        if verdict:
            return verdict
    verdict = _outside_allowed_paths(policy, protected, cmd, home, action.project) or \
        commandrules.check_command(cmd, protected, home, policy, action.project, context)
    if verdict:
        return verdict
    dotglob, globstar, nocase = globopts
    if dotglob and cmd.globs and exe in _DOTGLOB_COPIERS:  # `shopt -s dotglob; cp -r stage/* .`
        from legant_guard.hook import dotglobcopies

        verdict = dotglobcopies.check(cmd, protected, home, context)
        if verdict:
            return verdict
    if exe == "find" and any(w in _FIND_EXEC for w in cmd.argv):
        if not _COPIERS_FIND_RUNS.isdisjoint(cmd.argv):
            from legant_guard.hook import findcopies  # `find stage -name settings.json -exec cp {} .claude \;`

            verdict = findcopies.check(cmd, protected, home)
            if verdict:
                return verdict
        if "-execdir" in cmd.argv or "-okdir" in cmd.argv:
            from legant_guard.hook import execdirpaths  # `find . -name x -execdir cp {} settings.json \;`

            verdict = execdirpaths.check(cmd, protected, home)
            if verdict:
                return verdict
    if exe in ("tar", "gtar", "rsync") and any(w.startswith("--rem") for w in cmd.argv):
        from legant_guard.hook import removers  # `tar --remove-files -cf x.tar .claude`

        verdict = removers.check(cmd, protected, home)
        if verdict:
            return verdict
    if exe in _INPLACE_EDITORS and any(w[:1] == "-" and "i" in w[1:] and w != "--in-place" for w in cmd.argv):
        from legant_guard.hook import inplace  # `sed -i.json s/a/a/ .claude/settings` keeps .claude/settings.json

        verdict = inplace.check(cmd, protected, home)
        if verdict:
            return verdict
    if exe in _TARGET_DIR_PROGRAMS and (cmd.undetermined or cmd.via or "" in cmd.argv):
        from legant_guard.hook import runtimecopies  # `… | xargs cp -t .claude`, `cp "$f" .claude` in a loop

        verdict = runtimecopies.check(cmd, protected, home)
        if verdict:
            return verdict
    if exe in _BACKUP_PROGRAMS and _may_back_up(cmd.argv, action.command):  # `cp -b -S .json x .claude/settings`
        from legant_guard.hook import backups

        verdict = backups.check(cmd, protected, home, action.command, protected.trust.env if protected.trust else None)
        if verdict:
            return verdict
    targets = [cmd.cd_target] if cmd.cd_target else []
    # `ls -la opencode.json`, `du -sh *`: operands whose name and metadata alone are shown
    # (hook/namesonly.py); never a redirect target or a `cd` target.
    lister = None
    names_only = ()
    if exe in NAMES_ONLY_PROGRAMS and cmd.paths and getattr(context, "names_fed", True) is False and \
            not context.names_path(action.command):  # (`PATH=.:$PATH ls X` may run ./ls)
        from legant_guard.hook import namesonly

        lister = namesonly.lister(cmd)
        if lister is not None:
            names_only = set(cmd.paths).difference([r.target for r in cmd.redirects] + targets)
    # bash expands a glob in a redirect target too (when it names one file), so a redirect
    # target with glob characters is judged like a glob operand (a quoted `*` is rare).
    patterns = set(cmd.globs).union(r.target for r in cmd.redirects if is_glob(r.target))
    shown_only = set()  # the targets of names_only
    for path in [] if not patterns and not names_only else list(cmd.paths) + [r.target for r in cmd.redirects]:
        if path in patterns:
            globrules = _module("hook.globrules")
            verdict = globrules.check_glob_pattern(policy, protected, path, action.project, home, dotglob,
                                                   only_reads=lambda: globrules.reads_operand(cmd, path),
                                                   names_only=path in names_only and "**" not in path.split("/"))
            if verdict:
                return verdict
            matches = expand_glob(path, dotglob, globstar=globstar, nocase=nocase)
            if matches is None:
                return deny(f"the pattern {path} matches too many files to check", "undetermined")
            dash = [m for m in matches if m.startswith(cmd.cwd.rstrip("/") + "/-")]
            if dash:  # `wc -l *env` and a file `--files0-from=.env`: bash hands wc an option, not a name
                return deny(f"the pattern {path} matches {dash[0]}, whose name `{exe}` would read as an option; "
                            "write the pattern as ./PATTERN or rename the file", "undetermined")
            targets.extend(matches)
            if path in names_only:
                shown_only.update(matches)
        else:
            targets.append(path)
            if path in names_only:
                shown_only.add(path)
    if not patterns and not names_only:  # (the loop above, for the commonest case: no pattern, no names shown)
        targets += cmd.paths
        targets += [r.target for r in cmd.redirects]
    shown_only.difference_update([r.target for r in cmd.redirects] + ([cmd.cd_target] if cmd.cd_target else []))
    if exe in _MODE_CHANGERS and (cmd.recursive or _finds_for(cmd) or
                                  (exe in ("setfacl", "chattr") and _has_short_flag(cmd.argv, "R"))):
        # `chmod -R 777 ~/.config`, `find DIR -exec chown x {} +`: every file below each target
        # changes owner or mode, the guard's key and tokens too (world-readable, or another owner's).
        for target in targets:
            hit = protected.contained_in(path_variants(target, cmd.cwd, home), rules=protected.secrets)
            if hit:
                return deny(f"`{exe}` would change the mode or owner of everything below {target}, {hit} "
                            "included, which is protected", "protected")
    if exe == "git" and any(w in cmd.argv for w in INDEX_ONLY_WORDS):  # `git rm --cached`: the file is not touched
        from legant_guard.hook.precision import index_only_paths

        index_only = index_only_paths(cmd)
    else:
        index_only = ()
    how = (cmd.cwd, cmd.deletes, repr(cmd.delete_names))  # what else a check of a target depends on
    for target in targets:
        if target in index_only:
            if protected.hit(path_variants(target, cmd.cwd, home)):
                return deny(f"{target} is protected: the guard's own files and hook configs are off limits to "
                            "the agent", "protected")
            continue
        shown = lister if target in shown_only else None
        key = (target, how, shown is not None)
        if key in checked:  # a long command names the same paths again and again
            continue
        verdict = _check_path(policy, protected, target, cmd.cwd, home, action.project, "shell",
                              deletes=cmd.deletes, exempt_devices=True, delete_names=cmd.delete_names,
                              names_only=shown)
        if verdict:
            return verdict
        checked.add(key)
    if exe in _DOTENV_LOADERS or "dotenv" in cmd.argv or (cmd.via and any(
            w.split(" ", 1)[0].rsplit("/", 1)[-1] in _DOTENV_LOADERS for w in cmd.via)):  # `bun run env`: bun loads ./.env
        from legant_guard.hook.dotenvloaders import implicit_reads

        for path, loader, outsider, avoid in implicit_reads(cmd):
            verdict = _check_path(policy, protected, path, cmd.cwd, home, action.project, "shell", exempt_devices=True)
            if verdict:
                return deny(f"`{loader}` loads {path} into the environment of {outsider}, which is not the "
                            f"project's own code: {verdict.reason} ({avoid})", verdict.rule)
    if exe in scriptfiles_AWKS and (policy.has_cmd_rules() or policy.deny_cmds):
        verdict = _awk_program_files(policy, protected, action, home, cmd)  # after the paths: its file was one
        if verdict:
            return verdict
    # after the paths: `less .env` is refused for the secret it names before its interactivity
    if cmd.interactive:
        hint = ("Give on the command line what it would ask for (`git add FILE`, `git commit -m MESSAGE`, "
                "`git merge --no-edit BRANCH`, `git rebase BRANCH` without -i)" if exe == "git" else
                "Pass a script or a command (-c) instead")
        if not exe:  # `sh -c "$(cat)"`: code built from what is typed into the session
            return deny(f"`{cmd.via[-1] if cmd.via else 'sh'}` would run code read from the session's input; what is "
                        f"typed into it never reaches the guard. {hint}", "interactive")
        return deny(f"`{exe}` would start an interactive session; what is typed into it never reaches the guard. {hint}",
                    "interactive")
    if cmd.undetermined and policy.has_path_rules():
        # Values unknown only in spelling (mktemp, $(nproc), git ls-files | xargs): precision.py
        from legant_guard.hook import precision

        undetermined, verdict = precision.narrow(cmd, action.command, lambda path, cwd: _check_path(
            policy, protected, path, cwd, home, action.project, "shell", deletes=cmd.deletes, exempt_devices=True))
        if verdict:
            return verdict
        narrowed.update(u for u in cmd.undetermined if u not in undetermined)
        if undetermined:
            return deny(f"could not determine {'; '.join(undetermined)}, and the token has path rules"
                        f"{precision.hint(undetermined, action.command)}", "undetermined")
    if exe and exe.lower() == "git" and git_may_send(cmd.argv):  # after the paths: a remote outside is named so
        from legant_guard.hook import sinkrules

        return sinkrules.check_git_remotes(policy, cmd, context)
    return None


_MODE_CHANGERS = frozenset(("chmod", "chown", "chgrp", "setfacl", "chattr"))
# hook/dotenvloaders.LOADERS and the package runners that start them, without importing it
_DOTENV_LOADERS = frozenset(("bun", "bunx", "pipenv", "dotenv", "dotenvx", "env-cmd", "foreman", "honcho", "heroku",
                             "docker", "docker-compose", "npx", "pnpx"))
_REMOTE_ARCHIVERS = frozenset(("tar", "gtar", "cpio"))  # (sinkrules.REMOTE_ARCHIVERS, without importing it)


def _just_values(argv):
    """The values `just` gives its variables: `--set NAME VALUE` and `NAME=VALUE` words before the recipe."""
    values, k = [], 1
    while k < len(argv):
        w = argv[k]
        if w == "--set" and k + 2 < len(argv):
            values.append(argv[k + 2])
            k += 3
            continue
        name, eq, value = w.partition("=")
        if eq and name.replace("_", "a").replace("-", "a").isalnum() and not name[:1].isdigit():
            values.append(value)
        k += 1
    return values


def _finds_for(cmd):
    """Is `cmd` run by `find ... -exec` (on every file below find's folders)?"""
    return cmd.find_names is not None or any(w.split()[:1] == ["find"] for w in cmd.via)


def _has_short_flag(argv, letter):
    return any(w == "--recursive" or (w.startswith("-") and not w.startswith("--") and letter in w[1:])
               for w in argv[1:])


# Wrappers that only change how a command runs (time, priority, a timeout, detaching) and the
# shells and fan-out executors whose commands are analysed themselves: not held against a
# command allow-list. sudo, doas, env, flock, watch, parallel, busybox, `uv run` ... are.
_TRANSPARENT_WRAPPERS = frozenset((
    "time", "nice", "timeout", "nohup", "stdbuf", "command", "builtin", "exec", "ionice", "chrt", "taskset",
    "setsid", "xargs", "find", "bash", "sh", "zsh", "dash", "ksh", "mksh", "eval", "source", ".",
))


_COMMAND_LINE_PUNCTUATION = str.maketrans({c: " " for c in ";|&()`$'\"<>{}=#"})


# Variables that make git read another repository, index or work tree (hook/checkouts.py).
GIT_PLACE_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                       "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR")


def _command_env(command):
    """The environment a command's programs read their own configuration from (ripgrep's
    RIPGREP_CONFIG_PATH): the hook's, and any the command sets itself counts as set."""
    import os

    own = ("RIPGREP_CONFIG_PATH", "GIT_LITERAL_PATHSPECS") + GIT_PLACE_VARIABLES
    env = {k: v for k, v in os.environ.items() if k in own}
    for name in own:
        if name in command:
            env[name] = env.get(name) or "set by the command"
    return env


def _check_executable(policy, name, wrapper=False, args=None):
    """deny-cmd applies to every program that would start, wrappers included; the allow-list
    to the real command and to the wrappers that are not transparent. Entries may name
    arguments (hook/cmdforms.py); `args` None reads them from `name` ("npm publish")."""
    cmdforms = _module("hook.cmdforms")

    if args is None:
        name, *args = name.split() or [""]
    what = f"the wrapper `{name}`" if wrapper else f"`{name}`"
    # The first deny-cmd entry (in the token's order) that names the program.
    folded = name.casefold()  # deny side ignores case: on macOS `CURL` finds /usr/bin/curl
    first = None
    # (WSL runs Windows' programs by their file name: `curl.exe` is curl)
    for spelled in ((name, name[:-4]) if folded.endswith(".exe") and len(name) > 4 else (name,)):
        folded = spelled.casefold()
        for position, pattern, form in policy.deny_cmd_entries(spelled):
            if (cmdforms.matches(pattern, spelled, args, deny_side=True) if form else
                    wildcard_match(pattern.strip(), spelled) or wildcard_match(pattern.strip().casefold(), folded)):
                first = (position, pattern, form)
                break
        if first is not None:
            break
    if first is not None:
        if first[2]:
            return deny(f"{what} is denied by deny-cmd `{first[1]}`", "deny-cmd")
        return deny(f"{what} is denied by deny-cmd", "deny-cmd")
    if wrapper and name in _TRANSPARENT_WRAPPERS:
        return None
    if policy.cmds and (DENY_ALL in policy.cmds or not _on_allow_list(policy, name, args)):
        if any(cmdforms.is_form(p) and cmdforms.matches(p.split()[0], name, ()) for p in policy.cmds):
            shown = " ".join([name] + list(args))
            shown = shown if len(shown) <= 80 else shown[:77] + "..."
            script = _FORM_HINTS.get(name, "")
            if name in _PACKAGE_ADDERS or name[:6] == "python":  # (`npm install lodash`: declare it, hook/formhints.py)
                script = _module("hook.formhints").hint(name, args) or script
            return deny(f"`{shown}` is not on the command allow-list (it allows only some forms of `{name}`; "
                        f"`legant guard show --role {policy.role or 'ROLE'}` lists them{script})", "cmds")
        return deny(f"{what} is not on the command allow-list{_allow_list_hint(policy, name, wrapper)}", "cmds")
    return None


def _on_allow_list(policy, name, args):
    """Does an entry of the token's command allow-list let `name` run with `args` (cmdforms.matches)?"""
    matches = _module("hook.cmdforms").matches
    return any(matches(p, name, args) for p in policy.allow_cmd_entries(name))


def _allow_list_hint(policy, name, wrapper):
    """How to say the same thing in a form the token allows, where there is one."""
    from legant_guard.hook import cmdforms

    if wrapper and name == "env":
        return "; set the variables before the command instead (`NAME=value command`, `unset NAME && command`)"
    if name.endswith(".sh") and any(cmdforms.matches(p, "bash", ["x.sh"]) for p in policy.cmds):
        return "; run the project's script as `bash PATH`"
    if ":" in name and "/" not in name:  # `hatch run lint:check`: an ENV:SCRIPT word taken as the program
        return "; `ENV:SCRIPT` names a script of the tool's configuration, which the guard does not read: run the command it runs"
    return _ALLOW_LIST_HINTS.get(name, "")


# What to run instead of a program builder-like lists leave out on purpose.
_ALLOW_LIST_HINTS = {
    "mktemp": "; it creates files outside the project: keep scratch files in the project (`mkdir -p build/tmp`)",
    "pushd": "; change folders with `cd DIR && ...` or `(cd DIR && ...)`",
    "popd": "; change folders with `cd DIR && ...` or `(cd DIR && ...)`",
    "fd": "; list files with `find . -name PATTERN` or `rg --files -g PATTERN`",
    "fdfind": "; list files with `find . -name PATTERN` or `rg --files -g PATTERN`",
    "env": "; it prints the whole environment (tokens included): print one variable with `echo \"$NAME\"`",
    "printenv": "; it prints the whole environment (tokens included): print one variable with `echo \"$NAME\"`",
    "rm": "; clean with the build tool instead (`make clean`, `cargo clean`, `go clean`); a tracked file goes with "
          "`git rm FILE`",
    "apply_patch": "; Codex applies a patch itself when the whole command is `apply_patch <<'EOF'` … `EOF` (not inside "
                   "`bash -lc`), or through its apply_patch tool",
    "chmod": "; run a script through its interpreter (`bash scripts/x.sh`, `python3 x.py`) instead of making it "
             "executable",
    "less": "; read a file with `cat`, `head`, `sed -n '1,200p' FILE` or the agent's file tool (a pager waits for keys)",
    "more": "; read a file with `cat`, `head`, `sed -n '1,200p' FILE` or the agent's file tool (a pager waits for keys)",
    "ps": "; it prints other processes' command lines: a job of this command is `jobs`, `kill %1`",
    "yq": "; its expressions read any file or variable they name (`load(...)`, `env(...)`): read YAML with "
          "`python3 -c` (yaml.safe_load) and JSON with `jq`",
}
# What a program with allowed forms says when the form used is not one: how a package manager
# runs a script of package.json, what env is allowed for.
_FORM_HINTS = {"env": "; `env NAME=value command` is allowed, env's options and a bare `env` (which prints the "
                      "environment) are not: print one variable with `echo \"$NAME\"`, drop one with `unset NAME && command`",
               "pnpm": "; a package.json script runs as `pnpm run NAME`",
               "yarn": "; a package.json script runs as `yarn run NAME`",
               "bun": "; a package.json script runs as `bun run NAME`",
               "hatch": "; an environment script runs as `hatch run SCRIPT` (no `ENV:` prefix)"}
_PACKAGE_ADDERS = frozenset(("npm", "pnpm", "yarn", "bun", "pip", "pip3", "uv", "poetry", "pipenv", "pdm", "rye", "cargo",
                             "go", "bundle", "gem", "composer", "dotnet"))


def _runs_legant_module(exe, argv):
    """`python -m legant_guard ...` or `python /path/to/bin/legant ...`: the guard's own CLI."""
    if not exe.startswith("python"):
        return False
    for word in argv[1:_pip_arguments(argv)]:
        name = word.rstrip("/").rsplit("/", 1)[-1]
        if name in SELF_COMMANDS or name.split(".", 1)[0] == "legant_guard":
            return True
    return False


def _pip_arguments(argv):
    """Where pip's own arguments start when python's options run `-m pip` (`-mpip`, `-Im pip`,
    `pip.__main__`): `python -m pip show legant-guard` names a package and runs nothing. None
    otherwise (the whole line is scanned): a script, `-c` code (its arguments are its argv) or
    another module (runpy, pdb, trace, cProfile run what their arguments name)."""
    k = 1
    while k < len(argv):
        word = argv[k]
        k += 1
        if word == "--check-hash-based-pycs":
            k += 1
            continue
        if word.startswith("--") and word != "--":
            continue
        if word[:1] != "-" or word in ("-", "--"):
            return None
        for i, letter in enumerate(word[1:], 2):
            if letter in "WXm":
                value = word[i:] if i < len(word) else (argv[k] if k < len(argv) else "")
                k += 0 if i < len(word) else 1
                if letter == "m":
                    return k if value in ("pip", "pip.__main__") else None
                break
            if letter not in "bBdEhiIOPqRsSuvV":
                return None
    return None


# ---- public questions about one token's own rules --------------------------------------------
# What `guard allow` and the control panel ask ("does the token itself deny this?"), answered by
# the very checks `decide` runs, so the answer can never drift from the hook's. Each takes the
# token's Policy and returns the deny Decision (reason and rule) or None.

def command_denial(policy, command):
    """Does the token deny running `command` (a program name, or a form with arguments such as
    "npm publish")? Its deny-cmd rules, and its command allow-list when it has one."""
    return _check_executable(policy, command)


def host_denial(policy, host):
    """Does the token deny fetching from `host`? Compared in canonical form (case, trailing dot,
    IDNA and numeric forms), as the hook compares a fetched URL's host."""
    from legant_guard.hook.hosts import canonical_host
    from legant_guard.hook.model import Action

    host = host.lower().rstrip(".")
    return _module("hook.hostrules").check_host(policy, Action("net.fetch", "WebFetch", host=canonical_host(host) or host))


def tool_denial(policy, tool):
    """Does the token deny calling the agent tool `tool`? Its deny-tool rules and tool allow-list."""
    return _tool_rules(policy, tool)


def path_denial(policy, path, project, home, what="fs.read"):
    """Does the token deny `what` (fs.read, fs.write) on `path` (resolved from `project`, as a
    tool call's path is)? Its path rules only: the guard's self-protection is not asked."""
    return _check_path(policy, Protected([], home), path, project, home, project, what)
