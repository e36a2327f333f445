"""Editing the deny-only overlay: sorted, de-duplicated, atomic, locked, never over a corrupt file."""

import json
import os
import subprocess
import sys

import pytest

from legant_guard.overlay import OverlayError, edit_overlay, load_overlay


def test_entries_are_sorted_deduplicated_and_normalised(tmp_path):
    path = tmp_path / "overlay.json"
    edit_overlay(path, add={"deny_cmds": ["terraform", "kubectl", "terraform"], "deny_hosts": ["Example.COM."]})
    doc = json.loads(path.read_text())
    assert doc == {"deny_cmds": ["kubectl", "terraform"], "deny_hosts": ["example.com"], "deny_paths": [], "deny_tools": []}
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert load_overlay(path)["deny_cmds"] == ["kubectl", "terraform"]


def test_remove_only_removes_the_named_entries(tmp_path):
    path = tmp_path / "overlay.json"
    edit_overlay(path, add={"deny_cmds": ["terraform", "kubectl"], "deny_paths": ["secrets/"]})
    before, after = edit_overlay(path, remove={"deny_cmds": ["terraform", "not-there"]})
    assert before["deny_cmds"] == ["kubectl", "terraform"]
    assert after["deny_cmds"] == ["kubectl"] and after["deny_paths"] == ["secrets"]


def test_remove_matches_hand_written_entries_in_normal_form(tmp_path):
    path = tmp_path / "overlay.json"
    path.write_text(json.dumps({"deny_paths": ["./secrets/"], "deny_hosts": ["Evil.COM."]}))
    _, after = edit_overlay(path, remove={"deny_paths": ["secrets"], "deny_hosts": ["evil.com"]})
    assert after["deny_paths"] == [] and after["deny_hosts"] == []


def test_corrupt_overlay_is_never_overwritten(tmp_path):
    path = tmp_path / "overlay.json"
    path.write_text('{"deny_cmds": ["terraform"')
    with pytest.raises(OverlayError, match="not valid JSON; repair it or delete it"):
        edit_overlay(path, add={"deny_cmds": ["kubectl"]})
    assert path.read_text() == '{"deny_cmds": ["terraform"'


def test_empty_value_is_refused(tmp_path):
    with pytest.raises(OverlayError, match="--cmd"):
        edit_overlay(tmp_path / "overlay.json", add={"deny_cmds": ["  "]})


_WORKER = """
import sys
from legant_guard.overlay import edit_overlay
path, who = sys.argv[1], sys.argv[2]
for i in range(20):
    edit_overlay(path, add={"deny_cmds": [f"{who}-{i}"]})
"""


def test_concurrent_edits_never_lose_one(tmp_path):
    path = tmp_path / "overlay.json"
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, str(path), f"w{w}"]) for w in range(6)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 6
    assert len(load_overlay(path)["deny_cmds"]) == 120
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]
