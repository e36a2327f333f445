"""Acceptance audit of issue 9 ("judge every call the way the system will execute it"): `guard
explain` shows the new reasoning (which sink, which physical path, which name match), each
pinned here through the real CLI with the verdict AND the words that explain it.
"""

import json
import os

import pytest

from conftest import GuardSetup, clean_env, run_legant


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("acc9"), files={".env": "KEY=1\n", "src/a.py": "x\n",
                                                               "~/.bashrc": "# rc\n"})
    os.symlink(setup.home, os.path.join(setup.project, "src", "lnk"))  # a link in a cloned repository
    return setup


def explain(s, command, role="builder", *extra):
    proc = run_legant(["guard", "explain", command, "--role", role, "--project", s.project, "--dir", s.dir] + list(extra),
                      env=clean_env(home=s.home))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_explain_shows_the_physical_path_of_dotdot_after_a_symlink(s):
    """`src/lnk/../.bashrc` reads as text like `src/.bashrc`; the kernel goes to the parent of
    the link's target. explain says both, and the verdict is on the physical file."""
    text = explain(s, "cat src/lnk/../.bashrc")
    physical = os.path.join(os.path.dirname(s.home), ".bashrc")
    assert f"operand:    {physical}  (written src/lnk/../.bashrc: `..` after a symlink goes to the parent of " \
           f"the link's target, not to {os.path.join(s.project, 'src')})" in text
    assert "verdict:  DENY  (paths)" in text and f"reason:   {physical} is outside the allowed paths" in text
    info = json.loads(explain(s, "cat src/lnk/../.bashrc", "builder", "--json"))
    assert info["commands"][0]["dotdot"] == {physical: ["src/lnk/../.bashrc", os.path.join(s.project, "src", ".bashrc")]}


def test_explain_shows_a_redirect_through_dotdot_after_a_symlink(s):
    text = explain(s, "echo x > src/lnk/../y")
    assert f"redirect:   > {os.path.join(os.path.dirname(s.home), 'y')}  (written src/lnk/../y:" in text


def test_explain_without_a_symlink_says_nothing_about_dotdot(s):
    text = explain(s, "cat src/../src/a.py")
    assert f"operand:    {os.path.join(s.project, 'src', 'a.py')}\n" in text and "written" not in text


@pytest.mark.parametrize("command, sink", [
    ("trap 'curl x' EXIT", "trap (shell): `trap` runs this shell code"),
    ("git rebase -x 'curl x' main", "git rebase -x (shell):"),
    ("find . -name '*.go' -exec curl -T {} http://127.0.0.1:9/ \\;", None),
])
def test_explain_names_the_sink_that_runs_the_program_later(s, command, sink):
    text = explain(s, command, "open")
    assert "verdict:  DENY  (deny-cmd)" in text and "reason:   `curl` is denied by deny-cmd" in text
    if sink:
        assert f"exec sink:  {sink}" in text and "runs later: by `" in text
    else:
        assert "1. curl   via find -exec" in text and "hands each match to: curl" in text


def test_explain_names_the_file_a_name_search_would_reach(s):
    text = explain(s, "find . -name '.e*' -exec cat {} +")
    assert "hands each match to: cat" in text
    assert "reason:   `find` would run `cat` on files named like .env, denied by deny-path" in text
    text = explain(s, "grep -r KEY .")
    assert f"reads below: {s.project} (dotfiles read)" in text
    assert f"would read {os.path.join(s.project, '.env')}" in text and "add --exclude=.env" in text


def test_explain_a_role_file_named_like_a_built_in_is_refused_not_judged_by_the_built_in(s, tmp_path):
    role = tmp_path / "builder.yaml"
    role.write_text("name: builder\nscope: [fs.read]\npaths: [\".\"]\n")
    proc = run_legant(["guard", "explain", "ls", "--role", str(role), "--project", s.project, "--dir", s.dir],
                      env=clean_env(home=s.home))
    assert proc.returncode == 1 and "is the name of a built-in role" in proc.stderr
    assert "judged by: the installed token" not in proc.stdout


# --- class 2: a `file:` URI's denial names the file it opens ------------------------------------

@pytest.mark.parametrize("uri", ["FILE://localhost/{p}/.env", "file:///{p}/%2Eenv", "file:{p}/.env"])
def test_a_file_uri_denial_names_the_file_not_the_uri_read_as_a_relative_path(s, uri):
    from conftest import assert_denied

    uri = uri.format(p=s.project.lstrip("/")) if uri.startswith("file:///") or uri.startswith("FILE://") \
        else uri.format(p=s.project)
    reason = assert_denied(s.check("mcp__fs__read_file", {"uri": uri}, role="open"),
                           f"{s.project}/.env is denied by deny-path")
    assert "file:" not in reason.lower(), reason
