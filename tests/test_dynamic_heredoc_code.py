"""A program fed to an interpreter through a here-document (or here-string) with parts known
only at run time is still checked: what its known text names, and as code built at run time.
Before, such a program reached the interpreter checks as nothing, so under open and operator
`python3 - <<EOF ... open('.claude/settings.json','w').write('$(cat x)') ... EOF` rewrote the
agent's hook config. Verdicts only: nothing here is executed."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

CONFIG_WRITES = [
    ("python3 - <<EOF\nopen('.claude/settings.json','w').write('$(cat x)')\nEOF", ".claude/settings.json"),
    ("python3 <<< \"open('.codex/config.toml','w').write('$(cat x)')\"", ".codex/config.toml"),
    ("python3 <<'PY'\nopen('.claude/settings.json','w').write('x')\nPY", ".claude/settings.json"),  # quoted: literal
    ("cd sub && python3 - <<EOF\nopen('../.claude/settings.json','w').write('$HOME')\nEOF", ".claude/settings.json"),
]
BUILT_WRITES = [
    "python3 - <<EOF\nimport os\np = os.path.join('.cl' + 'aude', 'settings.json')\nopen(p,'w').write('$(cat x)')\nEOF",
    "node - <<EOF\nrequire('fs').writeFileSync('opencode' + '.json', '$(cat x)')\nEOF",
    "perl - <<EOF\nopen(my \\$f, '>', '.op' . 'encode/plugin/x.ts'); print \\$f '$(cat x)';\nEOF",
]


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("heredoc"))
    return setup


@pytest.mark.parametrize("role", ["open", "operator"])
@pytest.mark.parametrize("command,named", CONFIG_WRITES)
def test_a_dynamic_here_document_naming_an_agent_config_is_denied(s, role, command, named):
    assert_denied(s.bash(command, role=role), named, "protected")


@pytest.mark.parametrize("command", BUILT_WRITES)
def test_a_dynamic_here_document_that_writes_is_code_built_at_run_time(s, command):
    assert_denied(s.bash(command, role="operator"), "built at run time")
    assert_denied(s.bash(command, role="open"), "built at run time")


def test_dynamic_here_documents_that_write_nothing_stay_allowed_under_operator(s):
    assert_allowed(s.bash("python3 - <<EOF\nprint('built on $(date)')\nEOF", role="operator"))
    assert_allowed(s.bash("cat <<EOF > notes.txt\nbuilt on $(date)\nEOF", role="operator"))
