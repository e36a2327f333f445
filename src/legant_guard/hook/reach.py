"""Files a command reaches without naming them: recursive searches, copies, archives, find.

`grep -r KEY .` never names `.env`, yet prints it. For every program that reads a whole tree
the hook walks the tree it would read (bounded: treewalk.Budget), with the program's own
filters (`--exclude`, `-g '!x'`, pathspecs, ignore files, ripgrep's hidden-file default), and
denies when a secret or one of the guard's own files would be read, saying which exclusion
to add. The agents' hook protocols cannot narrow a call without also granting it (Claude
Code and Codex take `updatedInput` only with `permissionDecision: "allow"`, which skips the
user's own permission prompt; opencode's grep has no exclude argument), so the hook cannot
exclude the file itself: it denies and tells the agent how to exclude it.

A `find` whose matches are handed to a program (`-exec`, `-delete`, `| xargs`) reaches every
file its expression could select: the expression is evaluated on what is on disk, tests it
cannot evaluate counting as "could match".
"""

import os

from legant_guard.hook import gitrevs
from legant_guard.hook.budget import tick
from legant_guard.hook.denyside import TreeReader, variants_of
from legant_guard.hook.model import deny
from legant_guard.hook.paths import _match_segments, expand_glob, is_glob, opened_at, real_path, wildcard_match
from legant_guard.hook import treewalk
from legant_guard.hook.cmdoptions import expand_abbreviation as _expand, split_options as _split, \
    tar_options as _tar_options
from legant_guard.hook.treewalk import IgnoreFiles, TooBig, git_top, matches_any, trusted_exclusion, unescape, walk

# Programs that, given file names, only print names or metadata: a find feeding them reads nothing.
_NAME_ONLY = frozenset(("echo", "printf", "basename", "dirname", "ls", "stat", "test", "[", "true", "du", "realpath",
                        "readlink"))
_DELETERS = frozenset(("rm", "unlink", "rmdir", "shred", "srm", "wipe", "trash", "trash-put"))
# Programs that only read the files they are handed. Any other program find hands its matches
# to (`-exec cp SRC {} \;`, `| xargs sed -i`) may write them: it meets self-protection too.
_PURE_READERS = frozenset(("cat", "tac", "head", "tail", "less", "more", "grep", "egrep", "fgrep", "rg", "wc",
                           "md5sum", "sha1sum", "sha256sum", "sha512sum", "b2sum", "cksum", "file", "diff", "cmp",
                           "od", "xxd", "hexdump", "strings", "nl", "cut", "base64", "zcat", "bat"))
_RG_TYPES = {
    "py": ("*.py", "*.pyi"), "python": ("*.py", "*.pyi"), "js": ("*.js", "*.jsx", "*.mjs", "*.cjs", "*.vue"),
    "ts": ("*.ts", "*.tsx", "*.mts", "*.cts"), "go": ("*.go",), "rust": ("*.rs",), "java": ("*.java",),
    "c": ("*.c", "*.h", "*.H"), "cpp": ("*.cpp", "*.cc", "*.cxx", "*.hpp", "*.hh", "*.h", "*.C", "*.H"),
    "md": ("*.md", "*.markdown", "*.mdx"), "markdown": ("*.md", "*.markdown", "*.mdx"), "json": ("*.json",),
    "yaml": ("*.yaml", "*.yml"), "toml": ("*.toml",), "sh": ("*.sh", "*.bash", "*.zsh"), "html": ("*.html", "*.htm"),
    "css": ("*.css", "*.scss"), "rb": ("*.rb",), "ruby": ("*.rb",),
}

# tar options after which an --exclude no longer matches the way treewalk.matches_any reads it
_TAR_LITERAL_MATCHING = ("--anchored", "--no-wildcards", "--no-wildcards-match-slash", "--no-recursion")


class Search:
    """What one recursive reader reads: its roots and how it filters what lies below them.

    A filter that leaves a file out is read as narrowly as the program could read it, one that
    selects a file as widely: where the guard's reading and the program's differ, the guard
    checks the file."""

    def __init__(self, program, roots):
        self.program = program
        self.roots = roots
        self.follow = False
        self.hidden = True  # are dotfiles read?
        self.ignore_names = ()  # ignore files honoured
        self.git_ignores = False  # is .gitignore honoured only inside a git work tree (ripgrep)
        self.excludes = []  # file or folder globs (basename or path, unanchored) that are skipped
        self.exclude_dirs = []  # fnmatch globs on folder names (grep --exclude-dir)
        self.grep_filters = []  # GNU grep's ordered --include/--exclude: [(kind, glob)]
        self.globs = []  # ripgrep -g: [(glob, exclude, ignore case)]
        self.path_patterns = []  # git pathspec globs: a file is read when one matches its path (`*` spans `/`)
        self.pathspec_excludes = []  # git pathspec exclusions (`:!x`): anchored at the working directory
        self.stored_excludes = []  # zip -x: globs on the whole stored name
        self.stored = {}  # root -> the prefix of the names an archiver stores for it
        self.stored_prefix = None
        self.cwd = None  # the working directory ripgrep anchors its globs and git its pathspecs at
        self.prefix = None  # the root's path from cwd ("" at cwd, "dir/" below it, None elsewhere)
        # fd -e EXT -x cat: only files are read; a link to a folder is not entered (fd without -L)
        # nor read itself
        self.files_only = False
        self.root = None
        self._honoured = {}  # root -> the ignore files honoured below it (IgnoreFiles or None)

    def ignore_files(self, root):
        """The ignore files the search honours below `root` (IgnoreFiles), or None."""
        if root not in self._honoured:
            ignores = None
            if self.ignore_names:
                top = git_top(root)
                names = self.ignore_names if (top or not self.git_ignores) else \
                    tuple(n for n in self.ignore_names if n != ".gitignore")
                ignores = IgnoreFiles(names, top or root)
            self._honoured[root] = ignores
        return self._honoured[root]

    def _brought_back(self, rel, is_dir):
        """Is the hidden `rel` (below the root walked) maybe brought back by an ignore file's `!`
        line? ripgrep reads it then (`.ignore` holding `!.env`: `rg KEY` printed .env; red team 32)."""
        ignores = self.ignore_files(self.root) if self.root is not None else None
        return ignores is not None and ignores.may_whitelist(os.path.join(self.root, rel), is_dir)

    def set_root(self, root):
        """Walking `root` next: where is it, seen from the working directory?"""
        self.root = root
        self.stored_prefix = self.stored.get(root)
        if self.cwd is None:
            self.prefix = None
        elif root == self.cwd:
            self.prefix = ""
        elif root.startswith(self.cwd.rstrip("/") + "/"):
            self.prefix = os.path.relpath(root, self.cwd) + "/"
        else:
            self.prefix = None

    def whitelisted(self, rel, is_dir=False):
        """ripgrep's -g/--glob are overrides: a path whose last matching glob includes it is
        searched even when it is hidden or an ignore file names it (`rg -g .env KEY`)."""
        return self._last_glob(rel, rel.rsplit("/", 1)[-1], is_dir) is True

    def skips(self, rel, name, is_dir):
        if not self.hidden and name.startswith(".") and not (self.globs and self.whitelisted(rel, is_dir)) and \
                not self._brought_back(rel, is_dir):
            return True
        if self.pathspec_excludes and self._pathspec_excluded(rel):
            return True
        if is_dir:
            if self.exclude_dirs and any(wildcard_match(unescape(p), name) for p in self.exclude_dirs):
                return True
            return (self.excludes and matches_any(self.excludes, rel)) or \
                (self.globs and self._glob_verdict(rel, name, True) is False)
        if self.excludes and matches_any(self.excludes, rel):
            return True
        if self.stored_excludes and self.stored_prefix is not None and \
                any(wildcard_match(p, self.stored_prefix + rel) for p in self.stored_excludes):
            return True
        if self.path_patterns and not any(wildcard_match(p, rel) or wildcard_match(unescape(p), rel)
                                          for p in self.path_patterns):
            return True
        if self.grep_filters and not _grep_selects(self.grep_filters, name):
            return True
        return bool(self.globs) and self._glob_verdict(rel, name, False) is False

    def _pathspec_excluded(self, rel):
        if self.prefix is None:
            return False
        path = self.prefix + rel
        for spec in self.pathspec_excludes:
            spec = spec[2:] if spec.startswith("./") else spec
            if spec and trusted_exclusion(spec) and (path == spec or path.startswith(spec + "/") or
                                                     wildcard_match(spec, path)):
                return True
        return False

    def _last_glob(self, rel, name, is_dir):
        """True/False: the last glob matching the path includes/excludes it; None: none does.
        An exclusion counts only as ripgrep certainly reads it (_rg_excludes), an inclusion
        under any reading (_loose_match, case ignored)."""
        verdict = None
        for glob, exclude, icase in self.globs:
            if exclude:
                if _rg_excludes(glob, rel, name, is_dir, icase, self.prefix):
                    verdict = False
            elif _loose_match(glob.casefold().rstrip("/") or glob, rel.casefold()):
                verdict = True
        return verdict

    def _glob_verdict(self, rel, name, is_dir):
        verdict = self._last_glob(rel, name, is_dir)
        if verdict is None and not is_dir and any(not e for _, e, _ in self.globs):
            return False  # include globs given and none matched
        if is_dir and verdict is True:
            return None
        return verdict


def _loose_match(pattern, rel):
    """Could a selecting glob match `rel`, its name or a folder above it, under the readings the
    programs give it (with or without backslash escapes, anchored or not)?"""
    return matches_any_reading(pattern, rel) or ("\\" in pattern and matches_any_reading(unescape(pattern), rel))


def matches_any_reading(pattern, rel):
    """Could `pattern` match `rel` (or its name, or a folder on its way) under any reading; a
    `**/` also stands for no folder at all, as in ripgrep and gitignore (`**/.git` is .git)."""
    if "**/" in pattern:
        cut = pattern.split("**/")
        readings = {pattern.replace("**/", "")} | {"**/".join(cut[:k + 1]) + "**/".join(cut[k + 1:])
                                                   for k in range(len(cut) - 1)}  # (each one left out)
        if any(_matches_one_reading(reading, rel) for reading in readings if reading):
            return True
    return _matches_one_reading(pattern, rel)


def _matches_one_reading(pattern, rel):
    pattern = pattern.lstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    parts = rel.split("/")
    if "/" not in pattern:
        return any(wildcard_match(pattern, part) for part in parts)
    return any(wildcard_match(pattern, "/".join(parts[i:])) or wildcard_match(pattern, "/".join(parts[:i + 1]))
               for i in range(len(parts)))


def _rg_excludes(glob, rel, name, is_dir, icase, prefix):
    """Does ripgrep's `-g '!GLOB'` certainly leave this entry out? Gitignore syntax: a trailing
    `/` matches folders only, a `/` elsewhere anchors the glob at the working directory (where
    `*` does not span `/`), no `/` matches the name at any depth. `prefix`: the search root's
    path from the working directory (None: elsewhere, an anchored glob is not trusted)."""
    if "\\" in glob or "[[" in glob:
        return False
    dir_only = glob.endswith("/")
    glob = glob.rstrip("/")
    if not glob or (dir_only and not is_dir):
        return False
    if icase:
        glob, rel, name = glob.casefold(), rel.casefold(), name.casefold()
    if "/" not in glob:
        return wildcard_match(glob, name)
    segments = glob.lstrip("/").split("/")
    if segments[0] == "**":  # `**/.env`: any depth, wherever the glob is anchored (the root's own
        return _match_segments(segments, rel.split("/"))  # path is a suffix of the anchored one)
    if prefix is None:
        return False
    return _match_segments(segments, (prefix + rel).split("/"))


def _grep_selects(filters, name):
    """GNU grep: the last --include/--exclude matching the name wins; none matching means
    included unless the first such option is --include. (fnmatch: `\\.env` is `.env`.)"""
    last = None
    for kind, glob in filters:
        if wildcard_match(unescape(glob), name):
            last = kind
    if last is not None:
        return last == "include"
    return filters[0][0] != "include"


def _hint_target(rel, is_dir):
    """(the name an exclusion should leave out, is it a folder): .git for anything inside it."""
    parts = rel.split("/")
    folder = next((p for p in parts[:-1] if p == ".git"), None) or (parts[-1] if is_dir else None)
    return folder or parts[-1], folder is not None


def _hint(program, rel, is_dir):
    name, folder = _hint_target(rel, is_dir)
    if program in ("grep", "egrep", "fgrep"):
        return f"add --exclude-dir={name}" if folder else f"add --exclude={name}"
    if program in ("rg", "Grep"):
        return f"add -g '!{name}'" if program == "rg" else f"search a folder below it or pass a glob that leaves out {name}"
    if program == "ag":
        return f"add --ignore {name}"
    if program == "git grep":
        return f"add the pathspec ':!{rel}' (or ':!**/{name}')"
    if program in ("tar", "bsdtar"):
        return f"add --exclude={name}"
    if program == "rsync":
        return f"add --exclude={name}"
    if program == "zip":
        return f"add -x '*{name}*'"
    if program in TREE_COPIERS or program.startswith("python"):
        return f"name the folders to copy, without {name} (the guard does not read this program's own exclusions)"
    return f"leave out {name}"


def _same_place(lexical, real, project):
    """Is `real` just `lexical` seen through a link above the project (macOS /tmp, a linked
    home)? Then walking it again would only double the cost."""
    if not project:
        return False
    try:
        real_project = os.path.realpath(project)
    except OSError:
        return False
    inside = lexical == project or lexical.startswith(project.rstrip("/") + "/")
    return inside and real == os.path.join(real_project, os.path.relpath(lexical, project)).rstrip("/.")


def real_roots(roots, project=None):
    """The folders a recursive reader really starts from: a glob operand (`grep -r KEY conf*`)
    is its matches (dotfiles included: `shopt -s dotglob` may be on), and a root that is a
    symlink (`/proc/PID/cwd/`, a link to ~) is also its target, which grep -r, rg and find
    follow when the link is named on the command line. (roots, None), or (None, the pattern)
    when a pattern matches too many to check."""
    out, seen = [], set()  # (a set: `cp -r` of 8,000 folders spent seconds on list lookups)
    for root in roots:
        tick()
        matches = [root]
        if is_glob(root) and root.startswith("/"):
            matches = expand_glob(root, dotglob=True)
            if matches is None:
                return None, root
        for match in matches:
            try:
                real = real_path(match)
            except OSError:  # a link the guard may not read (/proc/1/cwd): nor may the reader
                real = match
            for candidate in (match, real):
                if candidate not in seen and not (candidate is real and _same_place(match.rstrip("/"), real, project)):
                    out.append(candidate)
                    seen.add(candidate)
    return out, None


def _too_many(program, pattern):
    return deny(f"`{program}` searches below {pattern}, a pattern that matches more files than the guard can "
                "check; name the folders", "search-reach")


MAX_FILTERS = 512  # every file met is tested against every filter: their number bounds the cost


def check_search(search, ctx):
    """Deny when a secret or the guard's own file lies below a root and the filters keep it."""
    filters = len(search.globs) + len(search.excludes) + len(search.exclude_dirs) + len(search.grep_filters) + \
        len(search.path_patterns) + len(search.pathspec_excludes) + len(search.stored_excludes)
    if filters > MAX_FILTERS:
        return deny(f"`{search.program}` is given {filters} file filters; the guard tests every file it would read "
                    f"against each, and checks at most {MAX_FILTERS}: use fewer (a broader glob)", "search-reach")
    roots, pattern = real_roots(search.roots, ctx.project)
    if roots is None:
        return _too_many(search.program, pattern)
    for root in roots:
        if not os.path.isdir(root):
            # A file operand the shell's own check resolved elsewhere (`tar -C ~ -cf x .git-credentials`)
            reason = os.path.lexists(root) and ctx.deny.read_reason(variants_of(root))
            if reason:
                return deny(f"`{search.program}` would read {reason}", "search-reach")
            continue
        ignores, prune = search_pruner(search, root)
        if not search.follow and not ctx.deny.could_reach_below(root):
            continue
        reason = ctx.deny.read_reason(variants_of(root))
        if reason:  # the root itself: the walk below tests each entry by its own name
            return deny(f"`{search.program}` would read {reason}", "search-reach")
        reader = TreeReader(ctx.deny, root)
        found = _Found()
        try:
            for rel, path, is_dir, is_link in walk(root, ctx.budget, search.follow, found.pruning(prune)):
                if found.done():
                    break
                if (is_link and not search.follow) or (is_dir and is_link and search.files_only):
                    continue
                reason = reader.reason(path, rel.rsplit("/", 1)[-1], is_link)
                if reason and not (ignores is not None and not is_dir and ignores.ignored(path, False)
                                   and not (search.globs and search.whitelisted(rel, is_dir))):
                    found.add(reason, search.program, rel, is_dir)
        except TooBig:
            if found.first is None and ctx.deny.could_reach_below(root):
                return deny(f"`{search.program}` would read more files below {root} than the guard can check for "
                            f"secrets in one call (over {treewalk.MAX_ENTRIES} entries or {treewalk.MAX_SECONDS:g} s of work); "
                            "search a smaller folder or leave out the big folders the search need not read "
                            f"({_hint(search.program, 'node_modules', True)})", "search-reach")
        if found.first is not None:
            return deny(found.reason(search.program, root), "search-reach")
    return None


def search_pruner(search, root):
    """(the ignore files the search honours below `root` or None, prune(rel, name, is_dir) for
    the walk): what the search skips, and the folders its ignore files leave out. Ignore files
    are consulted for folders (an ignored node_modules is not walked), not for every file (cost):
    check_search consults them for the files that would meet a rule."""
    search.set_root(root)
    ignores = search.ignore_files(root)

    def prune(rel, name, is_dir):
        if search.skips(rel, name, is_dir):
            return True
        return is_dir and ignores is not None and ignores.ignored(os.path.join(root, rel), True) and \
            not (search.globs and search.whitelisted(rel, True))

    return ignores, prune


class _Found:
    """The secrets one search root holds, for a reason that names every exclusion the search
    needs at once: `grep -rn x .` met .env and then .git/config, and the agent that added
    --exclude=.env was refused a second time for --exclude-dir=.git. After the first secret the
    walk goes on for at most EXTRA more entries (a deny need not walk a whole node_modules),
    and not into a folder an exclusion already leaves out."""

    EXTRA = 4000
    MAX_HINTS = 8

    __slots__ = ("first", "hints", "others", "skipped", "left")

    def __init__(self):
        self.first, self.hints, self.others, self.skipped, self.left = None, [], [], set(), self.EXTRA

    def pruning(self, prune):
        return lambda rel, name, is_dir: prune(rel, name, is_dir) or (is_dir and name in self.skipped)

    def done(self):
        if self.first is None:
            return False
        self.left -= 1
        return self.left < 0 or len(self.hints) >= self.MAX_HINTS

    def add(self, reason, program, rel, is_dir):
        hint = _hint(program, rel, is_dir)
        if self.first is None:
            self.first = reason
        elif hint not in self.hints:
            self.others.append(rel)
        if hint not in self.hints:
            self.hints.append(hint)
        name, folder = _hint_target(rel, is_dir)
        if folder:
            self.skipped.add(name)

    def reason(self, program, root):
        hints = self.hints
        if all(h.startswith("add ") for h in hints):
            hints = ["add " + " ".join(h[4:] for h in hints)]
        also = f" (and {', '.join(self.others)})" if self.others else ""
        return f"`{program}` would read {self.first}{also} while searching {root}; {'; '.join(hints)}"


# ---- the programs -------------------------------------------------------------------------

# Content searchers the guard does not model option by option: they read every file below
# their folder operands (or the working directory), dotfiles included, no filter counted.
_WHOLE_TREE_SEARCHERS = frozenset(("ugrep", "ug", "pt", "sift"))


def search_of(cmd, env):
    """The Search a tree-reading command makes (grep -r, rg, ag, ack, tar -c, zip -r, cp -r,
    diff -r ...), or None."""
    exe = cmd.executable
    if exe in ("grep", "egrep", "fgrep", "zgrep", "zegrep", "zfgrep"):
        return grep_search(cmd)
    if exe == "rgrep":
        return grep_search(cmd, recursive=True)
    if exe in ("rg", "rga"):
        search = rg_search(cmd, env)
        if search is not None:
            search.program = exe
        return search
    if exe == "ag":
        return ag_search(cmd)
    if exe == "ack":
        return ack_search(cmd, env)
    if exe in _WHOLE_TREE_SEARCHERS:
        _opts, operands = _split(cmd.argv, "")
        return Search(exe, _roots(operands, cmd.cwd) + ([cmd.cwd] if len(operands) <= 1 else []))
    if exe in ("diff", "colordiff"):
        return diff_search(cmd)
    if exe in TREE_COPIERS or exe.startswith("python"):
        return tree_copier_search(cmd)
    if exe in _RECURSIVE_COMPRESSORS:  # `gzip -rc DIR`: every file below, compressed to its output
        if not any(w in ("-r", "--recursive") or (w[:1] == "-" and w[1:2] != "-" and "r" in w) for w in cmd.argv[1:]):
            return None
        _opts, operands = _split(cmd.argv, "")
        return Search(exe, _roots(operands, cmd.cwd)) if operands else None
    return archive_read_search(cmd)


# Backup, sync, image and index tools that read every file below their operands, dotfiles
# included (`restic backup .`, `unison . /tmp/b`, `borg create r::a .`, `mksquashfs . x.img`),
# into a copy the deny rules no longer cover: program -> (short options taking a value, long or
# single-dash word options taking a value, the subcommand they must be given or None, whether no
# operand means the working folder). Their own exclusions are not counted (each tool has its own
# pattern language): a secret below a root is a deny that asks for a narrower folder.
TREE_COPIERS = {
    "unison": ("", ("-ignore", "-ignorenot", "-path", "-root", "-logfile", "-backup", "-backupdir", "-force",
                    "-prefer", "-sshargs", "-servercmd", "-label", "-fastcheck", "-perms"), None, False),
    "rdiff-backup": ("", ("--exclude", "--include", "--exclude-regexp", "--include-regexp", "--exclude-filelist",
                          "--include-filelist", "--exclude-globbing-filelist", "--include-globbing-filelist",
                          "--remote-schema", "--tempdir", "--api-version", "--terminal-verbosity", "-v"), None, False),
    "borg": ("eCa", ("--exclude", "--exclude-from", "--pattern", "--patterns-from", "--comment", "--compression",
                     "--chunker-params", "--timestamp", "--checkpoint-interval", "--files-cache", "--rsh",
                     "--remote-path", "--upload-ratelimit"), "create", False),
    "restic": ("erHpo", ("--repo", "--exclude", "--iexclude", "--exclude-file", "--iexclude-file", "--tag", "--host",
                         "--password-file", "--parent", "--option", "--files-from", "--files-from-raw",
                         "--files-from-verbatim", "--exclude-larger-than", "--cache-dir", "--time"), "backup", False),
    "kopia": ("", ("--description", "--tags", "--config-file", "--password"), "create", True),
    "duplicity": ("", ("--exclude", "--include", "--exclude-filelist", "--include-filelist", "--name", "--archive-dir",
                       "--encrypt-key", "--sign-key", "--gpg-options", "--ssh-options", "--tempdir", "--log-file",
                       "--exclude-regexp", "--include-regexp", "--full-if-older-than", "--volsize"), None, False),
    "duplicacy": ("", (), "backup", True),
    "dar": ("cxlRXIPgAS", (), None, True),
    "star": ("", (), None, False),
    "jar": ("", ("--file", "--manifest", "--main-class", "--module-version", "--release"), None, False),
    "mksquashfs": ("", ("-comp", "-b", "-e", "-ef", "-wildcards", "-regex", "-p", "-pf", "-sort", "-root-mode",
                        "-processors", "-mem"), None, False),
    "genisoimage": ("oVApPbcxmGs", ("-path-list", "-exclude-list", "-input-charset", "-output-charset"), None, False),
    "mkisofs": ("oVApPbcxmGs", ("-path-list", "-exclude-list", "-input-charset", "-output-charset"), None, False),
    "xorrisofs": ("oVApPbcxmGs", ("-path-list", "-exclude-list", "-input-charset", "-output-charset"), None, False),
    "tarsnap": ("fC", ("--exclude", "--include", "--keyfile", "--cachedir", "--configfile"), None, False),
    "lrztar": ("oOSL", (), None, False),
    "zpaq": ("", ("-method", "-until", "-to", "-not", "-only", "-key", "-threads"), None, False),
    "ditto": ("", ("--arch", "--bom"), None, False),
    "fsarchiver": ("jzZeLs", ("--jobs", "--compress", "--zstd", "--exclude", "--label", "--split"), "savedir", False),
    "bup": ("nrd", ("--name", "--remote", "--date", "--strip-path", "--graft"), "save", False),
    "xorriso": ("", ("-outdev", "-indev", "-dev", "-volid", "-return_with", "-abort_on", "-report_about", "-padding"),
                None, False),
    "lha": ("", (), None, False),
    "arj": ("", (), None, False),
    # tag generators forced to parse every file (`ctags -R --language-force=sh .` writes each
    # `KEY=value` line of .env into the tags file); with their own language map they skip it
    "ctags": ("fo", ("--exclude", "--options", "-f", "-o"), None, True),
    "etags": ("fo", ("--exclude", "--options", "-f", "-o"), None, True),
}
_TAG_FORCING = ("--language-force", "--langmap", "--map-", "--langdef", "--guess-language-eagerly", "-G",
                "--languages=all", "--regex")


def tree_copier_search(cmd):
    """The Search of a TREE_COPIERS tool (or `python3 -m zipfile/tarfile -c`), or None."""
    exe = cmd.executable
    argv = cmd.argv
    if exe.startswith("python"):
        for module in ("zipfile", "tarfile"):  # `python3 -m zipfile -c out.zip SRC...`
            if ("-m", module) in zip(argv, argv[1:]) or "-m" + module in argv:
                rest = argv[argv.index("-m" + module if "-m" + module in argv else module) + 1:]
                if rest and rest[0] in ("-c", "--create") and len(rest) > 2:
                    return Search(exe, _roots(rest[2:], cmd.cwd))
        return None
    if exe == "xorriso":  # (only `-add PATH…` reads the disk: `-extract / DIR` writes to it)
        k = argv.index("-add") + 1 if "-add" in argv else len(argv)
        end = next((j for j in range(k, len(argv)) if argv[j].startswith("-")), len(argv))
        return Search(exe, _roots(argv[k:end], cmd.cwd)) if end > k else None
    short, long_values, sub, default_cwd = TREE_COPIERS[exe]
    if exe in ("ctags", "etags"):
        if not any(w.startswith(_TAG_FORCING) for w in argv[1:]) or \
                not any(w in ("-R", "--recurse", "--recurse=yes") for w in argv[1:]):
            return None
    words = []
    k = 1
    while k < len(argv):  # single-dash word options (`-ignore PATTERN`) first: split_options reads letters
        w = argv[k]
        k += 1
        if w in long_values and "=" not in w:
            k += 1
        elif not (w.startswith("-") and len(w) > 2 and w[1] != "-" and w in long_values):
            words.append(w)
    opts, operands = _split([exe] + words, short, tuple(o for o in long_values if o.startswith("--")))
    if exe == "dar":
        roots = [v for n, v in opts if n == "-R"]
        return Search(exe, _roots(roots, cmd.cwd)) if any(n == "-c" for n, _ in opts) else None
    if sub is not None:
        if sub not in operands:
            return None
        operands = operands[operands.index(sub) + 1:]
        if exe == "borg" and operands:
            operands = operands[1:]  # REPO::ARCHIVE
    operands = [o for o in operands if "=" not in o and "::" not in o and "://" not in o and
                o not in ("backup", "full", "incremental", "inc", "c", "cf", "cvf", "cfv", "a")]
    if not operands and not default_cwd:
        return None
    return Search(exe, _roots(operands, cmd.cwd))


_RECURSIVE_COMPRESSORS = frozenset(("gzip", "gunzip", "pigz", "unpigz", "zstd", "unzstd", "lz4", "compress",
                                    "uncompress", "lzop", "brotli", "bzip3"))


def diff_search(cmd):
    """diff with a folder operand reads the files in it (below it with -r), printing whole files
    with -N (`diff -rN src conf` prints conf/.env): every folder operand is a root."""
    opts, operands = _split(cmd.argv, "xXICDFLSUW", ("--exclude", "--exclude-from", "--from-file", "--to-file",
                                                    "--ignore-matching-lines", "--label", "--starting-file",
                                                    "--line-format", "--width", "--tabsize", "--horizon-lines",
                                                    "--unified", "--context", "--palette", "--color"))
    operands += [v for n, v in opts if n in ("--from-file", "--to-file")]
    roots = [r for r in _roots(operands, cmd.cwd) if os.path.isdir(r)] if operands else []
    if not roots:
        return None
    search = Search(cmd.executable, roots)
    search.follow = True
    search.excludes = [v for n, v in opts if n in ("-x", "--exclude")]
    return search


_NAMES_ONLY_DIFF = frozenset(("--stat", "--name-only", "--name-status", "--numstat", "--shortstat", "--quiet",
                              "--summary", "--dirstat", "--compact-summary"))


def git_diff_no_index(cmd):
    """`git diff --no-index A B` compares two folders as diff -rN does, printing a file found in one
    only; git takes that mode without the option outside a work tree. The Search, or None."""
    argv = cmd.argv
    k = argv.index("diff") if "diff" in argv else len(argv)
    opts, operands = _split(["diff"] + argv[k + 1:], "", ("--output", "--relative", "--word-diff-regex",
                                                          "--color-moved", "--src-prefix", "--dst-prefix"))
    names = {n for n, _ in opts}
    top = git_top(cmd.cwd)
    # git takes the mode without --no-index outside a work tree, and inside one when one of two
    # paths lies outside it (`git diff /tmp/empty conf` prints conf/.env)
    outside = top is not None and len(operands) == 2 and any(
        not (p == top or p.startswith(top.rstrip("/") + "/")) for p in _roots(operands, cmd.cwd))
    if "--no-index" not in names and top is not None and not outside:
        return None
    if names & _NAMES_ONLY_DIFF and not names & {"-p", "--patch", "-u"}:
        return None
    roots = [r for r in _roots(operands, cmd.cwd) if os.path.isdir(r)] if operands else []
    return Search("git diff --no-index", roots) if roots else None


# ---- files named on an input or in a list ------------------------------------------------

def _listed_files(cmd):
    """What a command reads whose files are named on its input or in a list file, or None."""
    exe, argv = cmd.executable, cmd.argv
    words = [w for w in argv[1:] if w[:1] == "-"]
    if exe == "cpio" and any(w in ("--create", "--pass-through") or
                             (not w.startswith("--") and set(w[1:]) & {"o", "p"}) for w in words):
        return "`cpio -o`/`-p` reads the files named on its input"
    if exe == "afio" and any(not w.startswith("--") and set(w[1:]) & {"o", "p"} for w in words):
        return "`afio -o`/`-p` reads the files named on its input"
    if exe == "pax" and any(not w.startswith("--") and "w" in w[1:] for w in words):
        # (with no file operand pax -w archives, and -rw copies, the files named on its input)
        return "`pax -w`/`-rw` may read the files named on its input"
    if exe == "zip" and any(w == "--names-stdin" or (not w.startswith("--") and "@" in w) for w in words):
        return "`zip -@` reads the files named on its input"
    if exe in ("7z", "7za", "7zr", "7zz") and any(w.startswith("@") or (w.startswith("-i") and "@" in w)
                                                  for w in argv[2:]):
        return f"`{exe}` reads the files named in a list file (@LIST)"
    if exe == "bsdtar" and any(w in ("-T", "-I", "--files-from") or w.startswith(("-T", "-I", "--files-from="))
                               for w in words):
        return "`bsdtar -T` reads the files named in a list"
    if exe == "rsync" and any(w.startswith("--files-from") for w in words):
        return "`rsync --files-from` copies the files named in a list"
    return None


def listed_files_check(cmd, ctx):
    """`find . -name '*.py' | cpio -o`: the names come from the finds before it, whose selections
    are checked; from anything else the guard cannot tell which files are read."""
    what = _listed_files(cmd)
    if what is None:
        return None
    earlier = getattr(ctx, "commands", [])
    if earlier and all(c.executable in ("find", "bfs", "fd", "fdfind") for c in earlier):
        for finder in earlier:
            verdict = name_search_check(finder, [cmd.executable], ctx)
            if verdict:
                return verdict
        return None
    return deny(f"{what}, which the guard cannot see; name the files as operands, or pipe them from `find`",
                "search-reach")


def describe(search):
    """What `guard explain` shows of a search: where it reads and which of its filters the
    guard counts (an exclusion it cannot read as surely as the program does is not counted)."""
    counted, ignored = [], []
    for glob, exclude, icase in search.globs:
        shown = ("!" if exclude else "") + glob
        if exclude and ("\\" in glob or "[[" in glob):
            ignored.append(f"-g '{shown}' (escapes and classes: not read as ripgrep reads them)")
        elif exclude and glob.endswith("/"):
            counted.append(f"-g '{shown}' (folders only)")
        elif exclude and "/" in glob.rstrip("/") and search.cwd is None:
            ignored.append(f"-g '{shown}' (anchored where the guard cannot tell)")
        else:
            counted.append(f"-g '{shown}'" + (" (any case)" if icase else ""))
    for pattern in search.excludes + search.pathspec_excludes + search.exclude_dirs:
        (counted if trusted_exclusion(pattern) or pattern in search.exclude_dirs else ignored).append(
            pattern if trusted_exclusion(pattern) or pattern in search.exclude_dirs else
            f"{pattern} (a leading or trailing /, an escape or a class: not read alike by every program)")
    counted += [f"--{kind}={glob}" for kind, glob in search.grep_filters]
    counted += [f"-x {p} (the whole stored name)" for p in search.stored_excludes]
    counted += [f"pathspec {p}" for p in search.path_patterns]
    return {
        "program": search.program,
        "roots": list(search.roots),
        "follows_links": search.follow,
        "dotfiles": search.hidden,
        "ignore_files": list(search.ignore_names),
        "filters_counted": counted,
        "filters_not_counted": ignored,
    }


def _roots(operands, cwd):
    """The folders the operands name; the working folder when there are none. An empty operand
    (`mv "$tmp" out` with $tmp known only at run time: judged as undetermined) names none: it
    was read as the working folder, so `mv "$(mktemp)" data.txt` was a move of the project."""
    if not operands:
        return [cwd]
    return [opened_at(o, cwd) for o in operands if o]


def grep_search(cmd, recursive=False):
    argv = cmd.argv
    opts, operands = _split(argv, "efmABCdD", ("--regexp", "--file", "--max-count", "--after-context",
                                                "--before-context", "--context", "--directories", "--devices",
                                                "--label", "--exclude", "--exclude-dir", "--include",
                                                "--exclude-from", "--binary-files", "--group-separator"),
                          widening=("--recursive", "--dereference-recursive", "--directories"))
    names = {n for n, _ in opts}
    recursive = recursive or names & {"-r", "-R", "--recursive", "--dereference-recursive"} or \
        any(n in ("-d", "--directories") and v == "recurse" for n, v in opts)
    if not recursive:
        return None
    if not names & {"-e", "-f", "--regexp", "--file"}:
        operands = operands[1:]
    search = Search(cmd.executable, _roots(operands, cmd.cwd))
    search.follow = bool(names & {"-R", "--dereference-recursive"})
    for name, value in opts:
        if name == "--exclude-dir":
            search.exclude_dirs.append(value.rstrip("/"))
        elif name in ("--exclude", "--include"):
            search.grep_filters.append((name[2:], value))
    return search


def rg_search(cmd, env):
    argv = list(cmd.argv)
    config = env.get("RIPGREP_CONFIG_PATH") if env else None
    opts, operands = _split(argv, "efgtTmABCMjdErm", (
        "--regexp", "--file", "--glob", "--iglob", "--type", "--type-not", "--type-add", "--type-clear",
        "--max-count", "--after-context", "--before-context", "--context", "--max-columns", "--threads",
        "--max-depth", "--max-filesize", "--encoding", "--replace", "--pre", "--pre-glob", "--sort", "--sortr",
        "--ignore-file", "--path-separator", "--colors", "--context-separator", "--field-match-separator",
        "--field-context-separator", "--engine", "--dfa-size-limit", "--regex-size-limit", "--hostname-bin",
        "--hyperlink-format", "--color", "--max-depth"))
    names = [n for n, _ in opts]
    if "--files" in names or "--type-list" in names:
        return None  # names only
    if "-e" not in names and "-f" not in names and "--regexp" not in names and "--file" not in names:
        operands = operands[1:]
    search = Search("rg", _roots(operands, cmd.cwd))
    search.cwd = cmd.cwd
    unrestricted = names.count("-u") + names.count("--unrestricted")
    search.hidden = bool(config) or unrestricted >= 2 or "--hidden" in names or "-." in names
    no_ignore = bool(config) or unrestricted >= 1 or "--no-ignore" in names
    search.follow = bool(config) or "-L" in names or "--follow" in names
    if not no_ignore:
        vcs = "--no-ignore-vcs" not in names
        dot = "--no-ignore-dot" not in names
        search.ignore_names = ((".gitignore",) if vcs else ()) + ((".ignore", ".rgignore") if dot else ())
        search.git_ignores = "--no-require-git" not in names
    typed = "--type-add" not in names and "--type-clear" not in names
    # --glob-case-insensitive: every -g matches in any case (the last of it and its --no- form wins)
    icase_globs = "--glob-case-insensitive" in names and \
        names[::-1].index("--glob-case-insensitive") < (names[::-1].index("--no-glob-case-insensitive")
                                                        if "--no-glob-case-insensitive" in names else len(names))
    for name, value in opts:
        if name in ("-g", "--glob", "--iglob"):
            exclude = value.startswith("!")
            icase = name == "--iglob" or icase_globs
            alternatives = _alternatives(value[1:] if exclude else value)
            if alternatives is None:  # braces the guard cannot expand: an include selects anything
                alternatives = [] if exclude else ["*"]
            search.globs.extend((g, exclude, icase) for g in alternatives)
        elif name in ("-t", "--type") and typed and value in _RG_TYPES:
            search.globs.extend((g, False, False) for g in _RG_TYPES[value])
    return search


def _alternatives(glob):
    """ripgrep's globs take `{a,b}` alternatives (`-g '*.{py,env}'` selects .env): the globs it
    stands for, or None when there are too many or they nest too deep."""
    if "{" not in glob:
        return [glob]
    from legant_guard.shell.expansion import ExpansionError, brace_expand

    try:
        return brace_expand(glob)
    except (ExpansionError, RecursionError):
        return None


def ag_search(cmd):
    opts, operands = _split(cmd.argv, "ABCmGgpW", ("--ignore", "--ignore-dir", "--depth", "--pager", "--path-to-ignore",
                                                  "--file-search-regex", "--max-count", "--context", "--after",
                                                  "--before", "--width"))
    names = [n for n, _ in opts]
    if "-g" in names:
        return None  # prints file names matching a pattern
    operands = operands[1:]
    search = Search("ag", _roots(operands, cmd.cwd))
    unrestricted = "-u" in names or "--unrestricted" in names
    search.hidden = unrestricted or "--hidden" in names
    search.follow = "-f" in names or "--follow" in names
    if not unrestricted and "-U" not in names and "--skip-vcs-ignores" not in names:
        search.ignore_names = (".gitignore", ".ignore", ".agignore")
    for name, value in opts:  # (a -G file-name regex is not evaluated: still searched)
        if name in ("--ignore", "--ignore-dir"):
            search.excludes.append(value)
    return search


def ack_search(cmd, env=None):
    opts, operands = _split(cmd.argv, "ABCmg", ("--ignore-dir", "--ignore-file", "--type-set", "--type-add",
                                                "--noignore-dir", "--no-ignore-dir", "--ackrc"))
    names = [n for n, _ in opts]
    if "-f" in names or "-g" in names:
        return None
    search = Search("ack", _roots(operands[1:], cmd.cwd))
    # ack leaves out the version-control folders, unless an option, ACK_OPTIONS or an .ackrc
    # (read from the working directory up and from home: a file the agent may write) says not to
    if "--noenv" in names or not _ack_configured(cmd.cwd, env):
        search.exclude_dirs = [".git", ".svn", ".hg", "CVS", "_darcs", ".bzr"]
    search.follow = "--follow" in names
    for name, value in opts:
        if name == "--ignore-dir":
            search.exclude_dirs.append(value.split("=", 1)[-1].split(":", 1)[-1])
        elif name in ("--noignore-dir", "--no-ignore-dir"):
            dropped = value.split("=", 1)[-1].split(":", 1)[-1]
            search.exclude_dirs = [d for d in search.exclude_dirs if d != dropped]
    return search


def _ack_configured(cwd, env):
    if env and (env.get("ACK_OPTIONS") or env.get("ACKRC")):
        return True
    folder = cwd
    while True:
        if os.path.exists(os.path.join(folder, ".ackrc")) or os.path.exists(os.path.join(folder, "_ackrc")):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    home = os.path.expanduser("~")
    return os.path.exists(os.path.join(home, ".ackrc"))


def archive_read_search(cmd):
    """tar -c / zip -r / 7z a / rar a / rsync / scp -r / cp -r read every file below their sources."""
    exe = cmd.executable
    argv = cmd.argv
    if exe in ("tar", "bsdtar"):
        opts, operands, creating = _tar_options(argv)
        if not creating:
            return None
        search = Search(exe, [])
        # -C is positional (`-C /a x -C ~ .ssh`): every operand is taken from every folder named
        bases = [cmd.cwd]
        literal = False
        for name, value in opts:
            if name in ("-C", "--directory"):
                bases.append(os.path.normpath(os.path.join(bases[-1], os.path.expanduser(value))))
            elif name == "--exclude":
                search.excludes.append(value)
            elif name in ("-h", "--dereference"):
                search.follow = True
            elif name.startswith("--") and _expand(name, _TAR_LITERAL_MATCHING) in _TAR_LITERAL_MATCHING:
                literal = True
        if literal:  # `--anchored --exclude=.env` leaves conf/.env in; `--no-wildcards` reads `.e*` literally
            search.excludes = []
        search.roots = [r for base in bases for r in _roots(operands, base)] if operands else []
        return search
    if exe == "zip":
        opts, operands = _split(_zip_words(argv), "xbniPtsO", ("--exclude", "--include", "--temp-path",
                                                                  "--password"),
                                widening=("--recurse-paths", "--recurse-patterns"))
        names = [n for n, _ in opts]
        if not ({"-r", "-R", "--recurse-paths", "--recurse-patterns"} & set(names)):
            return None
        search = Search("zip", _roots(operands[1:], cmd.cwd) if len(operands) > 1 else [])
        search.follow = "-y" not in names and "--symlinks" not in names
        # zip -x takes every following word as a pattern: the split above kept only the first.
        # A pattern matches the whole name zip stores (`-x .env` leaves conf/.env in), `*`
        # spanning `/`; -ws (`*` stops at `/`) and -nw (no wildcards) read them otherwise.
        if not set(argv) & {"-ws", "--wild-stop-dirs", "-nw", "--no-wild"}:
            search.stored_excludes = _zip_excludes(argv)
            search.stored = {root: _stored_prefix(spelled) for root, spelled in zip(search.roots, operands[1:])}
        return search
    if exe == "rsync":
        opts, operands = _split(argv, "efBMT", ("--exclude", "--include", "--filter", "--rsh", "--rsync-path",
                                               "--exclude-from", "--include-from", "--files-from", "--chmod",
                                               "--chown", "--timeout", "--port", "--backup-dir", "--suffix",
                                               "--max-size", "--min-size", "--info", "--debug", "--bwlimit",
                                               "--block-size", "--remote-option", "--log-file", "--partial-dir",
                                               "--temp-dir", "--compare-dest", "--copy-dest", "--link-dest"))
        local = [o for o in operands if not _remote(o)]
        names = {n for n, _ in opts}
        search = Search("rsync", _roots(local[:-1], cmd.cwd) if len(local) > 1 else [])
        search.follow = bool(names & {"-L", "--copy-links"})
        if not names & {"--include", "--filter", "-f", "--include-from", "--exclude-from", "--files-from", "-F"}:
            search.excludes = [v for n, v in opts if n == "--exclude"]
        return search
    if exe in ("cp", "scp", "mv"):
        # cp and mv: only -S and -t take a value (`cp -al SRC DEST`: -l is --link); scp's take more
        opts, operands = _split(argv, "cFiJloPSD" if exe == "scp" else "St", ("--suffix", "--target-directory",
                                                                              "--backup", "--sparse",
                                                   "--reflink", "--preserve", "--no-preserve"),
                                widening=("--recursive", "--archive", "--dereference", "--target-directory"))
        names = {n for n, _ in opts}
        if exe == "cp" and not names & {"-r", "-R", "-a", "--recursive", "--archive"}:
            return None
        if exe == "scp" and "-r" not in names:
            return None
        local = [o for o in operands if not (exe == "scp" and _remote(o))]
        target = [v for n, v in opts if n in ("-t", "--target-directory")]
        sources = local if target else local[:-1]
        search = Search(exe, _roots(sources, cmd.cwd) if sources else [])
        search.follow = bool(names & {"-L", "--dereference"})
        return search
    if exe in ("7z", "7za", "7zz", "7zr", "rar"):
        # (rar a/u/m/f ARCHIVE FOLDER: a folder is added with everything below it)
        if len(argv) < 3 or argv[1] not in (("a", "u", "m", "f") if exe == "rar" else ("a", "u")):
            return None
        operands = [w for w in argv[2:] if not w.startswith("-")]
        roots = _roots(operands[1:], cmd.cwd) if len(operands) > 1 else []
        if not set(argv[2:]) & {"-r", "-r0"}:
            return Search(exe, roots)
        # -r: a name (`.env`, `*.key`) is looked for in every folder below its own folder
        names = [os.path.basename(r) for r in roots if not os.path.isdir(r)]
        search = Search(exe, [r if os.path.isdir(r) else os.path.dirname(r) for r in roots])
        if names and len(names) == len(roots):
            search.grep_filters = [("include", n) for n in names]
        return search
    return None


def _remote(word):
    colon, slash = word.find(":"), word.find("/")
    return colon > 0 and (slash < 0 or colon < slash)


# zip's options of two letters after one dash (`-ws`, `-sf`), which are not bundles of one-letter
# flags; the second group takes a value.
_ZIP_PAIRS = frozenset(("-ws", "-nw", "-sb", "-sc", "-sd", "-sf", "-so", "-sp", "-su", "-sU", "-sv", "-la", "-li",
                        "-ll", "-dg", "-db", "-dc", "-dd", "-du", "-dv", "-FS", "-FF", "-FI", "-MM", "-ic", "-AC",
                        "-AS", "-Z"))
_ZIP_PAIRS_WITH_VALUE = frozenset(("-lf", "-tt", "-tn", "-ds", "-TT", "-UN", "-Z", "-ef"))


def _zip_words(argv):
    out, skip = [argv[0]], False
    for word in argv[1:]:
        if skip:
            skip = False
        elif word in _ZIP_PAIRS_WITH_VALUE:
            skip = True
        elif word not in _ZIP_PAIRS:
            out.append(word)
    return out


def _zip_excludes(argv):
    out, collecting = [], False
    for word in argv[1:]:
        if word in ("-x", "--exclude"):
            collecting = True
            continue
        if collecting:
            if word.startswith("-"):
                collecting = False
            else:
                out.append(word)
                continue
        if word.startswith("-x") and len(word) > 2:
            out.append(word[2:])
    return [p for p in out if "\\" not in p and "[[" not in p]


def _stored_prefix(spelled):
    """The folder part of the names zip stores for an operand (`./conf/` → `conf/`, `.` → ``,
    an absolute path loses its `/`), or None when the guard cannot tell (`..`)."""
    norm = os.path.normpath(spelled).lstrip("/")
    if norm == ".":
        return ""
    if norm == ".." or norm.startswith("../"):
        return None
    return norm + "/"


def git_grep_check(cmd, ctx):
    """git grep reads the tracked files (the index); with --untracked or --no-index the work tree."""
    argv = cmd.argv
    try:
        k = argv.index("grep")
    except ValueError:
        return None
    opts, operands = _split(["grep"] + argv[k + 1:], "efABCm", ("--max-depth", "--threads", "--open-files-in-pager",
                                                                 "--max-count", "--context", "--after-context",
                                                                 "--before-context", "--regexp", "--file"),
                         widening=("--untracked", "--no-index", "--recurse-submodules"))
    names = {n for n, _ in opts}
    if not names & {"-e", "-f", "--regexp", "--file"}:
        operands = operands[1:]
    sub_index, cwd, other = gitrevs.git_location(argv, cmd.cwd)
    if other or gitrevs.elsewhere(argv[1:sub_index], ctx):
        return gitrevs.other_repository("git grep")
    changer = gitrevs.changed_before(ctx)
    if changer and not names & {"--untracked", "--no-index"}:
        return gitrevs.undetermined_before("git grep", changer)
    top = git_top(cwd)
    revs = []
    if top is not None and not names & {"--untracked", "--no-index"}:
        # `git grep KEY HEAD~3 [-- PATHS]`: the trees of the revisions before `--`, not the index
        after = len(argv) - argv.index("--", k + 1) - 1 if "--" in argv[k + 1:] else 0
        try:
            revs, specs = gitrevs.split_revisions(top, operands[:len(operands) - after])
            # `git grep KEY HEAD~1:config`: a revision's folder (a tree, checked below it), or a
            # file (judged as its path): revisions, never pathspecs that would narrow the others
            objects = gitrevs.path_objects(top, specs)
            revs += [(w, k) for w, k in objects.items() if k == "tree"]
            specs = [w for w in specs if w not in objects]
        except gitrevs.TreeUnknown as e:
            return deny(f"`git grep` names revisions whose files the guard could not list ({e}); search the work "
                        "tree instead", "search-reach")
        operands = specs + operands[len(operands) - after:]
    includes, excludes = gitrevs.pathspecs(operands, gitrevs.literal_pathspecs(argv, ctx))
    if top is None or names & {"--untracked", "--no-index"}:
        # A plain pathspec is a root; a glob pathspec (`*.env`, `.e*`) or other magic
        # (`:(glob)**/.env`, kept as "") selects files anywhere below the working directory.
        plain = [i for i in includes if i and not any(c in i for c in "*?[")]
        patterns = [i for i in includes if i not in plain]
        searches = []
        if plain or not patterns:
            # (git collapses a pathspec's `..` itself, as written: the roots are lexical here)
            searches.append(Search("git grep", [os.path.normpath(os.path.join(cwd, p)) for p in plain] or [cwd]))
        if patterns:
            below = Search("git grep", [cwd])
            if "" not in patterns:
                below.path_patterns = [g[2:] if g.startswith("./") else g for g in patterns]
            searches.append(below)
        for search in searches:
            search.pathspec_excludes = excludes
            search.cwd = cwd
            verdict = check_search(search, ctx)
            if verdict:
                return verdict
        return None
    # `submodule.recurse=true` in any git config (the user's, the system's) turns --recurse-submodules
    # on without a word on the line: with a submodule checked out, git grep is read as recursing
    # unless it says --no-recurse-submodules
    submodules = "--recurse-submodules" in names or (
        "--no-recurse-submodules" not in names and bool(_checked_out_submodules(top)) and _recurse_configured(top, argv[:k]))
    if revs:
        if submodules and _checked_out_submodules(top):
            return deny("`git grep` (--recurse-submodules, or submodule.recurse in a git config) reads the "
                        "submodules' files at the revisions it names, which the guard does not list; search the "
                        "work tree, add --no-recurse-submodules, or search each submodule by itself", "search-reach")
        return gitrevs.check_trees("git grep", revs, top, cwd, includes, excludes, ctx)
    tracked = _tracked_with_submodules(top) if submodules else tracked_files(top)
    if tracked is None:
        return deny("`git grep`: the guard cannot read the git index to check which files are tracked; use "
                    "`grep -r` with --exclude instead", "search-reach")
    hit = gitrevs.first_reached(tracked, top, _cwd_prefix(cwd, top), includes, excludes, ctx, below_cwd=True)
    if hit:
        rel, reason = hit
        return deny(f"`git grep` would read {reason}, which is tracked; {_hint('git grep', rel, False)}",
                    "search-reach")
    return None


_MAX_SUBMODULES = 200


def _recurse_configured(top, before):
    """Does git's configuration turn --recurse-submodules on for `git grep` here: `submodule.recurse`
    in the user's, the system's or the repository's config (as git reads it, in the agent's
    environment), or any setting of the line's own before `grep` (`git -c submodule.recurse=1`)?
    When git cannot be asked: yes."""
    if len(before) > 1:
        return True  # (global options: -c, --config-env ... read as possibly setting it)
    try:
        out = gitrevs._git(top, ["config", "--type=bool", "--default=false", "--get", "submodule.recurse"])
    except gitrevs.TreeUnknown:
        return True
    return out is None or out.strip() != b"false"


def _checked_out_submodules(top):
    """The paths (from `top`) of the submodules in the index that are checked out, or None."""
    links = []
    if tracked_files(top, links) is None:
        return None
    return [link for link in links if os.path.exists(os.path.join(top, link, ".git"))]


def _tracked_with_submodules(top):
    """`git grep --recurse-submodules`: the files the index tracks and, below each checked-out
    submodule, the files its own index tracks (their paths from `top`), or None."""
    names, pending, seen = [], [("", top)], 0
    while pending:
        prefix, folder = pending.pop()
        links = []
        tracked = tracked_files(folder, links)
        if tracked is None:
            return None
        names += [prefix + n for n in tracked]
        for link in links:
            if os.path.exists(os.path.join(folder, link, ".git")):
                seen += 1
                if seen > _MAX_SUBMODULES:
                    return None
                pending.append((prefix + link + "/", os.path.join(folder, link)))
    return names


def _cwd_prefix(cwd, top):
    prefix = os.path.relpath(cwd, top)
    return "" if prefix == "." else prefix + "/"


_MAX_INDEX_BYTES = 64 * 1024 * 1024


def tracked_files(top, gitlinks=None):
    """The paths in the git index of the work tree `top` (versions 2-4), or None. A list passed
    as `gitlinks` receives the paths of the submodules (mode 160000) instead."""
    git = os.path.join(top, ".git")
    if os.path.isfile(git):
        try:
            with open(git, encoding="utf-8") as f:
                line = f.read(4096).strip()
        except OSError:
            return None
        if not line.startswith("gitdir:"):
            return None
        git = os.path.normpath(os.path.join(top, line[7:].strip()))
    try:
        with open(os.path.join(git, "index"), "rb") as f:
            data = f.read(_MAX_INDEX_BYTES + 1)
    except FileNotFoundError:
        return []
    except OSError:
        return None
    if len(data) > _MAX_INDEX_BYTES or data[:4] != b"DIRC":
        return None
    version = int.from_bytes(data[4:8], "big")
    count = int.from_bytes(data[8:12], "big")
    if version not in (2, 3, 4):
        return None
    names, pos, previous = [], 12, b""
    hash_len = 20
    try:
        for _ in range(count):
            entry = pos
            flags = int.from_bytes(data[pos + 40 + hash_len:pos + 42 + hash_len], "big")
            header = 42 + hash_len + (2 if version >= 3 and flags & 0x4000 else 0)
            start = pos + header
            if version == 4:
                strip, k = 0, start
                shift = data[k]
                strip = shift & 0x7F
                k += 1
                while shift & 0x80:
                    shift = data[k]
                    strip = ((strip + 1) << 7) | (shift & 0x7F)
                    k += 1
                end = data.index(b"\x00", k)
                name = previous[:len(previous) - strip] + data[k:end]
                pos = end + 1
            else:
                end = data.index(b"\x00", start)
                name = data[start:end]
                pos = pos + ((header + len(name) + 8) // 8) * 8
            previous = name
            path = name.decode("utf-8", "surrogateescape")
            if gitlinks is not None and int.from_bytes(data[entry + 24:entry + 28], "big") >> 12 == 0o16:
                gitlinks.append(path)
            else:
                names.append(path)
    except (ValueError, IndexError):
        return None
    return names


# ---- find -------------------------------------------------------------------------------

_UNARY = frozenset(("-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-type",
                    "-xtype", "-lname", "-ilname", "-size", "-perm", "-user", "-group", "-uid", "-gid", "-mtime",
                    "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer", "-anewer", "-cnewer", "-links", "-inum",
                    "-samefile", "-used", "-fstype", "-context", "-maxdepth", "-mindepth", "-regextype", "-fprint",
                    "-fprint0", "-fls", "-files0-from", "-newerXY"))


_NAME_TESTS = frozenset(("-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename"))


class FindExpr:
    """find's expression, evaluated with three values: True, False, None (cannot tell)."""

    def __init__(self, words):
        self.words = words
        self.maxdepth = None
        self.hands = False  # does find itself delete or run something on the matches
        self.handed_to = []
        self.pos = 0
        self.tree = self._or()

    def _peek(self):
        return self.words[self.pos] if self.pos < len(self.words) else None

    # Chains (`-name a -o -name b -o ...`) are flat lists, evaluated in one pass; only brackets
    # and `!` nest, at most MAX_NESTING deep (a deeper expression is refused, not recursed into).
    MAX_NESTING = 64

    def _or(self, depth=0):
        parts = [self._and(depth)]
        ops = []
        while self._peek() in ("-o", "-or", ","):
            ops.append("or" if self.words[self.pos] != "," else "seq")
            self.pos += 1
            parts.append(self._and(depth))
        if not ops:
            return parts[0]
        # `a -o b , c -o d`: `,` binds loosest: a list of or-lists
        groups, current = [], [parts[0]]
        for op, part in zip(ops, parts[1:]):
            if op == "seq":
                groups.append(current)
                current = []
            current.append(part)
        groups.append(current)
        ors = [g[0] if len(g) == 1 else ("or", g) for g in groups]
        return ors[0] if len(ors) == 1 else ("seq", ors)

    def _and(self, depth):
        parts = [self._not(depth)]
        while self._peek() not in (None, "-o", "-or", ",", ")"):
            if self._peek() in ("-a", "-and"):
                self.pos += 1
            parts.append(self._not(depth))
        return parts[0] if len(parts) == 1 else ("and", parts)

    def _not(self, depth):
        negate = False
        while self._peek() in ("!", "-not"):
            self.pos += 1
            negate = not negate
        node = self._primary(depth)
        return ("not", node) if negate else node

    def _primary(self, depth):
        word = self._peek()
        if word is None:
            return ("true",)
        self.pos += 1
        if word == "(":
            if depth >= self.MAX_NESTING:
                raise ValueError(f"brackets nested more than {self.MAX_NESTING} deep")
            inner = self._or(depth + 1)
            if self._peek() == ")":
                self.pos += 1
            return inner
        if word in ("-exec", "-execdir", "-ok", "-okdir"):
            end = self.pos
            while end < len(self.words) and self.words[end] not in (";", "+"):
                end += 1
            program = self.words[self.pos].rsplit("/", 1)[-1] if self.pos < len(self.words) else ""
            self.handed_to.append(program)
            self.pos = end + 1
            return ("act", ("unknown",))
        if word == "-delete":
            self.hands = True
            self.handed_to.append("rm")
            return ("act", ("true",))
        if word in _UNARY or word.startswith("-newer"):
            value = self._peek() or ""
            self.pos += 1
            if word in ("-regex", "-iregex"):  # read once, not per entry
                pattern = regex_as_wildcard(value)
                return (word, pattern.casefold() if pattern is not None and word == "-iregex" else pattern)
            if word in _NAME_TESTS:  # fnmatch patterns: `\\.env` is `.env` (and case folded for -i*)
                return (word, unescape(value).casefold() if word.startswith("-i") else unescape(value))
            if word == "-maxdepth" and value.isdigit():
                self.maxdepth = int(value)
            if word in ("-fprint", "-fprint0", "-fls"):
                self.handed_to.append("cat")
                return ("act", ("true",))
            return (word, value)
        return ("unknown",) if word.startswith("-") and word not in ("-print", "-print0", "-ls", "-true", "-prune",
                                                                     "-depth", "-xdev", "-mount", "-follow",
                                                                     "-noleaf", "-daystart", "-nowarn", "-warn",
                                                                     "-ignore_readdir_race", "-quit") else \
            ("true",) if word != "-false" else ("false",)

    def could_match(self, path, rel_from_start, name, is_dir, is_link):
        # The whole expression (what -print or `| xargs` gets), or any action the evaluation
        # could reach: find goes left to right, so `-exec cat {} + -name x` runs cat on everything.
        value, fires = _run(self.tree, path, name, is_dir, is_link)
        return value is not False or fires


def _run(node, path, name, is_dir, is_link):
    """(value: True, False or None for "cannot tell"; could an action (-exec, -delete, -fprint)
    inside `node` run for this entry?), evaluating as find does: left to right, `-a` stopping at
    the first false, `-o` at the first true, `,` evaluating all and giving the last value."""
    kind = node[0]
    if kind == "act":
        return _leaf(node[1], path, name, is_dir, is_link), True
    if kind == "not":
        value, fires = _run(node[1], path, name, is_dir, is_link)
        return (None if value is None else not value), fires
    if kind in ("and", "or"):
        stop = kind == "or"  # the value that ends the evaluation
        value, fires = not stop, False
        for child in node[1]:
            if value is stop:
                break
            v, f = _run(child, path, name, is_dir, is_link)
            fires = fires or f
            if v is stop:
                value = stop
            elif v is None:
                value = None
        return value, fires
    if kind == "seq":
        value, fires = True, False
        for child in node[1]:
            value, f = _run(child, path, name, is_dir, is_link)
            fires = fires or f
        return value, fires
    return _leaf(node, path, name, is_dir, is_link), False


def _leaf(node, path, name, is_dir, is_link):
    kind = node[0]
    if kind == "true":
        return True
    if kind == "false":
        return False
    if kind == "unknown":
        return None
    value = node[1]  # name tests and regexes: as FindExpr read them (unescaped, folded for -i*)
    if kind == "-name":
        return wildcard_match(value, name)
    if kind == "-iname":
        return wildcard_match(value, name.casefold())
    if kind in ("-path", "-wholename"):
        return wildcard_match(value, path)
    if kind in ("-ipath", "-iwholename"):
        return wildcard_match(value, path.casefold())
    if kind in ("-regex", "-iregex"):
        if value is None:
            return None
        return wildcard_match(value, path.casefold()) if kind == "-iregex" else wildcard_match(value, path)
    if kind == "-type":
        if is_link:
            return None
        kinds = set(value.split(","))
        if not kinds - {"f", "d"}:
            return ("d" in kinds) if is_dir else ("f" in kinds)
        return None
    return None


_REGEX_LITERALS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-~,=:@%#& ")


def regex_as_wildcard(regex):
    """find's -regex as a wildcard pattern over the whole path, for the part every regex flavour
    reads alike: letters and digits, `.` (any character), `.*` (any run) and `\\.` (a dot). Any
    other construct (`\\|` is alternation to find's default emacs syntax and a `|` to Python's;
    groups, classes, repetition) gives None: "could match". Never Python's `re`: its
    backtracking on `(.+)+z` over a long path held the hook for minutes (issue 9, class 7)."""
    out, i = [], 0
    while i < len(regex):
        c = regex[i]
        if c == "." and regex[i + 1:i + 2] == "*":
            out.append("*")
            i += 2
        elif c == ".":
            out.append("?")
            i += 1
        elif c == "\\" and regex[i + 1:i + 2] == ".":
            out.append(".")
            i += 2
        elif c in _REGEX_LITERALS:
            if regex[i + 1:i + 2] in ("*", "+", "?", "{"):
                return None  # a repeated character
            out.append(c)
            i += 1
        else:
            return None
    return "".join(out)


def describe_find(cmd):
    """What `guard explain` shows of a find: its folders and the programs its own actions hand
    each match to (a pipe to `xargs CMD` adds CMD when the guard judges it)."""
    follow, roots, words = _find_parts(cmd.argv)
    try:
        handed = FindExpr(words).handed_to
    except ValueError as e:
        handed = [f"(not evaluated: {e})"]
    return {"program": cmd.executable, "roots": _roots(roots, cmd.cwd), "follows_links": follow,
            "dotfiles": True, "ignore_files": [], "filters_counted": [], "filters_not_counted": [],
            "hands_to": handed}


def _find_parts(argv):
    """(follows links, the folders, the expression's words) of a find command line."""
    k, follow = 1, False
    while k < len(argv) and argv[k] in ("-H", "-L", "-P"):
        follow = follow or argv[k] == "-L"
        k += 1
    roots = []
    while k < len(argv) and not (argv[k].startswith("-") or argv[k] in ("(", "!", ")", ",")):
        roots.append(argv[k])
        k += 1
    return follow or "-follow" in argv, roots, argv[k:]


def exec_tails(argv):
    """What find's `-exec`/`-execdir`/`-ok` words append to each match: `{}/settings.json`, or a
    script handed `{}` as an argument that appends to it (`sh -c 'cp x "$1/settings.json"' _ {}`)."""
    out = []
    for k, word in enumerate(argv):
        if word not in ("-exec", "-execdir", "-ok", "-okdir"):
            continue
        words = []
        for w in argv[k + 1:]:
            if w in (";", "+"):
                break
            words.append(w)
        for w in words:
            at = w.find("{}")
            if at >= 0 and w[at + 2:].startswith("/"):
                out.append(w[at + 2:].split()[0].strip("'\""))
        if "{}" in words:
            for w in words:
                for var in ("$1", "${1}", "$@", "${@}", "$*", "$0"):
                    at = w.find(var + "/")
                    if at >= 0:
                        out.append(w[at + len(var):].split()[0].strip("'\""))
    return [t for t in out if len(t) > 1]


def name_search_check(cmd, handed, ctx, tails=()):
    """A name search (find, bfs, fd) whose matches `handed` programs (or its own -exec) get.
    `tails`: what a template appends to each match (`xargs -I{} cp x {}/settings.json`)."""
    if cmd.executable in ("fd", "fdfind"):
        return fd_check(cmd, handed, ctx)
    return find_check(cmd, handed, ctx, tails)


_FD_WITH_VALUE = frozenset(("-t", "--type", "-e", "--extension", "-E", "--exclude", "-d", "--max-depth", "--min-depth",
                            "--exact-depth", "-S", "--size", "--changed-within", "--changed-before", "-o", "--owner",
                            "-j", "--threads", "--search-path", "--base-directory", "-c", "--color", "--max-results",
                            "--ignore-file", "--path-separator", "--format", "--batch-size", "--and"))


def fd_check(cmd, handed, ctx):
    """fd (fdfind) runs `-x CMD` / `-X CMD` on what it finds, or prints names to `| xargs CMD`. Its
    pattern is a regex the guard does not read: every file below its folders, as fd filters them
    (dotfiles with -H, ignore files unless -I, -E globs), could be handed over."""
    argv, k = cmd.argv, 1
    own, operands, opts = [], [], []
    while k < len(argv):
        word = argv[k]
        k += 1
        if word in ("-x", "--exec", "-X", "--exec-batch"):
            if k < len(argv):
                own.append(argv[k].rsplit("/", 1)[-1])
            while k < len(argv) and argv[k] not in (";", "\\;"):
                k += 1
            k += 1
            continue
        name, eq, value = word.partition("=")
        if word.startswith("-") and word != "-":
            if name in _FD_WITH_VALUE and not eq and k < len(argv):
                value = argv[k]
                k += 1
            opts.append((name, value))
            for letter in (word[1:] if not word.startswith("--") and name not in _FD_WITH_VALUE else ""):
                opts.append(("-" + letter, ""))
        else:
            operands.append(word)
    programs = [p for p in own + list(handed) if p not in _NAME_ONLY]
    if not programs:
        return None
    names = {n for n, _ in opts}
    base = next((os.path.normpath(os.path.join(cmd.cwd, v)) for n, v in opts if n == "--base-directory"), cmd.cwd)
    paths = operands[1:] + [v for n, v in opts if n == "--search-path"]
    search = Search(cmd.executable, _roots(paths, base))
    search.hidden = bool(names & {"-H", "--hidden", "-u", "--unrestricted"})
    # (without -L fd lists a symlink as a name and does not enter it, but the program it hands the
    # name to opens what the link leads to: `fd . -x cat` read ~/.netrc through `k -> ~/.netrc`)
    search.follow = True
    if not names & {"-I", "--no-ignore", "-u", "--unrestricted"}:
        search.ignore_names = (".gitignore", ".ignore", ".fdignore")
        search.git_ignores = "--no-require-git" not in names
    search.globs = [(v, True, False) for n, v in opts if n in ("-E", "--exclude")]
    search.cwd = base
    search.grep_filters = _fd_extensions(opts, programs, handed)
    search.files_only = bool(search.grep_filters) and not names & {"-L", "--follow"}
    verdict = check_search(search, ctx)
    if verdict:
        verdict.reason += f" (and hands it to `{programs[0]}`)"
        return verdict
    # `fd -x rm`, `fd -x sed -i`: anything protected below is changed (names piped on to
    # `xargs rm` are judged with the listing itself: hook/inputwords.py)
    changer = next((p for p in own if p not in _NAME_ONLY and p not in _PURE_READERS), None)
    if changer:
        for root in search.roots:
            if ctx.deny.could_reach_below(root, write=True, fixed_only=True):
                return deny(f"`{cmd.executable}` hands what it finds below {root} to `{changer}`, and protected or "
                            "denied files lie there; name the files instead", "find-reach")
    return None


# Readers of the files they are handed that never read below a folder (`fd -e md -x cat`).
_FILE_ONLY_READERS = frozenset(("cat", "tac", "head", "tail", "wc", "md5sum", "sha1sum", "sha256sum", "sha512sum",
                                "b2sum", "cksum", "file", "nl", "cut", "base64", "od", "xxd", "hexdump", "strings", "bat",
                                "less", "more", "zcat"))


def _fd_extensions(opts, programs, handed):
    """fd's `-e EXT` (any case) as include filters on the names its own `-x`/`-X` hands to readers
    of single files: `fd -e md -x cat` hands over `*.md` only, so a link `k -> .env` or a linked
    folder elsewhere is not read (a folder named `x.md` is walked below all the same). Not for
    names piped on (`| xargs cat` cuts them at blanks) nor an extension with other characters
    than letters, digits, `.`, `_`, `-` (read as a glob it could match less than fd)."""
    extensions = [v.lstrip(".") for n, v in opts if n in ("-e", "--extension")]
    if not extensions or handed or not all(p in _FILE_ONLY_READERS for p in programs):
        return []
    if not all(e and all(c.isalnum() or c in "._-" for c in e) for e in extensions):
        return []
    return [("include", "*." + "".join("[%s%s]" % (c.lower(), c.upper()) if c.isalpha() else c for c in e))
            for e in extensions]


def find_check(cmd, handed, ctx, tails=()):
    """A find whose matches a program reads, writes or deletes: what could it select? (Each with
    each of `tails` appended, too: what a template makes of it.)"""
    follow, roots, words = _find_parts(cmd.argv)
    try:
        expr = FindExpr(words)
    except ValueError as e:
        return deny(f"`find`: the guard cannot evaluate its expression ({e}); write it flatter", "find-reach")
    programs = [p for p in expr.handed_to + list(handed) if p not in _NAME_ONLY]
    if not programs:
        return None
    deletes = any(p in _DELETERS for p in programs)
    reads = any(p not in _DELETERS for p in programs)
    writes = any(p not in _DELETERS and p not in _PURE_READERS for p in programs)
    starts = []
    for spelled in roots or ["."]:
        found, pattern = real_roots([opened_at(spelled, cmd.cwd)], ctx.project)
        if found is None:
            return _too_many("find", pattern)
        starts += [(spelled if len(found) == 1 else root, root) for root in found]
    for spelled, root in starts:
        start = spelled.rstrip("/") or "/"
        if not os.path.isdir(root):
            continue

        def prune(rel, name, is_dir):
            return expr.maxdepth is not None and rel.count("/") + 1 > expr.maxdepth

        try:
            for rel, path, is_dir, is_link in walk(root, ctx.budget, follow, prune):
                shown = start + "/" + rel if start != "/" else "/" + rel
                if not expr.could_match(shown, rel, rel.rsplit("/", 1)[-1], is_dir, is_link):
                    continue
                # A deleter removes the entry itself (a link, not its target); a reader opens the target.
                reason = (deletes and ctx.deny.write_reason((path,), replaces=True)) or \
                    (reads and ctx.deny.opened_reason(variants_of(path) if is_link else (path,))) or \
                    (writes and ctx.deny.write_reason(variants_of(path) if is_link else (path,), replaces=False))
                for tail in tails if not reason else ():
                    reason = ctx.deny.write_reason(variants_of(path + tail), replaces=False)
                    if reason:
                        break
                if reason:
                    return deny(f"`find {spelled}` could select {reason}, and hands it to `{programs[0]}`; "
                                "narrow the expression (e.g. `-not -name NAME`) or the folder", "find-reach")
        except TooBig:
            if ctx.deny.could_reach_below(root):
                return deny(f"`find {spelled}` visits more files than the guard can check, and hands what it "
                            f"selects to `{programs[0]}`; search a smaller folder", "find-reach")
    return None
