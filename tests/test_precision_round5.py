"""Precision, fifth round: the relaxations behind tests/shell_corpus/must_allow_round5.json,
each with the risky neighbour that stays denied and its reason.

A real project in tmp; each case pipes one event into the real hook in-process (nothing runs).
"""

import os
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from polyglot import polyglot_project


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return polyglot_project(tmp_path_factory.mktemp("round5"), agents=True)


# git does not abbreviate its subcommands (help.c help_unknown_cmd): a word that is neither a
# command nor an alias stops with "is not a git command", unless help.autocorrect is set. Where
# every config git reads is known and none sets it, `git pp` runs nothing like `git prune`.
@pytest.mark.parametrize("command", ["git pp", "git pu", "git pr", "git rest --hard", "git pp && git status",
                                     "git st", "cd src && git pp"])
def test_an_unknown_git_word_runs_nothing_without_autocorrect(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command,fragment", [
    ("git prune", "git-prune"), ("git prune -n", "git-prune"), ("git gc --prune=now", "git-gc-prune-now"),
    ("git reflog expire --expire=now --all", "git-reflog-expire"), ("git reset --hard", "git-reset-hard"),
    # whatever could turn autocorrect on for this very git keeps the similar command in view
    ("git -c help.autocorrect=1 pp", "git-prune"), ("git -c alias.pp=prune pp", "git-prune"),
    ("git -C . pp", "git-prune"),
    ("git config help.autocorrect 1 && git pp", "git-prune"), ("git pp; git config help.autocorrect 1", "git-prune"),
    ("for i in 1 2; do git pp; git config help.autocorrect 1; done", "git-prune"),
    ("make && git pp", "git-prune"), ("HOME=/tmp/x git pp", "git-prune"), ("XDG_CONFIG_HOME=/tmp/x git pp", "git-prune"),
    ("GIT_CONFIG_PARAMETERS=\"'help.autocorrect=1'\" git pp", ""),
    ("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=help.autocorrect GIT_CONFIG_VALUE_0=1 git pp", ""),
    ("export GIT_CONFIG_GLOBAL=/tmp/x; git pp", ""),
    ("git config alias.pp prune", ""),
    ("git clone -q -c help.autocorrect=1 . ../x && cd ../x && git pp", "git-prune"),
    ("git init -q --template=t ../y && cd ../y && git pp", "git-prune"),
])
def test_the_destructive_git_verbs_and_autocorrect_stay_denied(s, command, fragment):
    assert_denied(s.bash(command), fragment)


def _repo_setup(tmp_path, home_files=None, repo_config=""):
    setup = GuardSetup(tmp_path, files=home_files or {})
    subprocess.run(["git", "init", "-q", setup.project], check=True, capture_output=True)
    if repo_config:
        with open(os.path.join(setup.project, ".git", "config"), "a") as f:
            f.write(repo_config)
    return setup


@pytest.mark.parametrize("files,repo_config", [
    ({"~/.gitconfig": "[help]\n\tautocorrect = 1\n"}, ""),
    ({"~/.gitconfig": "[help]\n\tautoCorrect = immediate\n"}, ""),
    ({"~/.config/git/config": "[help]\n\tautocorrect = prompt\n"}, ""),
    ({"~/.gitconfig": "[include]\n\tpath = ~/more.gitconfig\n"}, ""),  # what it includes is not read
    ({"~/.gitconfig": "[includeIf \"gitdir:~/\"]\n\tpath = x\n"}, ""),
    ({}, "[help]\n\tautocorrect = -1\n"),
    ({}, "[include]\n\tpath = ../shared.gitconfig\n"),
    # an alias for the destructive verb, where git finds it (~/.gitconfig wins over the XDG file)
    ({"~/.gitconfig": "[alias]\n\tpp = prune\n"}, ""),
    ({"~/.gitconfig": "[alias]\n\tpp = prune\n", "~/.config/git/config": "[alias]\n\tpp = push\n"}, ""),
    ({}, "[alias]\n\tpp = prune --expire=now\n"),
])
def test_a_config_that_may_autocorrect_or_alias_keeps_git_pp_denied(tmp_path, files, repo_config):
    setup = _repo_setup(tmp_path, files, repo_config)
    assert_denied(setup.bash("git pp"), "git-prune")


def test_a_users_alias_named_like_a_prefix_runs_the_alias(tmp_path):
    setup = _repo_setup(tmp_path, {"~/.gitconfig": "[alias]\n\tpp = push\n\tpu = pull --ff-only\n\tst = status -sb\n"})
    for command in ("git pp", "git pu", "git st"):
        proc = setup.bash(command)
        assert "git-prune" not in proc.stderr, command
    assert_allowed(setup.bash("git st"))
    assert_denied(setup.bash("git pp --force"), "git-push-force")  # the alias's own flags still count


# A loop over folders runs its body in each (`for d in packages/*/; do (cd "$d" && npm test); done`):
# the guard judges the body once per folder the pattern matches when the loop starts, and once
# with the cd failing (hook/loopdirs.py).
@pytest.mark.parametrize("command", [
    'for d in packages/*/; do (cd "$d" && npm test); done',
    'for d in packages/*/; do (cd "$d" && pnpm test); done',
    'for d in packages/*/; do echo "== $d"; (cd "$d" && npm run build); done',
    'for d in packages/web packages/api; do (cd "$d" && npm test); done',
    'for d in packages/*/; do (cd "$d" && git status --short); done',
    'for d in */; do (cd "$d" && ls); done',
    'for d in packages/*; do (cd "$d" && npm run lint) || exit 1; done',
])
def test_a_loop_runs_its_body_in_each_folder(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command,fragment", [
    # every value is a folder the body runs in (the walk met only the first: src)
    ('for d in src ~/.ssh; do (cd "$d" && cat id_rsa); done', "deny-path"),
    ('for d in src ~; do (cd "$d" && cat .bashrc); done', "outside the allowed paths"),
    ('for d in src .claude; do (cd "$d" && cat settings.json > /dev/null); done', "protected"),
    ('for d in .*/; do (cd "$d" && sed -i s/a/b/ settings.json); done', "protected"),
    ('for d in .c*/ src; do (cd "$d" && echo x > settings.json); done', "protected"),
    ('shopt -s dotglob; for d in */; do (cd "$d" && echo x > settings.json); done', "protected"),
    ('GLOBIGNORE=x; for d in */; do (cd "$d" && echo x > settings.json); done', "protected"),
    ('for d in packages/*/; do (cd "$d" && cat ../../.env); done', "deny-path"),
    ('for d in packages/*/; do (cd "$d" && cd ../.. && cat .env); done', "deny-path"),
    # the cd fails (no match): the body runs where the loop is
    ('for d in nothing*/; do (cd "$d"; cat .env); done', "deny-path"),
    # a folder kept between rounds, a second cd site, a line that makes links: not judged per folder
    ('for d in packages/*/; do cd "$d"; npm test; cd ..; done', "one of several folders"),
    ('for d in packages/*/; do (cd "$d" && npm test); cd ..; done', "one of several folders"),
    ('cd src; for d in ../packages/*/; do (cd "$d" && npm test); done', "one of several folders"),
    ('for d in packages/*/; do (cd "$d" && npm test); done; for e in */; do (cd "$e" && ls); done', "one of several folders"),
    ('git checkout feature/x && for d in packages/*/; do (cd "$d" && cat x); done', "one of several folders"),
    ('for d in packages/*/; do (cd "$d" && cp -r ../web ../z); done', "one of several folders"),
    ('for d in $(ls -d packages/*/); do (cd "$d" && npm test); done', "could not determine"),
])
def test_each_folder_of_a_loop_meets_the_rules(s, command, fragment):
    assert_denied(s.bash(command), fragment)


def test_a_loop_folder_that_links_out_is_judged_where_it_leads(tmp_path):
    setup = GuardSetup(tmp_path, files={"packages/web/package.json": "{}", "~/.bashrc": "x", "conf/settings.json": "{}"})
    os.symlink(setup.home, setup.path("packages/home"))
    os.makedirs(setup.path(".claude"))
    os.symlink(setup.path(".claude"), setup.path("packages/hooks"))
    assert_denied(setup.bash('for d in packages/*/; do (cd "$d" && cat .bashrc); done'), "outside the allowed paths")
    assert_denied(setup.bash('for d in packages/*/; do (cd "$d" && echo {} > settings.json); done'), "protected")


# `git clean` removes what git does not track: under operator (destructive git allowed) a
# committed hook config stays, and only an untracked (or, with -x/-X, ignored) one is at risk.
@pytest.mark.parametrize("command", ["git clean -fd", "git clean -fdx", "git clean -fdX", "git clean -fd src",
                                     "git clean -ffdx", "git clean -n", "git clean -fd && git status"])
def test_git_clean_under_operator_keeps_tracked_hook_configs(s, command):
    assert_allowed(s.bash(command, role="operator"))


@pytest.fixture(scope="module")
def untracked_hooks(tmp_path_factory):
    """A repository where opencode.json is not committed and .claude/settings.local.json is ignored."""
    setup = GuardSetup(tmp_path_factory.mktemp("clean"), files={
        "src/app.py": "x\n", ".gitignore": ".claude/settings.local.json\nbuild/\n", "build/out.o": "x",
        ".claude/settings.local.json": "{}", "opencode.json": "{}", "notes.txt": "x"})
    for args in (["init", "-q"], ["add", "src", ".gitignore"], ["-c", "user.email=a@b", "-c", "user.name=a",
                                                                 "commit", "-qm", "x"]):
        subprocess.run(["git", "-C", setup.project] + args, check=True, capture_output=True)
    return setup


@pytest.mark.parametrize("command,fragment", [
    ("git clean -fd", "opencode.json"), ("git clean -f", "opencode.json"), ("git clean -fdx", "protected"),
    ("git clean -fdX", "settings.local.json"), ("git clean -d", "opencode.json"),  # clean.requireForce=false
    ("git clean --force -d -x", "protected"), ("cd src && git clean -fdx", "protected"),
    ("git checkout -q HEAD && git clean -fd", "may change"),
    ("git --work-tree=src clean -fd", "set elsewhere"),
])
def test_git_clean_that_removes_a_hook_config_stays_denied(untracked_hooks, command, fragment):
    assert_denied(untracked_hooks.bash(command, role="operator"), fragment)


def test_git_clean_of_untracked_build_files_is_allowed_when_no_hook_config_is_at_risk(untracked_hooks):
    assert_allowed(untracked_hooks.bash("git clean -n", role="operator"))
    assert_denied(untracked_hooks.bash("git clean -fd", role="builder"), "git-clean-force")


# `ls *.txt | xargs rm`: the names a pattern can print are its matches (and the names in a
# matching folder), not every name of the folder the pattern is in.
@pytest.mark.parametrize("agent", [None, "opencode", "codex"])
@pytest.mark.parametrize("command", ["ls *.txt | xargs rm", "ls *.txt | xargs rm -f", "ls src/*.py | xargs rm",
                                     "ls -1 *.txt | xargs -r rm", "ls requirements*.txt | xargs -n1 rm"])
def test_removing_what_a_pattern_lists_is_judged_by_its_matches(s, agent, command):
    kw = {"agent": agent, "turn_id": "t1"} if agent == "codex" else {"agent": agent} if agent else {}
    tool = "bash" if agent == "opencode" else "Bash"
    assert_allowed(s.check(tool, {"command": command}, role="operator", **kw))


@pytest.mark.parametrize("command,fragment", [
    ("ls *.json | xargs rm", "protected"), ("ls .c* | xargs rm", "protected"), ("ls -R *.txt | xargs rm", "protected"),
    ("ls -a | xargs rm", "protected"), ("ls | xargs rm", "protected"),
    ("touch a.txt; ls *.txt | xargs rm", "protected"),  # a file made first may match
    ("ls nothing*.zz | xargs rm", "protected"),  # no match now: nothing known of what will match
])
def test_removing_what_a_pattern_could_list_stays_denied(s, command, fragment):
    assert_denied(s.bash(command, role="operator"), fragment)


def test_a_folder_a_pattern_matches_hands_its_names_over(tmp_path):
    setup = GuardSetup(tmp_path, files={"keep.txt/opencode.json": "{}", "opencode.json": "{}", "a.txt": "x",
                                        ".claude/settings.json": "{}"})
    os.symlink(setup.path(".claude"), setup.path("link.log"))
    # `ls keep.txt` prints `opencode.json`, which rm removes in its own folder
    assert_denied(setup.bash("ls *.txt | xargs rm", role="operator"), "opencode.json")
    assert_denied(setup.bash("ls *.log | xargs -I{} rm link.log/{}", role="operator"), "protected")
    assert_allowed(setup.bash("ls a.* | xargs rm", role="operator"))


def _git(folder, *args):
    subprocess.run(["git", "-C", folder, "-c", "user.email=a@b", "-c", "user.name=a", "-c", "commit.gpgsign=false",
                    *args], check=True, capture_output=True)


def _commit(folder, name, text):
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    _git(folder, "add", name)
    _git(folder, "commit", "-qm", name)


# `git pull` fetches before it merges: what it merges is not on disk when the hook runs. In a
# project that tracks a hook config the reason names it and says how to go: fetch, then merge
# the fetched branch, which the guard reads (allowed when the hook configs do not change).
def test_a_pull_over_tracked_hook_configs_goes_through_fetch_and_merge(tmp_path):
    upstream = str(tmp_path / "upstream")
    os.makedirs(upstream)
    _git(upstream, "init", "-q", "-b", "main")
    _commit(upstream, ".claude/settings.json", "{}\n")
    _commit(upstream, "opencode.json", "{}\n")
    _commit(upstream, "src/a.py", "a\n")
    setup = GuardSetup(tmp_path / "here")
    subprocess.run(["git", "clone", "-q", upstream, setup.project], check=True, capture_output=True)
    _commit(upstream, "src/a.py", "b\n")
    _git(setup.project, "fetch", "-q")
    for role in ("builder", "operator"):
        assert_denied(setup.bash("git pull", role=role), ".claude/settings.json", "run `git fetch`")
        assert_denied(setup.bash("git pull --rebase", role=role), "opencode.json")
        assert_denied(setup.bash("git fetch && git merge --ff-only origin/main", role=role), "command of its own")
        assert_allowed(setup.bash("git merge --ff-only origin/main", role=role))
        assert_allowed(setup.bash("git rebase origin/main", role=role))
    assert_allowed(setup.bash("git merge --ff-only @{u}"))
    _commit(upstream, ".claude/settings.json", '{"hooks": {}}\n')
    _git(setup.project, "fetch", "-q")
    for role in ("builder", "operator"):
        assert_denied(setup.bash("git merge --ff-only origin/main", role=role), "protected")
        assert_denied(setup.bash("git rebase origin/main", role=role), "protected")


# sed's `e` runs a shell command; where the whole script line parses as sed reads it, an `e`
# inside a pattern or replacement (`s/change 0/change zero/`) is text, not the command.
@pytest.mark.parametrize("command", ["sed -i 's/change 0/change zero/' src/app.py",
                                     "sed -i 's/version = \"1.0\"/version = \"1.1\"/' pyproject.toml",
                                     "sed -i -e 's/large one/huge one/g' -e 's/page size/pagesize/' docs/index.md",
                                     "sed -n '/^def /p' src/app.py"])
def test_an_e_in_seds_text_is_no_command(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command", [
    "sed -i 's/x/y/e' src/app.py", "sed '1e id' src/app.py", "sed -e 's/a/b/;e id' src/app.py",
    "sed 's/a/b/ge' src/app.py", "sed '/x/e id' src/app.py", "sed 'v;e id' src/app.py",
    "sed -n '/change/{p;e id\n}' src/app.py", "sed 's/change one/ge/;e' src/app.py", "sed 'y/ab/ba/;e' src/app.py",
])
def test_seds_e_command_stays_denied(s, command):
    assert_denied(s.bash(command), "the `e` command")


# `ls *.txt | xargs wc -l` under a token with path rules: the names are the pattern's matches,
# each meeting the deny side (precision.py), instead of operands nobody can know.
@pytest.mark.parametrize("role,command", [
    ("builder", "ls *.txt | xargs wc -l"), ("builder", "ls -1 src/*.py | xargs wc -l"), ("builder", "ls *.txt | xargs cat"),
    ("builder", "ls *.txt | xargs grep -n x"), ("builder", "ls src/*.py | xargs sed -i s/a/b/"),
    ("open", "ls *.txt | xargs rm"), ("open", "ls -t *.txt | xargs -n1 rm -f"),
])
def test_what_a_pattern_lists_is_known(s, role, command):
    assert_allowed(s.bash(command, role=role))


@pytest.mark.parametrize("role,command,fragment", [
    ("builder", "ls .e* | xargs cat", "deny-path"), ("open", "ls .e* | xargs rm", "deny-path"),
    ("builder", "ls -a | xargs cat", "could not determine"),  # no pattern: the folder's every name
    ("builder", "ls -l *.txt | xargs cat", "could not determine"),  # more than names on each line
    ("builder", "ls -F *.txt | xargs cat", "could not determine"),
    ("builder", "ls nothing* | xargs cat", "could not determine"),  # what will match is not known
    ("builder", "touch b.txt; ls *.txt | xargs cat", "could not determine"),
    ("builder", "ls *.json | xargs sed -i s/a/b/", "protected"), ("open", "ls *.json | xargs rm", "protected"),
    ("open", "ls -d .c*/ | xargs rm -rf", "protected"),
])
def test_what_a_pattern_may_list_meets_the_deny_side(s, role, command, fragment):
    assert_denied(s.bash(command, role=role), fragment)


def test_a_listed_folder_hands_over_its_names_and_their_pieces(tmp_path):
    setup = GuardSetup(tmp_path, files={"docs.txt/.env": "API_KEY=1", "a.txt": "x", "x .env": "y", ".env": "z"})
    assert_denied(setup.bash("ls *.txt | xargs cat"), "deny-path")  # `ls docs.txt` prints `.env`
    assert_denied(setup.bash("ls x* | xargs cat"), "deny-path")  # xargs cuts `x .env` in two
    assert_allowed(setup.bash("ls a.* | xargs cat"))


# `git checkout -- .` / `git restore .` rewrite from the index only the files whose copy differs
# from it: a hook config that matches the index is left as it is (operator's everyday discard).
@pytest.mark.parametrize("command", ["git checkout -- .", "git restore .", "git checkout .", "git restore src",
                                     "git restore -- '*.py'"])
def test_discarding_changes_leaves_an_unchanged_hook_config(s, command):
    assert_allowed(s.bash(command, role="operator"))


def _tracked_hooks(tmp_path):
    setup = GuardSetup(tmp_path, files={"src/app.py": "x\n", ".claude/settings.json": "{}\n", "opencode.json": "{}\n"})
    _git(setup.project, "init", "-q")
    _git(setup.project, "add", "-A")
    _git(setup.project, "commit", "-qm", "x")
    return setup


@pytest.mark.parametrize("change", ["edited", "index", "deleted"])
def test_discarding_over_a_hook_config_that_differs_from_the_index_stays_denied(tmp_path, change):
    setup = _tracked_hooks(tmp_path)
    path = setup.path(".claude/settings.json")
    if change == "edited":  # (the user's own edit, or one the agent made through a tool the guard allowed)
        with open(path, "w") as f:
            f.write('{"hooks": {}}\n')
    elif change == "index":  # the index holds another blob than the file
        blob = subprocess.run(["git", "-C", setup.project, "hash-object", "-w", "--stdin"], input=b"{}\n{}\n",
                              capture_output=True, check=True).stdout.decode().strip()
        _git(setup.project, "update-index", "--cacheinfo", "100644,%s,.claude/settings.json" % blob)
    else:
        os.remove(path)
    for command in ("git checkout -- .", "git restore .", "git restore .claude", "git checkout -- '*.json'"):
        assert_denied(setup.bash(command, role="operator"), "protected")
    assert_allowed(setup.bash("git restore src", role="operator"))


# The walk meets a loop's body once, with all its values at once: a value taken by position (a
# function's $1, `set -- "$d"`) is each of them in turn, so the positions are unknown there.
@pytest.mark.parametrize("role,command", [
    ("builder", 'f() { cat "$1/id_rsa"; }; for d in src ~/.ssh; do f "$d"; done'),
    ("builder", 'f() { (cd "$1" && cat id_rsa); }; for d in src ~/.ssh; do f "$d"; done'),
    ("open", 'f() { cat "${1}/id_rsa"; }; for d in src ~/.ssh; do f "${d}"; done'),
    ("open", 'for d in src ~/.ssh; do set -- "$d"; cat "$1/id_rsa"; done'),
])
def test_a_loop_value_taken_by_position_is_unknown(s, role, command):
    assert_denied(s.bash(command, role=role), "could not determine")


@pytest.mark.parametrize("command", ['f() { cat "$1"; }; f src/app.py', 'f() { npm test; }; for d in a b; do f; done',
                                     'f() { wc -l "$@"; }; f src/app.py src/util.py'])
def test_a_function_called_with_known_words_keeps_them(s, command):
    assert_allowed(s.bash(command))
