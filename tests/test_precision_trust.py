"""Precision next to the trust base (issue 10, prec10b): the narrowings behind
tests/shell_corpus/must_allow_trust.json, each with the risky neighbour that stays denied.

- `tar -x`/`tar -t` with `-C DIR` read the archive only: the folder was walked as if tar read
  it (`tar -xzf x.tgz -C ~` refused for holding the guard dir); creating, appending, updating
  and comparing still walk it;
- `echo "set -o vi" >> ~/.bashrc`: the quote closing echo's word was read as a quote in the text
  (`set` + quote = a computed name); a bash option, or readline's `set` handed to `bind`, whose
  only quote is the closing one passes; fish's `set -gx "A""B"` and `set -- "$(…)"` do not;
- `GOBIN=$PWD/bin go install ./cmd/...` (go wants an absolute GOBIN): `$PWD`/`$(pwd)` is the
  working folder when nothing on the line can change it; after a `cd`, or with the working
  folder in the guard's installation, it stays denied.

A real project in tmp (tests/trustproject.py); each case pipes one event into the real hook.
"""

import os
import tarfile

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from trustproject import trust_project

from legant_guard.hook import startuptext
from legant_guard.hook import trustderivation


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return trust_project(tmp_path_factory.mktemp("prectrust"))


# ---- tar -x / -t -C DIR: the archive is read, DIR is written ---------------------------------

def _with_plain_archive(tmp_path):
    """A setup (its guard dir in the same folder as the project and home, as ~/.config/legant/guard
    lies in the home) and a plain archive in the project."""
    g = GuardSetup(tmp_path)
    with tarfile.open(os.path.join(g.project, "tool.tgz"), "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("tool/README"))
    return g


@pytest.mark.parametrize("command", [
    "tar -xzf tool.tgz -C {root}",
    "tar xzf tool.tgz -C {root}",
    "tar --extract --gzip --file tool.tgz --directory {root}",
    "tar -tzf tool.tgz -C {root}",
    "tar --list -f tool.tgz -C {root}",
])
def test_extracting_or_listing_into_a_folder_above_the_guard_dir_is_allowed(tmp_path, command):
    g = _with_plain_archive(tmp_path)
    for role in ("open", "operator"):
        assert_allowed(g.bash(command.format(root=g.root), role=role))


@pytest.mark.parametrize("command,fragment", [
    # the modes that read the tree below -C still walk it
    ("tar -czf /tmp/h.tgz -C {root} .", "recursively"),
    ("tar -rf x.tar -C {root} .", "recursively"),
    ("tar -uf x.tar -C {root} .", "recursively"),
    ("tar -df x.tar -C {root}", "recursively"),
    ("tar --diff -f x.tar -C {root}", "recursively"),
    ("tar -x --cre -f x.tar -C {root} .", "recursively"),  # an abbreviated --create
    ("tar -c -x -f x.tar -C {root} .", "recursively"),
    # extraction is judged on what it writes: a member into the guard dir, or an archive the
    # guard cannot list, where the guard's files lie below the destination
    ("tar -xf x.tar -C {root}", "cannot read the archive"),
    ("tar -xf {root}/proj/evil.tar -C {root}", "guard"),
])
def test_reading_the_tree_below_the_guard_dir_stays_denied(tmp_path, command, fragment):
    g = GuardSetup(tmp_path)
    with tarfile.open(os.path.join(g.project, "evil.tar"), "w") as tar:
        tar.addfile(tarfile.TarInfo("guard/overlay.json"))
    for role in ("open", "operator"):
        assert_denied(g.bash(command.format(root=g.root), role=role), fragment)


def test_a_plain_archive_extracts_into_the_project(s):
    for command in ("tar -xzf vendor.tgz -C third_party", "tar -xf x.tar", "tar -xzf ~/Downloads/dataset.tar.gz -C data",
                    "tar -tzf vendor.tgz"):
        for role in ("open", "operator"):
            assert_allowed(s.bash(command, role=role))


# ---- start-up files: a bash option in a quoted word ------------------------------------------

@pytest.mark.parametrize("command", [
    "echo \"set -o vi\" >> ~/.bashrc",
    "echo 'set -o vi' >> ~/.bashrc",
    "printf 'set -o vi\\n' >> ~/.bashrc",
    "echo 'set +H' >> ~/.bashrc",
    "echo 'set -o noclobber' >> ~/.zshrc",
    "echo 'bind \"set completion-ignore-case on\"' >> ~/.bashrc",
    "echo \"bind 'set show-all-if-ambiguous on'\" >> ~/.bashrc",
])
def test_a_bash_option_in_a_quoted_word_may_go_into_a_startup_file(s, command):
    for role in ("open", "operator"):
        assert_allowed(s.bash(command, role=role))


@pytest.mark.parametrize("command,fragment", [
    # fish joins quoted pieces into one name: CODEX_HOME, unseen by the word check
    ("echo 'set -gx \"CODEX\"\"_HOME\" /tmp/x' >> ~/.config/fish/config.fish", "set -gx"),
    ("echo 'set -gx \"PA\"\"TH\" /tmp/x $PATH' >> ~/.config/fish/config.fish", "PATH"),
    ("echo 'set -- \"$(curl -s h)\"' >> ~/.bashrc", "$("),
    ("echo 'set -o vi \"$X\"' >> ~/.bashrc", "set -o vi"),
    ("echo 'set -o vi; export \"CLA\"\"UDE_CONFIG_DIR=/tmp\"' >> ~/.bashrc", "export"),
    ("echo 'declare -x \"OPENCODE\"\"_PURE=1\"' >> ~/.bashrc", "declare"),
    ("echo 'bind \"set x y\"; eval \"$Z\"' >> ~/.bashrc", "eval"),
    ("echo 'set -a' 'source ~/x.env' >> ~/.bashrc", "source"),
])
def test_computed_names_and_loaders_in_startup_files_stay_denied(s, command, fragment):
    for role in ("open", "operator"):
        assert_denied(s.bash(command, role=role), "start-up file", fragment)


def test_the_set_option_narrowing_is_the_text_check_itself():
    assert startuptext.startup_text_problem('echo "set -o vi" >> ~/.bashrc') is None
    assert startuptext.startup_text_problem('set -gx "CODEX""_HOME" /x') is not None
    assert startuptext.startup_text_problem("set -x 'A''B' v") is not None


# ---- GOBIN=$PWD/bin go install ---------------------------------------------------------------

@pytest.mark.parametrize("command", [
    "GOBIN=$PWD/bin go install ./cmd/...",
    "GOBIN=$(pwd)/bin go install ./cmd/server",
    "GOBIN=\"$PWD/bin\" go install ./cmd/...",
    "GOBIN=${PWD}/tools go install golang.org/x/tools/cmd/stringer@latest",
    "GOBIN=$PWD/bin go install ./cmd/... && ls bin",
])
def test_gobin_in_the_working_folder_installs_into_the_project(s, command):
    for role in ("open", "operator"):
        assert_allowed(s.bash(command, role=role))


@pytest.mark.parametrize("command", [
    "cd /tmp && GOBIN=$PWD/bin go install ./cmd/...",
    "GOBIN=$PWD/bin go install ./x; cd /tmp",
    "f() { cd /tmp; }; f; GOBIN=$PWD/bin go install ./x",
    "GOBIN=$PWD/../bin go install ./x",
    "GOBIN=$PWD/bin GOBIN=/x go install ./x",
    "GOBIN=$PWD/$D go install ./x",
    "pushd /tmp; GOBIN=$PWD/bin go install ./x",
    "source env.sh; GOBIN=$PWD/bin go install ./x",
    ". env.sh; GOBIN=$PWD/bin go install ./x",
    "eval \"$C\"; GOBIN=$PWD/bin go install ./x",
    "PWD=/tmp GOBIN=$PWD/bin go install ./x",
])
def test_gobin_from_a_working_folder_the_line_may_change_stays_undetermined(s, command):
    assert_denied(s.bash(command, role="operator"), "GOBIN is set to a value built at run time")


def test_gobin_in_the_working_folder_of_the_guards_installation_is_denied(s):
    venv = trustderivation.installation_prefix()
    for command, cwd in (("GOBIN=$PWD/bin go install ./cmd/legant", venv),
                         ("GOBIN=$PWD go install ./cmd/legant", os.path.join(venv, "bin")),
                         ("GOBIN=$(pwd) go install example.com/x@latest", os.path.join(venv, "bin"))):
        assert_denied(s.check("Bash", {"command": command}, role="operator", cwd=cwd), "guard's own installation",
                      "GOBIN puts its programs into")


# ---- `python -m pip show legant-guard`: pip's arguments name a package --------------------------

@pytest.mark.parametrize("command", [
    "python3 -m pip show legant-guard", "python3 -Im pip show legant-guard", "python3 -mpip show legant-guard",
    "python3 -W ignore -m pip show legant-guard", "python3 -X dev -m pip list", "python3 -m pip.__main__ show legant",
    "{venv}/bin/python -m pip show legant-guard", "{venv}/bin/python -m pip list --format=freeze",
    ".venv/bin/python -m pip install legant-guard",
])
def test_pip_naming_the_guards_package_is_allowed(s, command):
    command = command.format(venv=trustderivation.installation_prefix())
    for role in ("open", "operator"):
        assert_allowed(s.bash(command, role=role))


@pytest.mark.parametrize("command,fragment", [
    ("python3 -m legant_guard guard status", "running `legant`"),
    ("python3 -m runpy legant_guard guard uninstall", "running `legant`"),
    ("python3 -m pdb {venv}/bin/legant guard status", "running `legant`"),
    ("python3 {venv}/bin/legant guard uninstall", "running `legant`"),
    ("python3 -Wm pip legant guard status", "running `legant`"),  # -W takes `m`: pip is the script
    ("python3 -c 'import runpy,sys; runpy.run_module(sys.argv[3])' -m pip legant_guard", "running `legant`"),
    ("python3 -c pass -m pip legant", "running `legant`"),
    ("python3 - legant_guard < run.py", "running `legant`"),
    # pip on the guard's own environment is judged as a package manager on it
    ("{venv}/bin/python -m pip uninstall -y legant-guard", "guard's own Python environment"),
    ("{venv}/bin/python -Im pip install -U legant-guard", "guard's own Python environment"),
])
def test_the_guards_cli_run_by_python_stays_denied(s, command, fragment):
    command = command.format(venv=trustderivation.installation_prefix())
    for role in ("open", "operator"):
        assert_denied(s.bash(command, role=role), fragment)


# ---- names a content search lists, handed to a writer: its own filters count -------------------

@pytest.mark.parametrize("command", [
    "grep -rl foo --include='*.py' . | xargs sed -i 's/foo/bar/g'",
    "grep -rl foo --include=*.ts src . | xargs sed -i 's/foo/bar/g'",
    "rg -l foo -t py | xargs sed -i 's/foo/bar/g'",
    "rg -l foo -g '*.py' | xargs sed -i 's/foo/bar/g'",
    "rg -l foo --hidden -t py | xargs sed -i 's/foo/bar/g'",
    "git grep -l foo -- '*.py' | xargs sed -i 's/foo/bar/g'",
    "git grep -l foo -- src | xargs sed -i 's/foo/bar/g'",
    "git grep -l -e foo -e bar -- '*.py' | xargs sed -i 's/foo/bar/g'",
    "git grep --name-only -i foo -- '*.md' | xargs sed -i 's/foo/bar/g'",
    "git ls-files ./src | xargs sed -i 's/foo/bar/g'",
    "git ls-files src/. | xargs sed -i 's/foo/bar/g'",
    "cd src && git ls-files . | xargs sed -i 's/foo/bar/g'",
])
def test_a_search_whose_filters_leave_the_hook_configs_out_may_feed_a_writer(s, command):
    assert_allowed(s.bash(command, role="operator"))


@pytest.mark.parametrize("command,fragment", [
    ("grep -rl foo . | xargs sed -i 's/foo/bar/g'", "lists in"),
    ("grep -rl foo --include='*.json' . | xargs sed -i 's/foo/bar/g'", "settings.json"),
    ("grep -rl foo --include='*.py' --include='*.json' . | xargs sed -i 's/foo/bar/g'", "settings.json"),
    ("grep -rl foo --exclude-dir=.claude . | xargs sed -i 's/foo/bar/g'", "opencode.json"),
    # ripgrep's hidden-file default does not count (an ignore file's `!.claude` whitelists it)
    ("rg -l foo -g '!opencode.json' | xargs sed -i 's/foo/bar/g'", "settings.json"),
    ("rg -l foo -t json | xargs sed -i 's/foo/bar/g'", "settings.json"),
    ("rg -l foo -t py -g '*.json' | xargs sed -i 's/foo/bar/g'", "settings.json"),
    # git grep beyond the tracked files a pathspec selects
    ("git grep -l foo | xargs sed -i 's/foo/bar/g'", "settings.json"),
    ("git grep -l foo -- '*.json' | xargs sed -i 's/foo/bar/g'", "settings.json"),
    ("git grep -l foo HEAD -- '*.py' | xargs sed -i 's/foo/bar/g'", "lists in"),
    ("git grep -l --untracked foo -- '*.py' | xargs sed -i 's/foo/bar/g'", "lists in"),
    ("git grep -l --no-index foo -- '*.py' | xargs sed -i 's/foo/bar/g'", "lists in"),
    ("git grep -l --recurse-submodules foo -- '*.py' | xargs rm", "lists in"),
    ("git grep -l -O foo -- '*.py' | xargs rm", "lists in"),
    # the pathspec `.` is every tracked file below the working folder (it selected none)
    ("git ls-files . | xargs sed -i 's/foo/bar/g'", "settings.json"),
    ("git ls-files -- . | xargs rm", "settings.json"),
    ("git ls-files ./.claude/ | xargs rm", "settings.json"),
    ("cd src && git ls-files .. | xargs rm", "settings.json"),
    ("sed -i 's/a/b/' $(git ls-files .)", "settings.json"),
    ("git grep -l foo -- . | xargs sed -i 's/foo/bar/g'", "settings.json"),
    ("git ls-files {project} | xargs rm", "settings.json"),
])
def test_a_search_or_listing_that_can_print_a_hook_config_stays_denied(s, command, fragment):
    assert_denied(s.bash(command.format(project=s.project), role="operator"), "protected", fragment)


def test_a_filtered_search_of_the_guards_installation_stays_denied(s):
    command = "grep -rl x --include='*.py' %s | xargs sed -i 's/x/y/'" % trustderivation.installation_prefix()
    assert_denied(s.bash(command, role="operator"), "guard's installation")


# ---- uv's --python VENV/bin/python: an interpreter uv queries, not a file it writes -------------

def _other_venv(s):
    """A real venv in the home (its python links to a base Python the guard may run on too)."""
    import subprocess
    import sys

    venv = os.path.join(s.home, "venvs", "tools")
    if not os.path.isdir(venv):
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    return venv


@pytest.mark.parametrize("command", [
    "uv pip install --python .venv/bin/python requests",
    "uv pip install -p .venv/bin/python -r requirements.txt",
    "uv pip install --python=.venv/bin/python requests",
    "uv venv --python .venv/bin/python .venv4",
    "uv pip install --python ~/venvs/tools/bin/python httpie",
    "uv pip sync --python ~/venvs/tools/bin/python3 requirements.txt",
    "uv pip install --python ~/venvs/tools requests",
])
def test_uv_into_another_venv_by_its_interpreter_is_allowed(s, command):
    _other_venv(s)
    for role in ("open", "operator"):
        assert_allowed(s.bash(command, role=role))


@pytest.mark.parametrize("command,fragment", [
    ("uv pip install --python {venv}/bin/python requests", "--python names it"),
    ("uv pip install --python={venv}/bin/python requests", "guard's own"),
    ("uv pip install -p {venv}/bin/python -r requirements.txt", "--python names it"),
    ("uv pip install --python {base} requests", "--python names it"),
    # a link to the guard's interpreter outside any venv is that interpreter (no pyvenv.cfg: Python
    # finds its prefix through the link)
    ("uv pip install --python {home}/bare/bin/python requests", "guard's own installation"),
    # writing through the venv's interpreter link still changes what it leads to
    ("cp /tmp/x .venv/bin/python", "guard's own installation"),
    ("echo x > ~/venvs/tools/bin/python", "guard's own installation"),
])
def test_uv_on_the_guards_interpreter_stays_denied(s, command, fragment):
    import sys

    _other_venv(s)
    bare = os.path.join(s.home, "bare", "bin")
    if not os.path.lexists(os.path.join(bare, "python")):
        os.makedirs(bare, exist_ok=True)
        os.symlink(os.path.join(trustderivation.installation_prefix(), "bin", "python"), os.path.join(bare, "python"))
    command = command.format(venv=trustderivation.installation_prefix(), base=os.path.realpath(sys.executable), home=s.home)
    for role in ("open", "operator"):
        assert_denied(s.bash(command, role=role), fragment)


# ---- plain git aliases in a git configuration file ---------------------------------------------

_PLAIN = "[user]\n\tname = Dev\n[alias]\n\tst = status -sb\n\tco = checkout\n\tlg = log --oneline --graph --decorate\n"


@pytest.mark.parametrize("tool,make", [
    ("Write", lambda s: {"file_path": s.path("~/.gitconfig"), "content": _PLAIN}),
    ("Bash", lambda s: {"command": "cat >> ~/.gitconfig <<'EOF'\n[alias]\n\tst = status -sb\n\tbr = branch -vv\nEOF"}),
    ("Bash", lambda s: {"command": "cat >> .git/config <<'EOF'\n[alias]\n\tco = checkout\nEOF"}),
])
def test_plain_aliases_may_go_into_a_git_configuration_file(s, tool, make):
    for role in ("open", "operator"):
        if role == "open" and ".git/config" in str(make(s)):
            continue  # (the project's .git/config is a secret of open's deny-path)
        assert_allowed(s.check(tool, make(s), role=role))


@pytest.mark.parametrize("alias", [
    "x = !curl -s h",                          # a shell command
    "x = \"!sh -c 'curl h'\"",
    "x = -c core.fsmonitor=/tmp/e status",     # git options before the subcommand
    "x = --exec-path=/tmp/e status",
    "x = rebase --exec curl",                  # a subcommand that runs what a value names
    "x = bisect run ./evil.sh",
    "x = submodule foreach curl",
    "x = grep -O foo",                         # flags that start a program
    "d = diff --ext-diff",
    "l = log --textconv -p",
    "x = difftool",
    "x = log --format=%h",                     # a value: not read here
    "x = log \\\n --oneline",                   # continued on the next line
])
def test_other_aliases_stay_denied(s, alias):
    content = "[alias]\n\tst = status\n\t%s\n" % alias
    for role in ("open", "operator"):
        assert_denied(s.check("Write", {"file_path": s.path("~/.gitconfig"), "content": content}, role=role),
                      "git configuration file")


@pytest.mark.parametrize("content", [
    "[alias] st = status\n",                   # a key on the header's line
    "[alias \"x\"]\n\ty = status\n",
    "[alias]\n\tst = status\n[include]\n\tpath = /tmp/x\n",
    "[alias]\n\tst = status\n[core]\n\tpager = less\n",
    "[alias]\n\tst = status\nEOF\n[core]\n\tfsmonitor = /tmp/x\n",
])
def test_plain_aliases_do_not_hide_the_rest_of_the_file(s, content):
    assert_denied(s.check("Write", {"file_path": s.path("~/.gitconfig"), "content": content}, role="operator"),
                  "git configuration file")
