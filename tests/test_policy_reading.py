"""hook/policy.Policy reads a token's tagged resources into its lists, and finds a program's
command entries in the token's order: the fast paths (a C split of an all-string list, a C
scan of the program words) must give what the plain reading gives, odd tokens included."""

from legant_guard.hook.policy import DENY_ALL, Policy

LISTS = ("paths", "cmds", "hosts", "deny_paths", "deny_cmds", "deny_hosts", "deny_tools")


def _lists(resources):
    p = Policy({"cnst": {"resources": resources}})
    return {name: getattr(p, name) for name in LISTS}


def test_tagged_strings_go_to_their_lists_in_order():
    got = _lists(["cmd:git", "path:/p", "deny-cmd:curl", "cmd:go test ./...", "host:127.0.0.1",
                  "deny-path:~/.ssh", "deny-host:*.example", "deny-tool:WebFetch", "cmd:a:b"])
    assert got == {"paths": ["/p"], "cmds": ["git", "go test ./...", "a:b"], "hosts": ["127.0.0.1"],
                   "deny_paths": ["~/.ssh"], "deny_cmds": ["curl"], "deny_hosts": ["*.example"],
                   "deny_tools": ["WebFetch"]}


def test_untagged_unknown_and_malformed_resources_are_ignored():
    got = _lists(["urn:other:server", "path", "cmd", "nocolon", ":x", "cmd:", "CMD:curl"])
    assert got["cmds"] == [""] and got["paths"] == [] and got["deny_cmds"] == []


def test_what_is_not_a_string_is_skipped_without_losing_the_rest():
    for odd in (5, None, b"cmd:x", ["cmd:x"], {"cmd": "x"}, 1.5, True):
        got = _lists(["cmd:git", odd, "deny-cmd:curl"])
        assert got["cmds"] == ["git"] and got["deny_cmds"] == ["curl"], odd


def test_a_string_subclass_reads_as_its_text():
    class Text(str):
        pass

    assert _lists([Text("cmd:sub"), "cmd:plain"])["cmds"] == ["sub", "plain"]


def test_the_deny_all_sentinel_narrows_every_allow_dimension_in_place():
    got = _lists(["cmd:git", DENY_ALL, "path:/p", "host:h"])
    assert got["cmds"] == ["git", DENY_ALL] and got["paths"] == [DENY_ALL, "/p"] and got["hosts"] == [DENY_ALL, "h"]
    assert got["deny_cmds"] == []


def test_resources_that_are_not_a_list_give_no_rules():
    for odd in ("cmd:git", {"cmd": "git"}, 7):
        assert _lists(odd) == {name: [] for name in LISTS}


def test_a_programs_entries_come_in_the_tokens_order_names_before_patterns():
    p = Policy({"cnst": {"resources": [
        "cmd:mvn*", "cmd:git status", "cmd:make", "cmd:git", "cmd:g?t log", "cmd:git  diff", "cmd:  git push"]}})
    assert p.allow_cmd_entries("git") == ["git status", "git", "git  diff", "  git push", "g?t log"]
    assert p.allow_cmd_entries("mvnw") == ["mvn*"]
    assert p.allow_cmd_entries("GIT") == []  # (the allow side is case-sensitive)
    assert p.allow_cmd_entries("mvn*") == ["mvn*"]  # (a pattern is never also a name)
    assert p.allow_cmd_entries("") == []


def test_the_deny_side_finds_entries_whatever_the_case():
    p = Policy({"cnst": {"resources": ["deny-cmd:curl", "deny-cmd:CURL -T *", "deny-cmd:nc.*", "deny-cmd:wget"]}})
    assert p.deny_cmd_entries("Curl") == [(0, "curl", False), (1, "CURL -T *", True)]
    assert p.deny_cmd_entries("NC.openbsd") == [(2, "nc.*", False)]
    assert p.deny_cmd_entries("git") == []
