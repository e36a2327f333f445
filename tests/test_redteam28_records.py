"""Red team 28 (issue 10 items 4-8, rt10i): the guard's own records tampered with between hook
calls, then more calls, then `guard audit verify` / `guard rules`.

Found and fixed here: a head file made longer than its fixed size (any program appending to
it) stayed unreadable after the next append's overwrite of its first bytes, so every later
call wrote another `chain-break` note about the same, single tamper (the trail doubled, and a
real later break was lost among them). The head is cut back to its size now.

The other sequences held; they are kept as regression tests: a truncated, emptied, deleted or
edited trail, a torn last line, a head replaced by a link, a trail that is a FIFO or has a
second name, concurrent appends racing a truncation, a rolled-back feed with its state file
deleted, and an overlay emptied or misspelled while the setup records its entries.
"""

import json
import os
import shutil
import threading

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, run_legant


@pytest.fixture
def g(tmp_path):
    return GuardSetup(tmp_path)


def _trail(g):
    return os.path.join(g.dir, "audit.jsonl")


def _calls(g, n, role="operator"):
    for _ in range(n):
        assert_allowed(g.bash("ls", role=role))


def _verify(g):
    proc = run_legant(["guard", "audit", "verify", "--dir", g.dir])
    return proc.returncode, proc.stdout + proc.stderr


def _events(g):
    out = []
    with open(_trail(g)) as f:
        for line in f:
            try:
                out.append(json.loads(line).get("event"))
            except ValueError:
                out.append("(not a record)")
    return out


def test_a_lengthened_head_is_noted_once_and_cut_back(g):
    _calls(g, 2)
    with open(_trail(g) + ".head", "a") as f:
        f.write("x" * 300 + "\n")
    _calls(g, 4)
    assert _events(g).count("chain-break") == 1
    assert os.path.getsize(_trail(g) + ".head") == 128
    code, out = _verify(g)
    assert code == 1 and "head is unreadable" in out


def test_a_head_cut_short_is_noted_once(g):
    _calls(g, 2)
    with open(_trail(g) + ".head", "r+") as f:
        f.truncate(40)
    _calls(g, 3)
    assert _events(g).count("chain-break") == 1
    assert _verify(g)[0] == 1


@pytest.mark.parametrize("later", [1, 5])
def test_an_emptied_trail_stays_reported_after_later_calls(g, later):
    _calls(g, 3)
    open(_trail(g), "w").close()
    _calls(g, later)
    code, out = _verify(g)
    assert code == 1 and "truncated or deleted" in out


def test_a_deleted_trail_and_head_stay_reported(g):
    _calls(g, 3)
    os.unlink(_trail(g))
    os.unlink(_trail(g) + ".head")
    # (red team #45) the feed's high-water mark went with them: refused until a newer feed is published
    assert_denied(g.bash("ls", role="operator"), "cannot be told from an older copy", "revoke --refresh")
    assert run_legant(["guard", "revoke", "--refresh", "--dir", g.dir]).returncode == 0
    _calls(g, 4)
    code, out = _verify(g)
    assert code == 1 and "deleted" in out


def test_records_cut_off_the_end_are_reported(g):
    _calls(g, 5)
    with open(_trail(g)) as f:
        lines = f.readlines()
    with open(_trail(g), "w") as f:
        f.writelines(lines[:2])
    _calls(g, 2)
    code, out = _verify(g)
    assert code == 1 and "cut off" in out


def test_an_edited_record_is_named_after_later_calls(g):
    _calls(g, 3)
    with open(_trail(g)) as f:
        lines = f.readlines()
    lines[1] = lines[1].replace('"ls"', '"id"')
    with open(_trail(g), "w") as f:
        f.writelines(lines)
    _calls(g, 3)
    code, out = _verify(g)
    assert code == 1 and "line 2" in out and "edited" in out


def test_a_torn_line_is_repaired_and_a_later_edit_still_caught(g):
    _calls(g, 2)
    with open(_trail(g), "a") as f:
        f.write('{"seq": 3, "tool": "Ba')  # a crash mid-write
    _calls(g, 2)
    assert "repair" in _events(g)
    code, out = _verify(g)
    assert code == 1 and "torn write" in out
    with open(_trail(g)) as f:
        lines = f.readlines()
    lines[-1] = lines[-1].replace('"operator"', '"reviewer"') if '"operator"' in lines[-1] else lines[-1][:-3] + ' }\n'
    with open(_trail(g), "w") as f:
        f.writelines(lines)
    code, out = _verify(g)
    assert code == 1 and ("edited" in out or "does not match" in out or "not the one" in out)


def test_a_head_replaced_by_a_link_is_refused_not_followed(g, tmp_path):
    _calls(g, 1)
    decoy = tmp_path / "decoy.head"
    shutil.copy(_trail(g) + ".head", decoy)
    os.unlink(_trail(g) + ".head")
    os.symlink(decoy, _trail(g) + ".head")
    before = decoy.read_bytes()
    proc = g.bash("ls", role="operator")
    assert_denied(proc)
    assert decoy.read_bytes() == before  # (never written through the link)


def test_a_trail_that_is_a_fifo_is_refused_at_once(g):
    os.mkfifo(_trail(g) + ".tmp")
    os.replace(_trail(g) + ".tmp", _trail(g)) if os.path.exists(_trail(g)) else os.rename(_trail(g) + ".tmp",
                                                                                           _trail(g))
    assert_denied(g.bash("ls", role="operator"), "audit")


def test_a_trail_with_a_second_name_is_refused(g, tmp_path):
    _calls(g, 1)
    os.link(_trail(g), tmp_path / "other-name")
    assert_denied(g.bash("ls", role="operator"), "audit")


def test_concurrent_appends_racing_a_truncation_leave_evidence(g):
    from legant_guard.hook import audit

    path = _trail(g)
    errors = []

    def writer(k):
        try:
            for i in range(25):
                audit.append(path, {"tool": "Bash", "target": f"w{k}-{i}", "decision": "allow"}, started=True)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    code, out = _verify(g)
    assert code == 0 and "100 records" in out
    with open(path, "r+") as f:  # another process cuts the trail between two appends
        f.truncate(os.path.getsize(path) // 2)
    threads = [threading.Thread(target=writer, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _verify(g)[0] == 1


def test_a_rolled_back_feed_is_refused_after_its_state_file_is_deleted(g):
    feed = os.path.join(g.dir, "feed.jwt")
    old = open(feed).read()
    assert run_legant(["guard", "revoke", "--dir", g.dir, "--jti", "0" * 32]).returncode == 0
    _calls(g, 1)  # (the hook saw the new version)
    os.unlink(os.path.join(g.dir, "feed-state.json"))
    with open(feed, "w") as f:
        f.write(old)
    assert_denied(g.bash("ls", role="operator"), "feed")


def test_an_emptied_overlay_is_refused_while_the_setup_records_its_entries(g):
    assert run_legant(["guard", "deny", "--dir", g.dir, "--cmd", "terraform"]).returncode == 0
    assert_denied(g.bash("terraform plan", role="operator"), "terraform")
    with open(os.path.join(g.dir, "overlay.json"), "w") as f:
        f.write('{"deny_paths": [], "deny_cmds": [], "deny_hosts": [], "deny_tools": []}\n')
    assert_denied(g.bash("ls", role="operator"), "lost", "terraform")
    proc = run_legant(["guard", "rules", "--dir", g.dir])
    assert "terraform" in proc.stdout + proc.stderr


@pytest.mark.parametrize("key", ["deny_cmd", "Deny_cmds", "deny-cmds", "deny_cmds "])
def test_a_misspelled_overlay_key_is_refused(g, key):
    with open(os.path.join(g.dir, "overlay.json"), "w") as f:
        json.dump({key: ["terraform"]}, f)
    assert_denied(g.bash("ls", role="operator"), "unknown key")


def test_an_overlay_with_a_duplicated_key_cannot_hide_an_entry(g):
    assert run_legant(["guard", "deny", "--dir", g.dir, "--cmd", "terraform"]).returncode == 0
    with open(os.path.join(g.dir, "overlay.json"), "w") as f:
        f.write('{"deny_cmds": ["terraform"], "deny_cmds": []}\n')
    assert_denied(g.bash("ls", role="operator"), "terraform")


def test_a_rolled_back_feed_is_refused_with_state_and_record_both_rewritten(g):
    feed = os.path.join(g.dir, "feed.jwt")
    old = open(feed).read()
    assert run_legant(["guard", "revoke", "--dir", g.dir, "--jti", "1" * 32]).returncode == 0
    _calls(g, 2)  # (the hook saw the new version: the audit head and records carry it)
    os.unlink(os.path.join(g.dir, "feed-state.json"))
    setup = os.path.join(g.dir, "setup.json")
    with open(setup) as f:
        record = json.load(f)
    record["feed_ver"] = 0
    with open(setup, "w") as f:
        json.dump(record, f)
    with open(feed, "w") as f:
        f.write(old)
    assert_denied(g.bash("ls", role="operator"), "feed")


def test_a_head_cut_and_its_trail_rewritten_to_match_still_leaves_the_record(g):
    # the setup record noted that the trail had records: emptying both is reported
    _calls(g, 3)
    open(_trail(g), "w").close()
    with open(_trail(g) + ".head", "w") as f:
        f.write('{"feed_ver":0,"hash":"%s","seq":0,"setup":1}' % ("0" * 64))
    _calls(g, 2)
    code, out = _verify(g)
    assert code == 1 and ("head rewritten" in out or "deleted" in out)
