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

from legant_guard.hook.destinations import _judge, _undetermined
from legant_guard.hook.gitsubs import git_sub, lists_stashes
from legant_guard.hook.engine import GIT_PLACE_VARIABLES

MAX_NAMES = 200000
MAX_OUTPUT = 32 * 1024 * 1024
TIMEOUT = 2.0
_GIT_PLACES = ("/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git", "/bin/git")
_SAFE_CONFIG = ("core.fsmonitor=false", "core.hooksPath=/dev/null", "protocol.allow=never", "core.pager=cat",
                "core.untrackedCache=false", "submodule.recurse=false", "diff.external=", "core.sshCommand=false")
from legant_guard.hook.gitsubs import TREE_WRITERS as _SUBCOMMANDS
_GLOB = frozenset("*?[")


class Unknown(Exception):
    """What the command writes cannot be read; str(e) says why, `where` below which folder (the
    work tree when None)."""

    def __init__(self, why, where=None):
        super().__init__(why)
        self.where = where


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
        self.links = set()  # top-relative names the listings read show as symlinks (mode 120000)
        self._replacements = None  # does the repository replace objects (refs/replace/)?

    def work_tree(self, cwd):
        """The work tree git uses from `cwd`: the repository's core.worktree (set by an earlier
        `git config core.worktree ~/.claude`) moves it away from the folder holding `.git`."""
        self.top = cwd
        found = self.run("rev-parse", "--show-toplevel")
        if len(found) != 1 or not os.path.isabs(found[0].strip()):
            raise Unknown("git does not say where the work tree is")
        self.top = found[0].strip()
        return self.top

    def run(self, *args, replaced=False):
        """git's output (split at NULs) for `args`, run as a trusted git that runs nothing of the
        repository's; `replaced`: reading objects through the repository's replacements."""
        import subprocess

        if self.git is None:
            raise Unknown("no trusted git binary (root-owned, in /usr/bin or /usr/local/bin) to read the tree with")
        argv = [self.git, "--no-pager", "--no-optional-locks", "-C", self.top]
        for setting in _SAFE_CONFIG:
            argv += ["-c", setting]
        env = {"PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
               "HOME": "/nonexistent", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_NO_LAZY_FETCH": "1"}
        if not replaced:
            env["GIT_NO_REPLACE_OBJECTS"] = "1"
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

    def objects(self, *args):
        """run() for a command that reads objects, both ways when the repository replaces any (red
        team 39): git reads through `git replace`'s refs (after `git replace HEAD EVIL`, `git reset
        --hard` writes EVIL's tree), and around them with `--no-replace-objects`."""
        out = self.run(*args)
        if self._replacements is None:
            self._replacements = bool(self.run("for-each-ref", "--count=1", "--format=%(refname)", "refs/replace/"))
        return out + self.run(*args, replaced=True) if self._replacements else out

    def tree(self, rev):
        """Every file name in the tree of `rev` (top-relative)."""
        return self._moded(self.objects("ls-tree", "-r", "-z", "--full-tree", "--end-of-options", rev))

    def _moded(self, entries):
        """Names of `MODE ... TAB NAME` entries (ls-tree, ls-files -s); symlinks go to self.links."""
        names = []
        for entry in entries:
            meta, _, name = entry.partition("\t")
            if meta.startswith("120000"):
                self.links.add(name)
            names.append(name)
        return names

    def _raw(self, entries):
        """Names of raw diff output (`:MODE MODE OID OID STATUS`, NAME); either side a symlink
        goes to self.links (what the command writes may be either side)."""
        names = []
        meta = None
        for entry in entries:
            if meta is None and entry.startswith(":"):
                meta = entry
                continue
            if meta is not None and " 120000" in " " + " ".join(meta[1:].split(" ")[:2]):
                self.links.add(entry)
            names.append(entry)
            meta = None
        return names

    def merge_base(self, a, b):
        found = self.run("merge-base", "--end-of-options", a, b)
        if not found or not found[0].strip():
            raise Unknown(f"`{a}` and `{b}` have no common history the guard can read")
        return found[0].strip()

    def index(self):
        return self._moded(self.run("ls-files", "-z", "--stage", "--full-name"))

    def unlike_index(self):
        """Files whose work-tree copy may differ from the index (changed, deleted, or only touched:
        without a refresh git compares their stat data): what `git checkout -- .` and `git
        restore .` rewrite from the index. The others they leave as they are. diff-files passes
        over an entry marked assume-unchanged (which checkout rewrites all the same) or
        skip-worktree (which --ignore-skip-worktree-bits rewrites): those count as differing
        (`git update-index --assume-unchanged --stdin` and then `git checkout -- .` wrote a
        re-staged hook config)."""
        names = self._raw(self.run("diff-files", "-z", "--raw", "--no-renames", "--no-ext-diff", "--no-textconv"))
        marked = [e.partition(" ")[2] for e in self.run("ls-files", "-z", "-v", "--stage", "--full-name")
                  if e[:1].islower() or e[:1] == "S"]
        return names + self._moded(marked)

    def changed(self, a, b):
        """Files that differ between two trees."""
        return self._raw(self.objects("diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-ext-diff", "--no-textconv",
                                  "--end-of-options", a, b))

    def changed_in_work_tree(self, rev):
        """Files whose work-tree (or index) copy differs from `rev`: what resetting to it rewrites or removes."""
        return self._raw(self.objects("diff-index", "-z", "--raw", "--no-renames", "--no-ext-diff", "--no-textconv",
                                  "--end-of-options", rev))

    def gitlinks(self):
        """The paths of the submodules the index records (mode 160000)."""
        out = []
        for entry in self.run("ls-files", "-z", "--stage", "--full-name"):
            meta, _, name = entry.partition("\t")
            if meta.startswith("160000"):
                out.append(name)
        return out

    def untracked(self, ignored):
        args = ["ls-files", "-z", "--others", "--full-name"]
        if not ignored:
            args.append("--exclude-standard")
        return self.run(*args)


def _options(words, with_value):
    """(options as (name, value), operands before `--`, operands after `--` or None). A lone `-`
    before `--` is git's name for the previous branch (`@{-1}`)."""
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
            before.append("@{-1}" if w == "-" else w)
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
                if names & {"-f", "--force"}:  # `git checkout -f`: HEAD's version of every changed file
                    return [(top, repo.changed_in_work_tree("HEAD"))]
                return None  # `git checkout -b new`: nothing changes on disk
            # a switch carries local changes over; with -f it throws them away (rewrites them too)
            return [(top, repo.changed_in_work_tree(rev) if names & {"-f", "--force"} else repo.changed("HEAD", rev))]
        keep = _spec_filter(specs, cwd, top)
        source = repo.tree(rev) if rev else repo.unlike_index()
        return [(top, [n for n in source if keep(n)])]
    if sub == "rm":  # its operands are pathspecs: `git rm '*.json'` removes .claude/settings.json too
        opts, before, after = _options(words, ("--pathspec-from-file",))
        names = {n for n, _ in opts}
        if names & {"--cached", "-n", "--dry-run"}:
            return None  # only the index changes, or nothing
        if "--pathspec-from-file" in names:
            raise Unknown("`--pathspec-from-file` names the files in a file")
        specs = (before or []) + (after or [])
        if not any(s[:1] == ":" or set(s) & _GLOB for s in specs):
            return None  # plain paths: the shell analysis judges each as a delete
        keep = _spec_filter(specs, cwd, top)
        return [(top, [n for n in repo.index() if keep(n)])]
    if sub == "switch":
        opts, before, after = _options(words, ("-c", "-C", "--create", "--force-create", "--orphan", "--conflict",
                                               "-t", "--track"))
        names = {n for n, _ in opts}
        if "--orphan" in names:
            return [(top, repo.tree("HEAD"))]  # every tracked file is removed
        creates = names & {"-c", "-C", "--create", "--force-create"}
        target = before[-1] if before and not creates else (before[0] if before else None)
        if target is None:
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
        names_from = repo.tree(source) if source else (repo.tree("HEAD") if staged else repo.unlike_index())
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
    if sub == "clean":
        return _plan_clean(words, repo)
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
    if sub == "merge":
        opts, before, after = _options(words, ("-m", "-F", "--file", "-s", "--strategy", "-X", "--strategy-option",
                                               "--into-name", "--cleanup", "-S", "--gpg-sign"))
        names = {n for n, _ in opts}
        if names & {"--abort", "--quit"}:
            return [(top, repo.changed_in_work_tree("HEAD"))]
        if names & {"--continue"} or not before:
            return None
        # what the merge takes from each side it brings in: its changes since the common base
        return [(top, repo.changed(repo.merge_base("HEAD", rev), rev)) for rev in before]
    if sub in ("cherry-pick", "revert"):
        opts, before, after = _options(words, ("-m", "--mainline", "-s", "--strategy", "-X", "--strategy-option",
                                               "--cleanup", "-S", "--gpg-sign"))
        names = {n for n, _ in opts}
        if names & {"--abort", "--quit"}:
            return [(top, repo.changed_in_work_tree("HEAD"))]
        if names & {"--continue", "--skip"}:
            return None
        plan = []
        for rev in before:
            if ".." in rev or rev.startswith("^"):
                raise Unknown(f"the range `{rev}` names commits the guard does not list")
            plan.append((top, repo.changed(rev + "^", rev)))
        return plan
    if sub == "rebase":
        opts, before, after = _options(words, ("--onto", "-x", "--exec", "-s", "--strategy", "-X", "--strategy-option",
                                               "-S", "--gpg-sign", "-C", "--whitespace"))
        names = {n for n, _ in opts}
        if names & {"--continue", "--skip", "--abort", "--quit", "--edit-todo", "--show-current-patch"}:
            return None
        upstream = before[0] if before else "@{upstream}"
        onto = next((v for n, v in reversed(opts) if n == "--onto"), None) or upstream
        plan = []
        if len(before) > 1:
            plan.append((top, repo.changed("HEAD", before[1])))  # `git rebase UPSTREAM BRANCH` switches first
        base = repo.merge_base(before[1] if len(before) > 1 else "HEAD", upstream)
        plan.append((top, repo.changed(base, onto)))
        return plan
    if sub == "pull":
        opts, before, after = _options(words, ("-s", "--strategy", "-X", "--strategy-option", "--depth", "-o",
                                               "--server-option", "--upstream", "--shallow-since"))
        if len(before) < 2 or before[0] != ".":
            raise Unknown("`git pull` merges what it fetches, which is not on disk yet; run `git fetch` as a command of "
                          "its own, then `git merge` or `git rebase` with the fetched branch (`git rebase origin/main`)")
        return [(top, repo.changed(repo.merge_base("HEAD", rev), rev)) for rev in before[1:]] + \
            [(top, repo.changed("HEAD", rev)) for rev in before[1:]]  # --rebase replays onto it
    if sub == "bisect":
        action = next((w for w in words if not w.startswith("-")), "")
        if action in ("log", "view", "visualize", "terms", "help", ""):
            return None
        raise Unknown(f"`git bisect {action}` checks out commits the guard does not look up")
    if sub == "sparse-checkout":
        action = next((w for w in words if not w.startswith("-")), "")
        if action in ("list", "check-rules", ""):
            return None
        raise Unknown(f"`git sparse-checkout {action}` adds or removes work-tree files by pattern")
    if sub == "subtree":  # (contrib: merges another history's tree in below --prefix)
        opts, before, _ = _options(words, ("-P", "--prefix", "-m", "--message"))
        action = before[0] if before else ""
        if action in ("add", "pull", "merge"):
            prefix = next((v for n, v in reversed(opts) if n in ("-P", "--prefix")), None)
            where = os.path.normpath(os.path.join(top, prefix)) if prefix and ".." not in prefix.split("/") else None
            if action == "add" and len(before) == 2 and where and not os.path.lexists(where) and \
                    repo.is_rev(before[1]):
                # (a commit of this repository into a new folder, `git subtree add --prefix=pk evil`: its
                # tree is read, so a `.claude/skills` in it meets the deny side's patterns that hold
                # wherever they lie; a merge into a folder that is there may also remove what it holds)
                return [(where, repo.tree(before[1]))]
            raise Unknown(f"`git subtree {action}` writes another history's tree below its prefix", where)
        return None
    if sub == "mv":
        return _plan_mv(words, cmd, repo)
    if sub == "lfs":  # (git-lfs: the content of tracked files whose copy is an LFS pointer, or missing)
        opts, before, after = _options(words, ("-I", "--include", "-X", "--exclude", "-r", "--remote"))
        action = before[0] if before else ""
        if action == "migrate":
            raise Unknown("`git lfs migrate` rewrites history and checks the result out")
        if action in ("pull", "checkout") or (action == "fetch" and any(n == "--checkout" for n, _ in opts)):
            return [(top, repo.index())]  # (check() keeps the names whose copy LFS would replace)
        return None
    if sub == "worktree":
        opts, before, after = _options(words, ("-b", "-B", "--reason", "--orphan"))
        operands = before + (after or [])
        if not operands or operands[0] != "add" or len(operands) < 2:
            return None
        path = os.path.normpath(os.path.join(cwd, os.path.expanduser(operands[1])))
        rev = operands[2] if len(operands) > 2 else "HEAD"
        return [(path, repo.tree(rev) + [".git"])]
    return None


def _pull_over_hook_configs(repo, ctx):
    """`git pull` from another repository: a deny naming the protected files the project tracks,
    which the commits it fetches (not on disk yet) may rewrite; None when it tracks none."""
    try:
        names = repo.index()
    except Unknown:
        return None
    may_hit, hits = _Candidates(ctx.deny), []
    for name in names[:MAX_NAMES]:
        target = os.path.normpath(os.path.join(repo.top, name))
        if may_hit(target) and _judge(target, "file", ctx, "") and len(hits) < 3:
            hits.append(name)
    if not hits:
        return None
    from legant_guard.hook.model import deny

    return deny(f"`git pull` merges commits it fetches, which are not on disk yet, so the guard cannot tell which files "
                f"it writes, and the project tracks {', '.join(hits)} (protected: hook configs the guard keeps); run "
                "`git fetch` as a command of its own, then `git merge --ff-only` (or `git rebase`) with the fetched "
                "branch: the guard then reads what that changes", "undetermined-destination")


def _plan_clean(words, repo):
    """`git clean -fd`: the files git does not track, and with -x (or -X) the ignored ones too,
    are removed (the whole work tree's: its pathspecs and -e patterns only remove fewer). Files
    it tracks, such as a committed `.claude/settings.json`, stay. Only -n (--dry-run) removes
    nothing: clean.requireForce=false makes it remove without -f."""
    if not _clean_removes(words):
        return None
    names = {n for n, _ in _options(words, ("-e", "--exclude"))[0]}
    return [(repo.top, repo.untracked(ignored=bool(names & {"-x", "-X"})))]


def _clean_removes(words):
    return not {n for n, _ in _options(words, ("-e", "--exclude"))[0]} & {"-n", "--dry-run"}


def _plan_mv(words, cmd, repo):
    """`git mv SRC... DST`: every tracked file below each SRC is removed and lands below DST."""
    top, cwd = repo.top, cmd.cwd
    opts, before, after = _options(words, ())
    operands = before + (after or [])
    if len(operands) < 2:
        return None
    dest = os.path.normpath(os.path.join(cwd, os.path.expanduser(operands[-1])))
    into = len(operands) > 2 or os.path.isdir(dest)
    index = repo.index()
    removed, landed = [], []
    for src in operands[:-1]:
        rel = os.path.relpath(os.path.normpath(os.path.join(cwd, src)), top)
        base = os.path.join(dest, os.path.basename(rel)) if into else dest
        for name in index:
            if name == rel or name.startswith(rel + "/"):
                removed.append(name)
                landed.append(base + name[len(rel):])
        removed.append(rel)  # an untracked SRC (git refuses it, but the name is judged anyway)
    return [(top, removed), ("/", landed)]


def _submodules(words, cmd, repo, what, ctx):
    """`git submodule update/add/deinit/absorbgitdirs` write whole repositories into the
    submodules' folders (a submodule at `.claude` brings its own settings.json): each folder is
    judged as a destination whose names are unknown."""
    opts, before, after = _options(words, ("-b", "--branch", "--name", "--reference", "--depth", "-j", "--jobs"))
    action = before[0] if before else "status"
    if action in ("status", "summary", "sync", "set-url", "set-branch", "init", "foreach"):
        return None  # nothing in the work tree (init writes .git/config; foreach's commands are judged as commands)
    operands = before[1:] + (after or [])
    try:
        if action == "add":
            if not operands:
                return None
            path = operands[1] if len(operands) > 1 else os.path.basename(operands[0].rstrip("/"))
            if path.endswith(".git") and len(operands) == 1:
                path = path[:-4]
            folders = [os.path.normpath(os.path.join(cmd.cwd, os.path.expanduser(path)))]
        else:
            folders = [os.path.join(repo.top, p) for p in repo.gitlinks()]
    except Unknown as e:
        return _undetermined(f"{what}: {e}", repo.top, ctx)
    for folder in folders:
        verdict = _judge(folder, "dir", ctx, f"{what} {action}") or \
            _undetermined(f"{what} {action} writes a whole repository into {folder}", folder, ctx)
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
            found = git_sub(c.argv)
            if found and found.name not in _GIT_READERS and not lists_stashes(c.argv, found):
                return "git " + found.name
        if any("/.git/" in p or p.endswith("/.git") for p in list(c.paths) + [r.target for r in c.redirects]):
            return c.executable or "a command"
    return None


def check(cmd, ctx):
    """A deny Decision when a checkout-like git command writes or removes a protected path, else None."""
    if cmd.executable != "git":
        return None
    found = git_sub(cmd.argv)
    if found is None or found.name not in _SUBCOMMANDS:
        return None
    from legant_guard.hook.treewalk import git_top  # only a checkout-like command needs it

    k, sub = found
    what = f"`git {sub}`"
    if lists_stashes(cmd.argv, found):
        return None  # (it writes nothing: whatever came before it)
    if sub == "clone":
        return _clone(cmd.argv[k + 1:], cmd.cwd, ctx)
    top = git_top(cmd.cwd)
    globals_ = cmd.argv[1:k]
    trust = getattr(ctx.protected, "trust", None)
    envs = (ctx.env, trust.env if trust is not None else {})
    foreign = any(w.startswith(("--git-dir", "--work-tree")) for w in globals_) or \
        any("core.worktree" in w.lower() or "core.bare" in w.lower() for w in globals_) or \
        any(e.get(v) for e in envs for v in GIT_PLACE_VARIABLES)
    if foreign:  # (from outside any work tree too: `cd /tmp && git --git-dir=P/.git --work-tree=P reset --hard`)
        for tree in _foreign_work_trees(cmd, globals_, envs, ctx, top):
            verdict = _undetermined(f"{what} works on a git directory or work tree set elsewhere", tree, ctx)
            if verdict:
                return verdict
        return None
    if top is None:  # not in a work tree: git writes nothing (a `git clean` told of one elsewhere: its folder)
        return _judge(cmd.cwd, "file", ctx, what) if sub == "clean" and _clean_removes(cmd.argv[k + 1:]) else None
    changer = _earlier_change(ctx)
    if changer:  # `git update-index --cacheinfo ... && git checkout -- .`: the tree read now is not the one written
        return _undetermined(f"{what} reads a repository that `{changer}` earlier in the command may change (run it "
                             "as a command of its own)", top, ctx)
    words = _unabbreviated(sub, cmd.argv[k + 1:])
    if any(w == "" and not (i and words[i - 1] in ("-m", "--message")) for i, w in enumerate(words)):
        # (`git checkout $(git stash list -n1 --format=%H) -- .`, `git checkout -f $X`: read as if the
        # word were not there, the index or HEAD was judged, not the revision that is written, red team 39)
        return _undetermined(f"{what} names a revision or path built at run time", top, ctx)
    repo = Repo(top)
    if sub == "submodule":
        return _submodules(words, cmd, repo, what, ctx)
    try:
        real = repo.work_tree(cmd.cwd)
        if os.path.realpath(real) != os.path.realpath(top):
            return _undetermined(f"{what} writes into the work tree {real} the repository names (core.worktree), not "
                                 f"{top}", real, ctx)
        _subtree_shift(sub, words, globals_)
        plan = _plan(sub, words, cmd, repo)
    except Unknown as e:
        if sub == "pull":
            verdict = _pull_over_hook_configs(repo, ctx)
            if verdict:
                return verdict
        return _undetermined(f"{what}: {e}", e.where or top, ctx)
    if not plan:
        return None
    label = f"{what} ({' '.join(cmd.argv[k + 1:k + 4])})"
    may_hit = _Candidates(ctx.deny)
    for folder, names in plan:
        for name in names:
            target = os.path.normpath(os.path.join(folder, name))
            if may_hit(target) and (sub != "lfs" or _lfs_replaces(target)):
                verdict = _judge(target, "file", ctx, label)
                if verdict:
                    return verdict
            ctx.mentioned.add(target)
            if name in repo.links:  # a later `cat LINK/id_rsa` reaches what the link text names
                ctx.unknown_links[target] = what
    return None


# Options that make a command write more, or elsewhere: git's parse-options takes any unambiguous
# prefix of a long option (`git checkout-index --pref=.claude/ -a` wrote the tracked settings.json
# there, red team 42). A prefix of one of these is read as it (a prefix git finds ambiguous makes
# git refuse the command: reading it as the option only makes the guard stricter).
# checkout-index's are all of its long options (`--a` is its --all).
_WIDENING = {"checkout-index": ("--all", "--force", "--prefix", "--stage", "--temp", "--stdin", "--index", "--quiet",
                                "--no-create", "--ignore-skip-worktree-bits"),
             "": ("--prefix", "--pathspec-from-file", "--source", "--worktree", "--orphan", "--force", "--all", "--stage",
                  "--add-file", "--add-virtual-file", "--output", "--onto", "--track", "--conflict", "--theirs", "--ours",
                  "--include-untracked", "--ignore-skip-worktree-bits", "--overlay", "--merge", "--hard", "--keep")}


def _unabbreviated(sub, words):
    """`words` with each abbreviated long option before `--` spelt out when it is one of _WIDENING."""
    options = _WIDENING.get(sub, _WIDENING[""])
    out = list(words)
    for i, w in enumerate(out):
        if w == "--":
            break
        if w.startswith("--") and len(w) >= 3:
            name, eq, value = w.partition("=")
            if name not in options:
                full = [o for o in options if o.startswith(name)]
                if len(full) == 1:
                    out[i] = full[0] + eq + value
    return out


_MERGERS = frozenset(("merge", "cherry-pick", "revert", "rebase", "pull", "stash"))


def _subtree_shift(sub, words, globals_):
    """`git merge -Xsubtree=.claude B` (also `-X subtree=P`, `--strategy-option`, `-s subtree`, and
    `-c pull.twohead=subtree`, which git merge reads too): git shifts the other tree's names into
    a folder, or strips one from them, so a branch's `settings.json` was written as
    `.claude/settings.json` while the plan read its names unshifted (red team 32). What it writes
    cannot be read from the names: Unknown, below the whole work tree (a strip lands anywhere)."""
    if sub not in _MERGERS:
        return
    values = []
    for k, w in enumerate(words):
        if w == "--":
            break
        if w in ("-X", "--strategy-option", "-s", "--strategy"):
            values.append(words[k + 1] if k + 1 < len(words) else "")
        elif w[:2] in ("-X", "-s"):
            values.append(w[2:])
        elif w.startswith(("--strategy-option=", "--strategy=")):
            values.append(w.partition("=")[2])
    values += [w.partition("=")[2] for w in globals_ if w.lower().startswith(("pull.twohead=", "pull.octopus="))]
    if any(v.strip() == "subtree" or v.startswith("subtree=") for v in values):
        raise Unknown("the subtree strategy shifts the other tree's files into a folder (or out of one), so they land "
                      "under other names than the branch holds")


def _foreign_work_trees(cmd, globals_, envs, ctx, top):
    """The folders a git command told of another git dir or work tree may write below: the work
    tree enclosing the working folder, the one it names (`--work-tree`, `-c core.worktree=`,
    GIT_WORK_TREE), else the working folder and the `core.worktree` the named git dir's own
    configuration sets. "/" (anywhere) where that cannot be read: a value built at run time, an
    unreadable configuration."""
    from legant_guard.hook.gitplace import _git_options

    trees = [top] if top else []  # (the enclosing work tree too, as before: git's own rules are subtle)
    named = False
    for i, word in enumerate(globals_):
        value = None
        if word.startswith("--work-tree="):
            value = word.split("=", 1)[1]
        elif word == "--work-tree" and i + 1 < len(globals_):
            value = globals_[i + 1]
        elif "core.worktree=" in word.lower():
            value = word.split("=", 1)[1]
        if value is not None:
            named = True
            trees.append(os.path.normpath(os.path.join(cmd.cwd, os.path.expanduser(value))))
    for place in getattr(ctx, "env_paths", ()) or ():
        if place.variable == "GIT_WORK_TREE":
            named = True
            trees.append(place.folder)
    if not named and any(e.get("GIT_WORK_TREE") for e in envs):
        value = envs[1].get("GIT_WORK_TREE") if len(envs) > 1 else None
        trees.append(os.path.abspath(value) if value and os.path.isabs(value) else "/")
    if not named and not top:
        trees.append(cmd.cwd)
        git_dir = _git_options(cmd)[1] or next((p.folder for p in getattr(ctx, "env_paths", ()) or ()
                                                if p.variable == "GIT_DIR"), None)
        if git_dir:
            try:
                with open(os.path.join(git_dir, "config"), "rb") as f:
                    text = f.read(1 << 20).lower()
            except FileNotFoundError:
                text = b""
            except OSError:
                text = b"worktree"
            if b"worktree" in text or b"include" in text:
                trees.append("/")  # (its core.worktree, or a file it includes: wherever that says)
    return trees


def _lfs_replaces(path):
    """Would `git lfs pull/checkout` write `path`: its copy is missing or is an LFS pointer file?
    (An agent can commit a pointer for `.claude/settings.json` and the object it names.)"""
    try:
        with open(path, "rb") as f:
            return f.read(64).startswith(b"version https://git-lfs")
    except FileNotFoundError:
        return True
    except OSError:
        return True  # (unreadable: cannot tell)


class _Candidates:
    """A cheap test that lets most names of a big tree skip the full deny-side check: a name can
    only meet a rule when it is (or holds) a fixed protected or denied path, a wildcard rule
    matches it, or a folder on its way is a symlink (then the full check resolves it)."""

    def __init__(self, deny):
        from legant_guard.hook.paths import fold_path

        self.fold = fold_path
        self.exact = set()
        self.anchors = set()  # the fixed rules themselves: a plain rule also covers every name below it
        self.below = {}  # folder -> does it lie at or below an anchor (`.claude/hooks/x.sh`, the guard's src/)
        self.globs = []
        for rule in deny.guarded:
            if rule.glob:
                self.globs.append(rule)
            else:
                self._add(rule.anchored)
        for r in deny.deny:
            if r.rule.glob:
                self.globs.append(r.rule)
            else:
                self._add(r.rule.anchored)
        self.real = {}

    def _add(self, path):
        path = self.fold(path).rstrip("/")
        self.anchors.add(path)
        while path and path not in self.exact:  # a file written at a folder holding one replaces it
            self.exact.add(path)
            path = path.rsplit("/", 1)[0]

    def __call__(self, target):
        folded = self.fold(target)
        if folded in self.exact:
            return True
        folder = os.path.dirname(target)
        if self._below(os.path.dirname(folded)):
            return True
        moved = self.real.get(folder)
        if moved is None:
            moved = self.real[folder] = os.path.realpath(folder) != folder
        if moved:
            return True
        return any(rule.matches(folded) or rule.matches(target) for rule in self.globs)


    def _below(self, folder):
        """Is the (folded) `folder` a fixed rule's path or below one? Remembered per folder: a
        tree of 200,000 names has few folders."""
        found = self.below.get(folder)
        if found is None:
            path, found = folder, False
            while path and path != "/":
                if path in self.anchors:
                    found = True
                    break
                path = path.rsplit("/", 1)[0]
            self.below[folder] = found
        return found


def _clone(words, cwd, ctx):
    """`git clone URL [DIR]` writes a tree nobody can list before it is fetched."""
    opts, before, after = _options(words, ("-o", "--origin", "-b", "--branch", "-u", "--upload-pack", "--reference",
                                           "--separate-git-dir", "--depth", "--shallow-since", "--shallow-exclude",
                                           "-c", "--config", "--filter", "--template", "-j", "--jobs",
                                           "--server-option", "--bundle-uri", "--reference-if-able"))
    operands = before + (after or [])
    if not operands:
        return None
    if len(operands) > 1:
        dest = operands[1]
    else:
        dest = operands[0].rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
        dest = dest[:-4] if dest.endswith(".git") else dest
    dest = os.path.normpath(os.path.join(cwd, os.path.expanduser(dest)))
    # any file of the clone may be a symlink (to ~/.ssh/id_rsa): a later word below it is undetermined
    ctx.unknown_trees[dest] = "`git clone`"
    verdict = _undetermined("`git clone` writes the files of a repository the guard cannot list before it is fetched",
                            dest, ctx)
    return verdict or _local_clone(opts, operands[0], cwd, dest, ctx)


def _local_clone(opts, source, cwd, dest, ctx):
    """A clone of a repository on this machine (`git clone -b evil . sub`) writes the tree of the
    branch it checks out, which the guard can read: judged name by name, so the deny side's patterns
    that hold wherever they lie (a nested `.claude/skills`, `.claude/agents`) meet it (red team 39:
    only the folder was judged, for the protected paths fixed below it)."""
    names = {n for n, _ in opts}
    if names & {"-n", "--no-checkout", "--bare", "--mirror"}:
        return None
    path = source[len("file://"):] if source.startswith("file://") else source
    if "://" in path or (":" in path.split("/", 1)[0] and not path.startswith((".", "/", "~"))):
        return None  # (a remote: not on disk before it is fetched)
    from legant_guard.hook.treewalk import git_top

    top = git_top(os.path.normpath(os.path.join(cwd, os.path.expanduser(path))))
    if top is None:
        return None
    branch = next((v for n, v in reversed(opts) if n in ("-b", "--branch")), "HEAD")
    try:
        files = Repo(top).tree(branch)
    except Unknown as e:
        return _undetermined(f"`git clone` of {path}: {e}", dest, ctx)
    may_hit = _Candidates(ctx.deny)
    for name in files:
        target = os.path.normpath(os.path.join(dest, name))
        if may_hit(target):
            verdict = _judge(target, "file", ctx, f"`git clone` of {path}")
            if verdict:
                return verdict
    return None


def piped_git_archive(ctx):
    """(members, what) of the archive `git archive REV [PATH...]` writes to its output when it is
    the command just before (the pipe `git archive REV | tar -x`); (None, None) otherwise or when
    the tree cannot be read (the caller then judges a pipe it knows nothing about)."""
    from legant_guard.hook.archives import Member

    if not ctx.commands:
        return None, None
    cmd = ctx.commands[-1]
    found = git_sub(cmd.argv) if cmd.executable == "git" else None
    if found is None or found.name != "archive" or cmd.redirects:
        return None, None
    from legant_guard.hook.treewalk import git_top
    opts, before, after = _options(cmd.argv[found.at + 1:], ("--format", "--prefix", "-o", "--output", "--remote",
                                                             "--exec", "--add-file", "--add-virtual-file"))
    names = {n for n, _ in opts}
    if names & {"-o", "--output", "--remote", "--exec", "--add-file", "--add-virtual-file", "-l", "--list"} or \
            any(v not in ("tar", "") for n, v in opts if n == "--format") or not before:
        return None, None
    top = git_top(cmd.cwd)
    if top is None or _earlier_change(_Before(ctx)):
        return None, None
    rev, specs = before[0], before[1:] + (after or [])
    repo = Repo(top)
    try:
        keep = _spec_filter(specs, cmd.cwd, top)
        files = [n for n in repo.tree(rev) if keep(n)]
    except Unknown:
        return None, None
    here = os.path.relpath(cmd.cwd, top)
    if here != ".":  # in a subfolder git archives that folder's tree, names relative to it
        files = [n[len(here) + 1:] for n in files if n.startswith(here + "/")]
    prefix = next((v for n, v in reversed(opts) if n == "--prefix"), "")
    # a symlink of the tree arrives as a symlink whose text the guard does not read (madelinks.py)
    return [Member(prefix + n, "symlink" if n in repo.links or f"{here}/{n}" in repo.links else "file")
            for n in files], f"`git archive {rev}`"


class _Before:
    """The shell context as it was before the `git archive` command (its earlier commands)."""

    def __init__(self, ctx):
        self.opaque = None
        self.commands = ctx.commands[:-1]
