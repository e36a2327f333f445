"""Git commands that write (or remove) work-tree files they do not name: checkouts and restores.

`git checkout REV -- .`, `git restore --source=REV .`, `git checkout-index -a -f`, `git stash
pop`, `git stash -u`, `git reset --hard REV`, `git read-tree -u`, `git switch`, `git worktree add`
write whatever a tree in the repository holds: an old `.claude/settings.json` without the guard's
hook, an `opencode.json` naming a plugin, a tree whose `.codex/` holds a hook config. The trees
are on disk when the hook runs, so their names are read (never the contents) with git's own
plumbing, bounded in time and size, and every path the command would write or remove is
judged as a write (destinations.py, the same deny side as tar/unzip/patch). When the names
cannot be read (no trusted git binary, an unknown revision, a pathspec file, a foreign git dir,
too many names, too slow) the call is denied if a protected path could lie below the work tree.

The git binary is a root-owned one at a fixed place (never one the agent's PATH finds: it could
be the agent's own script), run with a configuration that runs nothing: no fsmonitor, no hooks,
no transport (a partial clone cannot fetch), no system or global config, no pager.
"""

import os

from legant_guard.hook.destinations import _git_sub, _judge, _undetermined
from legant_guard.hook.engine import GIT_PLACE_VARIABLES

MAX_NAMES = 200000
MAX_OUTPUT = 32 * 1024 * 1024
TIMEOUT = 2.0
_GIT_PLACES = ("/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git", "/bin/git")
_SAFE_CONFIG = ("core.fsmonitor=false", "core.hooksPath=/dev/null", "protocol.allow=never", "core.pager=cat",
                "core.untrackedCache=false", "submodule.recurse=false", "diff.external=", "core.sshCommand=false")
_SUBCOMMANDS = frozenset(("checkout", "switch", "restore", "checkout-index", "stash", "reset", "read-tree", "worktree",
                          "merge", "cherry-pick", "revert", "rebase", "clone", "submodule"))
# Commands that replay commits onto the work tree, and the options of theirs that take a value.
_REPLAYS = frozenset(("merge", "cherry-pick", "revert", "rebase"))
_REPLAY_VALUES = ("-m", "-F", "--file", "-s", "--strategy", "-X", "--strategy-option", "--into-name", "--cleanup",
                  "--mainline", "--onto", "-x", "--exec", "-C", "--empty", "--rebase-merges", "--whitespace")
# A replay stopped for a conflict goes on (or back) with the commits judged when it started.
_REPLAY_STEPS = frozenset(("--continue", "--skip", "--abort", "--quit", "--edit-todo", "--show-current-patch"))
_CLONE_VALUES = ("-o", "--origin", "-b", "--branch", "-u", "--upload-pack", "--reference", "--reference-if-able",
                 "--separate-git-dir", "--depth", "--shallow-since", "--shallow-exclude", "-c", "--config",
                 "--server-option", "-j", "--jobs", "--template", "--filter", "--bundle-uri", "--ref-format")
_GLOB = frozenset("*?[")


class Unknown(Exception):
    """What the command writes cannot be read; str(e) says why."""


def trusted_git():
    """A root-owned git binary at a fixed place, or None."""
    import stat

    for place in _GIT_PLACES:
        try:
            st = os.stat(place)
        except OSError:
            continue
        if st.st_uid == 0 and stat.S_ISREG(st.st_mode) and not st.st_mode & 0o022:
            return place
    return None


class Repo:
    """Reads names from one work tree's object database and index, nothing else."""

    def __init__(self, top):
        self.top = top
        self.git = trusted_git()

    def run(self, *args):
        import subprocess

        if self.git is None:
            raise Unknown("no trusted git binary (root-owned, in /usr/bin or /usr/local/bin) to read the tree with")
        argv = [self.git, "--no-pager", "--no-optional-locks", "-C", self.top]
        for setting in _SAFE_CONFIG:
            argv += ["-c", setting]
        env = {"PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
               "HOME": "/nonexistent", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_NO_LAZY_FETCH": "1",
               "GIT_NO_REPLACE_OBJECTS": "1"}
        try:
            proc = subprocess.run(argv + list(args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, env=env, timeout=TIMEOUT, cwd=self.top)
        except subprocess.TimeoutExpired:
            raise Unknown("reading the tree takes longer than the guard's bound") from None
        except OSError as e:
            raise Unknown(f"cannot run git to read the tree ({e.strerror})") from None
        if proc.returncode != 0:
            raise Unknown(f"git cannot read `{args[-1]}` in {self.top}")
        if len(proc.stdout) > MAX_OUTPUT:
            raise Unknown("the tree holds more names than the guard reads")
        names = [n for n in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
        if len(names) > MAX_NAMES:
            raise Unknown("the tree holds more names than the guard reads")
        return names

    def is_rev(self, rev, peel="^{tree}"):
        try:
            self.run("rev-parse", "--verify", "--quiet", "--end-of-options", rev + peel)
            return True
        except Unknown:
            return False

    def tree(self, rev):
        """Every file name in the tree of `rev` (top-relative)."""
        return self.run("ls-tree", "-r", "-z", "--name-only", "--full-tree", "--end-of-options", rev)

    def index(self):
        return self.run("ls-files", "-z", "--cached", "--full-name")

    def changed(self, a, b):
        """Files that differ between two trees."""
        return self.run("diff-tree", "-r", "-z", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv",
                        "--end-of-options", a, b)

    def changed_in_work_tree(self, rev):
        """Files whose work-tree (or index) copy differs from `rev`: what resetting to it rewrites or removes."""
        return self.run("diff-index", "-z", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv",
                        "--end-of-options", rev)

    def merged_from(self, rev):
        """Files `git merge REV` brings in: changed on REV since its merge base with HEAD."""
        return self.run("diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv",
                        "--end-of-options", "HEAD..." + rev, "--")

    def touched_by(self, words):
        """Files the commits of cherry-pick/revert operands change: one commit per plain
        revision, every commit of a range (`A..B`, `^A B`)."""
        if any(".." in w or w.startswith("^") for w in words):
            return self.run("log", "-z", "--name-only", "--format=", "--no-renames", "-m", "--end-of-options", *words)
        names = []
        for rev in words:
            names += self.run("diff-tree", "-r", "-z", "--name-only", "--no-renames", "--no-commit-id", "--root", "-m",
                              "--end-of-options", rev)
        return names

    def submodule_paths(self):
        """The work-tree paths of the submodules (gitlinks) the index records."""
        entries = self.run("ls-files", "-z", "--stage", "--full-name")
        return [e.split("\t", 1)[1] for e in entries if e.startswith("160000 ") and "\t" in e]

    def untracked(self, ignored):
        args = ["ls-files", "-z", "--others", "--full-name"]
        if not ignored:
            args.append("--exclude-standard")
        return self.run(*args)


def _options(words, with_value):
    """(options as (name, value), operands before `--`, operands after `--` or None)."""
    opts, before, after = [], [], None
    i = 0
    while i < len(words):
        w = words[i]
        if after is not None:
            after.append(w)
        elif w == "--":
            after = []
        elif w.startswith("--") and len(w) > 2:
            name, eq, value = w.partition("=")
            if not eq and name in with_value and i + 1 < len(words):
                value = words[i + 1]
                i += 1
            opts.append((name, value))
        elif w.startswith("-") and len(w) > 1:
            for j, c in enumerate(w[1:], 1):
                if "-" + c in with_value:
                    value = w[j + 1:] or (words[i + 1] if i + 1 < len(words) else "")
                    if not w[j + 1:]:
                        i += 1
                    opts.append(("-" + c, value))
                    break
                opts.append(("-" + c, ""))
        else:
            before.append(w)
        i += 1
    return opts, before, after


def _spec_filter(specs, cwd, top):
    """A test of top-relative names against git pathspecs given relative to `cwd`."""
    if not specs:
        return lambda name: True
    from legant_guard.hook.paths import wildcard_match

    patterns = []
    for spec in specs:
        if spec.startswith(":/"):
            rel = spec[2:].lstrip("/")
        elif spec.startswith(":"):
            raise Unknown(f"the pathspec `{spec}` uses magic the guard does not read")
        else:
            rel = os.path.relpath(os.path.normpath(os.path.join(cwd, spec)), top)
        if rel in (".", ""):
            return lambda name: True
        if rel.startswith("../") or rel == "..":
            continue
        patterns.append((rel, bool(set(rel) & _GLOB)))

    def matches(name):
        for rel, glob in patterns:
            if name == rel or name.startswith(rel + "/") or (glob and _glob(wildcard_match, rel, name)):
                return True
        return False

    return matches


def _glob(wildcard_match, pattern, name):
    # git's default pathspec: `*` also matches `/`; a match of a leading folder matches its files
    parts = name.split("/")
    return any(wildcard_match(pattern, "/".join(parts[:i + 1])) for i in range(len(parts))) or \
        wildcard_match(pattern.replace("*", "*/*"), name)


def _plan(sub, words, cmd, repo):
    """[(folder the names are relative to, [names])] the command writes or removes, or None."""
    top, cwd = repo.top, cmd.cwd
    if sub == "checkout":
        opts, before, after = _options(words, ("-b", "-B", "--orphan", "--conflict", "--pathspec-from-file", "-t",
                                               "--track"))
        names = {n for n, _ in opts}
        if "--pathspec-from-file" in names:
            raise Unknown("`--pathspec-from-file` names the files in a file")
        if after is None and before and repo.is_rev(before[0]):
            rev, specs = before[0], before[1:]
        elif after is None:
            rev, specs = None, before
        else:
            rev, specs = (before[0] if before else None), after
        if not specs:
            if "--orphan" in names:
                return [(top, repo.tree(rev or "HEAD"))] if rev else None  # an orphan keeps the files
            if rev is None:
                return None  # `git checkout -b new`: nothing changes on disk
            # a switch carries local changes over; with -f it throws them away (rewrites them too)
            return [(top, repo.changed_in_work_tree(rev) if names & {"-f", "--force"} else repo.changed("HEAD", rev))]
        keep = _spec_filter(specs, cwd, top)
        source = repo.tree(rev) if rev else repo.index()
        return [(top, [n for n in source if keep(n)])]
    if sub == "switch":
        opts, before, after = _options(words, ("-c", "-C", "--create", "--force-create", "--orphan", "--conflict",
                                               "-t", "--track"))
        names = {n for n, _ in opts}
        if "--orphan" in names:
            return [(top, repo.tree("HEAD"))]  # every tracked file is removed
        creates = names & {"-c", "-C", "--create", "--force-create"}
        target = before[-1] if before and not creates else (before[0] if before else None)
        if target is None or target == "-":
            if target == "-":
                raise Unknown("`git switch -` goes back to a branch the guard does not look up")
            return None
        force = names & {"-f", "--force", "--discard-changes"}
        return [(top, repo.changed_in_work_tree(target) if force else repo.changed("HEAD", target))]
    if sub == "restore":
        opts, before, after = _options(words, ("-s", "--source", "--conflict", "--pathspec-from-file"))
        names = {n for n, _ in opts}
        if "--pathspec-from-file" in names:
            raise Unknown("`--pathspec-from-file` names the files in a file")
        staged = names & {"-S", "--staged"}
        worktree = names & {"-W", "--worktree"}
        if staged and not worktree:
            return None  # only the index changes
        source = next((v for n, v in reversed(opts) if n in ("-s", "--source")), None)
        keep = _spec_filter((before or []) + (after or []), cwd, top)
        names_from = repo.tree(source) if source else (repo.tree("HEAD") if staged else repo.index())
        return [(top, [n for n in names_from if keep(n)])]
    if sub == "checkout-index":
        opts, before, after = _options(words, ("--prefix", "--stage"))
        names = {n for n, _ in opts}
        if "--stdin" in names:
            raise Unknown("`git checkout-index --stdin` reads the file names from its input")
        prefix = next((v for n, v in reversed(opts) if n == "--prefix"), "")
        listed = (before or []) + (after or [])
        if names & {"-a", "--all"}:
            files = repo.index()
        else:
            files = [os.path.relpath(os.path.normpath(os.path.join(cwd, f)), top) for f in listed]
        if prefix:
            base = os.path.normpath(os.path.join(cwd, os.path.expanduser(prefix)))
            # `--prefix=dir/` writes dir/<name>; `--prefix=x-` writes x-<name> beside it
            folder = base if prefix.endswith("/") else os.path.dirname(base)
            head = "" if prefix.endswith("/") else os.path.basename(base)
            return [(folder, [head + f for f in files])]
        return [(top, files)]
    if sub == "stash":
        opts, before, after = _options(words, ("-m", "--message", "--pathspec-from-file"))
        names = {n for n, _ in opts}
        action = before[0] if before else "push"
        if action in ("list", "show", "drop", "clear", "create", "store"):
            return None
        if action in ("pop", "apply", "branch"):
            ref = (before[2] if action == "branch" and len(before) > 2 else
                   before[1] if action != "branch" and len(before) > 1 else "stash@{0}")
            ref = ref if not ref.isdigit() else f"stash@{{{ref}}}"
            plan = [(top, repo.changed(ref + "^1", ref))]
            if repo.is_rev(ref + "^3", peel=""):
                plan.append((top, repo.tree(ref + "^3")))  # the untracked files it saved
            if action == "branch":
                plan.append((top, repo.changed("HEAD", ref + "^1")))
            return plan
        if action not in ("push", "save") and not action.startswith("-"):
            raise Unknown(f"`git stash {action}` is not a form the guard reads")
        plan = [(top, repo.changed_in_work_tree("HEAD"))]  # tracked changes go back to HEAD
        if names & {"-u", "--include-untracked", "-a", "--all"}:
            plan.append((top, repo.untracked(ignored=bool(names & {"-a", "--all"}))))  # and are removed
        return plan
    if sub == "reset":
        opts, before, after = _options(words, ("--pathspec-from-file",))
        names = {n for n, _ in opts}
        if not names & {"--hard", "--merge", "--keep"}:
            return None  # --soft, --mixed and `reset -- paths` change only the index
        rev = before[0] if before else "HEAD"
        return [(top, repo.changed_in_work_tree(rev))]
    if sub == "read-tree":
        opts, before, after = _options(words, ("--prefix", "--index-output", "--exclude-per-directory"))
        names = {n for n, _ in opts}
        if "-u" not in names:
            return None  # only the index
        prefix = next((v for n, v in opts if n == "--prefix"), "")
        plan = [(os.path.join(top, prefix), repo.tree(rev)) for rev in before]
        plan.append((top, repo.changed_in_work_tree("HEAD")))
        return plan
    if sub in _REPLAYS:
        return _replay_plan(sub, words, repo)
    if sub == "worktree":
        opts, before, after = _options(words, ("-b", "-B", "--reason", "--orphan"))
        operands = before + (after or [])
        if not operands or operands[0] != "add" or len(operands) < 2:
            return None
        path = os.path.normpath(os.path.join(cwd, os.path.expanduser(operands[1])))
        rev = operands[2] if len(operands) > 2 else "HEAD"
        return [(path, repo.tree(rev) + [".git"])]
    return None


def _replay_plan(sub, words, repo):
    """What merge, cherry-pick, revert and rebase write: the files the commits they replay change
    (`git merge evil` fast-forwarded a .claude/settings.json without the guard's hook in, which
    `git checkout evil` was denied)."""
    opts, before, after = _options(words, _REPLAY_VALUES)
    names = {n for n, _ in opts}
    if names & _REPLAY_STEPS:
        return None
    top = repo.top
    if sub == "merge":
        if not before:
            raise Unknown("`git merge` without a revision merges the upstream branch, which the guard does not look up")
        return [(top, repo.merged_from(rev)) for rev in before]
    if sub in ("cherry-pick", "revert"):
        if not before:
            raise Unknown(f"`git {sub}` names no commit the guard can read")
        return [(top, repo.touched_by(before))]
    if "--root" in names or not before:
        raise Unknown("`git rebase` without an upstream replays commits the guard does not look up")
    upstream, branch = before[0], (before[1] if len(before) > 1 else "HEAD")
    onto = next((v for n, v in reversed(opts) if n == "--onto"), None) or upstream
    plan = [(top, repo.changed("HEAD", onto)), (top, repo.touched_by([upstream + ".." + branch]))]
    if len(before) > 1:
        plan.append((top, repo.changed("HEAD", branch)))
    return plan


def _clone_name(source):
    """The folder `git clone SOURCE` makes when none is named: the last part of the source,
    without `.git` (`host:path/repo.git` -> repo, `/srv/x/.git` -> x)."""
    name = source.rstrip("/")
    if name.endswith("/.git"):
        name = name[:-5].rstrip("/")
    name = name.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return name[:-4] if name.endswith(".git") and len(name) > 4 else name


def _new_checkouts(sub, words, cmd, ctx, top):
    """`git clone` and `git submodule` fill a folder with a repository's files, which the guard
    does not read (a remote, or a tree the command is about to fetch): deny when a protected path
    lies in that folder (`git clone ./evil .claude` wrote .claude/settings.json)."""
    what = f"`git {sub}` fills {{}} with the files of a repository"
    folders = []
    if sub == "clone":
        opts, before, after = _options(words, _CLONE_VALUES)
        operands = before + (after or [])
        if operands:
            folders.append(operands[1] if len(operands) > 1 else _clone_name(operands[0]))
        folders += [v for n, v in opts if n == "--separate-git-dir" and v]
    else:
        opts, before, after = _options(words, ("-b", "--branch", "--name", "--reference", "--depth", "--jobs", "-j"))
        operands = before + (after or [])
        action = operands[0] if operands else "update"
        if action == "add":
            if len(operands) > 1:
                folders.append(operands[2] if len(operands) > 2 else _clone_name(operands[1]))
        elif action in ("update", "init", "absorbgitdirs") and top is not None:
            try:
                folders += [os.path.join(top, p) for p in Repo(top).submodule_paths()]
            except Unknown as e:
                return _undetermined(f"`git submodule {action}`: {e}", top, ctx)
    for folder in folders:
        path = os.path.normpath(os.path.join(cmd.cwd, os.path.expanduser(folder)))
        verdict = _undetermined(what.format(path), path, ctx)
        if verdict:
            return verdict
    return None


# git subcommands that change no index, ref or object: a checkout after them reads what it writes.
_GIT_READERS = frozenset(("status", "log", "diff", "show", "rev-parse", "ls-files", "ls-tree", "grep", "blame",
                          "describe", "cat-file", "shortlog", "reflog", "help", "version", "--version"))


def _earlier_change(ctx):
    """The earlier command of the same shell command that may change the repository, or None."""
    if ctx.opaque:
        return ctx.opaque
    for c in ctx.commands:
        if c.executable == "git":
            found = _git_sub(c.argv)
            if found and found[1] not in _GIT_READERS:
                return "git " + found[1]
        if any("/.git/" in p or p.endswith("/.git") for p in list(c.paths) + [t for _, t in c.redirects]):
            return c.executable or "a command"
    return None


def check(cmd, ctx):
    """A deny Decision when a checkout-like git command writes or removes a protected path, else None."""
    if cmd.executable != "git":
        return None
    found = _git_sub(cmd.argv)
    if found is None or found[1] not in _SUBCOMMANDS:
        return None
    from legant_guard.hook.treewalk import git_top  # only a checkout-like command needs it

    k, sub = found
    what = f"`git {sub}`"
    top = git_top(cmd.cwd)
    if sub in ("clone", "submodule"):
        return _new_checkouts(sub, cmd.argv[k + 1:], cmd, ctx, top)
    if top is None:
        return None  # not in a work tree: git writes nothing
    globals_ = cmd.argv[1:k]
    trust = getattr(ctx.protected, "trust", None)
    envs = (ctx.env, trust.env if trust is not None else {})
    foreign = any(w.startswith(("--git-dir", "--work-tree")) for w in globals_) or \
        any(e.get(v) for e in envs for v in GIT_PLACE_VARIABLES)
    if foreign:
        return _undetermined(f"{what} works on a git directory or work tree set elsewhere", top, ctx)
    changer = _earlier_change(ctx)
    if changer:  # `git update-index --cacheinfo ... && git checkout -- .`: the tree read now is not the one written
        return _undetermined(f"{what} reads a repository that `{changer}` earlier in the command may change (run it "
                             "as a command of its own)", top, ctx)
    words = cmd.argv[k + 1:]
    repo = Repo(top)
    try:
        plan = _plan(sub, words, cmd, repo)
    except Unknown as e:
        return _undetermined(f"{what}: {e}", top, ctx)
    if not plan:
        return None
    for folder, names in plan:
        for name in names:
            target = os.path.normpath(os.path.join(folder, name))
            verdict = _judge(target, "file", ctx, f"{what} ({' '.join(cmd.argv[k + 1:k + 4])})")
            if verdict:
                return verdict
            ctx.mentioned.add(target)
    return None
