"""Must-allow round 12: a loop over a git listing with a pathspec is judged name by name.

`for f in $(git ls-files '*.md'); do head -3 "$f"; done`, `for f in $(git ls-files '*.py'); do
python -m py_compile "$f"; done`, `git ls-files '*.md' | while read -r f; do wc -l "$f"; done` and
`while read -r f; do …; done < <(git ls-files '*.go')`
are the loop forms of `git ls-files '*.md' | xargs wc -l`, which is judged file by file
(hook/precision.py); the loop's `"$f"` was undetermined and refused whenever the token has
path rules, in every ecosystem. It now stands for the listing's names (hook/loopnames.py), each
judged where the body's command opens it.

The neighbours stay refused: a listing with no pathspec, one that names a tracked secret, a body
that changes folder or gives the variable another value, a value built on the variable
(`"$f.bak"`), a command before the loop that could change the index first. Verdicts only:
nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("mustallow12_loops"), files={
        "pyproject.toml": "[project]\nname='app'\n", "src/app.py": "x = 1\n", "README.md": "# x\n",
        "docs/guide.md": "g\n", ".gitignore": ".env\n", ".env": "KEY=1\n", ".env.example": "KEY=\n",
        "deploy/.env.production": "KEY=2\n"})
    for args in (("init", "-q"), ("add", "-A"), ("add", "-f", "deploy/.env.production"), ("commit", "-qm", "one")):
        git(setup.project, *args)  # (the secret committed by mistake: tracked, so a listing names it)
    return setup


ALLOWED = [
    "for f in $(git ls-files '*.md'); do wc -l \"$f\"; done",
    "cd {p} && for f in $(git ls-files '*.md'); do echo \"== $f\"; head -3 \"$f\"; done",
    "cd {p} && for f in $(git ls-files '*.py'); do python -m py_compile \"$f\" || echo \"bad $f\"; done",
    "for f in $(git diff --name-only HEAD -- '*.md'); do sed -n '1,5p' $f; done",
    "for f in $(git ls-files -- docs)\ndo\n  wc -l \"${f}\"\ndone",
    "cd {p} && git ls-files '*.md' | while read -r f; do wc -l \"$f\"; done",
    "git ls-files '*.md' | while IFS= read -r f; do head -1 \"$f\"; done",
    "cd {p} && git ls-files '*.md' | while read -r f; do echo \"$f: $(wc -l < \"$f\")\"; done",
    "git grep -l TODO -- '*.md' | while read f; do grep -n TODO \"$f\"; done",
    "while read -r f; do wc -l \"$f\"; done < <(git ls-files '*.py')",
    # Claude Code's framing after the loop: plain filters, errors into the pipe
    "cd {p} && for f in $(git ls-files '*.md'); do wc -l \"$f\"; done 2>&1 | tail -50",
    "cd {p} && git ls-files '*.md' | while read -r f; do wc -l \"$f\"; done | sort -n | tail -3",
    "cd {p} && while read -r f; do wc -l \"$f\"; done < <(git ls-files '*.md') 2>&1 | tail -50",
    "cd {p} && while IFS= read -r f; do head -2 \"$f\"; done < <(git diff --name-only HEAD -- docs)",
    # a template is no secret
    "for f in $(git ls-files '.env*'); do cat \"$f\"; done",
]


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ALLOWED)
def test_a_loop_over_a_listing_with_a_pathspec_is_judged_name_by_name(s, command, role):
    assert_allowed(s.bash(command.replace("{p}", s.project), role=role))


DENIED = [
    # the listing names a tracked secret
    ("for f in $(git ls-files 'deploy/*'); do cat \"$f\"; done", "deny-path"),
    ("git ls-files '*.production' | while read -r f; do cat \"$f\"; done", "deny-path"),
    ("while read -r f; do cat \"$f\"; done < <(git ls-files 'deploy/*')", "deny-path"),
    ("while read -r f; do cat \"$f\"; done < <(git ls-files)", "pass a listing with a pathspec"),
    ("for f in $(git ls-files 'deploy/*'); do cat \"$f\"; done 2>&1 | tail -50", "deny-path"),
    # framing that writes, runs or comes after another command
    ("for f in $(git ls-files '*.md'); do wc -l \"$f\"; done | tee build/x", "could not determine"),
    ("for f in $(git ls-files '*.md'); do wc -l \"$f\"; done > build/x", "could not determine"),
    ("while read -r f; do cat \"$f\"; done < <(git ls-files '*.md') | sh", "could not determine"),
    ("for f in $(git ls-files '*.md'); do wc -l \"$f\"; done; git add -A", "could not determine"),
    ("while read -r f; do cat \"$f\"; done < <(git ls-files '*.md' | sed s/md/env/)", "could not determine"),
    # no pathspec: every tracked file, as `git ls-files | xargs cat`
    ("for f in $(git ls-files); do cat \"$f\"; done", "pass a listing with a pathspec"),
    # the body changes folder (the names are relative to where the listing ran) or the variable
    ("for f in $(git ls-files '*.md'); do (cd deploy && cat \"$f\"); done", "could not determine operand"),
    ("git ls-files '*.md' | while read -r f; do read -r f < list.txt; cat \"$f\"; done", "could not determine"),
    ("for f in $(git ls-files '*.md'); do f=.env; cat \"$f\"; done", "deny-path"),
    ("for f in $(git ls-files '*.md'); do g=$f; cat \"$g\"; done", "could not determine"),
    # a value built on the variable
    ("for f in $(git ls-files '*.md'); do cat \"$f.bak\"; done", "could not determine operand `\"$f.bak\"`"),
    # a command before the loop could change the index first; a listing that runs more than git
    ("git add -A; for f in $(git ls-files '*.md'); do wc -l \"$f\"; done", "could not determine"),
    ("for f in $(git ls-files '*.md' | sed s/md/env/); do cat \"$f\"; done", "could not determine"),
    ("GIT_INDEX_FILE=x git ls-files '*.md' | while read -r f; do cat \"$f\"; done", "could not determine"),
]


@pytest.mark.parametrize("command, reason", DENIED)
def test_the_neighbours_stay_denied(s, command, reason):
    assert_denied(s.bash(command, role="open"), reason)
