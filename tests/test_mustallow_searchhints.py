"""Must-allow: a recursive search refused for the secrets below its root names EVERY exclusion
it needs at once, and the search with those exclusions is allowed.

`grep -rn TODO .` in a project with a `.env` and a git repository was refused for `.env` with
the hint `add --exclude=.env`; the agent that followed it was refused a second time for
`.git/config` (`add --exclude-dir=.git`), and a third time for a nested `.env.local`. Each
search root's walk now goes on after the first secret (bounded: hook/reach.py `_Found`) and the
reason lists every exclusion. The harmful neighbour, a search that still reaches one of them,
stays denied. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("mustallow_hints"), files={
        ".env": "API_KEY=sk-live\n", ".env.example": "API_KEY=\n", ".gitignore": ".env\n",
        "src/app.py": "# TODO\n", "packages/web/.env.local": "SECRET=1\n", "packages/web/src/main.ts": "// TODO\n",
        "docs/index.md": "TODO\n"})
    git(setup.project, "init", "-q")
    return setup


@pytest.mark.parametrize("role", ["builder", "open"])
def test_the_reason_names_every_exclusion_the_search_needs(s, role):
    reason = assert_denied(s.bash("grep -rn TODO .", role=role), "would read",
                           "--exclude=.env", "--exclude-dir=.git", "--exclude=.env.local")
    assert reason.count(" add ") == 1 and "(and " in reason


@pytest.mark.parametrize("role", ["builder", "open"])
def test_following_the_hint_is_allowed(s, role):
    assert_allowed(s.bash("grep -rn TODO --exclude=.env --exclude-dir=.git --exclude=.env.local .", role=role))


@pytest.mark.parametrize("command, still", [
    # each of the three left out in turn: still refused, and the reason names what is missing
    ("grep -rn TODO --exclude-dir=.git --exclude=.env.local .", "--exclude=.env"),
    ("grep -rn TODO --exclude=.env --exclude=.env.local .", "--exclude-dir=.git"),
    ("grep -rn TODO --exclude=.env --exclude-dir=.git .", "--exclude=.env.local"),
])
def test_a_search_that_still_reaches_one_secret_stays_denied(s, command, still):
    reason = assert_denied(s.bash(command), "would read", still)
    assert reason.count("--exclude") == 1


def test_the_other_programs_get_all_their_exclusions_too(s):
    assert_denied(s.bash("rg --hidden --no-ignore TODO"), "-g '!.env'", "-g '!.git'", "-g '!.env.local'")
    assert_denied(s.bash("tar czf out.tgz ."), "--exclude=.env", "--exclude=.git", "--exclude=.env.local")


def test_a_search_that_meets_no_secret_is_allowed(s):
    assert_allowed(s.bash("grep -rn TODO src docs"))
    assert_allowed(s.bash("grep -rn TODO packages/web/src"))
