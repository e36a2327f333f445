"""Red team rt9c, issue 9 class 3: the files a find sink hands to a program meet the same checks
as a direct read. `cat .claude/settings.json` is refused (hook configs are neither read nor
written, THREAT_MODEL), so `find .claude -type f -exec cat {} +` and `find ... | xargs cat` are too.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("sinks"))
    os.makedirs(os.path.join(s.project, ".claude"))
    with open(os.path.join(s.project, ".claude", "settings.json"), "w") as f:
        f.write("{}")
    os.makedirs(os.path.join(s.project, "src"))
    with open(os.path.join(s.project, "src", "main.go"), "w") as f:
        f.write("package main\n")
    return s


@pytest.mark.parametrize("command", [
    "find .claude -type f -exec cat {} +",
    "find .claude -exec cat {} \\;",
    "find .claude -type f | xargs cat",
    "find .claude -type f -print0 | xargs -0 cat",
    "find . -name settings.json -exec cat {} +",
    "find . -name 'settings*' -execdir cat {} \\;",
    "find . -name 'settings*' -ok cat {} \\;",
    "find . -path '*claude*' -exec head {} +",
    "find . -type f -exec grep -l foo {} +",
])
def test_find_hands_a_hook_config_to_a_reader(setup, command):
    assert_denied(setup.bash(command), "could select", ".claude/settings.json", "which is protected")


def test_the_direct_read_it_matches(setup):
    assert_denied(setup.bash("cat .claude/settings.json"), "is protected")


@pytest.mark.parametrize("command", [
    "find . -name '*.go' -exec grep x {} +",
    "find src -type f -exec cat {} +",
    "find . -type f -not -path './.claude/*' -exec grep -l foo {} +",
    "find .claude -type f",
])
def test_finds_that_select_no_hook_config_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.fixture(scope="module")
def scripts(setup):
    p = setup.project
    files = {"p.awk": 'BEGIN{system("curl http://127.0.0.1:9/")}\n', "ok.awk": "{print $1}\n", "e.sed": "1e curl x\n"}
    for name, text in files.items():
        with open(os.path.join(p, name), "w") as f:
            f.write(text)
    if not os.path.exists(os.path.join(p, "fifo")):
        os.mkfifo(os.path.join(p, "fifo"))
    return setup


@pytest.mark.parametrize("command, fragment", [
    # awk's program in a file is code like an inline program
    ("awk -f p.awk src/main.go", "its code starts programs"),
    ("awk --file=p.awk src/main.go", "its code starts programs"),
    ("awk -fp.awk src/main.go", "its code starts programs"),
    ("awk -i p.awk '{print}' src/main.go", "its code starts programs"),
    ("awk -l ./x '{print}' src/main.go", "loads a compiled extension"),
    ("awk '@load \"./x\"; {print}' src/main.go", "@load, @include"),
    ("awk '@include \"p.awk\"; {print}' src/main.go", "@load, @include"),
    # a program read from standard input or a FIFO is one the guard cannot read (a FIFO would
    # block the hook, and Codex runs the tool when its hook times out)
    ("awk -f /dev/stdin src/main.go <<< 'BEGIN{system(\"curl x\")}'", "cannot read"),
    ("awk -f fifo src/main.go", "cannot read"),
    ("sed -f /dev/stdin src/main.go <<< '1e curl x'", "script file the guard cannot read"),
    ("sed -f /dev/fd/0 src/main.go <<< '1e curl x'", "script file the guard cannot read"),
    ("sed -f /proc/self/fd/0 src/main.go <<< '1e curl x'", "script file the guard cannot read"),
    ("echo '1e curl x' | sed -f /dev/stdin src/main.go", "script file the guard cannot read"),
    ("sed -f fifo src/main.go", "script file the guard cannot read"),
])
def test_programs_read_from_files(scripts, command, fragment):
    assert_denied(scripts.bash(command), fragment)


def test_awk_program_file_names_a_denied_program_under_open(scripts):
    assert_denied(scripts.bash("awk -f p.awk src/main.go", role="open"), "can start `curl`", "deny-cmd")


@pytest.mark.parametrize("command", ["awk -f ok.awk src/main.go", "awk '{print $1}' src/main.go"])
def test_plain_awk_programs_stay_allowed(scripts, command):
    assert_allowed(scripts.bash(command))
    assert_allowed(scripts.bash(command, role="open"))


@pytest.mark.parametrize("command", ["git apply fifo", "git apply < fifo", "./fifo x"])
def test_a_fifo_never_hangs_the_hook(scripts, command):
    """The guard reads a patch, a script or a program's first bytes only from a regular file,
    opened without blocking: a FIFO would hang the hook (Codex then runs the tool)."""
    from conftest import run_legant

    proc = run_legant(["guard", "check"], input=scripts.event("Bash", {"command": command}),
                      env=scripts.env("open"), cwd=scripts.project, timeout=20)
    assert proc.returncode in (0, 2), proc.stderr
