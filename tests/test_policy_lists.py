"""hook/policy.py splits a token's resources into its rule lists on first use, one list at a
time (a Read never looks at the hundreds of `cmd:` entries a builder token carries). The lists
must be exactly what the wire format says whatever the token holds: order kept, the tag cut at
the first colon only, a bare DENY_ALL standing in each allow list where it stands, other
resource servers' entries and non-strings ignored, the overlay's denials added."""

import pytest

from legant_guard.hook.policy import DENY_ALL, Policy

from conftest import GuardSetup


def _policy(resources, overlay=None, **cnst):
    return Policy({"scope": "fs.read shell.exec", "cnst": dict(resources=resources, **cnst)}, overlay)


def test_each_list_holds_its_tags_values_in_the_tokens_order():
    p = _policy(["cmd:make", "path:.", "deny-cmd:curl", "cmd:go test *", "cmd:x:y:z", "deny-path:~/.ssh",
                 "host:a.example", "deny-host:b.example", "deny-tool:WebFetch", "other-server:cmd:rm"])
    assert p.cmds == ["make", "go test *", "x:y:z"]
    assert (p.paths, p.deny_cmds, p.deny_paths) == (["."], ["curl"], ["~/.ssh"])
    assert (p.hosts, p.deny_hosts, p.deny_tools) == (["a.example"], ["b.example"], ["WebFetch"])


def test_a_bare_deny_all_narrows_every_allow_list_where_it_stands():
    p = _policy(["cmd:make", DENY_ALL, "path:src", "cmd:ls"])
    assert p.cmds == ["make", DENY_ALL, "ls"]
    assert p.paths == [DENY_ALL, "src"] and p.hosts == [DENY_ALL]
    assert p.deny_cmds == [] and p.deny_paths == []


@pytest.mark.parametrize("resources", [["cmd:make", 5, None, {"cmd": "x"}, "deny-cmd:curl", ["cmd:ls"]],
                                       "cmd:make", {"cmd": "make"}])
def test_entries_that_are_not_strings_are_ignored(resources):
    p = _policy(resources)
    assert p.cmds == (["make"] if isinstance(resources, list) else [])
    assert p.deny_cmds == (["curl"] if isinstance(resources, list) else [])


@pytest.mark.parametrize("entry", ["cmd", "cmdmake", "CMD:make", " cmd:make", "cmds:make", "deny-cmd", "path"])
def test_a_tag_counts_only_exactly_before_the_first_colon(entry):
    p = _policy([entry])
    assert p.cmds == [] and p.paths == [] and p.deny_cmds == []


@pytest.mark.parametrize("resources, cmds, deny_cmds", [
    (["cmd:", "cmd:x", "cmd:"], ["", "x", ""], []),
    (["cmd:a\ncmd:evil", "cmd:b"], ["a\ncmd:evil", "b"], []),  # (a line break in an entry: one entry still)
    (["x\ncmd:y", "deny-cmd:\ndeny-cmd:z"], [], ["\ndeny-cmd:z"]),
    (["deny-cmd:curl", "cmd:curl", "deny-cmd:", "cmd:make"], ["curl", "make"], ["curl", ""]),
])
def test_empty_values_neighbours_and_line_breaks_keep_each_entry_whole(resources, cmds, deny_cmds):
    p = _policy(resources)
    assert (p.cmds, p.deny_cmds) == (cmds, deny_cmds)


def test_the_overlay_adds_denials_and_nothing_else():
    p = _policy(["deny-cmd:curl", "cmd:make"], {"deny_cmds": ["wget"], "deny_paths": ["~/.aws"],
                                                "cmds": ["rm"], "paths": ["/"]})
    assert p.deny_cmds == ["curl", "wget"] and p.deny_paths == ["~/.aws"]
    assert p.cmds == ["make"] and p.paths == []


def test_a_list_is_split_only_when_asked_for():
    p = _policy(["cmd:make", "deny-path:.env"])
    with pytest.raises(AttributeError):
        object.__getattribute__(p, "cmds")  # (not split yet)
    assert p.deny_paths == [".env"]
    with pytest.raises(AttributeError):
        object.__getattribute__(p, "cmds")
    assert p.cmds == ["make"] and object.__getattribute__(p, "cmds") == ["make"]
    with pytest.raises(AttributeError):
        p.no_such_list


def test_the_lists_decide_through_the_real_hook(tmp_path):
    s = GuardSetup(tmp_path, files={"src/main.go": "package main\n", ".env": "SECRET=1\n"})
    assert s.check("Read", {"file_path": "src/main.go"}).returncode == 0
    denied = s.check("Read", {"file_path": ".env"})
    assert denied.returncode == 2 and "deny-path" in denied.stderr
    denied = s.check("Bash", {"command": "c\\url http://127.0.0.1:9/"})
    assert denied.returncode == 2 and "curl" in denied.stderr
    assert s.check("Bash", {"command": "make test"}).returncode == 0
