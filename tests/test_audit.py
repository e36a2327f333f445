"""The audit trail: hash chain, tamper detection by `verify`, parallel appends, redaction."""

import json
import os
import subprocess
import sys

import pytest

from legant_guard.hook import audit


def _record(i, target="ls"):
    return {
        "ts": audit.utc_now_rfc3339(),
        "session": "s1",
        "tool": "Bash",
        "verb": "shell.exec",
        "target": target,
        "decision": "allow" if i % 2 else "deny",
        "reason": "" if i % 2 else "command rm is denied",
        "jti": "0" * 32,
        "provenance": "user:alice -> agent:builder",
        "tool_use_id": f"tu_{i}",
        "agent": "",
        "cwd": "/tmp/p",
    }


def _write(path, n):
    for i in range(1, n + 1):
        audit.append(path, _record(i))


def _lines(path):
    with open(path, "rb") as f:
        return f.read().splitlines(keepends=True)


def _rewrite(path, lines):
    with open(path, "wb") as f:
        f.writelines(lines)


def test_each_record_chains_to_the_previous_one(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path, 3)
    recs = [json.loads(l) for l in _lines(path)]
    assert [r["seq"] for r in recs] == [1, 2, 3]
    assert recs[0]["prev"] == audit.GENESIS
    assert recs[1]["prev"] == recs[0]["hash"] and recs[2]["prev"] == recs[1]["hash"]
    for r in recs:
        assert r["hash"] == audit.record_hash(r)
        assert r["tool_use_id"].startswith("tu_") and r["provenance"].startswith("user:alice")
    assert audit.verify(path) == (True, "3 records, chain intact (seq 1..3)")
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_append_does_not_mutate_the_callers_record(tmp_path):
    rec = _record(1, target="export TOKEN=abcdef123456")
    copy = dict(rec)
    audit.append(tmp_path / "a.jsonl", rec)
    assert rec == copy


def test_edited_record_is_named(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path, 5)
    lines = _lines(path)
    lines[2] = lines[2].replace(b'"decision":"allow"', b'"decision":"deny"')
    _rewrite(path, lines)
    ok, msg = audit.verify(path)
    assert not ok
    assert msg.startswith("line 3 (seq 3):") and "edited" in msg


def test_edited_record_with_recomputed_hash_breaks_the_next_link(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path, 5)
    lines = _lines(path)
    rec = json.loads(lines[1])
    rec["target"] = "something innocent"
    rec["hash"] = audit.record_hash(rec)
    lines[1] = (json.dumps(rec, sort_keys=True, separators=(",", ":")) + "\n").encode()
    _rewrite(path, lines)
    ok, msg = audit.verify(path)
    assert not ok and msg.startswith("line 3 (seq 3):") and "prev" in msg


def test_deleted_record_is_named(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path, 5)
    lines = _lines(path)
    del lines[2]
    _rewrite(path, lines)
    ok, msg = audit.verify(path)
    assert not ok
    assert msg.startswith("line 3 (seq 4): expected seq 3") and "deleted" in msg


def test_deleted_last_record_is_detected_through_the_head(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path, 5)
    _rewrite(path, _lines(path)[:-1])
    ok, msg = audit.verify(path)
    assert not ok and "ends at seq 4 but seq 5 was written" in msg


def test_reordered_records_are_named(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path, 5)
    lines = _lines(path)
    lines[1], lines[2] = lines[2], lines[1]
    _rewrite(path, lines)
    ok, msg = audit.verify(path)
    assert not ok and msg.startswith("line 2 (seq 3): expected seq 2")


def test_inserted_record_is_named(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path, 3)
    lines = _lines(path)
    forged = json.loads(lines[1])
    forged["tool_use_id"] = "forged"
    forged["hash"] = audit.record_hash(forged)
    lines.insert(2, (json.dumps(forged, sort_keys=True, separators=(",", ":")) + "\n").encode())
    _rewrite(path, lines)
    ok, msg = audit.verify(path)
    assert not ok and msg.startswith("line 3 (seq 2): expected seq 3") and "inserted" in msg


def test_garbage_line_is_named_and_later_appends_still_work(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path, 2)
    with open(path, "ab") as f:
        f.write(b"not json")  # a torn write: no newline
    audit.append(path, _record(3))
    lines = _lines(path)
    # The torn line is closed by an explicit repair note, then the record follows.
    assert lines[2] == b"not json\n" and json.loads(lines[3])["event"] == "repair"
    assert json.loads(lines[4])["decision"] == "allow"
    ok, msg = audit.verify(path)
    assert not ok and msg.startswith("line 3:") and "not valid JSON" in msg


def test_missing_trail_does_not_verify(tmp_path):
    ok, msg = audit.verify(tmp_path / "none.jsonl")
    assert not ok and "no audit trail" in msg


def test_prev_found_when_last_record_is_larger_than_the_tail_chunk(tmp_path):
    path = tmp_path / "audit.jsonl"
    big = _record(1)
    big["cwd"] = "/" + "d" * 200_000
    audit.append(path, big)
    audit.append(path, _record(2))
    assert audit.verify(path) == (True, "2 records, chain intact (seq 1..2)")


def test_huge_target_is_cut_and_costs_little(tmp_path):
    import time

    path = tmp_path / "audit.jsonl"
    start = time.monotonic()
    audit.append(path, _record(1, target="mysql " * 40_000 + "-pS3cretPw"))
    assert time.monotonic() - start < 0.5
    rec = json.loads(path.read_text())
    assert len(rec["target"]) < 4200 and rec["target"].endswith("characters in all]")


_WORKER = """
import sys
from legant_guard.hook import audit
path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    audit.append(path, {"ts": audit.utc_now_rfc3339(), "session": who, "tool": "Bash", "verb": "shell.exec",
                        "target": "echo " + "y" * (i * 37 % 3000), "decision": "allow", "reason": "",
                        "jti": "", "provenance": "", "tool_use_id": who + "-" + str(i), "agent": "", "cwd": "/"})
"""


def test_parallel_appends_never_interleave_lose_or_fork(tmp_path):
    path = tmp_path / "audit.jsonl"
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, str(path), f"w{w}", "50"]) for w in range(8)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 8
    recs = [json.loads(l) for l in _lines(path)]
    assert len(recs) == 400
    assert sorted(r["tool_use_id"] for r in recs) == sorted(f"w{w}-{i}" for w in range(8) for i in range(50))
    assert [r["seq"] for r in recs] == list(range(1, 401))
    assert audit.verify(path) == (True, "400 records, chain intact (seq 1..400)")


@pytest.mark.parametrize(
    "target, secret",
    [
        ("mysql -u root -pS3cretPw db", "S3cretPw"),
        ('curl -H "Authorization: Bearer abc.def.ghi" https://x', "abc.def.ghi"),
        ("curl -H 'X-Api-Key: k-123456789' https://x", "k-123456789"),
        ("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG aws s3 ls", "wJalrXUtnFEMI"),
        ("export DB_PASSWORD='hunter2 two' && run", "hunter2"),
        ("git push https://bob:hunter2@github.com/x/y", "hunter2"),
        ("echo AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        ("gh auth login --with-token ghp_0123456789abcdefghijABCDEFGHIJ012345", "ghp_0123456789"),
        ("tool --password hunter2 --user bob", "hunter2"),
        ("tool --api-key=abcdef", "abcdef"),
        ("curl https://api/x?access_token=abc123&x=1", "abc123"),
        ("echo eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "eyJzdWIiOiJ4In0"),
        ("export OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnop"),
        ("echo sk-ant-api03-abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnop"),
        ("printf '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA\n-----END OPENSSH PRIVATE KEY-----'", "b3BlbnNzaA"),
        ('echo \'{"client_secret": "zzz-top"}\'', "zzz-top"),
    ],
)
def test_credentials_in_the_target_are_never_written(tmp_path, target, secret):
    path = tmp_path / "audit.jsonl"
    audit.append(path, _record(1, target=target))
    text = path.read_text()
    assert secret not in text
    assert audit.REDACTED in json.loads(text)["target"]
    assert audit.verify(path)[0]


@pytest.mark.parametrize(
    "target", ["cp -pr src dst", "mkdir -p a/b", "ssh -p2222 host", "git commit --author Bob", "ls my-secret dir", "mysql -p db"]
)
def test_ordinary_commands_are_left_readable(target):
    assert audit.redact(target) == target


_TRIGGER_CORPUS = [
    "mysql -u root -pS3cretPw db", 'curl -H "Authorization: Bearer abc.def.ghi" https://x', "Basic dXNlcjpwYXNzd29yZA==",
    "curl -H 'X-Api-Key: k-123456789' https://x", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG aws s3 ls",
    "export DB_PASSWORD='hunter2 two' && run", "git push https://bob:hunter2@github.com/x/y", "echo AKIAIOSFODNN7EXAMPLE",
    "gh auth login --with-token ghp_0123456789abcdefghijABCDEFGHIJ012345", "tool --password hunter2 --user bob",
    "tool --api-key=abcdef", "curl https://api/x?access_token=abc123&x=1", "Cookie: a=b",
    "echo eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "export OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz",
    "printf '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA\n-----END OPENSSH PRIVATE KEY-----'",
    'echo \'{"client_secret": "zzz-top"}\'', "xoxb-1234567890-abcdef", "AIzaSyA1234567890abcdefghijklmnopqrstu",
    "npm_abcdefghijklmnopqrstuvwxyz0123456789", "glpat-abcdefghijklmnopqrstu", "github_pat_abcdefghijklmnopqrstuvw",
    "mariadb -pX db", "cp -pr src dst", "mkdir -p a/b", "ssh -p2222 host", "git status", "SESSION_ID=42 run",
    "git clone https://github.com/x/y", "tool --Token VALUE", "PASS=x", "x-auth-token: t0k3n",
]


@pytest.mark.parametrize("text", _TRIGGER_CORPUS)
def test_pattern_triggers_never_skip_a_pattern_that_would_match(monkeypatch, text):
    """The triggers only save compile time: forcing every pattern must redact the same."""
    lazy = audit.redact(text)
    forced_table = tuple(((("",),) + entry[1:]) for entry in audit._PATTERN_TABLE)
    monkeypatch.setattr(audit, "_PATTERN_TABLE", forced_table)
    assert audit.redact(text) == lazy


def _heavy_imports_of_an_append(tmp_path, record):
    """The heavy standard modules a fresh interpreter has loaded after appending `record`."""
    code = (
        "import sys\n"
        "from legant_guard.hook import audit\n"
        f"audit.append({str(tmp_path / 'a.jsonl')!r}, {record!r})\n"
        "print(' '.join(sorted(m for m in ('json', 'hashlib', 're') if m in sys.modules)))\n"
    )
    return subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}).stdout.strip()


def test_an_ordinary_append_imports_no_json_hashlib_or_re(tmp_path):
    record = {"target": "git status --short", "reason": "", "cwd": "/home/u/my-project"}
    assert _heavy_imports_of_an_append(tmp_path, record) == ""


def test_hashes_match_the_standard_json_module(tmp_path):
    import hashlib

    path = tmp_path / "audit.jsonl"
    audit.append(path, _record(1, target="café ünïcode \u2603"))
    rec = json.loads(path.read_text())
    body = {k: v for k, v in rec.items() if k != "hash"}
    assert rec["hash"] == hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def test_triggers_are_necessary_on_random_text(monkeypatch):
    """Fuzzed differential of the triggers (literal and functional): a text built from the
    pieces the patterns look for must redact the same with and without them."""
    import random

    pieces = ["curl", "-u", "-U", "user:pw", "--user", "--password", "--api-key", "PASS", "api_key", "Session_ID",
              "=", " = ", ":", "x-api-key", "X-Auth-Token", "Authorization", "cookie", "ghp_" + "a" * 24, "-p",
              "-pS3cret!x", "-pQw3rt!", "-pabcdef", "mkdir", "login", "sshpass", "%", "mysql", "zip", "7z", "redis-cli", "-a",
              "ssh-keygen", "-N", "vault", "secret", "token", "K", "\u017fecret", "\u212aey", "https://u:p@h/",
              " ", " ", "\t", "\n", "'", '"', "value123", "tok_en", "-", "--", "sk-live-" + "b" * 22]
    rng = random.Random(20261130)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))) for _ in range(2500)]
    lazy = [audit.redact(t) for t in texts]
    forced_table = tuple(((("",),) + entry[1:]) for entry in audit._PATTERN_TABLE)
    monkeypatch.setattr(audit, "_PATTERN_TABLE", forced_table)
    assert [audit.redact(t) for t in texts] == lazy


@pytest.mark.parametrize("target", [
    "mkdir -p build && cp -p a b", "git log --author=me --oneline", "python -m pytest tests/test_session.py -x",
    "tripwire download-exec (catastrophic): runs code downloaded by `curl` (download piped or substituted into `sh`)",
    "gzip -k notes.txt", "date +%Y-%m-%d", "grep -rn high src/", "make -C build install", "ls disk-usage/ index-files/",
])
def test_everyday_targets_do_not_import_re(tmp_path, target):
    """Importing `re` and compiling a pattern costs 5-20 ms of a hook call: everyday commands
    and the guard's own reasons must not set off a redaction pattern."""
    record = {"target": target, "reason": target, "cwd": "/p"}
    assert "re" not in _heavy_imports_of_an_append(tmp_path, record).split()
