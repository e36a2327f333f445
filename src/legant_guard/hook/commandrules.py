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

The rules for copies (copytargets.py), sed scripts (sedscripts.py) and the agents' own search
tools (searchtools.py) load with the first command or call that needs them; their names are
reachable from here too.
"""

import os

from legant_guard.fastload import parts_forwarder
from legant_guard.hook.cmdoptions import expand_abbreviation
from legant_guard.hook.model import deny
from legant_guard.hook.paths import path_variants
# (modules every shell call has loaded before this one: a function-level `from ... import`
# costs ~1-5 us each time, and these run once per command of a long line)
from legant_guard.shell.names import program_name

_COPIERS = frozenset(("cp", "mv", "ln", "install", "rsync", "scp"))
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
    "mktemp",  # (a new name of its own, O_EXCL: in TMPDIR, or beside its template; never over a file)
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
                                              "7zr", "7zz", "unzip", "bsdunzip", "cpio", "patch", "gpatch", "rar",
                                              "apply_patch", "applypatch"))  # (Codex's, on PATH in its sessions)
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
        from legant_guard.hook.copytargets import _copy_destination

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
        from legant_guard.hook.searchtools import _find_exec_names

        verdict = _find_exec_names(cmd, policy, project, home)
        if verdict:
            return verdict
    if exe in _INCLUDE_SEARCHERS and policy is not None:
        from legant_guard.hook import includedirs  # (`gcc -I ~ -include .netrc -E`: files found by name there)

        verdict = includedirs.check(cmd, policy, protected, home, project, getattr(ctx, "env_paths", ()) or ())
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
        from legant_guard.hook.sedscripts import _sed_script

        return _sed_script(cmd, policy, project, home, protected)
    if cmd.code is not None and ">" in cmd.code.text and exe in ("awk", "gawk", "mawk", "nawk"):
        # `awk '{print > "/tmp/x"}' f`: the files awk's program writes meet the allowed paths
        from legant_guard.hook.engine import check_written_path
        from legant_guard.hook.scriptwrites import awk_written

        for target in awk_written(cmd, home):
            verdict = check_written_path(policy, protected, target, cmd.cwd, home, project)
            if verdict:
                return verdict
    return None


# hook/optionfiles.PROGRAMS: programs that read more options from a file
_OPTION_FILE_PROGRAMS = frozenset(("gcc", "cc", "c++", "g++", "clang", "clang++", "gfortran", "cpp", "tcc", "rg", "rga"))
# Compiler drivers and preprocessors that look files up in include folders (hook/includedirs.py).
_INCLUDE_SEARCHERS = frozenset(("gcc", "cc", "c++", "g++", "clang", "clang++", "gfortran", "cpp", "tcc", "clang-cpp",
                                "clang-tidy", "clang-check", "nvcc", "icx", "icpx", "zig"))


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
    if ctx.links or ctx.copies_at:
        from legant_guard.hook import linkedtwins  # (`ln -s .claude L && cp x/settings.json L/`)

        verdict = linkedtwins.check(cmd, ctx, lambda twin: check_command(twin, ctx.protected, ctx.home, ctx.policy,
                                                                         ctx.project, ctx))
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
    if exe == "zip":  # `zip NAME FILES` writes NAME.zip (outputs.py)
        from legant_guard.hook import outputs

        verdict = outputs.check(cmd, ctx)
        if verdict:
            return verdict
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
        from legant_guard.hook.gitsubs import PATCH_APPLIERS, STAGERS, REVISION_READERS, TREE_WRITERS, git_sub

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
        if sub and sub.name in STAGERS:  # (`git add -A` over an unignored .env: gitstaging.py)
            from legant_guard.hook import gitstaging

            verdict = gitstaging.check(cmd, sub, ctx)
            if verdict:
                return verdict
        if sub and sub.name == "diff":
            from legant_guard.hook import reach

            search = reach.git_diff_no_index(cmd)
            verdict = search is not None and reach.check_search(search, ctx)
            if verdict:
                return verdict
        if sub and (sub.name in REVISION_READERS or sub.name in ("status", "commit") and any(
                w == "--verbose" or (w[:1] == "-" and w[1:2] != "-" and "v" in w) for w in cmd.argv[sub.at + 1:])):
            # (`git status -v`, `git commit --dry-run -v`: the staged changes, printed)
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


# Where the per-topic parts went: loaded when first needed (see the module docstring).
_PARTS = {
    "copytargets": ("_copy_destination", "copy_targets", "_glob_lands_on", "_GLOB_LISTING_MAX",
                    "_glob_matches_now"),
    "searchtools": ("check_search_tool", "_find_exec_names", "_tool_globs"),
    "sedscripts": ("sed_commands", "_SED_E_AFTER", "sed_file_commands", "sed_file_operand", "_sed_letter_at",
                   "_sed_parsed_commands", "_SED_R_AFTER", "sed_runs_shell", "_sed_script",
                   "_SED_SCRIPT_LIMIT", "_sed_scripts", "sed_scripts", "_SED_W_AFTER", "_skip_address",
                   "_skip_delimited"),
}
__getattr__ = parts_forwarder(__name__, _PARTS)
