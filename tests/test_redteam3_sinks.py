"""Red team, third round (issue 9): fresh ways to make a program write, read or run what the
command line only names as an option value, a script letter or a setting.

Each case was allowed before its fix: sed `w` without a space, diff --from-file, the files a
list names (xargs -a, sort --files0-from, tar -T), `git archive -o`, cargo's runner and linker
variables, a makefile read from the command's own input, `git -c alias.X=` without `!`, and
destructive git in shapes the catalogue missed. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt3sinks"), files={
        "src/a.py": "x = 1\n", ".env": "SECRET=1\n", "list": ".env\n", "Cargo.toml": "[package]\nname = 'x'\n",
        "Makefile": "test:\n\ttrue\n"})


# ---- sed: `w FILE` needs no space before the name (GNU sed reads `1w/tmp/x`) -----------------
@pytest.mark.parametrize("script, fragment", [
    ("w/tmp/rt3-out", "outside the allowed paths"),
    ("1w.claude/settings.json", "protected"),
    ("$w/tmp/rt3-out", "outside the allowed paths"),
    ("/x/w/tmp/rt3-out", "outside the allowed paths"),
    ("s/a/b/w/tmp/rt3-out", "outside the allowed paths"),
    ("s/a/b/gw/tmp/rt3-out", "outside the allowed paths"),
    ("1,3!w/tmp/rt3-out", "outside the allowed paths"),
    ("/a/,/b/{w/tmp/rt3-out\n}", "outside the allowed paths"),
    ("s|a|b|;1w/tmp/rt3-out", "outside the allowed paths"),
    ("p;W/tmp/rt3-out", "outside the allowed paths"),
])
def test_sed_write_without_space(g, script, fragment):
    assert_denied(g.bash("sed -n '%s' src/a.py" % script), fragment)


@pytest.mark.parametrize("script", [
    "s/w/x/", "s/a/w/", "1,40p", "s/world/there/;s/a/b/", "/^w/p", "/w/d", "y/abc/xyz/", "$!N;s/\\n/ /",
    "/start/,/end/{/end/!p}", "s#/usr/w#x#", "1i\\\nhello", "s/x/y/w out.txt",
])
def test_sed_everyday_scripts_stay_allowed(g, script):
    assert_allowed(g.bash("sed '%s' src/a.py" % script))


# ---- files read through an option, or named by a list file -----------------------------------
@pytest.mark.parametrize("cmd", [
    "diff --from-file=.env src/a.py",
    "diff --from=.env src/a.py",  # getopt_long takes the unambiguous prefix
    "diff --to-file .env src/a.py",
])
def test_diff_file_options_are_read(g, cmd):
    assert_denied(g.bash(cmd), ".env is denied by deny-path")


@pytest.mark.parametrize("cmd, fragment", [
    ("xargs -a list cat", "read from its input by `xargs`"),
    ("xargs --arg-file=list cat", "read from its input by `xargs`"),
    ("xargs -alist cat", "read from its input by `xargs`"),
    ("sort --files0-from=list", "the list that `sort --files0-from` reads"),
    ("sort --files0=list", "the list that `sort --files0-from` reads"),
    ("wc --files0-from list", "the list that `wc --files0-from` reads"),
])
def test_operands_named_by_a_list_file(g, cmd, fragment):
    assert_denied(g.bash(cmd), "could not determine", fragment)


@pytest.mark.parametrize("cmd", ["tar -cf x.tar -T list", "tar -cf x.tar --files-from=list"])
def test_tar_files_from_under_open(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "could not determine", "the list that `tar")


@pytest.mark.parametrize("cmd", ["sort src/a.py", "diff src/a.py src/a.py", "xargs -a list echo", "wc -l src/a.py"])
def test_list_readers_stay_usable(g, cmd):
    assert_allowed(g.bash(cmd))


# ---- git writes named by -o -----------------------------------------------------------------
@pytest.mark.parametrize("cmd", [
    "git archive HEAD -o /tmp/rt3.tar", "git archive -o/tmp/rt3.tar HEAD", "git format-patch -o /tmp HEAD~1",
])
def test_git_output_short_option_is_a_write(g, cmd):
    assert_denied(g.bash(cmd), "is outside the allowed paths")


@pytest.mark.parametrize("cmd", ["git archive -o out.tar HEAD", "git format-patch -o patches HEAD~1", "git clone -o up https://example.invalid/x"])
def test_git_output_inside_project_allowed(g, cmd):
    assert_allowed(g.bash(cmd))


# ---- environment variables that name a program ------------------------------------------------
@pytest.mark.parametrize("cmd, fragment", [
    ("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER=curl cargo run", "`curl` is denied by deny-cmd"),
    ("CARGO_TARGET_X_LINKER=id cargo build", "`id` is not on the command allow-list"),
    ("export CARGO_TARGET_X_RUNNER='curl x'; cargo test", "`curl` is denied by deny-cmd"),
    ("env CARGO_HOST_RUNNER=id cargo run", "`id` is not on the command allow-list"),
    ("RUSTDOC=id cargo doc", "`id` is not on the command allow-list"),
    ("CARGO_BUILD_RUSTC=id cargo build", "`id` is not on the command allow-list"),
    ("RUSTFLAGS='-C linker=/tmp/x' cargo build", "rustc runs the linker"),
    ("CARGO_ENCODED_RUSTFLAGS='-Clinker=/tmp/x' cargo build", "rustc runs the linker"),
])
def test_cargo_program_variables(g, cmd, fragment):
    assert_denied(g.bash(cmd), fragment)


@pytest.mark.parametrize("cmd", [
    "RUSTFLAGS='-D warnings' cargo build", "CARGO_TARGET_DIR=target cargo build", "RUST_BACKTRACE=1 cargo test",
    "cargo build --release",
])
def test_cargo_everyday_variables_allowed(g, cmd):
    assert_allowed(g.bash(cmd))


# ---- make reading its makefile from the command's own input -----------------------------------
@pytest.mark.parametrize("cmd", [
    "make -f- <<< 'x:;curl y'",
    "make -f - x <<EOF\nx:\n\tcurl y\nEOF",
    "echo 'x:;id' | make -f /dev/stdin",
    "make --file=/dev/stdin < list",
    "make -f <(echo x) x",
    "make --makef=- x",
    "make MAKEFLAGS='--eval=x:;curl y' x",
])
def test_make_makefile_from_input(g, cmd):
    assert_denied(g.bash(cmd), "could not determine the command", "make")


@pytest.mark.parametrize("cmd", ["make -f Makefile test", "make test", "make -j4 test", "make -fMakefile", "make MAKEFLAGS=-j4 test"])
def test_make_everyday_allowed(g, cmd):
    assert_allowed(g.bash(cmd))


# ---- git -c alias without `!`: git runs those git arguments -----------------------------------
@pytest.mark.parametrize("cmd, fragment", [
    ("git -c alias.co='reset --hard' co", "git-reset-hard"),
    ("git -c alias.co='checkout -f' co", "git-checkout-force"),
    ("git -calias.co='clean -fdx' co", "git-clean-force"),
    ("git -c alias.co='push --force' co", "git-push-force"),
    ("git -c alias.x='-c core.pager=curl log' x", "makes git run a program"),
])
def test_git_c_alias_runs_git(g, cmd, fragment):
    assert_denied(g.bash(cmd), fragment)


@pytest.mark.parametrize("cmd", ["git -c alias.st=status st", "git -c alias.l='log --oneline' l", "git -c user.name=x commit -m y"])
def test_git_c_harmless_settings_allowed(g, cmd):
    assert_allowed(g.bash(cmd))


# ---- destructive git in shapes the catalogue missed -------------------------------------------
@pytest.mark.parametrize("cmd, tripwire", [
    ("git branch -M main", "git-branch-force-move"),
    ("git branch -C x y", "git-branch-force-move"),
    ("git branch -m -f x y", "git-branch-force-move"),
    ("git branch --move --force x y", "git-branch-force-move"),
    ("git tag -d v1", "git-tag-delete"),
    ("git tag --del v1", "git-tag-delete"),
    ("git symbolic-ref -d HEAD", "git-symbolic-ref-delete"),
    ("git submodule deinit -f --all", "git-submodule-deinit-force"),
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_destructive_git_shapes(g, cmd, tripwire, role):
    assert_denied(g.bash(cmd, role=role), "tripwire " + tripwire)


@pytest.mark.parametrize("cmd", [
    "git branch -m x y", "git branch -c x y", "git tag v1", "git tag -a v1 -m x", "git symbolic-ref HEAD",
    "git submodule deinit x", "git branch --show-current",
])
def test_everyday_git_allowed(g, cmd):
    assert_allowed(g.bash(cmd))


def test_operator_may_rewrite_branches(g):
    assert_allowed(g.bash("git branch -M main", role="operator"))


# ---- GNU parallel: arguments from its input, an -a file or a :::: file; globs -----------------
@pytest.mark.parametrize("cmd", [
    "parallel cat :::: list",
    "parallel --xapply cat :::: list",
    "parallel cat ::::+ list list",
    "parallel -a list cat",
    "parallel --arg-file list cat",
    "cat list | parallel cat",
])
def test_parallel_arguments_not_known(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "could not determine operands of `cat` read from its input by `parallel`")


def test_parallel_glob_argument_is_expanded(g):
    assert_denied(g.bash("parallel -j2 cat {} ::: .e*", role="open"), ".env is denied by deny-path")


@pytest.mark.parametrize("cmd", ["parallel cat ::: src/a.py", "parallel -j4 gzip ::: src/a.py", "ls | parallel echo",
                                 "parallel --joblog log cat ::: src/a.py"])
def test_parallel_everyday_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))
