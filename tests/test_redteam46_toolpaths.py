"""Red team 46: a path argument of a tool judged by its verb alone.

Claude Code's `Workflow` {script, scriptPath, ...} runs a workflow script that Claude Code reads
from `scriptPath` itself (its changelog: "workflow scripts ... pre-approval file accesses").
Classified as spawning (granted by scope `*`), its `scriptPath` met no path rule: under the open
role a workflow "script" at ~/.ssh/id_rsa or .env was read. The path now meets the deny side.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt46tp"), files={".env": "SECRET=1\n", "flows/build.js": "x\n",
                                                                "~/.ssh/id_rsa": "k\n"})


@pytest.mark.parametrize("script_path, fragment", [
    (".env", ".env is denied by deny-path"),
    ("~/.ssh/id_rsa", "denied by deny-path ~/.ssh"),
])
def test_a_workflow_script_path_meets_the_deny_side(setup, script_path, fragment):
    assert_denied(setup.check("Workflow", {"scriptPath": script_path}, role="open"), fragment)


def test_the_guard_dir_is_no_workflow_script(setup):
    assert_denied(setup.check("Workflow", {"scriptPath": os.path.join(setup.dir, "key.pem")}, role="open"),
                  "protected")


def test_a_workflow_of_the_project_stays_allowed(setup):
    assert_allowed(setup.check("Workflow", {"scriptPath": "flows/build.js"}, role="open"))
    assert_allowed(setup.check("Workflow", {"script": "agent('review')", "name": "review"}, role="open"))
