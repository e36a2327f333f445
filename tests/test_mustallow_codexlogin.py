"""Must-allow: a Codex reviewer's reads wrapped in the login shell Codex itself uses (hook/outershell.py).

Codex runs every command as `bash -lc CMD`, and its models, trained on the older
`["bash", "-lc", CMD]` shell calls, often write that wrapping into the command themselves:
`bash -lc 'sed -n 1,200p src/app.py'`. A reviewer (fs.read, no shell.exec) reads through the
shell, and each such read was refused ("`sed` runs through `bash -c`"). When the whole command
is that wrapping around one literal script, the script is judged in its place: reads are
reads, a secret stays refused, anything else stays a shell.exec the token does not grant.
Verdicts only: nothing is executed.
"""

import shlex

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("mustallow_codexlogin"), files={
        "src/app.py": "x = 1\n", "README.md": "# r\n", ".env": "K=1\n", "~/.netrc": "machine x\n"})


def codex(s, command, role="reviewer"):
    return s.check("Bash", {"command": command}, role=role, agent="codex", turn_id="t1")


READS = ["rg --files", "rg --files | head -200", "rg -n 'def ' src", "sed -n '1,200p' src/app.py",
         "nl -ba src/app.py | sed -n '1,120p'", "cat -n README.md", "ls -la", "git status --short", "pwd",
         "head -n 50 README.md && wc -l src/app.py"]


@pytest.mark.parametrize("wrap", ["bash -lc {}", "bash -cl {}", "bash -l -c {}", "bash --login -c {}", "zsh -lc {}",
                                  "sh -lc {}"])
@pytest.mark.parametrize("read", READS)
def test_a_read_in_codexs_login_shell_is_a_read(s, read, wrap):
    assert_allowed(codex(s, wrap.format(shlex.quote(read))))


@pytest.mark.parametrize("command, reason", [
    # the script is judged as the command it is
    ("bash -lc 'cat .env'", "denied by deny-path"),
    ("bash -lc 'cat ~/.netrc'", "denied by deny-path ~/.netrc"),
    ("bash -lc 'echo x > out.txt'", "it writes"),
    ("bash -lc 'touch x'", "`touch` is not one of the read-only commands"),
    ("bash -lc 'rm -f README.md'", "`rm` is not one of the read-only commands"),
    ("bash -lc 'curl -s http://127.0.0.1:9/'", "`curl` is not one of the read-only commands"),
    # anything but the bare wrapping around one literal script stays a nested shell
    ("bash -c 'cat README.md'", "give the command itself, without the shell around it"),
    ("bash -ic 'cat README.md'", "runs through `bash -c`"),
    ("bash --rcfile .env -ic 'cat README.md'", "runs through `bash -c`"),
    ("bash -lc 'cat README.md' > out.txt", "runs through `bash -c`"),
    ("bash -lc 'cat README.md'; touch x", "runs through `bash -c`"),
    ("BASH_ENV=.env bash -lc 'cat README.md'", "could not be determined"),
    ("bash -lc \"cat $HOME/.netrc\"", "runs through `bash -c`"),
    ("bash -lc 'cat \"$1\"' sh .env", "runs through `bash -c`"),
    ("./bash -lc 'cat README.md'", "runs through `bash -c`"),
    ("bash -lc 'bash -lc \"cat README.md\"'", "runs through `bash -c`"),
    ("bash -lc 'apply_patch <<EOF\n*** Begin Patch\n*** Add File: x.txt\n+x\n*** End Patch\nEOF'",
     "the command applies a patch"),
])
def test_the_neighbours_stay_denied(s, command, reason):
    assert_denied(codex(s, command), reason)


def test_the_builder_runs_a_patch_through_codexs_own_interception(s):
    patch = "*** Begin Patch\n*** Add File: notes.txt\n+x\n*** End Patch\n"
    assert_allowed(codex(s, f"apply_patch <<'EOF'\n{patch}EOF", role="builder"))
    # inside `bash -lc` Codex does not intercept it: the `apply_patch` program would run; the reason says so
    assert_denied(codex(s, "bash -lc " + shlex.quote(f"apply_patch <<'EOF'\n{patch}EOF"), role="builder"),
                  "`apply_patch` is not on the command allow-list", "not inside `bash -lc`")
