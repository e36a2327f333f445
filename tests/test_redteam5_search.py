"""Red team 5 (issue 9, class 4): files reached by search, as the searching program selects them.

Each case plants a secret where an everyday search reaches it and spells the command the way
an attacker would to slip it past the guard's model of the program's own filters; the
verdicts run the real hook in-process and execute nothing.
"""

import os
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


def _write(path, text="x\n"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def _git(*args):
    subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def nested(tmp_path_factory):
    """A project with a nested work tree vendor/lib that tracks (and commits) its own .env,
    and a deep services/api/.env, with no .env at the project root."""
    setup = GuardSetup(tmp_path_factory.mktemp("nested"))
    p = setup.project
    _write(os.path.join(p, "src", "a.py"))
    _write(os.path.join(p, "services", "api", ".env"), "API_KEY=1\n")
    lib = os.path.join(p, "vendor", "lib")
    _write(os.path.join(lib, ".env"), "LIB_KEY=1\n")
    _write(os.path.join(lib, "lib.py"))
    _git("init", "-q", lib)
    _git("-C", lib, "add", "-f", ".env", "lib.py")
    _git("-C", lib, "commit", "-qm", "lib")
    return setup


# ---- git -C: the working directory moves once, not twice -----------------------------------

def test_git_dash_c_grep_reads_the_nested_tracked_secret(nested):
    # The walker already moved the command's cwd to vendor/lib; applying -C again looked in
    # vendor/lib/vendor/lib and found nothing tracked below it.
    for cmd in ("git -C vendor/lib grep KEY", "git -C vendor -C lib grep -e KEY", "git -C ./vendor/lib/ grep KEY",
                "git -C vendor/lib grep KEY HEAD"):
        assert_denied(nested.bash(cmd), "vendor/lib/.env", "git grep")


def test_git_dash_c_hint_names_the_path_git_reads(nested):
    reason = assert_denied(nested.bash("git -C vendor/lib log -p"), "vendor/lib/.env")
    assert "':!.env'" in reason and "../" not in reason


def test_git_dash_c_grep_of_clean_files_allowed(nested):
    assert_allowed(nested.bash("git -C vendor/lib grep KEY -- lib.py"))
    assert_allowed(nested.bash("git -C vendor/lib grep KEY -- ':!.env'"))


# ---- long options abbreviated: GNU getopt_long takes any unambiguous prefix ------------------

@pytest.mark.parametrize("cmd, role, program", [
    ("grep --recur KEY .", "builder", "`grep`"),
    ("grep --dereference-rec KEY .", "builder", "`grep`"),
    ("grep --direc=recurse KEY .", "builder", "`grep`"),
    ("cp --arch services other", "builder", "`cp`"),
    ("cp --recur services /tmp/x", "open", "`cp`"),
    ("tar --cre -f /tmp/x.tar services", "open", "`tar`"),
    ("zip --recurse-path /tmp/x.zip services", "open", "`zip`"),
])
def test_abbreviated_recursion_is_recursion(nested, cmd, role, program):
    assert_denied(nested.bash(cmd, role=role), program + " would read", "/.env, which is denied")


def test_abbreviated_tar_directory_moves_the_base(nested):
    # `--direc=HOME .git-credentials` is `-C HOME .git-credentials`: the archive reads the home's file
    _write(os.path.join(nested.home, ".git-credentials"), "https://u:KEY@host\n")
    assert_denied(nested.bash(f"tar -c -f /tmp/x.tar --direc={nested.home} .git-credentials", role="open"),
                  ".git-credentials")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A git work tree with tracked sources and an untracked (ignored) .env at its root."""
    setup = GuardSetup(tmp_path_factory.mktemp("repo"))
    p = setup.project
    _write(os.path.join(p, "src", "a.py"))
    _write(os.path.join(p, ".gitignore"), ".env\n")
    _write(os.path.join(p, ".env"), "KEY=1\n")
    _git("init", "-q", p)
    _git("-C", p, "add", "src", ".gitignore")
    return setup


def test_abbreviated_git_grep_no_index_walks_the_tree(repo):
    assert_allowed(repo.bash("git grep KEY"))  # tracked files only
    assert_denied(repo.bash("git grep --no-ind KEY"), "`git grep` would read", "/.env, which is denied")
    assert_denied(repo.bash("git grep --untr --no-exclude-standard KEY"), "`git grep` would read", "/.env")


def test_everyday_recursive_searches_still_allowed(nested):
    for cmd in ("grep --recur KEY src", "grep -rn --exclude=.env KEY .", "cp --recur src src2", "git grep KEY src"):
        assert_allowed(nested.bash(cmd))


# ---- exclusion filters read as narrowly as the program reads them ---------------------------
# (services/api/.env and vendor/lib/.env, none at the root: a filter that only names the root's
# .env, only folders, or only what an anchored glob names, leaves them in)

@pytest.mark.parametrize("cmd", [
    "rg --hidden -g '!.env/' KEY",  # a trailing / matches folders only
    "rg --hidden -g '!/.env' KEY",  # a leading / anchors at the working directory
    "rg --hidden -g '!*/.env' KEY",  # anchored, and `*` does not span `/`
    "rg --hidden -g '!api/.env' -g '!lib/.env' KEY",
    "rg --hidden -g '!\\.env' -g '!.[[:alpha:]]nv' KEY",  # escapes and POSIX classes: ripgrep's own reading
    "rg --hidden --glob-case-insensitive -g '.ENV' KEY",  # an include that matches in any case
])
def test_rg_globs_as_ripgrep_reads_them(nested, cmd):
    assert_denied(nested.bash(cmd), "`rg` would read", "/.env, which is denied")


@pytest.mark.parametrize("glob", ["!.env/", "!*/.env", "!/.env", "!api/.env"])
def test_grep_tool_globs_as_ripgrep_reads_them(nested, glob):
    assert_denied(nested.check("Grep", {"pattern": "KEY", "glob": glob}), "`Grep` would read", "/.env")


def test_rg_and_grep_tool_exclusions_that_hold_are_allowed(nested):
    assert_allowed(nested.bash("rg --hidden -g '!.env' KEY"))
    assert_allowed(nested.bash("rg --hidden -g '!**/.env' KEY"))
    assert_allowed(nested.bash("rg --hidden -g '!services/api/.env' -g '!vendor/lib/.env' KEY"))
    assert_allowed(nested.bash("rg --hidden --iglob '!.ENV' KEY"))
    assert_allowed(nested.bash("rg KEY"))  # hidden files are not searched
    assert_allowed(nested.check("Grep", {"pattern": "KEY", "glob": "!.env"}))
    assert_allowed(nested.check("Grep", {"pattern": "KEY", "glob": "*.py"}))


def test_grep_include_with_escape_or_class_selects_the_secret(nested):
    # fnmatch reads `\.env` as `.env` and `[[:alpha:]]` as a letter: these --include select it
    assert_denied(nested.bash("grep -r --include='\\.env' KEY ."), "`grep` would read", "/.env")
    assert_denied(nested.bash("grep -r --include='.[[:alpha:]]nv' KEY ."), "`grep` would read", "/.env")
    assert_allowed(nested.bash("grep -r --include='*.py' KEY ."))
    assert_allowed(nested.bash("grep -r --exclude='\\.env' KEY ."))


@pytest.mark.parametrize("cmd", [
    "zip -r /tmp/o.zip . -x .env",  # -x matches the whole stored name: only the root's .env
    "zip -r /tmp/o.zip services -x 'api/.env'",
    "zip -r -ws /tmp/o.zip . -x '*/.env'",  # -ws: `*` stops at `/`
    "tar czf /tmp/o.tgz --anchored --exclude=.env .",
    "tar czf /tmp/o.tgz --anch --exclude=.env .",
    "tar czf /tmp/o.tgz --no-wildcards --exclude='.e*' .",
    "tar czf /tmp/o.tgz --exclude='.env/' .",  # matches nothing in tar
    "tar czf /tmp/o.tgz --exclude=services/ --exclude=vendor/ .",
    "tar czf /tmp/o.tgz --exclude=/services --exclude=/vendor .",
])
def test_archive_exclusions_as_the_archiver_reads_them(nested, cmd):
    assert_denied(nested.bash(cmd, role="open"), "would read", "/.env, which is denied")


def test_archive_exclusions_that_hold_are_allowed(nested):
    assert_allowed(nested.bash("zip -r /tmp/o.zip . -x '*.env'", role="open"))
    assert_allowed(nested.bash("zip -r /tmp/o.zip services -x 'services/api/.env'", role="open"))
    assert_allowed(nested.bash("tar czf /tmp/o.tgz --exclude=.env .", role="open"))
    assert_allowed(nested.bash("tar czf /tmp/o.tgz --exclude=services --exclude=vendor .", role="open"))


def test_tar_directory_is_positional_and_file_operands_count(nested):
    _write(os.path.join(nested.home, ".git-credentials"), "https://u:KEY@host\n")
    home = nested.home
    assert_denied(nested.bash(f"tar -cf /tmp/x.tar -C {home} .git-credentials", role="open"), ".git-credentials")
    assert_denied(nested.bash(f"tar -cf /tmp/x.tar -C {home} .git-credentials -C {nested.project}/src a.py",
                              role="open"), ".git-credentials")
    assert_allowed(nested.bash("tar -cf /tmp/x.tar -C src a.py", role="open"))


def test_git_grep_no_index_pathspec_exclusion_is_anchored(nested):
    # `:!.env` names ./.env only: services/api/.env is still searched
    assert_denied(nested.bash("git grep --no-index KEY -- . ':!.env'"), "`git grep` would read", "/.env")
    assert_denied(nested.bash("git grep --no-index KEY -- . ':!api/.env' ':!lib/.env'"), "`git grep` would read")
    assert_allowed(nested.bash("git grep --no-index KEY -- . ':!services/api/.env' ':!vendor/lib/.env'"))
    assert_allowed(nested.bash("git grep --no-index KEY -- . ':!*.env'"))


# ---- find: its expression as find evaluates it ----------------------------------------------

@pytest.mark.parametrize("expr", [
    "-regex '.*/\\.env\\|.*\\.py'",  # emacs syntax: \| is alternation (a literal | to Python)
    "-regextype posix-extended -regex '.*/(\\.env|x)'",
    "-name '\\.env'",  # fnmatch escapes
    "-name '.[[:alpha:]]nv'",
    "-path '*/api/\\.env'",
])
def test_find_expression_as_find_reads_it(nested, expr):
    assert_denied(nested.bash(f"find . {expr} -exec cat {{}} +"), ".env", "`cat`")


def test_find_regex_is_never_backtracked(nested):
    # Python's re on `(.+)+z` over a long path ran for minutes; the guard reads no regex
    # construct it cannot match linearly, so the answer is "could match", at once.
    long_name = "a" * 60
    _write(os.path.join(nested.project, "src", long_name))
    assert_denied(nested.bash("find . -regex '(.+)+z' -exec cat {} +"), "could select")
    assert_denied(nested.bash("find src -regex '\\(a*\\)*b' -exec cat {} + ; cat .env"))
    assert_allowed(nested.bash("find src -regex '.*\\.py' -exec cat {} +"))
    assert_allowed(nested.bash("find . -regex '.*\\.py' -exec wc -l {} +"))


def test_cat_glob_with_posix_class_names_the_secret(nested):
    assert_denied(nested.bash("cat services/api/.[[:alpha:]]nv"), "/.env")
    assert_denied(nested.bash("cat services/api/.[[:lower:]][[:lower:]][[:lower:]]"), "/.env")


def test_the_pathspec_the_hint_names_is_accepted(repo):
    # The guard's reason asks for `:!PATH`; the shell check then read `:!PATH` as a file named so
    # (a .env by name) and refused the very command the hint asked for.
    reason = assert_denied(repo.bash("git grep --no-index KEY"), "':!.env'")
    assert reason
    assert_allowed(repo.bash("git grep --no-index KEY -- . ':!.env' ':!.git'"))
    assert_allowed(repo.bash("git grep --no-index KEY -- . ':(exclude).env' ':!.git'"))
    assert_allowed(repo.bash("git diff -- ':!**/.env'"))
    # read literally it names a file: still checked
    # read literally, `:!.env` names a file and excludes nothing
    assert_denied(repo.bash("git --literal-pathspecs grep --no-index KEY -- . ':!.env' ':!.git'"), "/.env")
    assert_denied(repo.bash("GIT_LITERAL_PATHSPECS=1 git grep --no-index KEY -- . ':!.env' ':!.git'"), "/.env")
