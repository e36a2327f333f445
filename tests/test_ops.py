"""The domain operations (legant_guard.ops) are click-free; a command shows an operation's
OpError as its own error: one `Error:` line that says what to do, exit 1, no traceback.
The panel and the demo call the same operations without click."""

import os
import subprocess
import sys

import pytest

from conftest import GuardSetup, clean_env, run_legant

from legant_guard.ops import OpError, installation, revocation


@pytest.mark.parametrize("verb", [["status"], ["uninstall"], ["install", "--tool", "claude-code"], ["doctor"]])
def test_a_missing_project_is_one_error_line(tmp_path, verb):
    missing = str(tmp_path / "nowhere")
    proc = run_legant(["guard"] + verb + ["--project", missing], env=clean_env(home=tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"Error: project {missing} is not a directory"
    assert "Traceback" not in proc.stdout + proc.stderr
    with pytest.raises(OpError, match="is not a directory"):
        installation.context(missing, None)


def test_a_corrupt_feed_is_not_republished_and_says_how_to_recover(tmp_path):
    s = GuardSetup(tmp_path)
    feed = os.path.join(s.dir, "feed.jwt")
    with open(feed, "w") as f:
        f.write("not a feed\n")
    proc = run_legant(["guard", "revoke", "--jti", "0" * 32, "--dir", s.dir], env=clean_env(home=s.home))
    assert proc.returncode == 1 and proc.stderr.startswith("Error: the feed ") and "is corrupt" in proc.stderr
    assert "Traceback" not in proc.stderr
    with open(feed) as f:
        assert f.read() == "not a feed\n"
    with pytest.raises(OpError, match="Restore it from a backup"):
        revocation.publish(s.dir, ["1" * 32])


def test_the_panel_and_the_demo_reach_the_operations_without_click():
    code = ("import sys, legant_guard.demo, legant_guard.ui.server, legant_guard.ui.controls;"
            "print(sorted(m for m in sys.modules if m == 'click' or m.startswith('legant_guard.commands')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
