"""Must-allow: a builder's command in the login shell Codex wraps around it, judged as the script.

Codex runs every command as `bash -lc CMD`, and its models write that wrapping into the command
themselves. hook/outershell.py already judged such a script in its place for a reviewer's reads;
under the builder the script went through the nested-shell analysis, where the narrowings made
for a whole command line did not apply: `du -sh * | sort -h` was allowed and
`bash -lc 'du -sh * | sort -h'` refused (a lister judged as a reader of opencode.json), so was
`bash -lc "git ls-files '*.py' | xargs wc -l"` (a listing with a pathspec, checked file by file
only at the top level). The same script is now judged as the whole command for every role: what
runs is that script in a login shell, as every Codex command is. Its dangerous neighbours stay
refused with the reasons the plain command gets. Verdicts only: nothing is executed.
"""

import shlex

import pytest

from conftest import assert_allowed, assert_denied
from polyglot import polyglot_project


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = polyglot_project(tmp_path_factory.mktemp("mustallow11_codexwrap"), agents=True)
    with open(setup.path("~/.netrc"), "w") as f:
        f.write("machine x password p\n")
    return setup


def codex(s, command, role="builder"):
    return s.check("Bash", {"command": command}, role=role, agent="codex", turn_id="t1")


# Allowed as plain commands before; refused in Codex's wrapping.
WERE_REFUSED = ["du -sh * | sort -h", "du -sh *", "ls -la *", "ls * | sort", "stat -c '%s %n' *",
                "git ls-files '*.py' | xargs wc -l", "git diff --name-only -- '*.py' | xargs wc -l",
                "wc -l $(git ls-files '*.py')", "git grep -l TODO -- '*.py' | xargs wc -l",
                "find . -maxdepth 1 -name '*.md' | xargs wc -l"]
EVERYDAY = ["pytest -q", "cd packages/web && npm test 2>&1 | tail -50", "cargo test 2>&1 | tail -30",
            "git status && git diff --stat", "make -j$(nproc)", "rg -n TODO src | head -20",
            "for f in src/*.py; do wc -l \"$f\"; done"]


@pytest.mark.parametrize("wrap", ["bash -lc {}", "bash -cl {}", "bash -l -c {}", "bash --login -c {}", "sh -lc {}"])
@pytest.mark.parametrize("command", WERE_REFUSED + EVERYDAY)
def test_a_builders_command_in_codexs_login_shell_is_judged_as_itself(s, command, wrap):
    assert_allowed(codex(s, command))  # (the plain command, as the baseline)
    assert_allowed(codex(s, wrap.format(shlex.quote(command))))


@pytest.mark.parametrize("command, reason", [
    # what the plain command is refused for, the wrapped one is refused for
    ("bash -lc 'cat .env'", "denied by deny-path"),
    ("bash -lc 'x=.env; cat $x'", "denied by deny-path"),
    ("bash -lc 'cat ~/.netrc'", "denied by deny-path ~/.netrc"),
    ("bash -lc 'cd ~ && cat .netrc'", "outside the allowed paths"),
    ("bash -lc 'wc -l *'", "could reach"),  # a reader of every name: opencode.json among them
    ("bash -lc 'head -5 *'", "which is protected"),
    ("bash -lc 'rg --files | xargs cat'", "opencode.json is protected"),
    ("bash -lc 'git ls-files | xargs cat'", "pass a listing with a pathspec"),
    ("bash -lc 'sed -i s/a/b/ opencode.json'", "is protected"),
    ("bash -lc 'cp src/app.py .claude/settings.json'", "which is protected"),
    ("bash -lc 'rm -rf build'", "`make clean`"),
    ("bash -lc 'curl -s https://example.com/x'", "`curl` is denied by deny-cmd"),
    ("bash -lc 'rm -rf /'", "tripwire"),
    # the wrapping itself is taken only whole: anything around it stays a nested shell
    ("bash -lc 'du -sh *' > out.txt", "could reach"),
    ("BASH_ENV=.env bash -lc 'ls'", "BASH_ENV"),
    ("bash -lc 'cat \"$1\"' sh .env", "denied by deny-path"),
    ("bash -lc \"cat $HOME/.netrc\"", "denied by deny-path ~/.netrc"),
])
def test_the_wrapped_script_keeps_every_refusal(s, command, reason):
    assert_denied(codex(s, command), reason)


def test_zsh_is_taken_only_without_its_own_expansions(s):
    # zsh's `*` differs (glob qualifiers, GLOB_DOTS): the script stays a nested shell there
    assert_allowed(codex(s, "zsh -lc 'git status && git diff --stat'"))
    assert_denied(codex(s, "zsh -lc 'x=.ENV; cat $x:l'"), "zsh's own expansion `$x:l`")
