"""Red team 24 (issue 9 class 3): interpreters' inline code that names its spawning call at run time.

Inline code was held to the deny side only once a spawning word (system, exec, popen ...) was
in it; code that looks the function up by a name it joins from pieces (`require('ch'+'ild_process')
['ex'+'ecSync']`, PHP's `("sys"."tem")(…)` and `$f(…)`, Ruby's `send`, Lua's `os["exe".."cute"]`,
Perl's `&{"CORE::sys"."tem"}`) ran curl under open; DNS lookups and asyncio connections were no
network words. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt24interp"), files={"package.json": "{\"name\": \"x\"}\n"})


@pytest.mark.parametrize("cmd", [
    "node -e \"require('ch'+'ild_process')['ex'+'ecSync']('cu'+'rl x')\"",
    "node -e \"const m=require('ch'+'ild_process'); m['exe'+'cSync'](process.argv[1])\" curl",
    "node -e \"globalThis['req'+'uire']('child_'+'process')\"",
    "php -r '(\"sys\".\"tem\")(\"cu\".\"rl x\");'",
    "php -r '$f=\"sys\".\"tem\"; $f(\"cu\".\"rl x\");'",
    "php -r '$f=$argv[1]; $f($argv[2]);' system curl",
    "ruby -e 'Object.send((\"sys\"+\"tem\").to_sym, \"cu\"+\"rl\")'",
    "ruby -e 'send(ARGV[0], ARGV[1])' system curl",
    "perl -e '&{\"CORE::sys\".\"tem\"}(\"cu\".\"rl\")'",
    "lua -e 'os[\"exe\"..\"cute\"](\"cu\"..\"rl\")'",
    "lua -e '_G[\"o\"..\"s\"][\"exe\"..\"cute\"](\"cu\"..\"rl\")'",
])
def test_a_call_named_at_run_time(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "at run time")


@pytest.mark.parametrize("cmd", [
    "python3 -c \"import asyncio; asyncio.run(asyncio.open_connection('x',80))\"",
    "node -e \"require('dns').lookup('x.evil')\"",
    "node -e \"require('dgram')\"",
    "ruby -e 'require \"resolv\"; Resolv.getaddress(\"x\")'",
    "perl -e 'gethostbyname(\"x.evil\")'",
])
def test_lookups_and_connections_are_network(g, cmd):
    assert_denied(g.bash(cmd, role="open"))


@pytest.mark.parametrize("cmd", [
    "node -e 'console.log(1+2)'", "node -e \"console.log(require('fs').readdirSync('.'))\"",
    "node -e \"(async()=>{console.log(1)})()\"", "python3 -c \"print(sum([1,2]))\"",
    "python3 -c \"import json; print(json.load(open('package.json'))['name'])\"", "php -r 'echo strlen(\"abc\");'",
    "php -r '$x = 1; echo $x;'", "ruby -e 'puts [1,2].map { |x| x * 2 }'", "perl -e 'print \"a\" . \"\\n\"'",
    "perl -ne 'print if /x/' package.json", "lua -e 'print((\"a\"):rep(3))'",
    "node -e \"console.log('Hello, ' + 'world!')\"", "python3 -c \"import asyncio; asyncio.run(asyncio.sleep(0))\"",
])
def test_everyday_inline_code_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))


@pytest.mark.parametrize("cmd", [
    "R -e 'system(\"curl x\")'", "Rscript -e 'system(\"curl x\")'", "R --vanilla -e 'system2(\"curl\")'",
    "ghc -e 'System.Process.callCommand \"curl x\"'", "groovy -e 'println \"curl x\".execute().text'",
    "clojure -e '(clojure.java.shell/sh \"curl\")'", "clj -M:dev -e '(clojure.java.shell/sh \"curl\")'",
    "bb -e '(babashka.process/shell \"curl x\")'", "crystal eval 'system(\"curl x\")'",
    "elixir -e 'System.cmd(\"curl\",[\"x\"])'", "erl -noshell -eval 'os:cmd(\"curl x\")'",
    "swipl -g 'shell(\"curl x\")' -t halt", "guile -c '(system \"curl x\")'", "racket -e '(system \"curl x\")'",
    "sbcl --eval '(sb-ext:run-program \"curl\" (list \"x\") :search t)'", "clisp -x '(ext:shell \"curl x\")'",
    "qjs -e 'os.exec([\"curl\",\"x\"])'", "rhino -e 'java.lang.Runtime.getRuntime().exec(\"curl\")'",
    "scala -e 'import sys.process._; \"curl x\".!'", "kotlin -e 'Runtime.getRuntime().exec(\"curl\")'",
    "jrunscript -e 'exec(\"curl x\")'", "osascript -e 'do shell script \"curl x\"'", "wish <<< 'exec curl x'",
])
def test_more_languages_inline_code_meets_deny_cmd(g, cmd):
    """R's and Rscript's code was never read (the name is read in lower case, the catalogue had
    `Rscript`); the other languages were not in the catalogue."""
    assert_denied(g.bash(cmd, role="open"), "runs can start `curl`, which is denied by deny-cmd")


@pytest.mark.parametrize("cmd", [
    "Rscript -e 'print(1)'", "R -e 'install.packages(\"x\")'", "ghc -e 'print 1'", "elixir -e 'IO.puts 1'",
    "erl -noshell -eval 'io:format(\"x~n\"), halt().'", "racket -e '(displayln 1)'",
    "sbcl --non-interactive --eval '(print 1)'", "guile -c '(display 1)'", "scala -e 'println(1)'",
    "crystal eval 'puts 1'", "Rscript x.R", "ghc -O2 Main.hs", "elixir x.exs", "clj -M:dev -m app.main",
    "swipl -g main x.pl",
])
def test_more_languages_everyday_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))
