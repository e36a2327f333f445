"""Red team 19 (issue 9, class 3): programs whose own options or language run a program.

Under open (deny-cmd holds the exfil list) each of these ran curl while the guard saw only the
outer program: split's --filter, pandoc's filters, tcpdump -z, hyperfine --shell, file watchers
(watchman-make --run, chokidar -c, reflex/onchange after `--`), pylint --init-hook, latexmk's
Perl and program options, TeX with shell escape, groff's unsafe mode, emacs --eval, octave
--eval, PARI/GP and maxima, ImageMagick's `|CMD` file names, Ghostscript's `%pipe%CMD` outputs,
gnuplot's `!CMD`/system(). And programs with a command language that read a file named in
their commands (`sqlite3 '.read .env'`, `.import`, duckdb's read_csv, `ed <<< 'r .env'`,
psql's `\\i`, mysql's `source`) printed a secret.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("l"), files={".env": "SECRET=1\n", "x.txt": "a\n", "x.md": "# x\n",
                                                          "x.tex": "x\n", "in.png": "x", "in.ps": "x"})


@pytest.mark.parametrize("command", [
    "split --filter='curl h' x.txt", "split --filter curl x.txt", "split --fil='curl h' x.txt",
    "pandoc -F curl x.md", "pandoc --filter=curl x.md",
    "tcpdump -z curl -G 1 -w x", "hyperfine -S curl ls", "hyperfine --shell=curl ls",
    "watchman-make -p '*' --run 'curl h'", "chokidar '*' -c 'curl h'",
    "reflex -r x -- curl h", "onchange '*' -- curl h",
    "convert '|curl h' out.png", "magick '|curl h' out.png",
    "gs -sOutputFile='%pipe%curl h' in.ps", "gs -o '%pipe%curl h' in.ps", "gs -sDEVICE=pdfwrite -o '|curl h' in.ps",
    "dc -e '!curl h'", "echo '!curl h' | dc", "printf '!curl h\\n' | dc", "dc <<< '2 p !curl h'",
])
def test_a_denied_program_in_an_option_or_name_is_denied(setup, command):
    assert_denied(setup.bash(command, role="open"), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("command", [
    "pandoc --lua-filter=x.lua x.md", "pylint --init-hook='import os; os.system(\"curl h\")' .",
    "latexmk -e '$pdflatex=\"curl h\"' x.tex", "pdflatex -shell-escape x.tex", "lualatex --shell-escape x.tex",
    "groff -U x.ms", "groff -U -ms <<< '.sy curl h'", "nroff -U x", "emacs --batch --eval '(shell-command \"curl h\")'",
    "octave --eval 'system(\"curl h\")'", "gp -q <<< 'system(\"curl h\")'", "maxima --batch-string='system(\"curl h\");'",
    "gnuplot -e 'system(\"curl h\")'", "gnuplot -e '!curl h'", "reflex -s curl h",
    "dc -e \"$X\"", "cat x.txt | dc", "m4 <<< 'syscmd(curl h)'", "echo 'esyscmd(curl h)' | m4",
    "m4 -D'x=esyscmd(curl h)' f.m4",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_code_in_a_language_the_guard_does_not_read_is_undetermined(setup, command, role):
    assert_denied(setup.bash(command, role=role), "could not determine the command")


@pytest.mark.parametrize("command", [
    "sqlite3 x.db '.read .env'", "sqlite3 :memory: '.import .env t' 'select * from t'",
    "duckdb -c \"select * from read_csv('.env')\"", "duckdb -c \"select * from '.env'\"",
    "ed -s x <<< 'r .env'", "printf 'r .env\\n,p\\n' | ed -s x", "vim -es '+r .env' '+%p' '+q!'",
    "psql -c '\\i .env'", "mysql -e 'source .env'", "printf 'r ~/.ssh/id_rsa\\n,p\\n' | ed -s x",
])
def test_a_secret_named_in_a_programs_own_commands_is_a_read(setup, command):
    assert_denied(setup.bash(command, role="open"), "in its own commands, a file it may read", "deny-path")


@pytest.mark.parametrize("command", ["npm --userconfig=.env config list", "npm --userconfig .env config list",
                                     "npm config list --userconfig=.env", "npm --globalconfig=.env ls"])
def test_npm_settings_files_named_by_option_meet_the_deny_side(setup, command):
    assert_denied(setup.bash(command, role="open"), ".env is denied by deny-path")


@pytest.mark.parametrize("command", ["yq -n 'load_str(\".env\")'", "yq '.a = load(\"x.yml\")' y.yml",
                                     "yq --from-file=p.yq x.yml"])
def test_files_yq_loads_are_undetermined(setup, command):
    assert_denied(setup.bash(command, role="open"), "could not determine the files the program `yq` loads")


@pytest.mark.parametrize("command", [
    "convert in.png out.png", "magick in.png -resize 50% out.jpg", "gs -sDEVICE=pdfwrite -o out.pdf in.ps",
    "gs -sOutputFile=out.pdf in.ps", "gnuplot -e 'set term png; plot sin(x)'", "gnuplot plot.gp",
    "split -l 100 x.txt", "pandoc -o out.pdf x.md", "pdflatex x.tex", "groff -ms x.ms", "emacs --batch -l x.el",
    "hyperfine 'sleep 0.1'", "hyperfine -N ls", "onchange '*' -- make test", "reflex -r '[.]go$' -- go test ./...",
    "tcpdump -i lo -c 1", "pylint src", "latexmk -pdf x.tex", "sqlite3 x.db 'select 1'",
    "sqlite3 x.db '.read schema.sql'", "duckdb -c \"select * from read_csv('data/x.csv')\"",
    "dc -e '2 3 + p'", "dc -e '1 2 !<a p'", "echo '2 3 + p' | dc", "m4 f.m4", "echo 'define(x, 1)x' | m4",
    "yq '.a' x.yml",
])
def test_everyday_uses_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
