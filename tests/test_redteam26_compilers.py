"""Red team 26 (issue 9 class 4): a secret a compiler includes from source given on its input.

`gcc -E -x c - <<< '#include ".env"'` prints .env (the preprocessor's output is the file); so do
`#embed` (C23), the assembler's `.incbin`, Rust's `include_str!` and nasm's `incbin`, and `cpp`
or `as` read their input when no file is named. The builder's toolchains allowed all of them
(interpreter code fed on the input was read, a compiler's never). The files such source names
are judged as reads now. Verdicts only.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt26cc"), files={".env": "S=1\n", "src/a.c": "int x;\n",
                                                                 "~/.ssh/id_rsa": "KEY\n"})


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("cmd", [
    "gcc -E -x c - <<< '#include \".env\"'",
    "echo '#include \".env\"' | gcc -E -x c -",
    "printf '#include \"%s\"\\n' .env | cc -E -x c -",
    "gcc -E -x c - <<< '#include <{home}/.ssh/id_rsa>'",
    "clang -E -x c - <<< '#embed \".env\"'",
    "clang++ -E -x c++ /dev/stdin <<< '#include \"./.env\"'",
    "gcc -c -x assembler - -o x.o <<< '.incbin \".env\"'",
    "rustc -o x - <<< 'fn main(){{print!(\"{{}}\", include_str!(\".env\"))}}'",
    "gcc -E -x c - <<'EOF'\n#include \".env\"\nEOF",
])
def test_source_on_the_input_that_includes_a_secret(g, cmd, role):
    assert_denied(g.bash(cmd.format(home=g.home), role=role), "names", "denied by deny-path")


@pytest.mark.parametrize("cmd", [
    "cpp <<< '#include \".env\"'",
    "cpp -P <<< '#include \".env\"'",
    "as -o x.o <<< '.incbin \".env\"'",
])
def test_programs_that_read_their_input_without_a_dash(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "names", "denied by deny-path")


@pytest.mark.parametrize("cmd", [
    "gcc -x c - -o hello <<< '#include <stdio.h>\nint main(){puts(\"hi\");}'",
    "echo 'int main(){return 0;}' | gcc -x c - -o t",
    "gcc -E - < /dev/null",
    "gcc -c src/a.c -o a.o",
    "rustc -o x - <<< 'fn main(){println!(\"hi\")}'",
])
def test_everyday_compiles_stay_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="builder"))
