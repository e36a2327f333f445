"""Files reached without being named (issue 9 class 4), precision (class 8), and writes that
land in a protected folder without naming the file (issue 10 item 3).

Real trees, archives and patches are built in tmp; every command is only piped to the hook
in-process (nothing is run, nothing extracted). Each attack has a harmless neighbour that
must stay allowed.
"""

import io
import os
import tarfile
import zipfile

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git, write


def fresh(tmp_path, env=True):
    """A guard setup whose project holds src/main.go and (optionally) a .env."""
    s = GuardSetup(tmp_path)
    write(os.path.join(s.project, "src", "main.go"), "package main // TODO\n")
    write(os.path.join(s.project, "README.md"), "hello TODO\n")
    if env:
        write(os.path.join(s.project, ".env"), "S=secret\n")
    write(os.path.join(s.home, ".ssh", "id_rsa"), "KEY\n")
    return s


@pytest.fixture
def s(tmp_path):
    return fresh(tmp_path)


@pytest.fixture
def clean(tmp_path):
    return fresh(tmp_path, env=False)


def _shared(tmp_path_factory, name, *stage):
    """A module-wide `fresh` setup (staged with `stage`) for the parametrized cases that only ask for
    verdicts: the guard decides without running or writing anything in the project."""
    s = fresh(tmp_path_factory.mktemp(name))
    for make in stage:
        make(s)
    before = _tree(s.root)
    yield s
    assert _tree(s.root) == before, "a verdict changed the shared setup's files"


def _tree(root):
    """{path: link target or content} of every file below `root` but the guard dir's records."""
    out = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                out[path] = "-> " + os.readlink(path)
            elif os.path.isfile(path) and os.path.dirname(path) != os.path.join(root, "guard"):
                with open(path, "rb") as f:
                    out[path] = f.read()
    return out


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    yield from _shared(tmp_path_factory, "verdicts")


# ---- class 4: recursive content searches ------------------------------------------------------

@pytest.mark.parametrize("command,hint", [
    ("grep -r S= .", "--exclude=.env"),
    ("grep -rn S=", "--exclude=.env"),
    ("grep -R S= .", "--exclude=.env"),
    ("grep --recursive S= .", "--exclude=.env"),
    ("grep -d recurse S= .", "--exclude=.env"),
    ("grep -r --exclude='*.py' S= .", "--exclude=.env"),
    ("grep -r --include='*.py' --exclude='*.go' --include='.e*' S= .", "--exclude=.env"),
    ("rg --hidden S=", "-g '!.env'"),
    ("rg -uu S=", "-g '!.env'"),
    ("rg -. S=", "-g '!.env'"),
    ("rg --hidden -g '*.go' -g '.env' S=", "-g '!.env'"),
    ("ag --hidden S=", "--ignore .env"),
    ("ag -u S=", "--ignore .env"),
    ("egrep -r 'S=' .", "--exclude=.env"),
    ("cd src && grep -r S= ..", "--exclude=.env"),
])
def test_recursive_search_that_reads_a_secret_is_denied(verdicts, command, hint):
    reason = assert_denied(verdicts.bash(command, role="open"), ".env, which is denied by deny-path", hint)
    assert "while searching" in reason


@pytest.mark.parametrize("command", [
    "grep -rn TODO src",
    "grep -r --exclude=.env S= .",
    "grep -r --include='*.go' S= .",
    "grep -r --exclude='.e*' TODO .",
    "rg TODO",
    "rg TODO src",
    "rg --hidden -g '!.env' TODO",
    "rg --hidden -t go TODO",
    "ag TODO",
    "grep TODO README.md",
])
def test_searches_that_leave_the_secret_out_are_allowed(verdicts, command):
    assert_allowed(verdicts.bash(command, role="open"))


def test_rg_hidden_in_a_project_without_secrets_is_allowed(clean):
    assert_allowed(clean.bash("rg --hidden TODO", role="builder"))
    assert_allowed(clean.bash("grep -rn TODO .", role="builder"))


def test_gitignored_env_is_left_out_by_rg_only_inside_a_git_work_tree(s):
    write(os.path.join(s.project, ".gitignore"), ".env\n")
    # no .git: ripgrep does not read .gitignore
    assert_denied(s.bash("rg --hidden S=", role="builder"), ".env")
    os.makedirs(os.path.join(s.project, ".git"))
    assert_allowed(s.bash("rg --hidden S=", role="builder"))
    assert_denied(s.bash("rg --hidden --no-ignore S=", role="builder"), ".env")
    assert_denied(s.bash("rg -u --hidden S=", role="builder"), ".env")
    assert_denied(s.bash("rg --hidden --no-ignore-vcs S=", role="builder"), ".env")
    # grep ignores .gitignore
    assert_denied(s.bash("grep -r S= .", role="builder"), ".env")


def test_ignore_file_with_a_reinclude_is_not_trusted(s):
    write(os.path.join(s.project, ".ignore"), ".env\n!.env\n")
    assert_denied(s.bash("rg --hidden S=", role="builder"), ".env")
    write(os.path.join(s.project, ".ignore"), ".env\n")
    assert_allowed(s.bash("rg --hidden S=", role="builder"))


def test_rg_config_file_can_turn_on_hidden_files(s):
    assert_denied(s.bash("RIPGREP_CONFIG_PATH=/tmp/rgrc rg S=", role="builder"), ".env")


def test_grep_dereference_follows_a_link_to_the_ssh_folder(clean):
    os.symlink(os.path.join(clean.home, ".ssh"), os.path.join(clean.project, "src", "keys"))
    assert_denied(clean.bash("grep -R KEY src", role="open"), "deny-path ~/.ssh")
    assert_denied(clean.bash("rg -L KEY src", role="open"), "deny-path ~/.ssh")
    # grep -r and rg skip links met while recursing
    assert_allowed(clean.bash("grep -r KEY src", role="open"))
    assert_allowed(clean.bash("rg KEY src", role="open"))


def test_git_config_is_a_secret_for_grep_but_not_for_rg(clean):
    write(os.path.join(clean.project, ".git", "config"), "[remote]\n url = https://tok@x\n")
    assert_denied(clean.bash("grep -rn tok .", role="builder"), ".git/config", "--exclude-dir=.git")
    assert_allowed(clean.bash("grep -rn tok --exclude-dir=.git .", role="builder"))
    assert_allowed(clean.bash("rg tok", role="builder"))


def test_git_grep_reads_a_tracked_secret(s):
    git(s.project, "init", "-q")
    git(s.project, "add", "src/main.go")
    assert_allowed(s.bash("git grep -n TODO", role="builder"))
    git(s.project, "add", "-f", ".env")
    assert_denied(s.bash("git grep S=", role="builder"), "tracked", "':!.env'")
    assert_allowed(s.bash("git grep S= -- ':!.env'", role="builder"))
    assert_allowed(s.bash("git grep S= -- src", role="builder"))
    assert_denied(s.bash("git grep --untracked S=", role="builder"), ".env")


def test_agent_grep_tool_reads_what_ripgrep_reads(s):
    assert_denied(s.check("Grep", {"pattern": "S=", "path": s.project}, role="builder"), ".env")
    assert_allowed(s.check("Grep", {"pattern": "S=", "path": s.project, "glob": "*.{go,md}"}, role="builder"))
    assert_allowed(s.check("Grep", {"pattern": "S=", "path": os.path.join(s.project, "src")}, role="builder"))
    assert_denied(s.check("grep", {"pattern": "S=", "path": s.project}, role="builder", agent="opencode"), ".env")
    assert_allowed(s.check("grep", {"pattern": "S=", "path": s.project, "include": "*.go"}, role="builder",
                           agent="opencode"))
    write(os.path.join(s.project, ".gitignore"), ".env\n")
    os.makedirs(os.path.join(s.project, ".git"))
    assert_allowed(s.check("Grep", {"pattern": "S=", "path": s.project}, role="builder"))


def test_agent_search_tools_leave_out_version_control_folders_as_their_ripgrep_does(s):
    """Claude Code's Grep runs rg with `--glob !.git --glob !.svn --glob !.hg --glob !.bzr --glob !.jj
    --glob !.sl`, opencode's grep with `--glob=!**/.git/**`: a search at the root of a git work
    tree never reads .git/config (a builder deny-path). Everything else below the root still counts."""
    os.remove(os.path.join(s.project, ".env"))
    git(s.project, "init", "-q")
    assert os.path.exists(os.path.join(s.project, ".git", "config"))
    write(os.path.join(s.project, "vendor", "lib", ".git", "config"), "[remote]\n")  # a nested repository too
    assert_allowed(s.check("Grep", {"pattern": "TODO", "path": s.project}, role="builder"))
    assert_allowed(s.check("Grep", {"pattern": "TODO"}, role="builder"))  # no path: the cwd, the project
    assert_allowed(s.check("grep", {"pattern": "TODO", "path": s.project}, role="builder", agent="opencode"))
    # GNU grep -r has no such default: it reads .git/config, and the reason names the way out.
    assert_denied(s.bash("grep -rn TODO .", role="builder"), ".git/config", "--exclude-dir=.git")
    # Claude's Grep puts the user's globs after its own: one that matches the folder lets
    # ripgrep in again; opencode's exclusion comes last and holds.
    assert_denied(s.check("Grep", {"pattern": "TODO", "path": s.project, "glob": "*"}, role="builder"), ".git/config")
    assert_denied(s.check("Grep", {"pattern": "TODO", "path": s.project, "glob": "*.go .git"}, role="builder"),
                  ".git/config")
    assert_allowed(s.check("Grep", {"pattern": "TODO", "path": s.project, "glob": "*.go"}, role="builder"))
    assert_allowed(s.check("grep", {"pattern": "TODO", "path": s.project, "include": "*"}, role="builder",
                           agent="opencode"))
    # A secret outside the version-control folders is still found, by both tools.
    write(os.path.join(s.project, "config", ".env"), "S=1\n")
    assert_denied(s.check("Grep", {"pattern": "TODO", "path": s.project}, role="builder"), "config/.env")
    assert_denied(s.check("grep", {"pattern": "TODO", "path": s.project}, role="builder", agent="opencode"),
                  "config/.env")
    # A folder named like a VCS folder that only Claude's Grep leaves out: opencode reads it.
    os.remove(os.path.join(s.project, "config", ".env"))
    write(os.path.join(s.project, "notes", ".hg", ".env"), "S=1\n")
    assert_allowed(s.check("Grep", {"pattern": "TODO", "path": s.project}, role="builder"))
    assert_denied(s.check("grep", {"pattern": "TODO", "path": s.project}, role="builder", agent="opencode"), ".hg/.env")


def test_search_budget_exceeded_is_denied_only_when_a_rule_depends_on_it(s, monkeypatch):
    from legant_guard.hook import treewalk

    for i in range(40):
        write(os.path.join(s.project, "many", f"f{i}.txt"))
    monkeypatch.setattr(treewalk, "MAX_ENTRIES", 10)
    assert_denied(s.bash("grep -r S= many", role="builder"), "more files", "than the guard can check")


# ---- class 4: find handing its matches to a program ------------------------------------------

@pytest.mark.parametrize("command", [
    "find . -name '.env*' | xargs cat",
    "find . -type f | xargs cat",
    "find . -type f -exec cat {} +",
    "find . -path '*/.env' -exec cat {} \\;",
    "find . -regex '.*en.$' -exec head {} +",
    "find . -name '*.go' -o -name '.env' -exec cat {} +",
    "find . -not -name '*.go' -type f -exec cat {} +",
    "find . -iname '.ENV' -exec cat {} +",
    "find . -name '*.env' -delete",
    "find . -type f -print0 | xargs -0 sed -n p",
])
def test_find_selecting_a_secret_for_a_program_is_denied(verdicts, command):
    assert_denied(verdicts.bash(command, role="open"), ".env")


@pytest.mark.parametrize("command", [
    "find . -name '*.go' | xargs cat",
    "find . -name '*.go' -exec cat {} +",
    "find . -maxdepth 1 -name '*.md' -exec cat {} +",
    "find . -type f -exec ls -l {} +",
    "find . -name .env",
    "find . -type f",
])
def test_find_that_selects_no_secret_or_reads_nothing_is_allowed(verdicts, command):
    assert_allowed(verdicts.bash(command, role="open"))


# ---- class 4: recursive copies and archives read their sources ---------------------------------

@pytest.mark.parametrize("command,hint", [
    ("cp -r . /tmp/backup", ".env"),
    ("tar czf /tmp/x.tgz .", "--exclude=.env"),
    ("zip -qr /tmp/x.zip .", ".env"),
])
def test_recursive_copy_or_archive_of_a_secret_is_denied(verdicts, command, hint):
    assert_denied(verdicts.bash(command, role="open"), ".env, which is denied by deny-path", hint)


@pytest.mark.parametrize("command", [
    "tar czf /tmp/x.tgz --exclude=.env .",
    "zip -qr /tmp/x.zip . -x .env",
    "cp -r src /tmp/src-copy",
    "tar czf /tmp/src.tgz src",
])
def test_copies_that_leave_the_secret_out_are_allowed(verdicts, command):
    assert_allowed(verdicts.bash(command, role="open"))


# ---- issue 10 item 3: recursive copies and moves into protected folders ----------------------

@pytest.fixture
def staged(s):
    return stage_copies(s)


@pytest.fixture(scope="module")
def staged_verdicts(tmp_path_factory):
    yield from _shared(tmp_path_factory, "staged", stage_copies)


def stage_copies(s):
    write(os.path.join(s.project, "evil", ".claude", "settings.json"), '{"disableAllHooks": true}')
    write(os.path.join(s.project, "flat", "settings.json"), '{"disableAllHooks": true}')
    return s


@pytest.mark.parametrize("command", [
    "cp -r evil/. .",
    "cp -a evil/. ./",
    "cp -a flat/ .claude",
    "cp -R flat .claude",
    "mv flat .claude",
    "rsync -a evil/ ./",
    "rsync -a flat/ .claude/",
    "cp -r evil/.claude .",
    "cp -rt . evil/.claude",
    "cp -r flat/. ~/.claude",
])
def test_recursive_copy_into_a_hook_config_folder_is_denied(staged_verdicts, command):
    assert_denied(staged_verdicts.bash(command, role="operator"), "settings.json", "protected")


def test_copy_from_a_source_the_command_makes_first_is_undetermined(staged):
    assert_denied(staged.bash("mkdir -p x/.claude && cp flat/settings.json x/.claude/ && cp -r x/. .", role="operator"),
                  "not on disk yet")
    assert_denied(staged.bash("cp -r missing/. .", role="operator"), "not on disk yet")


@pytest.mark.parametrize("command", [
    "cp -r evil .",  # lands in ./evil/.claude: not a hook config
    "cp -r src build",
    "cp -a src/. build/",
    "rsync -a src/ out/",
    "mv flat flat2",
])
def test_ordinary_recursive_copies_are_allowed(staged_verdicts, command):
    assert_allowed(staged_verdicts.bash(command, role="operator"))


# ---- issue 10 item 3: archive extraction ----------------------------------------------------

def make_tar(path, members, mode="w"):
    """members: (name, kind, data or link target)."""
    with tarfile.open(path, mode) as t:
        for name, kind, data in members:
            info = tarfile.TarInfo(name)
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                t.addfile(info)
            elif kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = data
                t.addfile(info)
            else:
                raw = data.encode()
                info.size = len(raw)
                t.addfile(info, io.BytesIO(raw))
    return path


def make_zip(path, members):
    with zipfile.ZipFile(path, "w") as z:
        for name, kind, data in members:
            if kind == "symlink":
                info = zipfile.ZipInfo(name)
                info.external_attr = (0o120777 << 16)
                z.writestr(info, data)
            else:
                z.writestr(name, data)
    return path


def make_cpio(path, members):
    """newc cpio with regular files."""
    out = b""
    for ino, (name, data) in enumerate(members + [("TRAILER!!!", "")], 1):
        raw, bname = data.encode(), name.encode() + b"\x00"
        mode = 0o100644 if name != "TRAILER!!!" else 0
        fields = [ino, mode, 0, 0, 1, 0, len(raw), 0, 0, 0, 0, len(bname), 0]
        header = b"070701" + b"".join(b"%08X" % f for f in fields)
        out += header + bname + b"\x00" * ((4 - (len(header) + len(bname)) % 4) % 4)
        out += raw + b"\x00" * ((4 - len(raw) % 4) % 4)
    with open(path, "wb") as f:
        f.write(out)
    return path


@pytest.fixture
def arch(s):
    return stage_archives(s)


@pytest.fixture(scope="module")
def arch_verdicts(tmp_path_factory):
    yield from _shared(tmp_path_factory, "arch", stage_archives)


def stage_archives(s):
    p = s.project
    home_settings = os.path.join(s.home, ".claude", "settings.json")
    make_tar(os.path.join(p, "evil.tar"), [(".claude/settings.json", "file", "{}")])
    make_tar(os.path.join(p, "evil.tgz"), [("./", "dir", ""), ("./.claude/settings.json", "file", "{}")], "w:gz")
    make_tar(os.path.join(p, "up.tar"), [("../.claude/settings.json", "file", "{}")])
    make_tar(os.path.join(p, "abs.tar"), [(home_settings, "file", "{}")])
    make_tar(os.path.join(p, "link.tar"), [("x", "symlink", "../.claude"), ("x/settings.json", "file", "{}")])
    make_tar(os.path.join(p, "ssh.tar"), [("k", "symlink", os.path.join(s.home, ".ssh"))])
    make_tar(os.path.join(p, "deep.tar"), [("top/.claude/settings.json", "file", "{}")])
    make_tar(os.path.join(p, "good.tar"), [("./", "dir", ""), ("./docs/a.md", "file", "x"), ("./docs", "dir", "")])
    make_tar(os.path.join(p, "good.tgz"), [("pkg/main.go", "file", "x")], "w:gz")
    make_tar(os.path.join(p, "good.tar.xz"), [("pkg/main.go", "file", "x")], "w:xz")
    make_zip(os.path.join(p, "evil.zip"), [(".claude/settings.json", "file", "{}")])
    make_zip(os.path.join(p, "zlink.zip"), [("x", "symlink", "../.claude"), ("x/settings.json", "file", "{}")])
    make_zip(os.path.join(p, "good.zip"), [("docs/a.md", "file", "x")])
    make_cpio(os.path.join(p, "evil.cpio"), [(".claude/settings.json", "{}")])
    make_cpio(os.path.join(p, "good.cpio"), [("docs/a.md", "x")])
    with open(os.path.join(p, "evil.7z"), "wb") as f:
        f.write(b"7z\xbc\xaf\x27\x1c" + b"\x00" * 64)
    return s


@pytest.mark.parametrize("command,fragment", [
    ("tar -xf evil.tar", "protected"),
    ("tar xf evil.tar", "protected"),
    ("tar xzf evil.tgz", "protected"),
    ("tar -x -f evil.tgz -C .", "protected"),
    ("tar --extract --file=evil.tar", "protected"),
    ("tar -xf up.tar -C src", "protected"),
    ("tar -xPf abs.tar", "protected"),
    ("tar -xf abs.tar -C /", "protected"),
    ("tar -xf link.tar", "protected"),
    ("tar -xf deep.tar --strip-components=1", "protected"),
    ("tar -x < evil.tar", "protected"),
    ("cat evil.tar | tar -x", "from a pipe"),
    ("tar -xf missing.tar", "cannot read the archive"),
    ("tar --transform 's/a/b/' -xf good.tar", "renames the members"),
    ("bsdtar -xf evil.zip", "protected"),
    ("unzip evil.zip", "protected"),
    ("unzip -o -q evil", "protected"),
    ("unzip zlink.zip", "protected"),
    ("unzip -d src/.. evil.zip", "protected"),
    ("7z x evil.zip", "protected"),
    ("7z x evil.7z", "cannot list"),
    ("cpio -idv < evil.cpio", "protected"),
    ("cpio -i -F evil.cpio", "protected"),
    ("find . -name '*.go' | cpio -pdm .", "copies files named on its input"),
    ("echo x > new.tar && tar -xf new.tar", "makes first"),
])
def test_extraction_into_a_protected_place_is_denied(arch_verdicts, command, fragment):
    assert_denied(arch_verdicts.bash(command, role="operator"), fragment)


@pytest.mark.parametrize("command", [
    "tar -xf good.tar",
    "tar xzf good.tgz -C src",
    "tar -xJf good.tar.xz",
    "tar -tf evil.tar",
    "tar -xOf evil.tar",
    "tar -xf deep.tar",  # lands in top/.claude: not a hook config
    "unzip good.zip",
    "unzip -l evil.zip",
    "unzip -d out good.zip",
    "7z x good.zip",
    "cpio -idv < good.cpio",
    "mkdir -p out && tar -xf good.tar -C out",
])
def test_harmless_extraction_is_allowed(arch_verdicts, command):
    assert_allowed(arch_verdicts.bash(command, role="operator"))


def test_archive_planting_a_link_to_a_secret_folder_is_denied(arch):
    assert_denied(arch.bash("tar -xf ssh.tar", role="open"), "a link to", "deny-path ~/.ssh")
    assert_allowed(arch.bash("tar -xf good.tar", role="open"))


def test_archive_with_too_many_members_is_undetermined(arch, monkeypatch):
    from legant_guard.hook import archives

    monkeypatch.setattr(archives, "MAX_MEMBERS", 1)
    assert_denied(arch.bash("tar -xf good.tar", role="operator"), "more than 1 members")


# ---- issue 10 item 3: patches -----------------------------------------------------------------

EVIL_PATCH = """diff --git a/.claude/settings.json b/.claude/settings.json
new file mode 100644
--- /dev/null
+++ b/.claude/settings.json
@@ -0,0 +1 @@
+{"disableAllHooks": true}
"""
GOOD_PATCH = """--- a/src/main.go
+++ b/src/main.go
@@ -1 +1 @@
-package main // TODO
+package main
"""
LINK_PATCH = """diff --git a/x b/x
new file mode 120000
--- /dev/null
+++ b/x
@@ -0,0 +1 @@
+../home/.claude
\\ No newline at end of file
"""


@pytest.fixture
def patches(s):
    return stage_patches(s)


@pytest.fixture(scope="module")
def patch_verdicts(tmp_path_factory):
    yield from _shared(tmp_path_factory, "patches", stage_patches)


def stage_patches(s):
    write(os.path.join(s.project, "evil.patch"), EVIL_PATCH)
    write(os.path.join(s.project, "good.patch"), GOOD_PATCH)
    write(os.path.join(s.project, "link.patch"), LINK_PATCH)
    write(os.path.join(s.project, "evil.mbox"), "From x\nSubject: y\n\n---\n" + EVIL_PATCH)
    return s


@pytest.mark.parametrize("command,fragment", [
    ("git apply evil.patch", "protected"),
    ("git apply -p1 --index evil.patch", "protected"),
    ("cd src && git apply --directory=.. ../evil.patch", "protected"),
    ("patch -p1 < evil.patch", "protected"),
    ("patch -p1 -i evil.patch", "protected"),
    ("patch --input=evil.patch -p0", "protected"),
    ("git am evil.mbox", "protected"),
    ("git apply link.patch", "a link to"),
    ("git diff HEAD~1 | git apply", "from a pipe"),
    ("printf 'x' > p.patch && git apply p.patch", "writes first"),
])
def test_patch_writing_a_protected_file_is_denied(patch_verdicts, command, fragment):
    assert_denied(patch_verdicts.bash(command, role="operator"), fragment)


@pytest.mark.parametrize("command", [
    "git apply good.patch",
    "patch -p1 < good.patch",
    "git apply --check evil.patch",
    "git apply --stat evil.patch",
    "patch --dry-run -p1 < evil.patch",
])
def test_harmless_patches_are_allowed(patch_verdicts, command):
    assert_allowed(patch_verdicts.bash(command, role="operator"))


# ---- issue 10 item 3: a link made earlier in the command ------------------------------------

@pytest.mark.parametrize("command,role,fragment", [
    ("ln -s ~/.claude x && echo '{}' > x/settings.json", "operator", "protected"),
    ("ln -sfn ../home/.claude x; cp /dev/null x/settings.json", "operator", "protected"),
    ("ln -s ~ h && cat h/.ssh/id_rsa", "open", "deny-path ~/.ssh"),
    ("ln -s .. up; cat up/home/.ssh/id_rsa", "open", "deny-path ~/.ssh"),
])
def test_write_through_a_link_made_earlier_is_judged_at_the_target(verdicts, command, role, fragment):
    assert_denied(verdicts.bash(command, role=role), fragment, "through a link made earlier")


def test_link_into_the_project_then_write_is_allowed(s):
    assert_allowed(s.bash("ln -s src lnk && echo hi > lnk/new.txt", role="operator"))


# ---- class 8: precision ---------------------------------------------------------------------

@pytest.mark.parametrize("name", [".env.example", ".env.sample", ".env.template", ".env.dist", "src/.env.example",
                                  ".ENV.EXAMPLE"])
def test_env_templates_are_not_secrets(s, name):
    write(os.path.join(s.project, name), "S=\n")
    assert_allowed(s.bash(f"cat {name}", role="builder"))
    assert_allowed(s.check("Read", {"file_path": os.path.join(s.project, name)}, role="builder"))


def test_a_template_that_links_to_the_secret_is_denied(s):
    os.symlink(os.path.join(s.project, ".env"), os.path.join(s.project, ".env.example"))
    assert_denied(s.bash("cat .env.example", role="builder"), "deny-path")
    assert_denied(s.bash("cat .env.local", role="builder"), "deny-path")


def test_git_rm_cached_does_not_read_the_file(s):
    assert_allowed(s.bash("git rm --cached .env", role="builder"))
    assert_allowed(s.bash("git rm -q --cached .env", role="builder"))
    assert_denied(s.bash("git rm .env", role="builder"), "deny-path")
    write(os.path.join(s.project, ".claude", "settings.json"), "{}")
    assert_denied(s.bash("git rm --cached .claude/settings.json", role="operator"), "protected")


@pytest.mark.parametrize("command", [
    "make -j$(nproc)",
    "make -j $(nproc)",
    "make --jobs=$(nproc)",
    "go test -p $(( 2 * 2 )) ./...",
    "sleep $((1+1))",
])
def test_numeric_substitutions_are_determined_enough(verdicts, command):
    assert_allowed(verdicts.bash(command, role="open"))


@pytest.mark.parametrize("command,fragment", [
    ("cat $(nproc; echo .env)", "could not determine"),
    ("cat $(nproc)/../.env", "deny-path"),
    ("cat .en$(echo v)", "deny-path"),
    ("nproc() { echo .env; }; cat $(nproc)", "could not determine"),
    ("cat $((x))", "could not determine"),
    ("cat $(( a[$(cat .env)] ))", ""),
    ("cat ~/.ssh/$(nproc)", "could not determine"),
    ("cat .ss$(nproc)/../.ssh/id_rsa", "deny-path"),
    ("PATH=.:$PATH; cat $(nproc)", "could not determine"),
])
def test_substitutions_that_only_look_numeric_stay_undetermined(verdicts, command, fragment):
    assert_denied(verdicts.bash(command, role="open"), fragment)


def test_mktemp_output_is_under_tmp(s):
    # open: no allow list, so a file under /tmp is fine; builder: /tmp is outside the project
    assert_allowed(s.bash("t=$(mktemp) && echo hi > \"$t\" && cat \"$t\"", role="open"))
    assert_allowed(s.bash("echo hi > $(mktemp)", role="open"))
    assert_denied(s.bash("cat $(mktemp)", role="builder"), "`mktemp` is not on the command allow-list")


@pytest.mark.parametrize("command", [
    "t=$(mktemp -d) && ln -s ~/.ssh \"$t/k\" && cat \"$t/k/id_rsa\"",
    "t=$(mktemp); t=~/.ssh/id_rsa; cat $t",
    "t=$(mktemp -p ~/.ssh); cat $t",
    "TMPDIR=~/.ssh; t=$(mktemp); cat $t",
    "read t; cat $t",
])
def test_mktemp_narrowing_cannot_be_abused(verdicts, command):
    assert_denied(verdicts.bash(command, role="open"))


def test_git_ls_files_with_a_pathspec_into_xargs(s):
    git(s.project, "init", "-q")
    git(s.project, "add", "src/main.go", "README.md")
    assert_allowed(s.bash("git ls-files '*.go' | xargs sed -i 's/a/b/'", role="builder"))
    assert_allowed(s.bash("git diff --name-only HEAD -- '*.go' | xargs gofmt -l", role="builder") if False else
                   s.bash("git ls-files -z src | xargs -0 cat", role="builder"))
    # no pathspec: could be anything tracked
    assert_denied(s.bash("git ls-files | xargs cat", role="builder"), "could not determine")
    git(s.project, "add", "-f", ".env")
    assert_denied(s.bash("git ls-files '*' | xargs cat", role="builder"), "could not determine")
    assert_denied(s.bash("git ls-files '.e*' | xargs cat", role="builder"), ".env")
    assert_denied(s.bash("git ls-files '*.go' | xargs cat; cat $X", role="builder"), "could not determine")


# ---- a tree, archive or patch an earlier part of the command may change -----------------------

def test_copy_after_a_program_that_writes_unnamed_files_is_undetermined(staged):
    write(os.path.join(staged.project, "payload", "a.txt"))
    assert_denied(staged.bash("git checkout other && cp -r payload/. .", role="operator"),
                  "`git` runs before it", "protected files live")
    assert_denied(staged.bash("make && tar -xf payload.tar", role="operator"), "`make` runs before it")
    # nothing protected can land where the copy goes
    assert_allowed(staged.bash("make && cp -r payload/. out/", role="operator"))
    assert_allowed(staged.bash("git status && cp -r payload/. .", role="operator"))


def test_extraction_then_copy_of_what_it_extracted_is_judged(arch):
    os.makedirs(os.path.join(arch.project, "payload"))
    make_zip(os.path.join(arch.project, "payload.zip"), [("payload/.claude/settings.json", "file", "{}")])
    # unzip alone lands in payload/.claude (harmless); the copy that follows is not
    assert_allowed(arch.bash("unzip -o payload.zip", role="operator"))
    assert_denied(arch.bash("unzip -o payload.zip && cp -r payload/. .", role="operator"), "not on disk yet")
    assert_allowed(arch.bash("unzip -o payload.zip && cp -r payload/. out/", role="operator"))


def test_patch_then_copy_of_what_it_wrote_is_judged(patches):
    os.makedirs(os.path.join(patches.project, "stage"))
    write(os.path.join(patches.project, "stage.patch"), EVIL_PATCH.replace(".claude/", "stage/.claude/"))
    assert_allowed(patches.bash("git apply stage.patch", role="operator"))
    assert_denied(patches.bash("git apply stage.patch && cp -r stage/. .", role="operator"), "not on disk yet")


def test_git_apply_strip_level_is_followed(patches):
    write(os.path.join(patches.project, "deep.patch"), EVIL_PATCH.replace("a/.claude/", "a/x/.claude/").replace(
        "b/.claude/", "b/x/.claude/"))
    assert_allowed(patches.bash("git apply deep.patch", role="operator"))  # lands in x/.claude
    assert_denied(patches.bash("git apply -p2 deep.patch", role="operator"), "protected")
    assert_denied(patches.bash("patch -p2 < deep.patch", role="operator"), "protected")
    write(os.path.join(patches.project, "svn.patch"), "Index: .claude/settings.json\n" + GOOD_PATCH)
    assert_denied(patches.bash("git apply svn.patch", role="operator"), "protected")
