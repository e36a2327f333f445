"""Red team #40 (issue 10, "also found"): the CLI verbs over odd inputs.

- a duration that parses as an infinite float (`--ttl inf`, `1e400`, `--since inf`) ended `mint`,
  `init`, `renew`, `install` and `logs` in a traceback (OverflowError from int(inf));
- `guard logs --file /dev/zero` read a device without end, holding every byte, until the machine
  killed the process; a link in place of the trail was followed. `logs` now opens the trail as
  the hook and `audit verify` do (no link, a regular file), reads an over-long line without
  holding it and keeps only the last N matches.
"""

import json
import os

import pytest

from conftest import GuardSetup, clean_env, run_legant


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt40verbs"))


@pytest.mark.parametrize("value", ["inf", "1e400", "-inf", "infh", "1e400m", "nan"])
@pytest.mark.parametrize("verb", [["mint", "--role", "builder", "--ttl"], ["renew", "--ttl"], ["logs", "--since"]])
def test_an_infinite_duration_is_a_clear_error(s, verb, value):
    proc = run_legant(["guard", *verb, value, "--dir", s.dir], env=clean_env(home=s.home), cwd=s.project)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert "Error: Invalid value for" in proc.stderr and value in proc.stderr


def test_a_finite_duration_still_mints(s):
    proc = run_legant(["guard", "mint", "--role", "builder", "--ttl", "2h", "--dir", s.dir], env=clean_env(home=s.home),
                      cwd=s.project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().count(".") == 2  # a JWT


def test_logs_refuses_a_device(s):
    proc = run_legant(["guard", "logs", "--file", "/dev/zero"], env=clean_env(home=s.home), cwd=s.project, timeout=20)
    assert proc.returncode == 1
    assert "cannot read the audit trail /dev/zero: is not a regular file" in proc.stderr


def test_logs_refuses_a_link_to_the_trail(s, tmp_path):
    s.bash("ls -la")
    link = tmp_path / "trail-link"
    os.symlink(os.path.join(s.dir, "audit.jsonl"), link)
    proc = run_legant(["guard", "logs", "--file", str(link)], env=clean_env(home=s.home), cwd=s.project)
    assert proc.returncode == 1
    assert "is a symbolic link" in proc.stderr


def test_logs_of_a_trail_with_a_huge_line_shows_the_rest(s, tmp_path):
    from legant_guard.hook import audit

    trail = tmp_path / "audit.jsonl"
    audit.append(trail, {"ts": "2026-12-01T00:00:00Z", "tool": "Bash", "target": "ls -la", "decision": "allow"})
    with open(trail, "ab") as f:
        f.write(b"x" * (audit.MAX_LINE_BYTES + 10) + b"\n")
    audit.append(trail, {"ts": "2026-12-01T00:00:01Z", "tool": "Bash", "target": "make test", "decision": "deny",
                         "reason": "no"})
    proc = run_legant(["guard", "logs", "--file", str(trail), "--json", "-n", "1"], env=clean_env(home=s.home),
                      cwd=s.project)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["target"] for line in proc.stdout.splitlines()] == ["make test"]
    assert "1 damaged line(s) skipped" in proc.stderr


def test_logs_of_the_setup_still_lists_its_decisions(s):
    s.bash("ls -la")
    proc = run_legant(["guard", "logs", "--dir", s.dir, "-n", "1"], env=clean_env(home=s.home), cwd=s.project)
    assert proc.returncode == 0, proc.stderr
    assert "allow" in proc.stdout and "ls -la" in proc.stdout
