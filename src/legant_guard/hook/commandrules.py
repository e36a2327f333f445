"""Rules that depend on what one particular program does with its operands.

The generic checks treat every operand as a path that is read or written. A few programs
need more, or a protected file is reachable without ever being named:
- copy-like programs (cp, mv, ln, install, rsync) write `DEST/<name of SRC>` when DEST is a
  folder, and can replace a protected folder wholesale (`ln -s /tmp/x .claude`);
- recursive readers (tar, zip, rsync, cp -r, grep -r, rg) of a folder above the guard's key
  and tokens read them;
- git runs programs named in `-c` overrides (hooks, fsmonitor, pagers, `!` aliases);
- sed writes files named inside its script (`w FILE`, `s/a/b/w FILE`) and GNU sed runs shell
  commands from it (`e CMD`, `s/a/b/e`);
- files reached by name or by walking a tree (reach.py: grep -r, rg, git grep, find | xargs,
  tar -c, cp -r) and writes that land without naming the file (destinations.py: cp -r into a
  folder, tar -x, unzip, git apply, patch, `ln -s` then a write through the link).
Functions over one analysed SimpleCommand plus a ShellContext that carries what earlier
commands of the same shell command did; the engine calls them in order.
"""

import os

from legant_guard.hook.cmdoptions import expand_abbreviation
from legant_guard.hook.model import deny
from legant_guard.hook.paths import is_glob, path_variants
# (modules every shell call has loaded before this one: a function-level `from ... import`
# costs ~1-5 us each time, and these run once per command of a long line)
from legant_guard.shell.names import program_name

_COPIERS = frozenset(("cp", "mv", "ln", "install", "rsync"))
# (program, flags that make it read folders recursively; None = always does)
_RECURSIVE_READERS = {
    "tar": None, "zip": ("-r", "--recurse-paths"), "7z": None, "rsync": None, "scp": ("-r",),
    "cp": ("-r", "-R", "-a", "--recursive", "--archive"),
    "grep": ("-r", "-R", "--recursive", "--dereference-recursive"), "egrep": ("-r", "-R"), "fgrep": ("-r", "-R"),
    "rg": None, "ag": None, "ack": None, "diff": ("-r", "--recursive"),
    "7za": None, "7zr": None, "7zz": None, "rar": None,
}
_RECURSIVE_READERS.update(dict.fromkeys(("gzip", "gunzip", "pigz", "unpigz", "zstd", "unzstd", "lz4", "compress",
                                         "uncompress", "lzop", "brotli", "bzip3"), ("-r", "--recursive")))
# Compressors that, recursing, replace every file below a folder with its compressed (or
# expanded) self: `gzip -r DIR` rewrites the guard's files as surely as deleting them (and
# `gzip -rc DIR` reads them all).
_RECURSIVE_COMPRESSORS = frozenset(("gzip", "gunzip", "pigz", "unpigz", "zstd", "unzstd", "lz4", "compress",
                                    "uncompress", "lzop", "brotli", "bzip3"))
# git configuration keys whose value is a program git runs (or `!` aliases).
_GIT_PROGRAM_KEYS = ("core.hookspath", "core.fsmonitor", "core.sshcommand", "core.pager", "core.editor",
                     "core.askpass", "credential.helper", "diff.external", "sequence.editor", "gpg.program",
                     "uploadpack.packobjectshook", "core.gitproxy", "pager.",
                     # a config file read in is any key at all (core.pager = curl ...)
                     "include.path", "includeif.", "gpg.", "interactive.difffilter", "protocol.ext.allow",
                     "protocol.allow")
_GIT_PROGRAM_SUFFIXES = (".textconv", ".command", ".process", ".clean", ".smudge", ".cmd", ".tool", ".driver",
                         ".helper", ".uploadpack", ".receivepack")


def _has_flag(argv, flags):
    """Does argv carry one of these flags, alone, bundled (`-rn`, `-avz`) or abbreviated
    (`--recur`: GNU programs take any unambiguous prefix)? Every flag starts with `-`, so a
    word that does not (most words: the operands) is none of them."""
    longs = [f for f in flags if f.startswith("--")]
    short = "".join(f[1] for f in flags if len(f) == 2 and f.startswith("-"))
    for word in argv[1:]:
        if word[:1] != "-":
            continue
        if word == "--":
            break
        if word in flags or (longs and word.startswith("--") and expand_abbreviation(word.partition("=")[0], longs) in longs):
            return True
        if word.startswith("-") and not word.startswith("--") and any(c in word[1:] for c in short):
            return True
    return False


_TAR_TREE_MODES = ("--create", "--append", "--update", "--catenate", "--concatenate", "--diff", "--compare",
                   "--delete")


def _tar_reads_only_archive(cmd):
    """`tar -x`/`tar -t` (extract, list) read the archive alone: `-C DIR` is where members are
    written (judged as writes by destinations.py), not a tree tar walks. `tar -xzf x.tgz -C ~`
    read as a walk of the home was refused for holding the guard dir. The modes that do read
    the tree below `-C` (create, append, update, diff) keep the walk, abbreviated too."""
    if cmd.executable not in ("tar", "bsdtar"):
        return False
    from legant_guard.hook.cmdoptions import tar_options

    opts, _, creating = tar_options(cmd.argv)
    names = {name for name, _ in opts}
    if creating or names & {"-d", "--diff", "--compare", "--delete"} or not names & {"-x", "-t", "--extract",
                                                                                       "--get", "--list"}:
        return False
    return not any(name.startswith("--") and mode.startswith(name.partition("=")[0])
                   for name in names for mode in _TAR_TREE_MODES)


class ShellContext:
    """One shell command's state for the per-program rules: the compiled deny side and the
    walk budget (made on first use), links made and paths named by earlier commands."""

    def __init__(self, protected, policy, home, project, env=None, command=None):
        self.protected = protected
        self.policy = policy
        self.home = home
        self.project = project
        self.env = env or {}
        self.links = []  # (link, real target) made by `ln -s` earlier in the command
        self.copies = []  # (destination, source) of copies that keep symlinks (madelinks.py)
        self.copies_at = {}  # the same, by destination folder (madelinks.folder_key): looked up, not scanned
        self.copies_above = set()  # every folder above a key of copies_at
        self.copies_shortest = 0  # the length of the shortest key of copies_at
        self.unknown_links = {}  # symlink an earlier command writes, target unknown -> what writes it
        self.unknown_trees = {}  # folder an earlier command fills with files it cannot list (git clone)
        self.mentioned = set()  # paths earlier commands named (they may create them)
        self.finds = []  # find commands seen so far (their matches may reach `xargs CMD`)
        self.commands = []  # every earlier command (checkouts.py: did one change the repository?)
        # An earlier program that may write files it does not name (`git checkout`, `make`): a
        # tree, archive or patch read later may not be what is on disk now.
        self.opaque = None
        self._deny = None
        self._budget = None
        self._command = command
        self._names_path = None

    def names_path(self, command):
        """Does the command line mention PATH (`PATH=.:$PATH mycat`)? Asked for each of its
        commands: a 120 KiB line is searched once, not once per command."""
        if command is not self._command:
            return "PATH" in command
        if self._names_path is None:
            self._names_path = "PATH" in command
        return self._names_path

    @property
    def deny(self):
        if self._deny is None:
            from legant_guard.hook.denyside import DenySide

            self._deny = DenySide(self.protected, self.policy, self.project, self.home)
        return self._deny

    @property
    def budget(self):
        if self._budget is None:
            from legant_guard.hook.treewalk import Budget

            self._budget = Budget()
        return self._budget

    def after(self, cmd):
        """Remember what `cmd` did for the commands after it."""
        self.commands.append(cmd)
        self.mentioned.update(cmd.paths)
        self.mentioned.update(r.target for r in cmd.redirects)
        if cmd.executable == "ln":
            from legant_guard.hook import destinations

            destinations.record_links(cmd, self)
        if cmd.executable in _NAME_SEARCHERS:
            self.finds.append(cmd)
        if cmd.executable in ("cp", "mv"):
            from legant_guard.hook import madelinks

            madelinks.record_copy(cmd, self)
        if self.opaque is None and not _names_its_writes(cmd):
            self.opaque = cmd.executable or "a command built at run time"


# Programs whose writes are the files they name (operands, redirects) or that the rules below
# add to ShellContext.mentioned (extraction, patches): a later copy can trust the disk after them.
_NAMED_WRITERS = frozenset((
    "ls", "cat", "echo", "printf", "pwd", "cd", "pushd", "popd", "test", "[", "true", "false", ":", "mkdir", "touch",
    "rm", "rmdir", "cp", "mv", "ln", "grep", "egrep", "fgrep", "rg", "ag", "ack", "find", "head", "tail", "wc", "sort",
    "uniq", "diff", "sed", "tr", "cut", "basename", "dirname", "realpath", "readlink", "stat", "file", "du", "df",
    "date", "sleep", "which", "type", "command", "export", "set", "shopt", "unset", "chmod", "chown", "tee", "tar",
    "bsdtar", "unzip", "zip", "gzip", "gunzip", "cpio", "patch", "go", "gofmt", "jq", "awk", "less", "more", "tree",
))
_GIT_NAMED = frozenset(("status", "log", "diff", "show", "rev-parse", "ls-files", "grep", "blame", "describe", "add",
                        "commit", "fetch", "remote", "branch", "tag", "config", "apply", "rm", "mv", "init", "clone"))


def _names_its_writes(cmd):
    exe = cmd.executable
    if exe == "git":
        from legant_guard.hook.gitsubs import git_sub as _git_sub, lists_stashes

        sub = _git_sub(cmd.argv)
        return sub is None or sub.name in _GIT_NAMED or lists_stashes(cmd.argv, sub)
    return exe in _NAMED_WRITERS


# Programs that read every file below a folder they are given (reach.py): content searchers,
# name searchers and recursive comparers.
SEARCH_PROGRAMS = frozenset(("grep", "egrep", "fgrep", "rg", "ag", "ack", "find", "rgrep", "zgrep", "zegrep",
                             "zfgrep", "ugrep", "ug", "rga", "pt", "sift", "bfs", "fd", "fdfind", "diff",
                             "colordiff"))
# Programs whose tree-reading or unnamed writes the modules reach/destinations judge.
_TREE_PROGRAMS = SEARCH_PROGRAMS | frozenset(("tar", "bsdtar", "gtar", "zip", "rsync", "cp", "scp", "mv", "7z", "7za",
                                              "7zr", "7zz", "unzip", "bsdunzip", "cpio", "patch", "gpatch", "rar"))
# Backup, sync and image tools that copy whole trees (reach.TREE_COPIERS, kept equal by a test)
_TREE_COPIERS = frozenset(("unison", "rdiff-backup", "borg", "restic", "kopia", "duplicity", "duplicacy", "dar", "star",
                           "jar", "mksquashfs", "genisoimage", "mkisofs", "xorrisofs", "tarsnap", "lrztar", "zpaq",
                           "ctags", "etags", "ditto", "fsarchiver", "bup", "xorriso", "lha", "arj"))
# Programs that select files by name and hand them on (`find ... | xargs cat`, `fd -x cat`)
_NAME_SEARCHERS = frozenset(("find", "bfs", "fd", "fdfind"))


def check_command(cmd, protected, home, policy=None, project="", ctx=None):
    """A deny Decision for `cmd`, or None. `protected` is the engine's Protected set."""
    cmd = as_the_program(cmd)
    verdict = _named_rules(cmd, protected, home, policy, project, ctx)
    if verdict is None and ctx is not None:
        verdict = _reach_and_destinations(cmd, ctx)
    return verdict


def as_the_program(cmd):
    """The command named as the program it runs, where the rules keyed by name must judge it:
    `GREP -r x ~`, `TAR -czf out.tgz .` (macOS's file system ignores case: grep, tar), `gcp -r`,
    `uu-rm`, `grm` (GNU's and uutils' names of cp and rm): shell/names.program_name. A copy named
    that way; the command itself keeps its spelling for the allow-list."""
    name = program_name(cmd.executable) if cmd.executable else cmd.executable
    if name == cmd.executable:
        return cmd
    import copy

    twin = copy.copy(cmd)
    twin.executable = name
    return twin


def _named_rules(cmd, protected, home, policy, project, ctx=None):
    exe = cmd.executable
    if exe in _COPIERS:
        verdict = _copy_destination(cmd, protected, home, ctx)
        if verdict:
            return verdict
    if exe in _RECURSIVE_COMPRESSORS and _has_flag(cmd.argv, ("-r", "--recursive")) and \
            not _has_flag(cmd.argv, ("-c", "--stdout", "-l", "--list", "-t", "--test")):
        for path in cmd.paths:
            hit = protected.contained_in(path_variants(path, cmd.cwd, home))
            if hit:
                return deny(f"`{exe} -r` would replace every file below {path} with its compressed (or expanded) "
                            f"self, among them {hit}, which is protected", "protected")
    flags = _RECURSIVE_READERS.get(exe, False)
    if flags is not False and (flags is None or _has_flag(cmd.argv, flags)) and not _tar_reads_only_archive(cmd):
        paths = list(cmd.paths)
        if ctx is not None and ctx.links:  # `ln -s ~/.. g; grep -r x g`: what the link made earlier leads to
            from legant_guard.hook import destinations
            from legant_guard.hook.engine import _check_path

            linked = destinations.through_links(cmd, ctx)
            for path in linked:
                verdict = policy is not None and _check_path(policy, protected, path, cmd.cwd, home, project, "fs.read",
                                                             deny_only=True, recursive=True)
                if verdict:
                    verdict.reason += " (through a link made earlier in the command)"
                    return verdict
            paths += linked
        for path in paths:
            hit = protected.contained_in(path_variants(path, cmd.cwd, home), rules=protected.secrets)
            if hit:
                return deny(f"`{exe}` would read {path} recursively, and with it the guard's own files in {hit}, which are protected",
                            "protected")
    if cmd.find_names:
        verdict = _find_exec_names(cmd, policy, project, home)
        if verdict:
            return verdict
    if exe in _OPTION_FILE_PROGRAMS and policy is not None and (exe in ("rg", "rga") or "@" in "".join(cmd.argv[1:])):
        from legant_guard.hook import optionfiles  # (`gcc @flags.rsp`, RIPGREP_CONFIG_PATH=rc rg)

        verdict = optionfiles.check(cmd, policy, ctx)
        if verdict:
            return verdict
    if exe == "git":
        return _git_overrides(cmd)
    if exe in ("sed", "gsed"):
        return _sed_script(cmd, policy, project, home, protected)
    return None


# hook/optionfiles.PROGRAMS: programs that read more options from a file
_OPTION_FILE_PROGRAMS = frozenset(("gcc", "cc", "c++", "g++", "clang", "clang++", "gfortran", "cpp", "tcc", "rg", "rga"))


def _reach_and_destinations(cmd, ctx):
    exe = cmd.executable
    if ctx.links:
        from legant_guard.hook import destinations
        from legant_guard.hook.engine import check_written_path

        for path in destinations.through_links(cmd, ctx):
            verdict = check_written_path(ctx.policy, ctx.protected, path, cmd.cwd, ctx.home, ctx.project)
            if verdict:
                verdict.reason += " (through a link made earlier in the command)"
                return verdict
    if ctx.copies_at or ctx.unknown_links or ctx.unknown_trees:  # (madelinks.check has nothing else to judge)
        from legant_guard.hook import madelinks

        verdict = madelinks.check(cmd, ctx)
        if verdict:
            return verdict
    # (`find … | while read f; do cp x "$f"; done`, `cp x $(find …)`: the words it is handed are unknown to
    # the analysis, and may be what find printed)
    by_xargs = ctx.finds and any(v.startswith(("xargs", "parallel")) for v in cmd.via)
    if ctx.finds and (by_xargs or cmd.undetermined):
        from legant_guard.hook import reach

        redirected = any(u.startswith("redirect target") for u in cmd.undetermined)
        handed = [exe or ("a script xargs builds" if by_xargs else "a command built at run time")] + \
            (["a redirect"] if redirected else [])
        replace = cmd.input_replace
        words = cmd.argv[1:] + [r.target for r in cmd.redirects]
        if not cmd.argv and by_xargs:
            # `xargs -I{} sh -c 'echo x > {}/settings.json'`: the script xargs builds (its words)
            replace = replace or "{}"
            words = [w for u in cmd.undetermined for w in u.replace("'", " ").replace('"', " ").replace(">", " ").split()]
        tails = [w[len(replace):] for w in words if replace and w.startswith(replace) and w[len(replace):].startswith("/")]
        from legant_guard.hook.runwords import known_tails

        # (`for d in $(find …); do cp x $d/settings.json; done`: the unknown part may be a match)
        tails += [t for t in known_tails(cmd, "operand") + known_tails(cmd, "redirect target")
                  if t.startswith("/") and len(t) > 1 and t not in tails]
        for find in ctx.finds:
            verdict = reach.name_search_check(find, handed, ctx, tails)
            if verdict:
                return verdict
    if exe == "git-lfs":  # (`git-lfs pull` is `git lfs pull`)
        import copy

        from legant_guard.hook import checkouts

        as_git = copy.copy(cmd)
        as_git.executable, as_git.argv = "git", ["git", "lfs"] + list(cmd.argv[1:])
        return checkouts.check(as_git, ctx)
    if exe not in _TREE_PROGRAMS and exe != "git":
        if exe in ("pax", "afio"):  # (`echo KEY | pax -w`, `afio -o`: they archive the files named on their input)
            from legant_guard.hook import reach

            verdict = reach.listed_files_check(cmd, ctx)
            if verdict:
                return verdict
        if exe in _TREE_COPIERS or (exe.startswith("python") and ("zipfile" in cmd.argv or "tarfile" in cmd.argv or
                                                                  "-mzipfile" in cmd.argv or "-mtarfile" in cmd.argv)):
            from legant_guard.hook import reach  # `restic backup .`, `python3 -m zipfile -c x.zip .`

            search = reach.search_of(cmd, ctx.env)
            verdict = search is not None and reach.check_search(search, ctx)
            if verdict:
                return verdict
        from legant_guard.hook.outputnames import PROGRAMS as OUTPUT_PROGRAMS

        if exe not in OUTPUT_PROGRAMS and not exe.startswith("python") and exe not in _RECURSIVE_COMPRESSORS:
            return None  # (most programs: outputs.py need not load)
        from legant_guard.hook import outputs  # decompressors, unpackers it cannot list, pattern renames

        if exe in _RECURSIVE_COMPRESSORS:  # `gzip -rc DIR`: every file below it (reach.py), then its outputs
            from legant_guard.hook import reach

            search = reach.search_of(cmd, ctx.env)
            verdict = search is not None and reach.check_search(search, ctx)
            if verdict:
                return verdict
        return outputs.check(cmd, ctx) if exe in outputs.PROGRAMS or exe.startswith("python") else None
    if exe == "git":  # (`git status`, the commonest command, loads none of the modules below)
        from legant_guard.hook.gitsubs import PATCH_APPLIERS, REVISION_READERS, TREE_WRITERS, git_sub

        sub = git_sub(cmd.argv)
        if sub and sub.name in ("town", "svn", "p4"):  # (`git town sync` is `git-town sync`: it pulls and
            import copy                                 # switches branches; `git svn rebase` fetches and rebases)

            from legant_guard.hook import fetchers

            as_program = copy.copy(cmd)
            as_program.executable = "git-" + sub.name
            as_program.argv = [as_program.executable] + list(cmd.argv[sub.at + 1:])
            return fetchers.check(as_program, ctx)
        if sub and sub.name == "grep":
            from legant_guard.hook import reach

            return reach.git_grep_check(cmd, ctx)
        if sub and sub.name == "diff":
            from legant_guard.hook import reach

            search = reach.git_diff_no_index(cmd)
            verdict = search is not None and reach.check_search(search, ctx)
            if verdict:
                return verdict
        if sub and sub.name in REVISION_READERS:
            from legant_guard.hook import gitrevs

            verdict = gitrevs.check(cmd, ctx)
            if verdict:
                return verdict
        if sub and sub.name in PATCH_APPLIERS:
            from legant_guard.hook import destinations

            return destinations.patch_writes(cmd, ctx)
        if not (sub and sub.name in TREE_WRITERS):
            return None
        from legant_guard.hook import checkouts

        return checkouts.check(cmd, ctx)
    from legant_guard.hook import destinations, reach

    if exe in _NAME_SEARCHERS:
        return reach.name_search_check(cmd, [], ctx, reach.exec_tails(cmd.argv))
    verdict = reach.listed_files_check(cmd, ctx)
    if verdict:
        return verdict
    search = reach.search_of(cmd, ctx.env)
    if search is not None:
        verdict = reach.check_search(search, ctx)
        if verdict:
            return verdict
    return destinations.copy_tree(cmd, ctx) or destinations.archive_extraction(cmd, ctx) or \
        destinations.patch_writes(cmd, ctx)


def _tool_globs(text):
    """The ripgrep --glob values a search tool's glob filter becomes: Claude's Grep splits it at
    whitespace and, outside braces, at commas (`*.py,.env` is two globs); `!x` excludes. Each
    piece is also brace-expanded; the whole text is kept too (deny beats allow: a reading
    under which a secret is searched is enough)."""
    from legant_guard.shell.expansion import brace_expand
    from legant_guard.shell.words import ExpansionError

    pieces = []
    for raw in text.replace("\ufeff", " ").split():  # (JavaScript's \s, which Claude splits at, holds U+FEFF)
        pieces += [raw] if "{" in raw and "}" in raw else [p for p in raw.split(",") if p]
    globs = []
    for piece in [text] + pieces:
        exclude = piece.startswith("!")
        try:
            expanded = brace_expand(piece[1:] if exclude else piece)
        except ExpansionError:
            expanded = []
        globs += [(g, exclude, False) for g in expanded]
    return globs


def check_search_tool(action, protected, policy, home):
    """The agent's own content search (Claude's Grep, opencode's grep): ripgrep underneath, run
    with hidden files (and, the conservative reading, links followed, though both run ripgrep
    without --follow), ignore files honoured, and the version-control folders its agent's
    descriptor (agents/) says the tool leaves out skipped: without this, every Grep at the root
    of a git work tree was refused for .git/config."""
    from legant_guard.hook import reach

    ctx = ShellContext(protected, policy, home, action.project)
    root = os.path.normpath(os.path.join(action.cwd, os.path.expanduser(action.paths[0] if action.paths else ".")))
    hit = _config_in_folder(protected, path_variants(root, action.cwd, home), action.project)
    if hit:  # `Grep {path: .claude}` prints the hook config, as Read would
        return deny(f"`{action.tool}` would search {root}, and with it the hook config {hit}, which is protected; "
                    "leave that folder out", "protected")
    search = reach.Search("Grep", [root])
    search.follow = True
    if action.search_skips_hold:  # an exclusion after the user's globs: always holds
        search.exclude_dirs = list(action.search_skips)
    else:  # the first globs: a later one that matches the folder lets ripgrep in again
        search.globs.extend((name, True, False) for name in action.search_skips)
    # ripgrep underneath reads RIPGREP_CONFIG_PATH as `rg` does (`--no-ignore` in a config file
    # the agent may write): then no ignore file is counted
    if not os.environ.get("RIPGREP_CONFIG_PATH"):
        search.ignore_names = (".gitignore", ".ignore", ".rgignore")
    search.git_ignores = True
    filters = action.search_filters
    for key in ("glob", "include"):
        if filters.get(key):
            search.globs.extend(_tool_globs(filters[key]))
    if filters.get("type") in reach._RG_TYPES:
        search.globs.extend((g, False, False) for g in reach._RG_TYPES[filters["type"]])
    return reach.check_search(search, ctx)


def _find_exec_names(cmd, policy, project, home):
    """`find . -name .env -exec cat {} +`: the files are named by the filter, not the operands.
    Deny when every -name filter could select a file a deny-path rule names."""
    from legant_guard.hook.paths import PathRule, wildcard_match

    for source in policy.deny_paths:
        last = PathRule(source, project, home).anchored.rstrip("/").rsplit("/", 1)[-1]
        if all(wildcard_match(f.pattern.lower(), last.lower()) or wildcard_match(last.lower(), f.pattern.lower())
               if f.icase else wildcard_match(f.pattern, last) or wildcard_match(last, f.pattern)
               for f in cmd.find_names):
            return deny(f"`find` would run `{cmd.executable}` on files named like {last}, denied by deny-path {source}",
                        "deny-path")
    return None


def repository_reads(cmd, policy, protected, home, project):
    """`git clone file:///other/repo x`, `git fetch ../r`: the other repository git reads is a read
    of its folder (after the trust base's checks of the same command, whose reasons are the more
    precise: `git clone --template=DIR SRC`)."""
    from legant_guard.hook.engine import check_read_path

    for path in cmd.repositories:
        verdict = check_read_path(policy, protected, path, cmd.cwd, home, project)
        if verdict:
            return verdict
    return None


_SEARCHERS = frozenset(("grep", "egrep", "fgrep", "rg", "ag", "ack", "diff"))


def config_folder_reads(cmd, protected, home, project):
    """A recursive search pointed at the folder of an existing hook config (`grep -r x .claude`,
    `diff -r .claude x`) prints it, as `cat .claude/settings.json` would. (A copy of the folder,
    `cp -r .claude x`, is an ordinary copy: docs/THREAT_MODEL.md.)"""
    if cmd.executable not in _SEARCHERS:
        return None
    flags = _RECURSIVE_READERS.get(cmd.executable, False)
    if flags is False or not (flags is None or _has_flag(cmd.argv, flags)):
        return None
    for path in cmd.paths:
        hit = _config_in_folder(protected, path_variants(path, cmd.cwd, home), project)
        if hit:
            return deny(f"`{cmd.executable}` would read {path} recursively, and with it the hook config {hit}, which "
                        "is protected; leave that folder out", "protected")
    return None


def _config_in_folder(protected, variants, project):
    """An existing hook config below a folder a recursive reader is pointed at (`grep -r x .claude`,
    `cp -r .claude x`), or None. A search of the project, or of a folder holding it, is not
    refused for the configs it passes (every project search would be; docs/THREAT_MODEL.md)."""
    from legant_guard.hook.paths import fold_path, is_inside

    folded_project = fold_path(project) if project else None
    for v in variants:
        folded = fold_path(v)
        if folded_project and is_inside(folded_project, folded):
            continue
        for rule in protected.rules:
            if not rule.glob and rule.contained_in(v) and os.path.lexists(rule.source):
                return rule.source
    return None


def copy_targets(cmd, home):
    """cp/mv/ln/install/rsync: the files the command writes: DEST, or DEST/<name of SRC> when
    DEST is an existing folder (with `-t DIR`, any operand may be the folder)."""
    paths = list(cmd.paths)
    if len(paths) < 2:
        return []
    if "-t" in cmd.argv or any(w[:18] == "--target-directory" for w in cmd.argv):
        candidates = paths  # the destination folder is named by an option: any operand may be it
        sources = paths
    else:
        candidates = [paths[-1]]
        sources = paths[:-1]
    out = []
    for dest in candidates:
        real_dest = path_variants(dest, cmd.cwd, home)[-1]
        out += [os.path.join(dest, os.path.basename(src.rstrip("/"))) for src in sources] \
            if os.path.isdir(real_dest) else [dest]
    return out


def _copy_destination(cmd, protected, home, ctx=None, label="protected"):
    """Writing what a copy writes (copy_targets) must not replace a protected path; a glob
    source (`cp x/* .claude/`) writes the names it matches on disk, or (when an earlier command
    may have changed its folder) every name its pattern could match."""
    sources = {os.path.basename(p.rstrip("/")): p for p in cmd.globs}
    for path in copy_targets(cmd, home):
        variants = path_variants(path, cmd.cwd, home)
        folder, _, name = path.rpartition("/")
        if cmd.globs and is_glob(name):
            names = _glob_matches_now(sources.get(name), ctx, cmd.cwd, home)
            hit = _glob_lands_on(protected, path_variants(folder or "/", cmd.cwd, home), name, names)
            if hit:
                return deny(f"`{cmd.executable}` would write what {name} matches into {folder or '/'}, which could "
                            f"replace {hit}, which is {label}", "protected")
        hit = protected.hit(variants) or protected.contained_in(variants)
        if hit:
            return deny(f"`{cmd.executable}` would write {variants[0]}, replacing {hit}, which is {label}",
                        "protected")
    return None


_GLOB_LISTING_MAX = 4096


def _glob_matches_now(source, ctx, cwd, home):
    """The names (case-folded) the glob `source` (FOLDER/PATTERN) matches on disk now, or None when
    that is not what it will match: its folder is a pattern too, is too big, or an earlier
    command of the line may have written into it (named a path there, or wrote unnamed files)."""
    from legant_guard.hook.paths import fold_path, is_glob, is_inside, wildcard_match

    if source is None or ctx is None or ctx.opaque is not None:
        return None
    folder, _, pattern = source.rstrip("/").rpartition("/")
    folder = folder or "/"
    if is_glob(folder) or any(is_inside(m, folder) or is_inside(folder, m) for m in ctx.mentioned):
        return None
    real = path_variants(folder, cwd, home)[-1]
    try:
        with os.scandir(real) as listing:
            entries = [e.name for _, e in zip(range(_GLOB_LISTING_MAX + 1), listing)]
    except OSError:
        return set()  # no such folder: bash leaves the pattern as it is, and cp fails on it
    if len(entries) > _GLOB_LISTING_MAX:
        return None
    return {fold_path(n) for n in entries if (not n.startswith(".") or pattern.startswith(".")) and
            wildcard_match(pattern, n)}


def _glob_lands_on(protected, folders, pattern, names=None):
    """`cp x/* .claude/`: the names a glob source matches land directly in the folder; the
    protected path whose first name below one spelling of the folder the pattern could match
    (bash's `*` and `?` match a leading dot only when the pattern starts with one), or None.
    `names`: the names it does match (_glob_matches_now), when they are known."""
    from legant_guard.hook.paths import fold_path, wildcard_match

    folded_pattern = fold_path(pattern)
    for folder in folders:
        prefix = fold_path(folder).rstrip("/") + "/"
        for rule in protected.rules:
            if rule.anchored.startswith(prefix):
                first = rule.anchored[len(prefix):].split("/", 1)[0]
                if not first:
                    continue
                if names is not None:
                    if first in names:
                        return rule.source
                elif (not first.startswith(".") or folded_pattern.startswith(".")) and \
                        wildcard_match(folded_pattern, first):
                    return rule.source
    return None


# Programs an editor or pager setting may name that do nothing but pass the text through (cat)
# or accept it as it is (true, :): the same programs `GIT_EDITOR=true` is allowed to name.
_NO_OP_PAGERS = ("true", ":", "cat", "false")
# Values of program settings that switch the program off (compared after lower-casing; git reads a
# boolean in any case, and a value it cannot read as one is a program's path): `-c
# core.fsmonitor=false` (scripts turn the monitor off for one command), `-c core.hooksPath=/dev/null`
# (no hook can be found below it). (An empty value is not among them: git_settings reads a bare
# `-c KEY`, which git takes as true, as empty too.)
_SWITCHED_OFF = {"core.fsmonitor": ("false", "no", "off", "0"), "core.hookspath": ("/dev/null",)}


def _git_overrides(cmd):
    """`git -c KEY=VALUE` (or `--config-env KEY=VAR`, either spelling) with a key whose value
    git runs as a program: the keys listed here and every key of the exec-sink catalogue."""
    from legant_guard.shell.sinks import git_config_sink
    from legant_guard.shell.tripwires import git_settings
    from legant_guard.shell.words import Exp

    for key, value in git_settings(cmd.argv, config=False):
        text = "" if value is None else value
        if value is not None and (key in ("core.pager", "core.editor", "sequence.editor") or key.startswith("pager.")) \
                and value.strip() in _NO_OP_PAGERS:
            continue  # `git -c core.editor=true rebase --continue`, `-c core.pager=cat`: nothing else runs
        if value is not None and value.lower() in _SWITCHED_OFF.get(key, ()):
            continue
        # the catalogue's keys of programs (its keys of code, init.templateDir ..., have their own checks)
        sink = None if key.startswith("alias.") else \
            git_config_sink(key, Exp(text, text, dynamic=value is None, quoted=True), "git -c " + key)
        if key.startswith(_GIT_PROGRAM_KEYS) or key.endswith(_GIT_PROGRAM_SUFFIXES) or \
                (key.startswith(("alias.", "submodule.")) and (value is None or text.lstrip().startswith("!"))) or \
                (sink is not None and sink.payload != "code"):
            return deny(f"`git -c {key}=...` makes git run a program the guard never sees", "git-config")
    return None


_SED_SCRIPT_LIMIT = 65536


def _sed_scripts(cmd):
    """The sed script texts of a command line, or None when a script file cannot be read."""
    argv, scripts, files, i = cmd.argv, [], [], 1
    while i < len(argv):
        word = argv[i]
        if word in ("-e", "--expression") and i + 1 < len(argv):
            scripts.append(argv[i + 1])
            i += 2
            continue
        if word.startswith("--expression="):
            scripts.append(word.split("=", 1)[1])
        elif word in ("-f", "--file") and i + 1 < len(argv):
            files.append(argv[i + 1])
            i += 2
            continue
        elif word.startswith("--file="):
            files.append(word.split("=", 1)[1])
        elif word in ("-l", "--line-length") and i + 1 < len(argv):
            i += 2
            continue
        elif word == "--" or not word.startswith("-"):
            if not scripts and not files:
                scripts.append(argv[i + 1] if word == "--" and i + 1 < len(argv) else word)
            break
        i += 1
    from legant_guard.hook.scriptfiles import read_regular

    for name in files:
        path = name if os.path.isabs(name) else os.path.join(cmd.cwd, name)
        # only a regular file: `-f /dev/stdin` is the hook's own input, a FIFO would block it
        text = read_regular(path, _SED_SCRIPT_LIMIT)
        if text is None:
            return None
        scripts.append(text)
    return scripts


def _sed_parsed_commands(line, cmd, policy, project, home, protected):
    """The files a sed script line writes or reads, and its `e` commands, as sed parses them."""
    from legant_guard.hook.engine import check_read_path, check_written_path

    for letter, text in sed_file_commands(line):
        if letter == "e":
            if policy is not None and policy.has_cmd_rules():
                return deny("`sed` would run a shell command from its script (the `e` command), which the guard "
                            "never sees", "undetermined")
        elif letter in "wW" and text not in ("", "/dev/stdout", "/dev/stderr"):
            verdict = check_written_path(policy, protected, text, cmd.cwd, home, project)
            if verdict:
                return verdict
        elif letter in "rR" and text not in ("", "/dev/stdin", "-"):
            verdict = check_read_path(policy, protected, text, cmd.cwd, home, project)
            if verdict:
                return verdict
    return None


sed_scripts = _sed_scripts  # also read by hook/readonly.py (sed -n 1,40p as a plain read)


# A sed command letter counts where sed would read one: at the start of a line or after one of
# these (an address, a separator, a flag). Hand-written (no `re`: importing it costs 5-20 ms of a
# hook call, and `sed -n '1,40p' FILE` is how agents read files); tests/test_check_rules.py
# checks these against the regular expressions they replace on random scripts.
_SED_E_AFTER = frozenset(";{}$!/gpIiMm")
_SED_W_AFTER = frozenset(";{}$!/gpIiMme")
_SED_R_AFTER = frozenset(";{}$!/,")


def _sed_letter_at(line, i, after):
    return i == 0 or line[i - 1] in after or line[i - 1].isspace() or line[i - 1].isdecimal()


def sed_runs_shell(line):
    """Does this sed script line hold an `e` command (or an `e` flag) that hands text to /bin/sh?"""
    i = line.find("e")
    while i != -1:
        after = line[i + 1:i + 2]
        if _sed_letter_at(line, i, _SED_E_AFTER) and (after == "" or after in ";}" or after.isspace()):
            return True
        i = line.find("e", i + 1)
    return False


def sed_file_operand(line, letters, after, space_needed):
    """The file named by the first `w FILE` (letters "wW") or `r FILE` ("rR") command of a sed
    script line (the name runs to the end of the line), or None."""
    for i, c in enumerate(line):
        if c in letters and _sed_letter_at(line, i, after):
            j = i + 1
            while j < len(line) and line[j].isspace():
                j += 1
            if j < len(line) and (j > i + 1 or not space_needed):
                return line[j:].strip()
    return None


def _skip_delimited(line, i, delim):
    """Index just past the unescaped `delim` that ends a sed regex or replacement starting at i."""
    while i < len(line):
        c = line[i]
        if c == "\\":
            i += 2
            continue
        if c == delim:
            return i + 1
        i += 1
    return i


def _skip_address(line, i):
    """Index just past a sed address (`12`, `$`, `/re/I`, `\\cREc`, `1~2`, `+3`) at i, or i."""
    if i < len(line) and (line[i].isdecimal() or line[i] in "+~"):
        i += 1
        while i < len(line) and (line[i].isdecimal() or line[i] == "~"):
            i += 1
    elif i < len(line) and line[i] == "$":
        i += 1
    elif i < len(line) and line[i] in "/\\":
        delim = "/"
        if line[i] == "\\" and i + 1 < len(line):
            delim = line[i + 1]
            i += 1
        i = _skip_delimited(line, i + 1, delim)
        while i < len(line) and line[i] in "IM":
            i += 1
    return i


def sed_file_commands(line):
    """The (letter, text) of every `w`/`W`/`r`/`R` FILE and `e` command in one sed script line,
    read as GNU sed reads it: addresses, `!`, blocks, `s///` flags (`s/a/b/w FILE`); no space is
    needed before the file name (`1w/tmp/x`, `$w.claude/settings.json`). Returns what was found
    before the first word it cannot read (the callers' own scans still cover the rest)."""
    return sed_commands(line)[0]


def sed_commands(line):
    """(sed_file_commands, whether the whole line was read): where it was, its `e` commands are
    all in the list, and an `e` the word-by-word scan (sed_runs_shell) sees elsewhere is text
    (`s/change 0/change zero/`: a pattern and its replacement)."""
    found = []
    i, n = 0, len(line)
    while i < n:
        while i < n and (line[i].isspace() or line[i] in ";{}"):
            i += 1
        if i >= n or line[i] == "#":
            break
        start = i
        i = _skip_address(line, i)
        if i > start and i < n and line[i] == ",":
            i = _skip_address(line, i + 1)
        while i < n and (line[i].isspace() or line[i] == "!"):
            i += 1
        if i >= n:
            break
        c = line[i]
        i += 1
        if c in "{}":
            continue
        if c in "rRwWe":
            found.append((c, line[i:].strip()))
            return found, True
        if c in "aic":
            return found, True  # (its text runs to the end of the line)
        if c in "btT:":
            # GNU sed ends a label at a blank as well as at `;`, and reads what follows as the next
            # command: `:a e CMD` and `t end e CMD` run CMD
            while i < n and line[i] in " \t":
                i += 1
            while i < n and line[i] != ";" and not line[i].isspace():
                i += 1
            continue
        elif c in "sy":
            if i >= n:
                break
            delim = line[i]
            i = _skip_delimited(line, _skip_delimited(line, i + 1, delim), delim)
            while c == "s" and i < n and (line[i].isalnum() or line[i] in "wWe"):
                if line[i] in "we":
                    found.append((line[i], line[i + 1:].strip()))
                    return found, True
                i += 1
        elif c in "qQlL":
            while i < n and line[i].isdecimal():
                i += 1
        elif c not in "pPdDnNgGhHxz=F":
            return found, False
        while i < n and line[i].isspace():
            i += 1
        if i < n and line[i] not in ";}#":
            return found, False  # not a command line sed would accept (the text of an `a\\`, say)
    return found, True


def _sed_script(cmd, policy, project, home, protected):
    scripts = _sed_scripts(cmd)
    if scripts is None:
        if policy is not None and (policy.has_cmd_rules() or policy.has_path_rules()):
            return deny("`sed -f` names a script file the guard cannot read, and the token has rules that depend on it",
                        "undetermined")
        return None
    for script in scripts:
        for line in script.splitlines():
            # `e CMD` / `s/x/y/e`: GNU sed hands text to /bin/sh.
            found, whole = sed_commands(line)
            if (any(c == "e" for c, _ in found) or not whole and sed_runs_shell(line)) and \
                    policy is not None and policy.has_cmd_rules():
                return deny("`sed` would run a shell command from its script (the `e` command), which the guard "
                            "never sees", "undetermined")
            verdict = _sed_parsed_commands(line, cmd, policy, project, home, protected)
            if verdict:
                return verdict
            # `w FILE` / `W FILE` / `s/x/y/w FILE`: the file name runs to the end of the line.
            target = sed_file_operand(line, "wW", _SED_W_AFTER, space_needed=True)
            if target is not None and target not in ("/dev/stdout", "/dev/stderr"):
                from legant_guard.hook.engine import check_written_path

                verdict = check_written_path(policy, protected, target, cmd.cwd, home, project)
                if verdict:
                    return verdict
            # `r FILE` / `R FILE`: sed reads the named file into its output (a read the
            # operands never show: `sed -n '1r .env' x` prints the secret).
            target = sed_file_operand(line, "rR", _SED_R_AFTER, space_needed=False)
            if target is not None and target not in ("/dev/stdin", "-"):
                from legant_guard.hook.engine import check_read_path

                verdict = check_read_path(policy, protected, target, cmd.cwd, home, project)
                if verdict:
                    return verdict
    return None
