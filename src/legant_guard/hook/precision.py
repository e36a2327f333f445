"""Undetermined operands whose value provably cannot reach a denied path.

The engine denies an operand it cannot determine whenever the token has path rules. Some
values are unknown only in their exact spelling, not in where they can point:
- `$(mktemp)` (and a variable every assignment of which is `$(mktemp)`): a fresh name directly
  under TMPDIR or /tmp; it is checked as that folder. Only the value itself (`"$t"`, or `"$t/"`
  naming the same folder in a line joined by `&&` only: it is `/` when mktemp failed): `"$t/x"`
  could go through a link made later, so it stays undetermined.
- numeric substitutions (`-j$(nproc)`, `$(( 2 * 4 ))`) and variables every assignment of which is
  a number (`n=$(nproc)`, `for i in $(seq 3)`): the word is checked with each shape the value may
  take in their place: digits, nothing (a program not found prints nothing), a minus sign
  (hook/numericvalues.py). Not when the command can change which program a name runs.
- `git ls-files PATHSPEC | xargs CMD` / `git diff --name-only ... PATHSPEC | xargs CMD` /
  `git grep -l PATTERN -- PATHSPEC | xargs CMD` (a search and replace: `| xargs sed -i s/a/b/g`,
  the tracked files holding the pattern, fewer than ls-files lists), and
  `CMD $(git ls-files PATHSPEC)` (`wc -l $(git ls-files '*.py')`): the files matching the
  pathspec that git can list, each meeting the deny side: the index, and for `git diff` with
  revisions or --cached the trees of those revisions too (a `.env` committed in HEAD~3 and
  untracked since is listed by `git diff --name-only HEAD~3`). Each name is checked where the
  reader opens it (relative to the working directory, and as git prints it from the top).
  A substitution is narrowed only when nothing else in the command can change the index first
  (one command, piped at most into plain filters, its errors at most sent into the pipe or away:
  `2>&1`, `2>/dev/null`), and not when a name would split or glob; an xargs line's output may go
  through plain filters too (`… | xargs wc -l 2>&1 | tail -50`). A
  loop's variable over such a listing is each of its names (hook/loopnames.py).
  Each may follow one leading `cd DIR &&` (Claude Code's `cd /abs/project && …`), DIR one plain
  word: the analysis already runs the rest in DIR (its `cmd.cwd`), and a failed cd runs nothing.
- `ls [-1adt…] PATTERN… | xargs CMD` (`ls *.txt | xargs wc -l`): the names the patterns match now
  (and those in a matching folder), each meeting the deny side (hook/inputwords.ls_pattern_names);
  not when the listing prints more than names (-l, -F) or a pattern matches nothing.
- `CMD $(find ROOT… EXPR)` whose expression only selects: the entries it matches now, each
  meeting the deny side and the token's paths (hook/findlisting.py); not a folder, a name that
  would split or glob, or a line where an earlier command could change the tree.
- `$(go list ./...)` (optionally filtered by grep: `go test $(go list ./... | grep -v /vendor/)`)
  given to go test/vet/build/list: import paths of the module's own packages, judged as the
  working folder `go test ./...` takes.
- `git rm --cached FILE` removes FILE from the index only: it does not read or write the file;
  `git check-ignore FILE` matches its name against the ignore rules only.
"""

import os



def _quoted_source(entry):
    """`operand `SRC` of `x`` / `redirect target `SRC`` -> SRC, else None."""
    if not entry.startswith(("operand `", "redirect target `")):
        return None
    start = entry.index("`") + 1
    end = entry.find("` of `", start) if entry.startswith("operand") else entry.rfind("`")
    if end <= start or (entry.startswith("redirect") and not entry.endswith("`")):
        return None
    rest = entry[end:]
    if entry.startswith("operand") and not rest.startswith("` of `"):
        return None
    return entry[start:end]


def _strip_quotes(text):
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


_GO_PACKAGE_USERS = frozenset(("test", "vet", "build", "list"))
_GREP_FILTER_FLAGS = frozenset(("-v", "-E", "-F", "-e", "-i", "-w", "-x", "-vE", "-Ev", "-vF", "-Fv"))


def _go_packages(src, cmd):
    """Is `src` the import paths of the module's own packages, handed to a go subcommand that
    takes packages: `go test $(go list ./...)`, `go vet $(go list ./... | grep -v /vendor/)`?
    `go list ./PATTERN/...` with no option prints import paths (never a file or a folder), and
    grep only drops lines, so they are some of the packages `go test ./...` would take."""
    if cmd.executable != "go" or cmd.argv[1:2] == [] or cmd.argv[1] not in _GO_PACKAGE_USERS or \
            not src.endswith(")") or src.count("$(") != 1 or any(c in src for c in "`;&<>\n\\"):
        return False
    listing, *filters = src[2:-1].split("|")
    words = listing.split()
    if len(words) != 3 or words[:2] != ["go", "list"] or not _module_pattern(words[2]):
        return False
    for stage in filters:
        words = stage.split()
        if not words or words[0] != "grep" or len([w for w in words[1:] if not w.startswith("-")]) != 1 or \
                any(w.startswith("-") and w not in _GREP_FILTER_FLAGS for w in words[1:]):
            return False
    return True


def _module_pattern(word):
    """`./...` or `./some/dir/...`: packages of the module below the working directory."""
    if word == "./...":
        return True
    inner = word[2:-4] if word.startswith("./") and word.endswith("/...") else ""
    return bool(inner) and ".." not in inner.split("/") and all(c.isalnum() or c in "_-./" for c in inner)


def _mktemp_vars(command):
    """Variables whose every assignment in the command is exactly `$(mktemp)` with no options that move it."""
    import re

    candidates = {}
    for match in re.finditer(r"(?<![\w$])([A-Za-z_]\w*)=(\"?)\$\(mktemp(?:\s+(-d|-u|--directory|-q|-t\s+[\w.]+))*\s*\)\2(?=[\s;&|)]|$)",
                             command):
        candidates[match.group(1)] = True
    out = set()
    for name in candidates:
        assignments = re.findall(r"(?<![\w$])" + name + r"\+?=", command)
        clean = re.findall(r"(?<![\w$])" + name + r"=\"?\$\(mktemp", command)
        if len(assignments) == len(clean) and not re.search(r"\b(read|for|local|declare|typeset|export|unset|readonly|"
                                                              r"mapfile|readarray|getopts|printf\s+-v)\b[^;&|]*\b" + name
                                                              + r"\b", command):
            out.add(name)
    return out


def _is_mktemp_value(src, names, command=""):
    text = _strip_quotes(src)
    if text.startswith("$(mktemp") and text.endswith(")"):
        inner = text[8:-1].split()
        return all(w in ("-d", "-u", "-q", "--directory", "--quiet", "--dry-run") for w in inner)
    for name in names:
        if text in ("$" + name, "${" + name + "}"):
            return True
        if text in ("$" + name + "/", "${" + name + "}/") and _and_chain(command):
            # `"$tmp/"`: the folder itself, as a copy's destination names it; unlike `"$tmp"`, it is
            # `/` when mktemp failed, so only where that failure ends the line (`tmp=$(mktemp -d) && …`)
            return True
    return False


_CD_CUTS = frozenset(" \t\n;&|<>()$`'\"\\*?[]{}!#=~")


def after_cd(command):
    """The command after one leading `cd DIR && ` whose DIR is one plain word, bare or in quotes
    (no variable, glob, escape, `~` or leading `-`), else the command itself. The analysis
    judges what follows in DIR (cmd.cwd) and `&&` runs none of it when the cd fails, so the checks
    below that ask "is the listing the one command of the line" hold for the rest as they hold
    for a line without it."""
    if not command.startswith("cd "):
        return command
    text = command[3:].lstrip(" ")
    quote = text[:1] if text[:1] in ("'", '"') else ""
    end = text.find(quote, 1) if quote else text.find(" ")
    if end < 1:
        return command
    word, rest = text[1 if quote else 0:end], text[end + 1 if quote else end:].lstrip(" ")
    cuts = _CD_CUTS - {" "} if quote else _CD_CUTS
    if not word or word[0] == "-" or any(c in cuts for c in word) or not rest.startswith("&& "):
        return command
    return rest[3:].lstrip(" ")


def _and_chain(command):
    """Are the command's parts joined by `&&` only (a failing part ends it)?"""
    return not any(c in command.replace("&&", "") for c in ";\n|&")


def narrow(cmd, command, check):
    """The undetermined entries of `cmd` that still stand. `check(path, cwd)` judges a stand-in
    path (returns a Decision or None); a narrowed entry whose stand-in is denied stays."""
    if not cmd.undetermined:
        return [], None
    from legant_guard.hook import numericvalues

    listing_command = after_cd(command)

    defines = numericvalues.redefines(command)
    numbers = () if defines else numericvalues.numeric_vars(command)
    names = _mktemp_vars(command) if "mktemp" in command else set()
    tmp = os.environ.get("TMPDIR") or "/tmp"
    if "TMPDIR" in command:
        names = set()
    left = []
    for entry in cmd.undetermined:
        src = _quoted_source(entry)
        if src is None and entry.startswith("operands of `") and listing_command.startswith("ls "):
            listed = _ls_pattern_listing(cmd, listing_command)  # `ls *.txt | xargs wc -l`
            if listed is None:
                left.append(entry)
                continue
            if listed is not _NOT_NARROWED:
                for path in listed:
                    verdict = check(path, cmd.cwd)
                    if verdict:
                        return left, verdict
                continue
        if ("rg " in command or "grep " in command) and "git " not in command:
            # `rg -l OLD | xargs sed -i s/OLD/NEW/`, `wc -l $(rg --files -g '*.py')` (hook/searchlisting.py)
            from legant_guard.hook.searchlisting import listed as search_listed

            listing = search_listed(entry, src, cmd, command)
            if listing is not None:
                for path in listing.paths:
                    verdict = check(path, cmd.cwd)
                    if verdict and listing.may_print(path):
                        return left, verdict
                continue
        listing, substitution = _listing_words(entry, src, cmd, listing_command), src is not None
        if listing is None and src is not None and "$" in src[:2]:
            # `for f in $(git ls-files '*.md'); do head -3 "$f"; done`, `git ls-files … | while read -r f` (loopnames.py)
            from legant_guard.hook.loopnames import listing_of

            listing, substitution = listing_of(src, listing_command)
        if listing is not None:
            verdict = _check_listing(cmd, listing, check, substitution=substitution)
            if verdict is _NOT_NARROWED:
                left.append(entry)
            elif verdict:
                return left, verdict
            continue
        if src is None:
            left.append(entry)
            continue
        if src.startswith(("$(find ", "`find ")):  # `javac $(find . -name '*.java')` (hook/findlisting.py)
            from legant_guard.hook.findlisting import listed

            paths = listed(src, command, cmd)
            if paths is None:
                left.append(entry)
                continue
            for path in paths:
                verdict = check(path, cmd.cwd)
                if verdict:
                    return left, verdict
            continue
        if not defines and src.startswith("$(go list ") and _go_packages(src, cmd):
            verdict = check(cmd.cwd, cmd.cwd)  # (the packages below it, as `go test ./...`)
            if verdict:
                return left, verdict
            continue
        if not defines and ("mktemp" in src or names) and "TMPDIR" not in command and \
                _is_mktemp_value(src, names, command):  # (not `mktemp() { echo .env; }`)
            verdict = check(os.path.join(tmp, "tmp.XXXXXXXXXX"), cmd.cwd)
            if verdict:
                return left, verdict
            continue
        words = None if defines else numericvalues.stand_ins(src, numbers)
        if words is not None:
            for word in words:
                if word and not word.startswith("-"):  # (`-j0`: an option with a number in it)
                    verdict = check(word, cmd.cwd)
                    if verdict:
                        return left, verdict
            continue
        left.append(entry)
    return left, None


def hint(entries, command):
    """What the agent can do about undetermined operands the guard could not narrow."""
    text = " ".join(entries)
    if "git ls-files" in command or "--name-only" in command or "git grep" in command:
        return ("; pass a listing with a pathspec straight to the command (`wc -l $(git ls-files '*.py')`, "
                "`git diff --name-only -- '*.py' | xargs wc -l`, `git grep -l PATTERN -- '*.py' | xargs sed -i "
                "SCRIPT`, no other command before it but one `cd DIR &&`): the guard then checks each listed file (a name with a blank, a "
                "quote or a backslash would be cut on its way: name such a file yourself)")
    if "of `git`" in text and ("$(git merge-base " in text or "$(git rev-parse " in text):
        # (a revision known only at run time: git prints the files of its tree, which may hold a secret
        # committed there; a revision named in the command is listed and checked, hook/gitrevs.py)
        return ("; run `git merge-base …` (or `git rev-parse …`) as a command of its own and name the commit it "
                "prints (`git diff 1a2b3c4`), or name the branches (`git diff main...HEAD` compares with their "
                "merge base)")
    if "of `git`" in text and ("git push" in command or "git fetch" in command):
        return "; name the branch in the command (`git push -u origin HEAD` pushes the current one)"
    if "the configuration `git" in text:
        return "; give the configuration literally (`git -c key=value`)"
    if "mktemp" in command and not _and_chain(command) and '/"' in text:
        return ("; join the line with && after mktemp (`d=$(mktemp -d) && cp -r src \"$d/\"`): after `;` a "
                "failed mktemp leaves the variable empty, and `\"$d/\"` is then /")
    if ("rg " in command or "grep " in command) and ("xargs" in text or "$(rg " in text or "$(grep " in text):
        return ("; a search's names are followed (`rg -l PATTERN DIR | xargs CMD`, `grep -rl PATTERN DIR | xargs CMD`, "
                "`CMD $(rg -l PATTERN DIR)`) when the search alone is left of the one pipe (after at most `cd DIR "
                "&&`), prints only names, and no file it could list has a blank, quote or backslash in its name "
                "(or the names go NUL-separated: `rg -l0 … | xargs -0 …`): search a narrower folder, or use "
                "`git grep -l PATTERN -- '*.py' | xargs CMD`")
    if "$(find " in text and "xargs" not in command:
        return ("; hand find's names to the program through a pipe (`find . -name '*.go' | xargs wc -l`), whose "
                "names the guard follows, or name the paths in the command itself")
    if "$(" in text or "`" in text or "xargs" in text:
        return "; name the paths in the command itself"
    return ""


def _listing_words(entry, src, cmd, command):
    """The words of the git listing an undetermined entry stands for (`git ls-files SPEC | xargs
    CMD`, `CMD $(git ls-files SPEC)`), or None."""
    if src is None:
        if entry.startswith("operands of `") and _from_git_listing(cmd, command):
            return command.partition("|")[0].split()
        return None
    return src[2:-1].split() if src.startswith("$(git ") and _lone_listing(src, command) else None


# ---- ls PATTERN | xargs ----------------------------------------------------------------------

# ls options that change only which matches it prints or their order, one name a line
_LS_PLAIN_FLAGS = frozenset("1aAdtrSUXv")


def _ls_pattern_listing(cmd, command):
    """The paths `ls [-1adt...] PATTERN... | xargs CMD` hands to `cmd` (inputwords.ls_pattern_names),
    _NOT_NARROWED when the command is not that, or None (not known)."""
    from legant_guard.shell.words import has_glob

    if not any(v.startswith("xargs") for v in cmd.via) or command.count("|") != 1 or \
            any(c in command for c in ";&`$<>\n'\"\\~{"):
        return _NOT_NARROWED
    left, _, right = command.partition("|")
    words = left.split()
    if not right.strip().startswith("xargs") or not words or words[0] != "ls":
        return _NOT_NARROWED
    flags = [w for w in words[1:] if w.startswith("-")]
    patterns = [w for w in words[1:] if not w.startswith("-")]
    if not patterns or any(w.startswith("--") or not set(w[1:]) <= _LS_PLAIN_FLAGS for w in flags) or \
            not all(has_glob(p) for p in patterns):
        return _NOT_NARROWED
    from legant_guard.hook.inputwords import ls_pattern_names

    return ls_pattern_names([os.path.join(cmd.cwd, p) for p in patterns], cmd.cwd)


def index_only_paths(cmd):
    """Operands git names without opening the files: `git rm --cached` takes them out of the
    index, `git check-ignore` matches their names against the ignore rules (it reads the
    .gitignore files on the way, never the file itself)."""
    from legant_guard.hook.gitsubs import INDEX_ONLY_WORDS, git_sub as _git_sub

    argv = cmd.argv
    if cmd.executable != "git" or not any(w in argv for w in INDEX_ONLY_WORDS):
        return ()

    sub = _git_sub(argv)
    if not sub or not ((sub.name == "rm" and "--cached" in argv) or sub.name == "check-ignore"):
        return ()
    # only the operands after the subcommand: a file a global option names (`-c
    # core.excludesFile=.env`) is read
    named = {os.path.normpath(os.path.join(cmd.cwd, w)) for w in argv[sub.at + 1:] if not w.startswith("-")}
    return tuple(p for p in cmd.paths if os.path.normpath(p) in named)


# ---- git ls-files | xargs ------------------------------------------------------------------

def _from_git_listing(cmd, command):
    """Is `cmd` an `xargs` command fed by exactly one `git ls-files`/`git diff --name-only` with a
    pathspec, its output piped at most into plain filters (`… | xargs wc -l 2>&1 | tail -50`)?"""
    if not any(v.startswith("xargs") for v in cmd.via) or "|" not in command:
        return False
    left, _, rest = command.partition("|")
    right, *filters = _pipe_pieces(_unquieted(rest))
    right = right.strip()
    plain = right
    from legant_guard.hook.numericvalues import _NUMERIC_COMMANDS

    for form in _NUMERIC_COMMANDS:  # (`xargs -P$(nproc)`: a count, which changes no index)
        plain = plain.replace(form, "0")
    if not right.startswith("xargs") or any(c in left + plain for c in ";&`$<>|\n") or not _plain_filters(filters):
        return False
    return _listing_pathspecs(left.split()) is not None


# Redirects that send a listing line's errors into the pipe or away, naming no file (Claude
# Code's `… 2>&1 | tail -50`); taken out only after the listing itself was set aside.
_QUIET = ("2>&1", "2>/dev/null")


def _unquieted(text):
    """`text` with the words of _QUIET taken out (a word: blanks, a pipe or the end around it)."""
    for form in _QUIET:
        while form in text:
            at = text.index(form)
            end = at + len(form)
            if (at and text[at - 1] not in " \t") or (end < len(text) and text[end] not in " \t|"):
                return text  # glued to another word: left as it is (and refused by the checks)
            text = text[:at] + text[end:]
    return text


def _plain_filters(segments):
    """Is every piece of the pipe after the listing's consumer one of _FILTERS, with nothing in it
    that runs, substitutes or redirects (single-quoted text is text: `grep -E 'error|warn$'`)?"""
    return all(seg.split()[:1] and seg.split()[0] in _FILTERS and
               not any(c in _unquoted(seg) for c in ";&`$<>()\n\\\"") for seg in segments)


def _pipe_pieces(text):
    """`text` cut at the pipes that are not inside single quotes (a double quote, a backslash or
    an unclosed quote leaves it whole: it is then refused as a whole)."""
    if '"' in text or "\\" in text or text.count("'") % 2:
        return [text]
    pieces = text.split("'")
    out = [""]
    for i, piece in enumerate(pieces):
        if i % 2:
            out[-1] += "'" + piece + "'"
        else:
            first, *more = piece.split("|")
            out[-1] += first
            out.extend(more)
    return out


def _unquoted(text):
    """`text` without its single-quoted parts (from _pipe_pieces: every quote closed)."""
    return "".join(text.split("'")[::2])


# Plain filters a listing substitution's output may be piped into (they change no index).
_FILTERS = frozenset(("head", "tail", "sort", "wc", "uniq", "cut", "grep", "tr"))
# Options that can only narrow what the listing prints (modified or deleted tracked files, a
# change-type filter): the names stay among those of the index and the revisions.
_LS_FILES_OPTIONS = frozenset(("-z", "--cached", "-c", "--full-name", "-m", "--modified", "-d", "--deleted", "--"))
_DIFF_OPTIONS = frozenset(("--name-only", "--cached", "--staged", "-z", "--no-renames"))
_DIFF_FILTER_LETTERS = frozenset("ACDMRTUXBacdmrtuxb")
_NOT_NARROWED = object()


def _lone_listing(src, command):
    """Is `src` an unquoted `$(git ls-files ...)`/`$(git diff --name-only ...)` that is the only
    git, substitution and command of `command` (bar plain filters it is piped into), so that no
    earlier command could have changed the index it lists?"""
    if not src.endswith(")") or src.count("$(") != 1 or command.count("$(") != 1 or command.count("git ") != 1:
        return False
    text = _unquieted(command.replace(src, " $LISTING "))  # (`wc -l $(git ls-files '*.md') 2>&1 | tail -1`)
    if any(c in text + src for c in ";&`<>\n\\") or "GIT_" in command or "-z" in src:
        return False
    if "|" in src:
        return False  # a filter inside the substitution rewrites the names (`| tr PZ .Z` makes `Penv` `.env`)
    first, *rest = text.split("|")
    if "$LISTING" not in first or "=" in first.split("$LISTING")[0]:
        return False  # an assignment before the command (GIT_INDEX_FILE=..., PATH=...)
    return all(seg.split()[:1] and seg.split()[0] in _FILTERS for seg in rest)


def _parse_listing(words):
    """(subcommand, pathspecs, revision words, cached) of `git ls-files [OPTS] PATHSPEC...` or
    `git diff --name-only [OPTS] [REV...] -- PATHSPEC...`, or None."""
    if len(words) < 3 or words[0] != "git":
        return None
    words = [_quote_removed(w) for w in words]
    if None in words:
        return None
    sub, rest = words[1], words[2:]
    revs, cached = [], False
    if sub == "ls-files":
        if any(w.startswith("-") and w not in _LS_FILES_OPTIONS for w in rest):
            return None
        specs = [w for w in rest if not w.startswith("-")]
    elif sub == "grep":
        return _parse_grep_listing(rest)
    elif sub == "diff" and "--name-only" in rest and "--" in rest:
        head = rest[:rest.index("--")]
        if any(w.startswith("-") and w not in _DIFF_OPTIONS and not _diff_filter(w) for w in head):
            return None
        revs = [w for w in head if not w.startswith("-")]
        cached = "--cached" in head or "--staged" in head
        specs = rest[rest.index("--") + 1:]
    else:
        return None
    if not specs or any(not _plain_spec(s) for s in specs):
        return None
    return sub, specs, revs, cached


# git grep options that only choose which tracked files it names (and how it matches): its names
# are then among the index's. Not --untracked, --no-index, --recurse-submodules (other files),
# --cached with a revision, -O (runs a pager), -f (a pattern file), -z (NUL-separated names).
_GREP_NAME_OPTIONS = frozenset(("-l", "--files-with-matches", "--name-only", "-L", "--files-without-match"))
_GREP_OPTIONS = _GREP_NAME_OPTIONS | frozenset((
    "-i", "--ignore-case", "-w", "--word-regexp", "-v", "--invert-match", "-E", "--extended-regexp", "-F",
    "--fixed-strings", "-G", "--basic-regexp", "-P", "--perl-regexp", "-I", "--full-name", "--no-color"))


def _grep_bundle(word):
    """`-il`, `-lw`: short options of _GREP_OPTIONS bundled (none of them takes a value)."""
    return len(word) > 2 and word[1] != "-" and all("-" + c in _GREP_OPTIONS for c in word[1:])


def _parse_grep_listing(rest):
    """(`grep`, pathspecs, [], False) of `git grep -l [OPTS] PATTERN -- PATHSPEC...` (or `-e PATTERN`):
    it prints the names of tracked files the pathspec selects (those holding the pattern), a
    part of what `git ls-files PATHSPEC` prints; None for anything else."""
    if "--" not in rest:
        return None
    head, specs = rest[:rest.index("--")], rest[rest.index("--") + 1:]
    if not any(w in _GREP_NAME_OPTIONS or (_grep_bundle(w) and ("l" in w or "L" in w)) for w in head):
        return None
    patterns, k = [], 0
    while k < len(head):
        word = head[k]
        if word == "-e" and k + 1 < len(head):
            patterns.append(head[k + 1])
            k += 2
            continue
        if word.startswith("-") and word not in _GREP_OPTIONS and not _grep_bundle(word):
            return None
        if not word.startswith("-"):
            patterns.append(word)
        k += 1
    if len(patterns) != 1 or not specs or any(not _plain_spec(s) for s in specs):
        return None  # (a second word before -- would be a revision: names printed as REV:PATH)
    return "grep", specs, [], False


def _has_submodules(top):
    """Could git grep recurse into submodules here? `submodule.recurse=true` (the user's or the
    system's git config) turns its --recurse-submodules on, and their files are in no index the
    guard lists: any .gitmodules, or a submodule section in the repository's config, is enough."""
    if os.path.lexists(os.path.join(top, ".gitmodules")):
        return True
    try:
        with open(os.path.join(top, ".git", "config"), "rb") as f:
            return b"[submodule" in f.read(1024 * 1024)
    except OSError:
        return not os.path.isdir(os.path.join(top, ".git"))  # (a .git file: a worktree or a submodule itself)


def _quote_removed(word):
    """A word of the listing split at blanks, as the shell reads it: plain, or quoted whole
    (`'*.py'`, `"*.py"`); None for anything else. A quote that opens in one piece and closes in
    another (`'.en[ v]'` splits into `'.en[` and `v]'`) is one pathspec holding a blank, which
    git matches against names the split pieces do not (.env)."""
    if "'" not in word and '"' not in word:
        return word
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"" and "'" not in word[1:-1] and \
            '"' not in word[1:-1]:
        return word[1:-1]
    return None


def _diff_filter(word):
    """`--diff-filter=ACM`: it only leaves out names of the listing."""
    letters = word[len("--diff-filter="):] if word.startswith("--diff-filter=") else ""
    return bool(letters) and set(letters) <= _DIFF_FILTER_LETTERS


def _plain_spec(spec):
    """A pathspec the guard matches as git does: no magic, nothing above the working directory,
    no quoting or escapes left, not everything."""
    if not spec or spec.startswith((":", "/")) or spec in (".", "*", "**") or ".." in spec.split("/"):
        return False
    return not any(c in spec for c in " \t\n'\"\\$`|&;<>()")


def _listing_pathspecs(words):
    """The pathspecs of a narrowable listing, or None."""
    parsed = _parse_listing(words)
    return parsed[1] if parsed else None


def _listable_names(top, sub, revs, cached):
    """Every path (from the top) the listing could print: the index, plus for `git diff` the trees
    of its revisions (and their merge bases for A...B; HEAD for --cached); None when unknown."""
    from legant_guard.hook import gitrevs
    from legant_guard.hook.reach import tracked_files

    names = tracked_files(top)
    if names is None or sub != "diff" or not (revs or cached):
        return names
    names = set(names)
    try:
        typed, other = gitrevs.split_revisions(top, revs)
        if other:
            return None  # a word that names no revision: git would read it as a path
        trees = [r for r, _ in typed] or ["HEAD"]
        for word in revs:
            if "..." in word:
                a, _, b = word.partition("...")
                out = gitrevs._git(top, ["merge-base", "--all", a or "HEAD", b or "HEAD"])
                if out is None:
                    return None
                trees += out.decode("ascii", "replace").split()
        for rev in trees:
            found = gitrevs.tree_names(top, rev)
            if found is None:
                return None
            names.update(found)
    except gitrevs.TreeUnknown:
        return None
    return sorted(names)


def tracked_matching(cwd, specs, limit=20000, names=None, top=None):
    """Absolute paths of the files under `cwd` a git pathspec selects among `names` (paths from
    the top of the work tree; the index when not given), or None."""
    from legant_guard.hook.paths import wildcard_match
    from legant_guard.hook.reach import tracked_files
    from legant_guard.hook.treewalk import git_top

    top = top or git_top(cwd)
    if names is None:
        names = tracked_files(top) if top else None
    if names is None:
        return None
    # Each pathspec as the path from the top it names: `.`, `./src`, `src/.`, `../x` and absolute
    # paths are folders like any other (`git ls-files . | xargs sed -i` selected nothing, so the
    # hook config among the names it prints went unseen). Magic (`:!x`, `:/`) is not read here.
    base = os.path.relpath(cwd, top)
    full = []
    for spec in specs:
        if spec.startswith(":"):
            return None
        path = os.path.normpath(os.path.relpath(spec, top) if os.path.isabs(spec) else os.path.join(base, spec))
        if path == ".." or path.startswith("../"):
            return None
        full.append(path)
    out = []
    for name in names:
        if any(s == "." or name == s or name.startswith(s + "/") or wildcard_match(s, name) for s in full):
            out.append(os.path.join(top, name))
            if len(out) > limit:
                return None
    return out


_SHELL_CUTS = " \t\n*?[\\"
_XARGS_CUTS = " \t\n'\"\\"


def _listed_paths(cmd, words, substitution=False):
    """The paths a narrowable listing hands to `cmd`, each as the reader could open it (from the
    working directory and from the top); _NOT_NARROWED when the listing is not one the guard can
    narrow; None when git's index or revisions cannot be read."""
    from legant_guard.hook.treewalk import git_top

    parsed = _parse_listing(words)
    if parsed is None:
        return _NOT_NARROWED
    sub, specs, revs, cached = parsed
    top = git_top(cmd.cwd)
    if sub == "grep" and top and _has_submodules(top):
        return _NOT_NARROWED  # (submodule.recurse in any git config makes git grep list their files too)
    names = _listable_names(top, sub, revs, cached) if top else None
    found = tracked_matching(cmd.cwd, specs, names=names, top=top) if names is not None else None
    if found is None:
        return None
    out = []
    cuts = _SHELL_CUTS if substitution else _XARGS_CUTS
    for path in found:
        rel = os.path.relpath(path, top)
        if any(c in rel for c in cuts):
            # the shell would split or glob the name; xargs splits it at blanks and reads quotes and
            # backslashes (a tracked `lib/a .env` is handed over as `lib/a` and `.env`)
            return _NOT_NARROWED
        out.append(path)
        out.append(os.path.join(cmd.cwd, rel))  # as listed from the top (diff, --full-name)
    return out


def _check_listing(cmd, words, check, substitution=False):
    """The deny for the first listed file on the deny side, None when all are clear, or
    _NOT_NARROWED when the listing is not one the guard can narrow."""
    from legant_guard.hook.model import deny

    paths = _listed_paths(cmd, words, substitution)
    if paths is None:
        return deny(f"could not read the git index (or the revisions) to list the files `git {words[1]}` would "
                    f"pass to `{cmd.executable}`, and the token has path rules", "undetermined")
    if paths is _NOT_NARROWED:
        return paths
    for path in paths:
        verdict = check(path, cmd.cwd)
        if verdict:
            return verdict
    return None


def listed_operands(cmd, command):
    """The files the undetermined operands of `cmd` stand for when every one of them is a lone
    `$(git ls-files PATHSPEC)` (see _lone_listing), else None: a read-only command over them
    reads exactly these (the reviewer's `wc -l $(git ls-files '*.py')`)."""
    out = []
    for entry in cmd.undetermined:
        src = _quoted_source(entry)
        if not src or not src.startswith("$(git ") or not _lone_listing(src, after_cd(command)):
            return None
        paths = _listed_paths(cmd, src[2:-1].split(), substitution=True)
        if paths is None or paths is _NOT_NARROWED:
            return None
        out += paths
    return out
