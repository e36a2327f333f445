"""Must-allow: `node <<'EOF'` runs its here-document as `node - <<'EOF'` does (rules/toolchains/node.yaml).

The python toolchain allows a bare `python3 <<'EOF'` (its code on standard input, analysed like
-c code); the node toolchain allowed only `node - <<'EOF'`, and the corpus's `node <<'EOF'` was
refused although node reads the same code the same way. A bare `node` with plain options now
matches; its here-document is analysed as `node -e` code is, and with nothing on its input it is
the REPL, refused as interactive. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

READ_NAME = "node <<'EOF'\nconst fs = require('fs');\nconsole.log(JSON.parse(fs.readFileSync('package.json', 'utf8')).name);\nEOF"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    from legant_guard import guarddir

    setup = GuardSetup(tmp_path_factory.mktemp("mustallow11_stdin"), files={
        "package.json": "{\"name\": \"app\"}\n", "scripts/build.js": "console.log(1)\n", ".env": "K=1\n"})
    guarddir.init_guard_dir(setup.dir, setup.project, 8 * 3600)
    return setup


@pytest.mark.parametrize("command", [READ_NAME, "node - <<'EOF'\nconsole.log(1)\nEOF", "echo 'console.log(1)' | node",
                                     "node --no-warnings <<'EOF'\nconsole.log(process.version)\nEOF"])
def test_code_on_nodes_input_is_allowed(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command, reason", [
    ("node <<'EOF'\nrequire('child_process').execSync('id')\nEOF", "its code starts programs (`child_process`)"),
    ("node <<'EOF'\nconsole.log(require('fs').readFileSync('.env', 'utf8'))\nEOF", "names '.env'"),
    ("node <<EOF\nconsole.log('$(cat .env)')\nEOF", "denied by deny-path"),
    ("node <<'EOF'\nfetch('https://example.com')\nEOF", "opens network connections"),
    ("node", "would start an interactive session"),
    ("node -i", "would start an interactive session"),
    ("node --require ./x.js <<'EOF'\nconsole.log(1)\nEOF", "forms of `node`"),
])
def test_what_the_code_does_is_still_judged(s, command, reason):
    assert_denied(s.bash(command), reason)
