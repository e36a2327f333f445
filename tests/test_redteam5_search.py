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


# ---- glob options set in ways the text does not spell ----------------------------------------

@pytest.mark.parametrize("cmd, role", [
    ("GLOBIGNORE=x; cat services/api/*", "builder"),  # setting GLOBIGNORE turns dotglob on
    ("GLOBIGNORE=.:.. cat services/api/?env", "builder"),
    ("export GLOB\\IGNORE=x; cat services/api/*", "open"),
    ("eval 'GLOB''IGNORE=x'; cat services/api/*", "open"),
    ("f=GLOBIGN; g=ORE; declare -n r=$f$g; r=x; cat services/api/*", "open"),
    ("bash -O dot''glob -c 'cat services/api/*'", "open"),
])
def test_dotglob_however_spelled(nested, cmd, role):
    assert_denied(nested.bash(cmd, role=role), "services/api/.env")


def test_plain_star_skips_dotfiles(nested):
    assert_allowed(nested.bash("cat services/api/*"))


def test_globstar_however_spelled(tmp_path):
    # without globstar `**` is `*`: one level; bash -O glob''star reads every level
    setup = GuardSetup(tmp_path)
    _write(os.path.join(setup.project, "deep", "a", "b", ".env"), "KEY=1\n")
    cmd = "cd deep && bash -O glob''star -c 'cat **/.e[n]v'"
    assert_denied(setup.bash(cmd, role="open"), "deep/a/b/.env")


# ---- git grep --recurse-submodules -----------------------------------------------------------

@pytest.fixture(scope="module")
def with_submodule(tmp_path_factory):
    """A work tree whose checked-out submodule vendor/lib tracks a .env."""
    setup = GuardSetup(tmp_path_factory.mktemp("submodule"))
    p = setup.project
    lib = os.path.join(p, "vendor", "lib")
    _write(os.path.join(lib, ".env"), "LIB_KEY=1\n")
    _write(os.path.join(lib, "x.py"))
    _write(os.path.join(p, "src", "a.py"))
    _git("init", "-q", lib)
    _git("-C", lib, "add", "-f", ".env", "x.py")
    _git("-C", lib, "commit", "-qm", "lib")
    _git("init", "-q", p)
    _git("-C", p, "add", "src")
    _git("-C", p, "-c", "protocol.file.allow=always", "submodule", "add", "-q", "./vendor/lib", "vendor/lib")
    _git("-C", p, "commit", "-qm", "top")
    return setup


def test_git_grep_recurse_submodules_reads_their_tracked_files(with_submodule):
    assert_allowed(with_submodule.bash("git grep KEY"))  # the submodule's files are not the top's
    for cmd in ("git grep --recurse-submodules KEY", "git grep --recurse-sub KEY"):
        assert_denied(with_submodule.bash(cmd), "vendor/lib/.env", "which is tracked", "':!vendor/lib/.env'")
    assert_allowed(with_submodule.bash("git grep --recurse-submodules KEY -- ':!vendor/lib/.env'"))
    assert_allowed(with_submodule.bash("git grep --recurse-submodules KEY -- '*.py'"))
    assert_denied(with_submodule.bash("git grep --recurse-submodules KEY HEAD"), "submodules' files at the revisions")


# ---- class 7: bounded work whatever the expression or the filters -------------------------------

def test_find_long_chain_is_evaluated_flat(nested):
    # 3000 alternatives: a left-nested tree recursed 3000 deep (RecursionError: an internal-error deny)
    chain = " -o ".join(f"-name n{i}" for i in range(3000))
    assert_allowed(nested.bash(f"find . {chain} -exec cat {{}} +"))
    assert_denied(nested.bash(f"find . {chain} -o -name .env -exec cat {{}} +"), "could select", "/.env")
    nots = "! " * 3001
    assert_denied(nested.bash(f"find . {nots}-name x -exec cat {{}} +"), "could select", "/.env")


def test_find_deep_brackets_refused_with_a_reason(nested):
    deep = "\\( " * 100 + "-name x" + " \\)" * 100
    assert_denied(nested.bash(f"find . {deep} -exec cat {{}} +"), "nested more than 64 deep")
    shallow = "\\( " * 10 + "-name '*.py'" + " \\)" * 10
    assert_allowed(nested.bash(f"find . {shallow} -exec cat {{}} +"))


def test_search_with_too_many_filters_refused_with_a_reason(nested):
    globs = " ".join(f"-g '!*.y{i}'" for i in range(600))
    assert_denied(nested.bash(f"rg {globs} KEY"), "600 file filters", "at most 512")
    assert_allowed(nested.bash("rg " + " ".join(f"-g '!*.y{i}'" for i in range(50)) + " KEY"))


def test_walk_budget_reads_the_clock_whatever_the_step():
    # folders of 511 entries made the count step by 512: it never landed on a multiple of 256,
    # so the clock was never read and the walk ran past its seconds
    from legant_guard.hook.treewalk import Budget, TooBig

    budget = Budget(entries=300000, seconds=-1)
    with pytest.raises(TooBig):
        for _ in range(4):
            budget.spend(512)


# ---- ignore files: one that re-includes overrides the others --------------------------------

@pytest.mark.parametrize("files", [
    {".gitignore": ".env\n", ".rgignore": "!.env\n"},  # .rgignore wins over .gitignore
    {".gitignore": ".env\n", ".ignore": "# keep\n!.env\n"},
    {".gitignore": ".env\n", "conf/.gitignore": "!.env\n"},  # a deeper file wins over a higher one
    {".gitignore": ".env\n", ".rgignore": "*.tmp\n" * 12000},  # too big to read: could say anything
])
def test_rg_ignore_rules_overridden_by_an_untrusted_file(tmp_path, files):
    setup = GuardSetup(tmp_path)
    p = setup.project
    _write(os.path.join(p, "conf", ".env"), "KEY=1\n")
    _write(os.path.join(p, "src", "a.py"))
    _git("init", "-q", p)
    for name, text in files.items():
        _write(os.path.join(p, name), text)
    assert_denied(setup.bash("rg --hidden -g '!.git' KEY"), "`rg` would read", "conf/.env")


def _ignored_env_repo(tmp_path, extra):
    """A git work tree whose conf/.env its .gitignore leaves out, with `extra` files."""
    setup = GuardSetup(tmp_path)
    for name, text in dict({"conf/.env": "KEY=1\n", ".gitignore": ".env\n"}, **extra).items():
        _write(os.path.join(setup.project, name), text)
    _git("init", "-q", setup.project)
    return setup


def test_rg_ignore_rules_that_hold(tmp_path):
    setup = _ignored_env_repo(tmp_path, {".rgignore": "*.tmp\n"})
    assert_allowed(setup.bash("rg --hidden KEY -g '!.git'"))


# ---- guard explain: the search as the guard reads it, and the same verdict as check ------------

def test_explain_shows_the_filters_and_agrees_with_check(nested):
    import json

    from conftest import run_legant

    env = nested.env("builder")
    for cmd, counted, not_counted in (
        ("rg --hidden -g '!.env/' -g '!\\.x' KEY", ["-g '!.env/' (folders only)"], ["-g '!\\.x'"]),
        ("grep -r --exclude=.env KEY .", ["--exclude=.env"], []),
    ):
        proc = run_legant(["guard", "explain", cmd, "--project", nested.project, "--dir", nested.dir, "--json"],
                          env=env, cwd=nested.project)
        assert proc.returncode == 0, proc.stderr
        info = json.loads(proc.stdout)
        below = info["commands"][0]["reads_below"]
        assert below["roots"] == [nested.project]
        for fragment in counted:
            assert fragment in below["filters_counted"]
        for fragment in not_counted:
            assert any(f.startswith(fragment) for f in below["filters_not_counted"])
        check = nested.bash(cmd)
        assert (info["verdict"] == "allow") == (check.returncode == 0)
        if check.returncode:
            assert info["reason"] in check.stderr


# ---- more readers of whole trees: other searchers, name searchers, recursive comparers ---------

@pytest.mark.parametrize("cmd, role, program", [
    ("diff -rN src services", "builder", "`diff`"),  # -N prints a file found on one side only
    ("diff -N services/api src", "builder", "`diff`"),  # a folder operand: its files, even without -r
    ("git diff --no-index src services", "builder", "`git diff --no-index`"),
    ("ugrep -r KEY .", "open", "`ugrep`"),
    ("ug KEY", "open", "`ug`"),
    ("pt KEY", "open", "`pt`"),
    ("sift -r KEY .", "open", "`sift`"),
    ("rgrep KEY .", "open", "`rgrep`"),
    ("zgrep -r KEY .", "open", "`zgrep`"),
    ("colordiff -rN src services", "open", "`colordiff`"),
    ("rga --hidden KEY", "open", "`rga`"),
])
def test_other_tree_readers(nested, cmd, role, program):
    assert_denied(nested.bash(cmd, role=role), program + " would read", "/.env, which is denied")


def test_git_diff_outside_a_work_tree_is_no_index(nested):
    # nested's project is no git work tree: `git diff A B` compares the folders as --no-index does
    assert_denied(nested.bash("git diff src services", role="open"), "`git diff --no-index` would read")
    assert_allowed(nested.bash("git diff --no-index --stat src services"))


def test_tree_readers_of_clean_folders_allowed(nested):
    for cmd in ("diff -r src src", "diff -rN src vendor/lib -x .env -x .git", "git diff --no-index src src"):
        assert_allowed(nested.bash(cmd))
    assert_allowed(nested.bash("ugrep -r KEY src", role="open"))


@pytest.mark.parametrize("cmd", [
    "fd -H -e env -x cat",  # fd runs cat on every match: its regex is not read, every file could match
    "fd -HI -X cat",
    "fdfind -H . -x head",
    "fd -H . | xargs cat",
    "bfs . -name .env -exec cat {} +",
])
def test_name_searchers_that_hand_files_on(nested, cmd):
    assert_denied(nested.bash(cmd, role="open"), "/.env, which is denied")


def test_name_searchers_that_only_print_names_allowed(nested):
    assert_allowed(nested.bash("fd -H -e env", role="open"))
    assert_allowed(nested.bash("fd -x cat", role="open"))  # without -H fd skips dotfiles
    assert_allowed(nested.bash("fd -H -E '*.env' -E .git -x cat", role="open"))


@pytest.mark.parametrize("cmd", [
    "find . -name .env | cpio -o > /tmp/o.cpio",
    "find . | cpio -ov > /tmp/o.cpio",
    "find . -name .env | zip /tmp/o.zip -@",
    "zip /tmp/o.zip -@ < list.txt",
    "7z a /tmp/o.7z @list.txt",
    "7z a /tmp/o.7z -i@list.txt",
    "bsdtar -cf /tmp/o.tar -T list.txt",
    "cat list.txt | cpio -pdm /tmp/copy",
])
def test_files_named_on_an_input_or_in_a_list(nested, cmd):
    _write(os.path.join(nested.project, "list.txt"), "services/api/.env\n")
    assert_denied(nested.bash(cmd, role="open"))


def test_files_named_by_a_find_that_selects_no_secret_allowed(nested):
    assert_allowed(nested.bash("find src -name '*.py' | cpio -o > /tmp/o.cpio", role="open"))
    reason = assert_denied(nested.bash("ls | cpio -o > /tmp/o.cpio", role="open"), "named on its input")
    assert "`find`" in reason


@pytest.mark.parametrize("glob", ["{.env,x}", "*.{py,env}", ".{e,f}nv"])
def test_rg_include_glob_alternatives_are_expanded(nested, glob):
    # ripgrep reads `{a,b}`: an include of `*.{py,env}` selects .env (its `*` matches the dot)
    assert_denied(nested.bash(f"rg --hidden -g '{glob}' KEY"), "`rg` would read", "/.env")


def test_rg_exclude_glob_alternatives_hold(nested):
    assert_allowed(nested.bash("rg --hidden -g '!{.env,.git}' KEY"))
    flood = "{a,b}" * 20  # more alternatives than the guard expands: an include of anything
    assert_denied(nested.bash(f"rg --hidden -g '{flood}' KEY"), "`rg` would read")


def test_grep_tool_any_depth_exclusion_holds(nested):
    # `!**/.env` matches at any depth however ripgrep anchors it: the Grep tool's exclusion counts
    assert_allowed(nested.check("Grep", {"pattern": "KEY", "glob": "!**/.env"}))
    assert_allowed(nested.check("Grep", {"pattern": "KEY", "path": "services", "glob": "!**/api/.env"}))
    assert_denied(nested.check("Grep", {"pattern": "KEY", "glob": "!**/api/.env"}), "vendor/lib/.env")


@pytest.mark.parametrize("cmd", [
    "cp -al services /tmp/x",  # -l is --link: it took `services` as its value and cp read nothing
    "cp -ri services /tmp/x",
    "cp -rP services /tmp/x",
    "mv -i services /tmp/x",
    "zip -rl /tmp/o.zip services",  # zip's -l (to CRLF) takes no value either
])
def test_option_letters_that_take_no_value(nested, cmd):
    assert_denied(nested.bash(cmd, role="open"), "would read", "services/api/.env")


def test_ack_version_control_folders_let_in_again(tmp_path):
    setup = GuardSetup(tmp_path)
    p = setup.project
    _write(os.path.join(p, "src", "a.py"))
    _git("init", "-q", p)  # .git/config is denied; ack leaves .git out by default
    assert_allowed(setup.bash("ack KEY", role="open"))
    assert_denied(setup.bash("ack --noignore-dir=.git KEY", role="open"), ".git/config")
    _write(os.path.join(p, ".ackrc"), "--noignore-dir=.git\n")  # read by ack from the working directory up
    assert_denied(setup.bash("ack KEY", role="open"), ".git/config")
    assert_allowed(setup.bash("ack --noenv KEY", role="open"))


def test_grep_tool_under_a_ripgrep_config_counts_no_ignore_file(tmp_path, monkeypatch):
    setup = _ignored_env_repo(tmp_path, {".ripgreprc": "--no-ignore\n"})
    p = setup.project
    assert_allowed(setup.check("Grep", {"pattern": "KEY"}))  # .gitignore leaves .env out
    monkeypatch.setenv("RIPGREP_CONFIG_PATH", os.path.join(p, ".ripgreprc"))  # the hook's (and Grep's) env
    assert_denied(setup.check("Grep", {"pattern": "KEY"}), "conf/.env")


@pytest.mark.parametrize("cmd", ["7z a /tmp/x.7z -r .env", "7z a /tmp/x.7z -r '.e*'", "7z a /tmp/x.7z -r0 .env"])
def test_7z_recursive_name_is_looked_for_below(nested, cmd):
    # 7z's -r looks for a name in every folder below: `-r .env` archives services/api/.env
    assert_denied(nested.bash(cmd, role="open"), "`7z` would read", "/.env")


def test_7z_recursive_name_without_a_secret_allowed(nested):
    assert_allowed(nested.bash("7z a /tmp/x.7z -r '*.py'", role="open"))


def test_git_diff_with_a_path_outside_the_work_tree_is_no_index(tmp_path):
    # inside a work tree, a path outside it makes `git diff A B` compare the folders (--no-index)
    setup = _ignored_env_repo(tmp_path / "t", {"src/a.py": "x\n"})
    empty = str(tmp_path / "empty")
    os.makedirs(empty)
    assert_denied(setup.bash(f"git diff {empty} conf", role="open"), "`git diff --no-index` would read", "conf/.env")
    assert_denied(setup.bash(f"git diff conf {empty}", role="open"), "`git diff --no-index` would read")
    assert_allowed(setup.bash("git diff -- src conf", role="open"))


def test_fd_exec_of_a_writer_below_protected_files(nested):
    # `fd -x rm` removes whatever it finds: the project holds the agents' hook configs
    assert_denied(nested.bash("fd -x rm", role="operator"), "hands what it finds", "`rm`")
    assert_allowed(nested.bash("fd -x wc -l", role="operator"))
