"""Must-allow round 12: a git listing with a pathspec inside Claude Code's framing of a line
(`cd /abs/project && … 2>&1 | tail -50`).

`git ls-files '*.py' | xargs ruff check`, `git diff --name-only -- '*.md' | xargs wc -l` and
`wc -l $(git ls-files '*.md')` are judged file by file (hook/precision.py), and the refusal of an
unnarrowed listing tells the agent to write exactly these. But Claude Code starts nearly every
shell line with `cd /abs/project && `, and the narrowing asked for a line with nothing but the
listing and its consumer: the `&&` of the cd made every such line undetermined, in every
ecosystem (`gofmt -l $(git ls-files '*.go')`, `clang-format -i $(git ls-files '*.cpp')`,
`git ls-files -z '*.ts' | xargs -0 npx prettier --check`). One leading `cd DIR &&` whose DIR is
one plain word (bare or quoted: no variable, glob, `~` or option) is now looked past: the
analysis already runs the rest in DIR, and a failed cd runs none of it.

The neighbours stay refused: a listing without a pathspec, a listing that names a tracked
secret or hook config (checked from the cd's folder), a cd joined by `;` (a failed cd leaves the
listing in another folder), a cd whose folder is a variable, and a second command before the
listing (it could change the index first). Verdicts only: nothing is executed.

The same `cd` defeated two more narrowings: `ls docs/*.md | xargs wc -l` (the names the pattern
matches, hook/precision.py) and a loop's `(cd "$d" && ls)` judged in each folder
(hook/loopdirs.py), which allowed no cd outside a subshell at all; one leading `cd DIR &&` runs
once, before the loop, and every round starts in DIR. Any other cd outside a subshell still
leaves the loop's folders undetermined.

And the same narrowing asked for exactly one pipe: Claude Code's other framing, `… 2>&1 | tail
-50` after the consumer (or `2>/dev/null`), made the line undetermined again. The consumer's
output may now go through plain filters (head, tail, sort, wc, uniq, cut, grep, tr) and its
errors into the pipe or away; a filter that writes (`tee`), any other redirect and a command
after the pipe still leave the listing undetermined.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("mustallow12_cd"), files={
        "pyproject.toml": "[project]\nname='app'\n", "go.mod": "module x\n", "src/app.py": "x = 1\n",
        "src/util.py": "y = 2\n", "README.md": "# x\n", "docs/guide.md": "g\n", "main.go": "package main\n",
        "web/index.ts": "export {}\n", ".gitignore": ".env\n", ".env": "KEY=1\n", ".env.example": "KEY=\n",
        # committed by mistake: a tracked secret and a tracked hook config
        "deploy/.env.production": "KEY=2\n", ".claude/settings.json": "{}\n"})
    git(setup.project, "init", "-q")
    git(setup.project, "add", "-A")
    git(setup.project, "add", "-f", "deploy/.env.production")
    git(setup.project, "commit", "-qm", "one")
    with open(setup.path("src/app.py"), "a") as f:
        f.write("changed\n")
    return setup


ALLOWED = [
    "cd {p} && git ls-files '*.md' | xargs wc -l",
    "cd {p} && git ls-files -z '*.md' | xargs -0 wc -l",
    "cd {p} && git ls-files -- '*.md' | xargs grep -n TODO",
    "cd {p} && git ls-files '*.py' | xargs ruff check",
    "cd {p} && git diff --name-only -- '*.py' | xargs -r ruff format",
    "cd {p} && git diff --name-only -- '*.md' | xargs wc -l",
    "cd {p} && wc -l $(git ls-files '*.md') | tail -1",
    "cd {p} && ruff check $(git diff --name-only -- '*.py')",
    "cd {p} && gofmt -l $(git ls-files '*.go')",
    "cd {p} && git ls-files '*.go' | xargs gofmt -l",
    "cd {p}/src && git ls-files '*.py' | xargs ruff check",
    'cd "{p}" && git ls-files \'*.md\' | xargs wc -l',
    "cd '{p}' && wc -l $(git ls-files '*.md')",
    # a template is no secret
    "cd {p} && git ls-files '.env*' | xargs cat",
    # the same cd before a pattern's listing and a loop's folders
    "cd {p} && ls docs/*.md | xargs wc -l",
    "cd {p} && ls -1 *.md | xargs grep -n x",
    "cd {p} && for d in docs src; do (cd \"$d\" && ls -la); done",
    "cd {p} && for d in */; do (cd \"$d\" && wc -l *); done",
    # the output framed by plain filters, the errors sent into the pipe or away
    "cd {p} && git ls-files '*.md' | xargs wc -l 2>&1 | tail -50",
    "cd {p} && git diff --name-only -- '*.py' | xargs ruff check 2>&1 | grep -E 'error|warn' | head -30",
    "git ls-files '*.py' | xargs wc -l | sort -n | tail -5",
    "cd {p} && wc -l $(git ls-files '*.md') 2>&1 | tail -1",
    "cd {p} && ruff check $(git ls-files '*.py') 2>/dev/null | head",
]


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ALLOWED)
def test_a_listing_with_a_pathspec_after_cd_is_judged_file_by_file(s, command, role):
    assert_allowed(s.bash(command.replace("{p}", s.project), role=role))


DENIED = [
    # the listing names a tracked secret, or a hook config, from the cd's folder
    ("cd {p} && git ls-files 'deploy/*' | xargs cat", "deny-path"),
    ("cd {p}/deploy && git ls-files '.env*' | xargs cat", "deny-path"),
    ("cd {p} && cat $(git ls-files '*.production')", "deny-path"),
    ("cd {p} && git ls-files '.claude/*' | xargs sed -i s/a/b/", ".claude"),
    # no pathspec: every tracked file
    ("cd {p} && git ls-files | xargs cat", "pass a listing with a pathspec"),
    ("cd {p} && cat $(git ls-files)", "pass a listing with a pathspec"),
    # a cd that may fail and leave the listing elsewhere, or whose folder is known only at run time
    ("cd {p}; git ls-files '*.md' | xargs wc -l", "could not determine"),
    ("cd $DIR && git ls-files '*.md' | xargs wc -l", "could not determine"),
    # another command before the listing could change the index first
    ("cd {p} && git add -A && git ls-files '*.md' | xargs wc -l", "could not determine"),
    ("cd {p} && git rm -q --cached README.md && wc -l $(git ls-files '*.md')", "could not determine"),
    ("cd {p} && ls .env* | xargs cat", "deny-path"),
    ("cd {p} && ls deploy/.* | xargs cat", "deny-path"),
    ("cd {p} && for d in docs ~/.ssh; do (cd \"$d\" && cat id_rsa); done", "deny-path"),
    ("cd {p} && for d in docs .claude; do (cd \"$d\" && sed -i s/a/b/ settings.json); done", ".claude"),
    ("cd {p} && git ls-files 'deploy/*' | xargs cat 2>&1 | tail -50", "deny-path"),
    ("cd {p} && cat $(git ls-files '*.production') 2>&1 | head", "deny-path"),
    # a second cd outside a subshell: where each round starts is not one folder
    ("cd {p} && cd docs && for d in . ..; do (cd \"$d\" && ls); done", "could not determine working directory"),
    ("cd {p}; for d in docs src; do (cd \"$d\" && ls); done", "could not determine working directory"),
    ("cd {p} && for d in docs src; do cd \"$d\" && ls; done", "could not determine working directory"),
    # a filter that writes, a redirect to a file, a command after the pipe
    ("git ls-files '*.md' | xargs wc -l | tee build/x.txt", "could not determine"),
    ("git ls-files '*.md' | xargs wc -l 2>build/err.txt | tail", "could not determine"),
    ("git ls-files '*.md' | xargs wc -l | tail; git add -A", "could not determine"),
    ("wc -l $(git ls-files '*.md') 2>&1 | sh", "could not determine"),
]


@pytest.mark.parametrize("command, reason", DENIED)
def test_the_neighbours_stay_denied(s, command, reason):
    assert_denied(s.bash(command.replace("{p}", s.project), role="open"), reason)


def test_the_refusal_names_the_cd_the_narrowing_looks_past(s):
    assert_denied(s.bash(f"cd {s.project} && git ls-files | xargs wc -l"), "but one `cd DIR &&`")
