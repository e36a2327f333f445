"""Red team 26 (issue 9 classes 3 and 4): files a text tool's own script writes.

- awk printing to a file it names at run time (`print > ENVIRON["HOME"] "/.claude/settings.json"`,
  `awk -v f=.claude/settings.json '{print > f}'`, `print > $1` with names from its input) wrote a
  hook config under `operator`: the name was never a literal the guard could check;
- sed's `w FILE` (`sed -n "w $HOME/.bashrc" notes`) put text the guard never read into a start-up
  file for every role (only `-i` operands were taken as written).
Both are held to the trust base now. Verdicts only.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt26script"), files={"README.md": ".claude/settings.json x\n",
                                                                    "notes.txt": "export CLAUDE_CONFIG_DIR=/tmp\n"})


@pytest.mark.parametrize("role", ["operator", "open", "builder"])
@pytest.mark.parametrize("cmd", [
    "awk 'BEGIN{print \"{}\" > ENVIRON[\"HOME\"] \"/.claude/settings.json\"}'",
    "awk -v f=.claude/settings.json 'BEGIN{print \"{}\" > f}'",
    "awk '{print \"{}\" > $1}' README.md",
    "awk '{print >> $1}' README.md",
    "gawk 'BEGIN{printf \"x\" > (ENVIRON[\"HOME\"] \"/.bashrc\")}'",
    "awk 'BEGIN{while((\"ls\" | getline l)>0) print \"x\" > l}'",
    "awk '{print > FILENAME \".json\"}' .claude/settings",
])
def test_awk_printing_to_a_name_built_at_run_time(g, cmd, role):
    proc = g.bash(cmd, role=role)
    assert_denied(proc)
    assert any(w in proc.stderr for w in ("at run time", "could not determine", "allow-list"))


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("cmd", [
    "sed -n \"w $HOME/.bashrc\" notes.txt",
    "sed \"w $HOME/.zshenv\" notes.txt",
    "sed -n '1w ~/.profile' notes.txt",
    "sed 's/x/y/w .envrc' notes.txt",
    "sed -n 'w .git/config' notes.txt",
    "sed -n -e p -e \"W $HOME/.bash_profile\" notes.txt",
])
def test_sed_w_into_a_checked_file(g, cmd, role):
    proc = g.bash(cmd, role=role)
    assert_denied(proc)
    assert "the text written cannot be determined" in proc.stderr or "deny-path" in proc.stderr


@pytest.mark.parametrize("cmd", [
    "awk '{print $1}' README.md",
    "awk -F: '{print > \"out.txt\"}' README.md",
    "awk 'NR>1{print}' README.md > out.txt",
    "awk '{s+=$2} END{print s}' README.md",
    "sed -n 'w out.txt' notes.txt",
    "sed 's/a/b/w changes.log' notes.txt",
    "sed -n '/x/p' notes.txt",
    "sed -i 's/a/b/' notes.txt",
])
def test_everyday_scripts_stay_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="operator"))
    assert_allowed(g.bash(cmd, role="builder"))
