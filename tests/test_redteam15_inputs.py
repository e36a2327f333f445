"""Red team 15 (issue 10, also found, rt10f): what the event carries.

- A lone UTF-16 surrogate (`"\\udc80"` in the event's JSON): Python took it for the byte 0x80
  (surrogateescape) and judged `x\\x80`, while the agents' runtimes (Node, Bun) write it as
  U+FFFD when they open the file or hand the command to bash: `Read x\\udc80` was allowed and
  read `x\\ufffd`, a link to ~/.ssh/id_rsa made earlier. Such an event is denied now.
- Credentials that still reached the audit trail: `gh secret set X --body V`, httpie's `-a
  user:PW`, `echo T | gh auth login --with-token`, FreeRDP's `/p:PW`, `vault kv put P k=V`,
  `--from-literal=db_pw=V`, PyPI/DigitalOcean/SendGrid token formats.
"""

import io
import json
import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from legant_guard.hook.check import run_check


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt15in"))
    os.makedirs(os.path.join(setup.home, ".ssh"), exist_ok=True)
    with open(os.path.join(setup.home, ".ssh", "id_rsa"), "w") as f:
        f.write("KEY")
    # what Node opens for "x\udc80": the name with U+FFFD in UTF-8
    os.symlink(os.path.join(setup.home, ".ssh", "id_rsa"), os.fsencode(setup.project) + b"/x\xef\xbf\xbd")
    return setup


def _raw(g, tool, input_json, role="builder"):
    raw = (b'{"hook_event_name":"PreToolUse","session_id":"s","tool_use_id":"t","tool_name":"' + tool.encode()
           + b'","tool_input":' + input_json + b',"cwd":"' + os.fsencode(g.project) + b'"}')
    out, err = io.StringIO(), io.StringIO()
    code = run_check([], stdin=io.BytesIO(raw), stdout=out, stderr=err, env=g.env(role), cwd=g.project)

    class Proc:
        returncode, stdout, stderr = code, out.getvalue(), err.getvalue()
    return Proc


@pytest.mark.parametrize("role", ["builder", "open", "operator"])
@pytest.mark.parametrize("tool,input_json", [
    ("Read", b'{"file_path":"x\\udc80"}'),
    ("Read", b'{"file_path":"x\\uDC80"}'),
    ("Bash", b'{"command":"cat x\\udc80"}'),
    ("Write", b'{"file_path":"a\\udcffb","content":"x"}'),
    ("Grep", b'{"pattern":"x","path":"\\ud800"}'),
    ("Glob", b'{"pattern":"\\ud800*"}'),
    ("Edit", b'{"file_path":"a.txt","old_string":"\\ude00","new_string":"y"}'),
])
def test_a_lone_surrogate_in_the_event_is_denied(g, role, tool, input_json):
    assert_denied(_raw(g, tool, input_json, role), "lone UTF-16 surrogate", "U+FFFD")


def test_the_name_the_agent_really_opens_is_judged_as_it_is(g):
    assert_denied(_raw(g, "Read", b'{"file_path":"x\\ufffd"}'), "deny-path")


@pytest.mark.parametrize("input_json", [
    b'{"file_path":"notes.md","content":"smile \\ud83d\\ude00"}',
    b'{"file_path":"caf\\u00e9.md","content":"\\u2603"}',
])
def test_surrogate_pairs_and_other_characters_stay_allowed(g, input_json):
    assert_allowed(_raw(g, "Write", input_json))


SECRET = "S3cretPassw0rd9"


@pytest.mark.parametrize("text,secret", [
    (f"gh secret set API --body {SECRET}", SECRET),
    (f"gh secret set API -b '{SECRET}' --repo o/r", SECRET),
    (f"http -a bob:{SECRET} http://127.0.0.1/x", SECRET),
    (f"https --auth=bob:{SECRET} example.org", SECRET),
    (f"echo -n {SECRET} | gh auth login --with-token", SECRET),
    (f"xfreerdp /v:host /u:bob /p:{SECRET}", SECRET),
    (f"vault kv put secret/app password={SECRET} user=bob", SECRET),
    (f"vault kv put -mount=secret app api={SECRET}", SECRET),
    (f"kubectl create secret generic x --from-literal=db_pw={SECRET}", SECRET),
    ("twine upload -u __token__ pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLTAwMDAtMDAwMC0wMDAw", "pypi-AgEIcHlwaS5vcmc"),
    ("doctl auth init -t dop_v1_" + "a1" * 32, "dop_v1_a1a1"),
    ("echo SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789abcdefg", "SG.abcdefghij"),
])
def test_more_credentials_are_redacted(text, secret):
    from legant_guard.hook.audit import REDACTED, redact

    out = redact(text)
    assert secret not in out and REDACTED in out, out


@pytest.mark.parametrize("text", [
    "gh pr create --body 'fix the build'", "http GET example.org", "ls /p:x", "pip install pypi-simple",
    "vault kv get secret/app", "gh secret list",
])
def test_ordinary_commands_stay_readable(text):
    from legant_guard.hook.audit import redact

    assert redact(text) == text


def test_a_redacted_secret_never_reaches_the_trail(g):
    g.bash(f"gh secret set API --body {SECRET}", role="operator")
    with open(os.path.join(g.dir, "audit.jsonl")) as f:
        trail = f.read()
    assert SECRET not in trail and "gh secret set API --body" in trail


def test_the_new_triggers_are_necessary_on_random_text(monkeypatch):
    """The new patterns' triggers are necessary conditions: forcing every pattern to run
    redacts the same texts."""
    import random

    from legant_guard.hook import audit

    pieces = ["pw", "PW", " = ", "=", "db_", "rdp", "xfreerdp", "-p:", "/p:", "http", "https", "-a", "--auth", "--auth=",
              "secret", "set", "--body", "-b", "vault", "kv", "put", "patch", "pypi-AgE" + "x" * 20, "SG." + "a" * 16,
              "dop_v1_" + "a" * 40, "--with-token", "|", "echo", "gh", "auth", "login", " ", " ", "\t", "user:", "S3cret"]
    rng = random.Random(15)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(3000)]
    lazy = [audit.redact(t) for t in texts]
    # (the AWS secret access key pattern is kept behind its trigger on purpose: 40 characters of
    # base64 are a key only next to `aws` or a key id, and these pieces run together into such runs)
    aws = audit._each("akia", "asia", "aws")
    monkeypatch.setattr(audit, "_PATTERN_TABLE", tuple(entry if entry[0] == aws else ((("",),) + entry[1:])
                                                       for entry in audit._PATTERN_TABLE))
    monkeypatch.setattr(audit, "_COMPILED", {})
    assert [audit.redact(t) for t in texts] == lazy
