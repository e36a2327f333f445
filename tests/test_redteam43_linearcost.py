"""Red team 43, issue 9 class 7 (linear cost): `mv` (or `cp -r`) of thousands of names the
guard cannot read into a folder asked every protected rule (about 300) for each place whether it
could lie below it: `mv src/f0 … src/f7999 sub/` ran into the 4 s deadline (2.5 s for 4,000
names). DenySide.could_reach_below now answers the plain rules from two sets (the rules' paths
and their parents), the globs one by one: the same answers, at a cost that does not grow with
the number of rules. The timing is measured by bench/bench_sizes.py (`c-mv-8000-missing`); the
tests hold the answers and the verdicts."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from legant_guard.hook import denyside
from legant_guard.hook.paths import PathRule, fold_path


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt43cost"), files={"README.md": "hi\n", "sub/": None})


class _Side:
    def __init__(self, rules):
        self.guarded = self.secrets = rules


def test_the_index_answers_as_every_rule_does(tmp_path):
    project, home = str(tmp_path / "proj"), str(tmp_path / "home")
    rules = [PathRule(source, project, home, fold=fold) for source, fold in [
        (project + "/.claude/settings.json", True), (project + "/.git/hooks", True), (home + "/.ssh", True),
        (home + "/.Codex", False), ("/etc/legant", True), ("**/.env", True), (home + "/.config/*/hooks", True),
        (project + "/a/b/c/d", False)]]
    index = denyside._ReachIndex(rules)
    folders = ["/", str(tmp_path), project, project + "/.claude", project + "/.CLAUDE/x", project + "/src",
               project + "/.claude/settings.json/deeper", home, home + "/.ssh/keys", home + "/.codex", home + "/.Codex/a",
               home + "/.config/app/hooks/x", home + "/.config/app", "/etc", "/etc/legantx", "/usr/lib", project + "/a/b",
               project + "/a/b/c/d/e", project + "/a/b/x", project + "/x/.env", "/tmp"]
    for folder in folders:
        expected = any(r.contained_in(folder) or r.matches(folder) for r in rules)
        assert index.reaches(folder, fold_path(folder)) == expected, folder
    assert denyside._ReachIndex([PathRule("/", project, home)]).reaches("/tmp/x", "/tmp/x")


@pytest.mark.parametrize("role", ["builder", "open"])
def test_many_missing_names_moved_into_a_folder_stay_allowed(g, role):
    command = "mv " + " ".join(f"src/f{i}" for i in range(3000)) + " sub/"
    assert_allowed(g.bash(command, role=role))


_NAMES = " ".join(f"src/f{i}" for i in range(3000))


@pytest.mark.parametrize("command,fragments", [
    ("mv %s .claude/" % _NAMES, ("`mv` would write", "which is protected")),
    ("mv %s .git/hooks/" % _NAMES, ("the source is not on disk yet", "where protected files live")),
    ("mv %s .git/" % _NAMES, ("the source is not on disk yet", "where protected files live")),
])
def test_many_missing_names_moved_into_a_protected_folder_are_denied(g, command, fragments):
    assert_denied(g.bash(command), *fragments)
