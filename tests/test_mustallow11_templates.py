"""Must-allow: environment templates spelled with `-` or `_` are templates, as `.env.example` is.

The secrets set denies `**/.env-*` and `**/.env_*` (per-environment files: `.env-prod`,
`.env_prod`), and the template exemption knew only the `.env.` spelling: `.env-example`,
`.env_sample` and `.env-prod.example` were refused by every tool although they are the same
templates (hook/denyside.is_template). The files they stand for stay denied, and so does a
template that is a link to the secret. Verdicts only: nothing is executed.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

TEMPLATES = [".env-example", ".env_example", ".env-sample", ".env_sample", ".env-template", ".env_dist",
             ".env-prod.example", ".env_local.sample", "config/.env-example"]
SECRETS = [".env-prod", ".env_prod", ".env-local", ".env_secret", ".env-example.bak", ".env-example~", ".env.example.local"]


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    files = {name: "API_KEY=\n" for name in TEMPLATES + SECRETS}
    files[".env"] = "API_KEY=secret\n"
    return GuardSetup(tmp_path_factory.mktemp("mustallow11_templates"), files=files)


@pytest.mark.parametrize("role", ["reviewer", "builder", "open"])
@pytest.mark.parametrize("name", TEMPLATES)
def test_a_template_is_read_by_tool_and_shell(s, name, role):
    assert_allowed(s.check("Read", {"file_path": s.path(name)}, role=role))
    assert_allowed(s.check("read", {"filePath": name}, role=role, agent="opencode"))
    assert_allowed(s.check("Bash", {"command": f"sed -n '1,50p' {name}"}, role=role, agent="codex", turn_id="t1"))


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_template_is_edited(s, name):
    assert_allowed(s.check("Edit", {"file_path": s.path(name), "old_string": "API_KEY=", "new_string": "API_KEY=\nDEBUG="}))
    assert_allowed(s.bash(f"echo 'DEBUG=' >> {name}"))


@pytest.mark.parametrize("role", ["reviewer", "builder", "open"])
@pytest.mark.parametrize("name", SECRETS + [".env"])
def test_the_files_they_stand_for_stay_denied(s, name, role):
    assert_denied(s.check("Read", {"file_path": s.path(name)}, role=role), "denied by deny-path")


def test_a_template_that_links_to_the_secret_is_denied(tmp_path):
    setup = GuardSetup(tmp_path, files={".env": "API_KEY=secret\n"})
    os.symlink(setup.path(".env"), setup.path(".env-example"))
    assert_denied(setup.bash("cat .env-example"), "deny-path")
    assert_denied(setup.check("Read", {"file_path": setup.path(".env-example")}), "deny-path")
