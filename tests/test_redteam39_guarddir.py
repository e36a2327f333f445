"""Red team 39 (issue 10, class 4): the guard dir's files are never opened through a link.

The sub-agent token map (LEGANT_GUARD_SUBAGENTS, in the guard dir) picks the token that decides a
sub-agent's calls; it was opened with a plain open(), following a symlink planted in its place
and trusting a file another user owns or may write. It is opened as every guard file is now
(safefile: O_NOFOLLOW, a regular file of ours, writable by nobody else).
"""

import json
import os

from conftest import GuardSetup, assert_allowed, assert_denied, write


def _map(setup, path):
    write(path, json.dumps({"parent": "builder", "subagents": {"*": {"role": "builder", "token": "builder.jwt"}}}))
    os.chmod(path, 0o600)
    return path


def test_a_symlinked_subagent_map_is_refused(tmp_path):
    g = GuardSetup(tmp_path)
    link = os.path.join(g.dir, "subagents-builder.json")
    os.symlink(_map(g, os.path.join(g.root, "elsewhere.json")), link)
    env = g.env("builder", LEGANT_GUARD_SUBAGENTS=link)
    proc = g.check("Read", {"file_path": g.path("x.txt")}, env=env, agent_id="a1", agent_type="Explore")
    assert_denied(proc, "sub-agent token map", "symbolic link")


def test_a_group_writable_subagent_map_is_refused(tmp_path):
    g = GuardSetup(tmp_path)
    path = _map(g, os.path.join(g.dir, "subagents-builder.json"))
    os.chmod(path, 0o660)
    env = g.env("builder", LEGANT_GUARD_SUBAGENTS=path)
    proc = g.check("Read", {"file_path": g.path("x.txt")}, env=env, agent_id="a1", agent_type="Explore")
    assert_denied(proc, "sub-agent token map", "writable by its group")


def test_the_subagent_map_install_writes_still_works(tmp_path):
    import time

    from legant_guard import subagents

    g = GuardSetup(tmp_path, files={"x.txt": "x\n"})
    subagents.mint_children(g.dir, g.project, "builder", {subagents.ANY: "reviewer"}, int(time.time()))
    env = g.env("builder", LEGANT_GUARD_SUBAGENTS=subagents.map_path(g.dir, "builder"))
    assert_allowed(g.check("Read", {"file_path": g.path("x.txt")}, env=env, agent_id="a1", agent_type="Explore"))
    assert_denied(g.check("Write", {"file_path": g.path("y.txt"), "content": "y"}, env=env, agent_id="a1",
                          agent_type="Explore"), "needs capability fs.write")
