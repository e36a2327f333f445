"""Minting and child attenuation: a child is never wider than its parent, and asking is not getting."""

import os

import pytest

from legant_guard.delegation.claims import DENY_ALL, lineage, provenance, resource_values, verify_token
from legant_guard.delegation.mint import AttenuationError, attenuate, mint_token, new_jti

ISS = "https://legant.local"
AUD = "legant:claude-code"
NOW = 1_800_000_000.0


@pytest.fixture
def root(pem, keys):
    def make(scope=("fs.read", "fs.write", "shell.exec"), cnst=None, ttl=3600, actor="agent:builder", **kw):
        tok = mint_token(pem, "k1", issuer=ISS, audience=AUD, sub="user:alice", actor=actor, scope=scope, cnst=cnst, ttl_seconds=ttl, now=NOW, **kw)
        return verify_token(tok, keys, ISS, AUD, NOW)

    return make


@pytest.fixture
def child(pem, keys):
    def make(parent, agent="agent:doc-writer", scopes="fs.read", **kw):
        kw.setdefault("now", NOW)
        tok = attenuate(parent, pem, "k1", agent=agent, scopes=scopes, **kw)
        return verify_token(tok, keys, ISS, AUD, NOW)

    return make


def refused(parent, pem, match, agent="agent:doc-writer", scopes="fs.read", **kw):
    kw.setdefault("now", NOW)
    with pytest.raises(AttenuationError) as e:
        attenuate(parent, pem, "k1", agent=agent, scopes=scopes, **kw)
    assert match in str(e.value), str(e.value)
    return str(e.value)


# ---- minting --------------------------------------------------------------------


def test_new_jti_is_32_lowercase_hex_and_random():
    ids = {new_jti() for _ in range(100)}
    assert len(ids) == 100 and all(len(j) == 32 and int(j, 16) >= 0 and j == j.lower() for j in ids)


def test_mint_writes_the_wire_format(root):
    c = root(cnst={"resources": ["path:/p"]}, nbf=NOW - 5)
    assert c["aud"] == [AUD] and c["act"] == {"sub": "agent:builder"} and c["sub"] == "user:alice"
    assert c["scope"] == "fs.read fs.write shell.exec" and c["cnst"] == {"resources": ["path:/p"]}
    assert (c["iat"], c["exp"], c["nbf"]) == (int(NOW), int(NOW) + 3600, int(NOW) - 5)
    assert "anc" not in c and lineage(c) == [c["jti"]]


def test_mint_star_scope(root):
    assert root(scope="*")["scope"] == "*"


@pytest.mark.parametrize("bad", [dict(sub=""), dict(actor=""), dict(scope=[]), dict(scope=["fs read"]), dict(ttl_seconds=0)])
def test_mint_refuses_incomplete_tokens(pem, bad):
    from legant_guard.delegation.errors import DelegationError

    args = dict(issuer=ISS, audience=AUD, sub="user:a", actor="agent:b", scope="fs.read", cnst=None, ttl_seconds=60, now=NOW)
    args.update(bad)
    with pytest.raises(DelegationError):
        mint_token(pem, "k1", **args)


# ---- scopes ---------------------------------------------------------------------


def test_child_with_a_subset_of_scopes(root, child):
    c = child(root(), scopes=["fs.read", "shell.exec"])
    assert c["scope"] == "fs.read shell.exec"


def test_child_asking_for_more_scopes_is_refused_not_trimmed(root, pem):
    msg = refused(root(scope=["fs.read"]), pem, "asked for fs.write net.fetch", scopes="fs.read fs.write net.fetch")
    assert "parent grants only fs.read" in msg


def test_child_asking_for_star_under_explicit_scopes_is_refused(root, pem):
    refused(root(), pem, "asked for *", scopes="*")


def test_star_parent_may_grant_explicit_verbs_or_star(root, child):
    p = root(scope="*")
    assert child(p, scopes="net.fetch mcp.call")["scope"] == "net.fetch mcp.call"
    assert child(p, scopes="*")["scope"] == "*"


def test_child_with_no_scopes_is_refused(root, pem):
    refused(root(), pem, "no scopes", scopes=[])


# ---- actor chain, lineage, expiry ---------------------------------------------------


def test_child_extends_the_actor_chain_and_records_ancestors(root, child):
    r = root()
    c1 = child(r, agent="agent:a")
    c2 = child(c1, agent="agent:b")
    assert c2["act"] == {"sub": "agent:b", "act": {"sub": "agent:a", "act": {"sub": "agent:builder"}}}
    assert provenance(c2) == "user:alice -> agent:builder -> agent:a -> agent:b"
    assert c2["anc"] == [r["jti"], c1["jti"]]
    assert lineage(c2) == [r["jti"], c1["jti"], c2["jti"]]
    assert (c2["iss"], c2["sub"], c2["aud"]) == (ISS, "user:alice", [AUD])
    assert len({r["jti"], c1["jti"], c2["jti"]}) == 3


def test_chain_of_five_is_allowed_six_is_refused(root, child, pem):
    c = root()
    for i in range(4):
        c = child(c, agent=f"agent:n{i}")
    assert len(lineage(c)) == 5
    assert refused(c, pem, "6 links; at most 5", agent="agent:n9")


def test_same_agent_twice_is_refused(root, child, pem):
    c = child(root(), agent="agent:a")
    refused(c, pem, "agent `agent:builder` is already in the delegation chain", agent="agent:builder")
    refused(c, pem, "already in the delegation chain", agent="agent:a")


def test_child_expiry_is_clamped_to_the_parent(root, child):
    p = root(ttl=600)
    assert child(p, ttl_seconds=99999)["exp"] == p["exp"]
    assert child(p, ttl_seconds=60)["exp"] == int(NOW) + 60
    assert child(p)["exp"] == p["exp"]


def test_child_of_an_expired_parent_is_refused(root, pem):
    refused(root(ttl=60), pem, "parent token expired", now=NOW + 61)


def test_child_inherits_the_parents_not_before(root, child):
    assert child(root(nbf=NOW - 1))["nbf"] == int(NOW) - 1


def test_parent_without_act_or_jti_is_refused(root, pem):
    p = root()
    refused({k: v for k, v in p.items() if k != "act"}, pem, "not a delegation token")
    refused({k: v for k, v in p.items() if k != "jti"}, pem, "no `jti`")


# ---- allow lists ------------------------------------------------------------------


def test_allow_lists_intersect(root, child):
    p = root(cnst={"tools": ["Read", "Grep", "Bash"], "resources": ["cmd:ls", "cmd:git", "host:github.com"]})
    c = child(p, narrow_tools=["Read", "Write"], narrow_cmds=["git", "curl"], narrow_hosts=["api.github.com", "evil.com"])
    assert c["cnst"]["tools"] == ["Read"]
    assert resource_values(c["cnst"], "cmd") == ["git"]
    assert resource_values(c["cnst"], "host") == ["api.github.com"]


def test_disjoint_lists_give_the_deny_all_sentinel_never_empty(root, child):
    p = root(cnst={"tools": ["Read"], "resources": ["cmd:ls", "host:github.com"]})
    c = child(p, narrow_tools=["Write"], narrow_cmds=["curl"], narrow_hosts=["evil.com"])
    assert c["cnst"]["tools"] == [DENY_ALL]
    assert resource_values(c["cnst"], "cmd") == [DENY_ALL]
    assert resource_values(c["cnst"], "host") == [DENY_ALL]
    assert "cmd:\x00legant:deny-all" in c["cnst"]["resources"]


def test_sentinel_survives_further_attenuation(root, child):
    p = child(root(cnst={"resources": ["cmd:ls"]}), agent="agent:a", narrow_cmds=["rm"])
    c = child(p, agent="agent:b", narrow_cmds=["ls"])  # cannot re-open what the parent closed
    assert resource_values(c["cnst"], "cmd") == [DENY_ALL]
    assert resource_values(child(p, agent="agent:c")["cnst"], "cmd") == [DENY_ALL]


def test_child_that_narrows_nothing_inherits_the_parents_lists(root, child):
    cnst = {"tools": ["Read"], "resources": ["path:/p", "cmd:ls", "host:x.com"]}
    assert child(root(cnst=cnst))["cnst"] == cnst


def test_unrestricted_parent_takes_the_childs_list(root, child):
    c = child(root(), narrow_cmds=["ls"], narrow_tools=["Read"], narrow_hosts=["x.com"], narrow_paths=["/p"])
    assert c["cnst"] == {"tools": ["Read"], "resources": ["path:/p", "cmd:ls", "host:x.com"]}


def test_glob_lists_only_narrow(root, child):
    p = root(cnst={"tools": ["mcp__github__*"]})
    assert child(p, narrow_tools=["mcp__github__get_issue", "mcp__slack__post"])["cnst"]["tools"] == ["mcp__github__get_issue"]
    # a wider pattern intersects to the parent's own pattern, never to itself
    assert child(p, narrow_tools=["mcp__*"])["cnst"]["tools"] == ["mcp__github__*"]
    assert child(p, narrow_tools=["mcp__github__get_*"])["cnst"]["tools"] == ["mcp__github__get_*"]
    assert child(root(cnst={"tools": ["mcp__a?"]}), narrow_tools=["mcp__a*"])["cnst"]["tools"] == ["mcp__a?"]
    # neither pattern provably inside the other: nothing is granted (never the wider one)
    assert child(root(cnst={"tools": ["a?"]}), narrow_tools=["ab*"])["cnst"]["tools"] == [DENY_ALL]


def test_host_wildcards_only_narrow(root, child):
    p = root(cnst={"resources": ["host:*.example.com"]})
    assert resource_values(child(p, narrow_hosts=["example.com"])["cnst"], "host") == ["*.example.com"]
    assert resource_values(child(p, narrow_hosts=["example.org"])["cnst"], "host") == [DENY_ALL]
    assert resource_values(child(p, narrow_hosts=["API.example.com."])["cnst"], "host") == ["API.example.com."]
    q = root(cnst={"resources": ["host:api.example.com"]})
    assert resource_values(child(q, narrow_hosts=["example.com"])["cnst"], "host") == ["api.example.com"]


def test_narrowed_path_root_inside_the_parents_root(root, child, tmp_path):
    (tmp_path / "docs").mkdir()
    p = root(cnst={"resources": [f"path:{tmp_path}"]})
    c = child(p, narrow_paths=[str(tmp_path / "docs"), str(tmp_path / "src" / "**" / "*.py")])
    assert resource_values(c["cnst"], "path") == [str(tmp_path / "docs"), str(tmp_path / "src" / "**" / "*.py")]


@pytest.mark.parametrize(
    "asked",
    ["/", "/etc", "{p}/../etc", "{p}2", "{p}/../{name}2/x", "{p}*", "relative/dir"],
)
def test_wider_or_outside_path_root_is_refused(root, pem, tmp_path, asked):
    p = root(cnst={"resources": [f"path:{tmp_path}"]})
    asked = asked.format(p=tmp_path, name=tmp_path.name)
    refused(p, pem, "is not inside the parent's path roots", narrow_paths=[asked])


def test_path_root_through_a_symlink_out_of_the_parent_is_refused(root, pem, tmp_path):
    proj, outside = tmp_path / "proj", tmp_path / "outside"
    proj.mkdir()
    outside.mkdir()
    os.symlink(outside, proj / "link")
    p = root(cnst={"resources": [f"path:{proj}"]})
    refused(p, pem, "is not inside", narrow_paths=[str(proj / "link" / "x")])


def test_relative_path_roots_narrow_lexically(root, child, pem):
    p = root(cnst={"resources": ["path:."]})
    assert resource_values(child(p, narrow_paths=["src"])["cnst"], "path") == ["src"]
    refused(p, pem, "not inside", narrow_paths=["../other"])
    refused(p, pem, "not inside", narrow_paths=["/abs"])  # cannot be proven without the session dir
    q = root(cnst={"resources": ["path:src"]})
    refused(q, pem, "not inside", narrow_paths=["src/../lib"])


def test_glob_parent_root_only_accepts_itself(root, child, pem):
    p = root(cnst={"resources": ["path:/p/**/docs"]})
    refused(p, pem, "not inside", narrow_paths=["/p/x/docs/y"])
    assert resource_values(child(p, narrow_paths=["/p/**/docs"])["cnst"], "path") == ["/p/**/docs"]


def test_paths_under_a_fully_denied_parent_are_refused(root, pem):
    refused(root(cnst={"resources": [DENY_ALL]}), pem, "allows no paths", narrow_paths=["/p"])


def test_bare_sentinel_and_untagged_resources_are_kept(root, child):
    cnst = {"resources": ["https://finance.example/", DENY_ALL]}
    # a bare sentinel closes every allow dimension: asking for a command cannot re-open it
    c = child(root(cnst=cnst), narrow_cmds=["ls"])
    assert c["cnst"]["resources"] == ["https://finance.example/", DENY_ALL]
    assert resource_values(c["cnst"], "cmd") == [DENY_ALL]
    assert child(root(cnst=cnst))["cnst"]["resources"] == cnst["resources"]


# ---- deny rules -------------------------------------------------------------------


def test_deny_rules_are_inherited_and_may_grow(root, child):
    p = root(cnst={"resources": ["deny-path:.env", "deny-cmd:curl", "deny-host:evil.com", "deny-tool:WebFetch"]})
    c = child(p, deny_paths=["secrets/"], deny_cmds=["curl", "wget"], deny_hosts=["x.com"], deny_tools=["mcp__*"])
    assert resource_values(c["cnst"], "deny-path") == [".env", "secrets/"]
    assert resource_values(c["cnst"], "deny-cmd") == ["curl", "wget"]
    assert resource_values(c["cnst"], "deny-host") == ["evil.com", "x.com"]
    assert resource_values(c["cnst"], "deny-tool") == ["WebFetch", "mcp__*"]


def test_child_cannot_smuggle_the_sentinel_or_empty_rules(root, pem):
    refused(root(), pem, "invalid", narrow_cmds=[DENY_ALL])
    refused(root(), pem, "invalid", deny_paths=[""])


# ---- time window, rate, amount, tripwires, other keys ----------------------------------


def test_time_windows_in_the_same_tz_intersect(root, child):
    p = root(cnst={"time_window": {"weekdays": [1, 2, 3, 4, 5], "start_min": 480, "end_min": 1080, "tz": "Europe/Paris"}})
    c = child(p, time_window={"weekdays": [5, 6], "start_min": 600, "end_min": 1200, "tz": "Europe/Paris"})
    assert c["cnst"]["time_window"] == {"weekdays": [5], "start_min": 600, "end_min": 1080, "tz": "Europe/Paris"}


def test_disjoint_time_windows_allow_no_time(root, child):
    p = root(cnst={"time_window": {"weekdays": [1], "start_min": 0, "end_min": 100}})
    tw = child(p, time_window={"weekdays": [2], "start_min": 200, "end_min": 300, "tz": "UTC"})["cnst"]["time_window"]
    assert tw["weekdays"] == [-1] and tw["start_min"] > tw["end_min"]


def test_time_windows_in_different_tz_are_refused(root, pem):
    p = root(cnst={"time_window": {"start_min": 0, "end_min": 600, "tz": "Europe/Paris"}})
    refused(p, pem, "different time zones", time_window={"start_min": 0, "end_min": 60, "tz": "America/New_York"})


def test_parent_time_window_is_inherited(root, child):
    tw = {"start_min": 1, "end_min": 2}
    assert child(root(cnst={"time_window": tw}))["cnst"]["time_window"] == tw


@pytest.mark.parametrize("tw", [{"start_min": 10, "end_min": 5}, {"start_min": 0, "end_min": 1440}, {"weekdays": [7], "end_min": 5}, "9-5"])
def test_malformed_child_window_is_refused(root, pem, tw):
    refused(root(), pem, "time_window", time_window=tw)


def test_smaller_rate_and_amount_win(root, child):
    p = root(cnst={"rate": {"max_per_hour": 10}, "max_amount": 100})
    assert child(p, max_per_hour=50, max_amount=20)["cnst"] == {"rate": {"max_per_hour": 10}, "max_amount": 20}
    assert child(p, max_per_hour=5, max_amount=500)["cnst"] == {"rate": {"max_per_hour": 5}, "max_amount": 100}
    assert child(p)["cnst"] == {"rate": {"max_per_hour": 10}, "max_amount": 100}


def test_tripwires_off_can_only_be_dropped(root, child):
    op = root(scope="*", cnst={"tripwires": "catastrophic", "role": "operator"})
    assert child(op)["cnst"] == {"tripwires": "catastrophic", "role": "operator"}
    assert child(op, tripwires_on=True)["cnst"] == {"role": "operator"}
    # a parent with tripwires on cannot have a child with them off: there is no way to ask
    assert "tripwires" not in (child(root(cnst={"role": "builder"}))["cnst"])


def test_unknown_cnst_keys_are_copied(root, child):
    cnst = {"categories": ["travel"], "role": "builder", "future_rule": {"x": [1]}}
    assert child(root(cnst=cnst))["cnst"] == cnst


def test_child_token_verifies_and_carries_only_the_narrowed_authority(root, child):
    p = root(scope="*", cnst={"resources": ["path:/p", "deny-cmd:curl"], "role": "open"})
    c = child(p, scopes="fs.read", narrow_paths=["/p/docs"], deny_tools=["Bash"])
    assert c["scope"] == "fs.read"
    assert c["cnst"] == {"resources": ["path:/p/docs", "deny-cmd:curl", "deny-tool:Bash"], "role": "open"}
