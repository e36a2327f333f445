"""A project, guard dir or home whose path holds `[`, `*`, `?`, `{`, spaces or non-ASCII letters
works like any other: paths that come from the installation or the environment are matched as
the paths they are, never read as patterns (a user's own rule text still is one).

Before: the token carried `path:/w/p[1]/proj` and the hook read it as a glob (`p[1]` names
`p1`), so the builder and the reviewer were refused nearly every file of their own project. Now
the token carries the path escaped (`/w/p[[]1]/proj`, roles._anchor), the hook reads a pattern
made only of such one-member classes as the path it spells (paths.unescape_literal), an allow
root's physical location is a path (policy._physical_rule), and a relative glob joined to a
working folder with such a name still finds its files (paths.expand_glob, glob_overlaps): the
secrets stay denied.
"""

import json
import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from test_user_install import UserSetup

FOLDERS = ["p[1]", "p*x", "a?b", "b{1,2}", "sp ace", "ünï cødé", "a@(b)", "[ab]", "x[*]?y"]
FILES = {"src/app.py": "x\n", "src/util.py": "x\n", "README.md": "x\n", "go.mod": "x\n", "docs/a.md": "x\n",
         ".env": "S=1\n", "config/.env": "S=1\n", "~/.ssh/id_rsa": "k\n"}


@pytest.fixture(scope="module", params=FOLDERS)
def odd(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("globpath") / request.param  # project, guard dir and home below it
    os.makedirs(root)
    return GuardSetup(root, files=FILES)


def _quoted(path):
    return "'" + path.replace("'", "'\\''") + "'"


BUILDER_SHELL = [
    "ls src/*.py", "cat *.md", "wc -l src/*", "find . -name '*.go'", "cd src && cat *.py",
    "grep -rn x src --include='*.py'", "rg --files -g '*.py'", 'cat "$PWD/src/app.py"', "ls -la docs/",
    "mkdir -p build && cp src/*.py build/", "echo hi > build.log", "sed -i 's/x/y/' src/[au]*.py",
    "find src -name '*.py' -exec wc -l {} +", "tee docs/b.md < README.md", 'cd "$PWD/docs" && ls', "wc -l **/*.py",
    "go test ./...", "ls ?EADME.md",
]


@pytest.mark.parametrize("command", BUILDER_SHELL)
def test_the_builder_works_in_its_project(odd, command):
    assert_allowed(odd.bash(command))


def test_the_builder_names_its_project_by_its_absolute_path(odd):
    assert_allowed(odd.bash("cat " + _quoted(odd.path("src/app.py"))))
    assert_allowed(odd.bash("cd " + _quoted(odd.project) + " && ls"))


@pytest.mark.parametrize("tool,make_input", [
    ("Read", lambda s: {"file_path": s.path("src/app.py")}),
    ("Read", lambda s: {"file_path": "src/app.py"}),
    ("Write", lambda s: {"file_path": s.path("src/deep/new.py"), "content": "x\n"}),
    ("Edit", lambda s: {"file_path": s.path("src/app.py"), "old_string": "x", "new_string": "y"}),
    ("Glob", lambda s: {"pattern": "**/*.py"}),
    ("Glob", lambda s: {"pattern": "*.md", "path": s.path("docs")}),
    ("Grep", lambda s: {"pattern": "x", "path": s.path("src"), "glob": "*.py"}),
])
def test_the_builders_tools_work_in_its_project(odd, tool, make_input):
    assert_allowed(odd.check(tool, make_input(odd)))


@pytest.mark.parametrize("tool,make_input", [
    ("Read", lambda s: {"file_path": s.path("src/app.py")}),
    ("Glob", lambda s: {"pattern": "src/**/*.py", "path": s.project}),
    ("Grep", lambda s: {"pattern": "x", "path": s.path("docs")}),
    ("LS", lambda s: {"path": s.path("src")}),
])
@pytest.mark.parametrize("role", ["reviewer", "open"])
def test_the_reviewers_and_opens_tools_work_in_the_project(odd, tool, make_input, role):
    assert_allowed(odd.check(tool, make_input(odd), role=role))


@pytest.mark.parametrize("command", ["sed -n '1,5p' src/app.py", "rg -n x src", "ls -la src docs", "wc -l src/*.py"])
def test_the_reviewer_reads_through_codexs_shell(odd, command):
    assert_allowed(odd.check("Bash", {"command": command}, role="reviewer", agent="codex", turn_id="t1"))


@pytest.mark.parametrize("command", ["cat src/app.py && mkdir -p build", "cat *.md", "echo x > docs/c.md"])
def test_open_works_in_the_project(odd, command):
    assert_allowed(odd.bash(command, role="open"))


DENIED_SHELL = [
    "cat .env", "cat .e*", "cat src/../.e*", "cat .[e]nv", "cat config/.e*", "cat */.env", "grep -r S conf*",
    "cp .env build/x", "grep -r S .", "cat ~/.ssh/id_rsa", "ls ~/.ssh/*", 'cat "$HOME/.ssh/id_rsa"',
    "echo x > .claude/settings.json", "cat /etc/passwd", "cat ../*/proj/.env",
]


@pytest.mark.parametrize("command", DENIED_SHELL)
@pytest.mark.parametrize("role", ["builder", "open"])
def test_secrets_and_other_folders_stay_denied(odd, command, role):
    if role == "open" and command in ("cat /etc/passwd",):
        return  # (open may read outside the project)
    assert_denied(odd.bash(command, role=role))


def test_the_guards_files_and_the_folder_above_stay_denied(odd):
    assert_denied(odd.bash("cat " + _quoted(os.path.join(odd.dir, "key.pem"))))
    assert_denied(odd.bash("echo x > " + _quoted(os.path.join(os.path.dirname(odd.project), "x.txt"))))
    for role in ("builder", "reviewer", "open"):
        assert_denied(odd.check("Read", {"file_path": odd.path(".env")}, role=role), "deny-path")
        assert_denied(odd.check("Read", {"file_path": os.path.join(odd.dir, "key.pem")}, role=role))
        assert_denied(odd.check("Read", {"file_path": os.path.join(odd.home, ".ssh", "id_rsa")}, role=role))
    assert_denied(odd.check("Write", {"file_path": os.path.join(os.path.dirname(odd.project), "x.py"), "content": "x"}),
                  "outside the allowed paths")
    assert_denied(odd.check("Read", {"file_path": os.path.join(os.path.dirname(odd.project), "x.py")}, role="reviewer"),
                  "outside the allowed paths")
    assert_denied(odd.check("Glob", {"pattern": "*", "path": os.path.join(odd.home, ".ssh")}))


def test_the_token_carries_the_project_path_escaped(odd):
    from legant_guard.delegation.jws import decode_unverified

    with open(os.path.join(odd.dir, "builder.jwt")) as f:
        resources = decode_unverified(f.read().strip())[1]["cnst"]["resources"]
    from legant_guard.hook.paths import literal_pattern, unescape_literal

    project = os.path.realpath(odd.project)
    assert "path:" + literal_pattern(project) in resources
    assert unescape_literal(literal_pattern(project)) == project


def test_unescape_literal_reads_only_one_member_classes():
    from legant_guard.hook.paths import PathRule, unescape_literal

    assert unescape_literal("/w/p[[]1]/proj") == "/w/p[1]/proj"
    assert unescape_literal("/w/p[*]x/a[?]b/c@[(]d)") == "/w/p*x/a?b/c@(d)"
    for pattern in ("/w/p[1]/proj", "/w/p*/proj", "/w/p?/x", "/w/[ab]/x", "/w/[!a]/x", "/w/a@(b)/x", "/w/[[]x/[",
                    "/w/**/.env", "/w/p[[]1]/*.py"):
        assert unescape_literal(pattern) is None, pattern
    rule = PathRule("/w/p[[]1]/proj", "/", "/h")
    assert not rule.glob and rule.anchored == "/w/p[1]/proj"
    assert rule.matches("/w/p[1]/proj/src/a.py") and not rule.matches("/w/p1/proj/a.py")
    # a user's own glob stays a glob
    user = PathRule("/w/p[12]/proj", "/", "/h")
    assert user.glob and user.matches("/w/p1/proj/a") and not user.matches("/w/p[12]/proj/a")


@pytest.fixture(scope="module")
def user_wide(tmp_path_factory):
    root = tmp_path_factory.mktemp("userwide") / "w[1] *?"
    os.makedirs(root)
    return UserSetup(root)


@pytest.mark.parametrize("tool,make_input", [
    ("Read", lambda p: {"file_path": os.path.join(p, "src/app.py")}),
    ("Write", lambda p: {"file_path": os.path.join(p, "src/new.py"), "content": "x"}),
    ("Bash", lambda p: {"command": "cat src/*.py && mkdir -p build"}),
])
def test_a_user_wide_install_works_in_a_project_with_glob_characters(user_wide, tool, make_input):
    assert_allowed(user_wide.check(tool, make_input(user_wide.a), user_wide.a))


@pytest.mark.parametrize("command", ["cat .env", "cat .e*", "cat ../b/.env", "cat ~/.ssh/x"])
def test_a_user_wide_install_keeps_secrets_in_a_project_with_glob_characters(user_wide, command):
    assert_denied(user_wide.bash(command, user_wide.a))
    assert_denied(user_wide.check("Read", {"file_path": os.path.join(user_wide.a, ".env")}, user_wide.a), "deny-path")


def test_a_relative_glob_in_a_folder_with_glob_characters_finds_its_files(tmp_path):
    from legant_guard.hook.paths import expand_glob, glob_overlaps

    folder = tmp_path / "p[1]"
    (folder / "sub").mkdir(parents=True)
    (folder / ".env").write_text("x")
    (folder / "sub" / "a.py").write_text("x")
    assert expand_glob(str(folder) + "/.e*") == [str(folder / ".env")]
    assert expand_glob(str(folder) + "/*/*.py") == [str(folder / "sub" / "a.py")]
    assert glob_overlaps(str(folder) + "/.e*", str(folder / ".env"))
    # read as the pattern it is too: p[1] names p1
    (tmp_path / "p1").mkdir()
    (tmp_path / "p1" / ".env").write_text("x")
    assert sorted(expand_glob(str(folder) + "/.e*")) == sorted([str(folder / ".env"), str(tmp_path / "p1" / ".env")])
    assert json.dumps(expand_glob(str(folder) + "/nothing*")) == json.dumps([str(folder) + "/nothing*"])


def test_a_plain_relative_deny_path_names_the_project_literally(tmp_path):
    # `.git/config` (rules/sets.yaml secrets) was anchored as /w/p[1]/proj/.git/config: read as a
    # pattern it named /w/p1/..., so under `open` the project's own git config (credentials in
    # remote URLs) was readable.
    import subprocess

    root = tmp_path / "p[1]"
    root.mkdir()
    setup = GuardSetup(root, files={"src/a.py": "x\n"})
    subprocess.run(["git", "init", "-q", setup.project], check=True)
    for role in ("open", "builder", "reviewer"):
        assert_denied(setup.check("Read", {"file_path": setup.path(".git/config")}, role=role), "deny-path")
    for role in ("open", "builder"):
        assert_denied(setup.bash("cat .git/config", role=role), "deny-path")


@pytest.fixture(scope="module")
def odd_subfolder(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("oddsub"), files={"x[1]/a.py": "x\n", "x[1]/.env": "S=1\n",
                                                                "x1/b.py": "x\n", "go.mod": "x\n"})


@pytest.mark.parametrize("command", ["cd 'x[1]' && cat .e*", "cat 'x[1]'/.e*", "cat x[1]/.e*",
                                     "cd x1 && cat ../'x[1]'/.e*", "cd 'x[1]' && cp .e* ../x1/"])
def test_a_glob_below_a_folder_named_like_a_pattern_reaches_its_secret(odd_subfolder, command):
    # the folder x[1] was read as the pattern x[1] (naming x1), so `.e*` below it matched nothing
    # there and the literal `.e*` was judged: the builder read x[1]/.env
    assert_denied(odd_subfolder.bash(command), "deny-path")


@pytest.mark.parametrize("command", ["cd 'x[1]' && cat *.py", "cat 'x[1]'/*.py", "ls x?1?/", "wc -l */*.py"])
def test_a_glob_below_a_folder_named_like_a_pattern_stays_allowed(odd_subfolder, command):
    assert_allowed(odd_subfolder.bash(command))


def test_codex_and_opencode_work_in_a_project_with_glob_characters(odd):
    patch = ("*** Begin Patch\n*** Add File: internal/api/v2/handler.go\n+package v2\n"
             "*** Update File: src/app.py\n@@\n-x\n+y\n*** End Patch\n")
    assert_allowed(odd.check("apply_patch", {"command": patch}, agent="codex", turn_id="t1"))
    assert_allowed(odd.check("Bash", {"command": "rg -n x src && ls src/*.py"}, agent="codex", turn_id="t1"))
    assert_allowed(odd.check("write", {"filePath": odd.path("pkg/new/a.ts"), "content": "x"}, agent="opencode"))
    assert_allowed(odd.check("bash", {"command": "cat src/*.py"}, agent="opencode"))
    secret = "*** Begin Patch\n*** Update File: .env\n@@\n-S=1\n+S=2\n*** End Patch\n"
    assert_denied(odd.check("apply_patch", {"command": secret}, agent="codex", turn_id="t1"), "deny-path")
    assert_denied(odd.check("read", {"filePath": odd.path("config/.env")}, agent="opencode"), "deny-path")


@pytest.mark.parametrize("folder", ["c[1]*", "x?y", "plain"])
def test_start_up_files_below_an_environment_folder_with_glob_characters_stay_checked(tmp_path, folder):
    # XDG_CONFIG_HOME, ZDOTDIR and BASH_ENV come from the environment: at /w/c[1]*/cfg they were
    # read as patterns, and a line switching the hooks off went into fish's config unchecked.
    setup = GuardSetup(tmp_path / "root", files={"src/a.py": "x\n"})
    base = tmp_path / folder
    (base / "cfg" / "fish").mkdir(parents=True)
    (base / "zsh").mkdir()
    env = setup.env("open", XDG_CONFIG_HOME=str(base / "cfg"), ZDOTDIR=str(base / "zsh"),
                    BASH_ENV=str(base / "env.sh"))
    q = _quoted
    for target in (base / "cfg" / "fish" / "config.fish", base / "zsh" / ".zshrc", base / "env.sh"):
        assert_denied(setup.check("Bash", {"command": "echo 'unset LEGANT_GUARD_TOKEN_FILE' >> " + q(str(target))},
                                  env=env), "start-up file")
        if target.name != "env.sh":  # (BASH_ENV's file: written text with its name in it is refused as unreadable)
            assert_allowed(setup.check("Bash", {"command": "echo '# a note' >> " + q(str(target))}, env=env))
    git_config = base / "cfg" / "git" / "config"
    git_config.parent.mkdir()
    assert_denied(setup.check("Bash", {"command": "printf '[core]\\n\\tpager = sh -c id\\n' >> " + q(str(git_config))},
                              env=env))
