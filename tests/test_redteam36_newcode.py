"""Red team 36: a file name that begins with `-` is an option to the command it is handed to;
zsh is not bash.

`rg -l PAT` and `grep -rl PAT` print a file of the working folder without `./`, and bash
expands `*env` to the bare names of the working folder: a file named `--files0-from=.env`
became `wc -l --files0-from=.env` (wc names each line of .env in its error messages), one
named `--output=opencode.json` became `sort --output=opencode.json` (a write to a hook
config). The guard judged the harmless name as a path operand. Nothing is executed here."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

FILES = {".env": "SECRET=abc\n", "--files0-from=.env": "zqx\n", "--output=opencode.json": "zqy\n",
         "opencode.json": "{}\n", "src/a.py": "zqx = 1\n", "notes.txt": "hello\n"}


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt36"), files=FILES)


@pytest.mark.parametrize("command", [
    "grep -rl --exclude=.env zqx | xargs wc -l",
    "grep -rl --exclude=.env zqy | xargs sort",
    "wc -l $(grep -rl --exclude=.env zqx)",
    "grep -rl --exclude=.env zqx . | xargs wc -l",
    "rg -l zqx | xargs wc -l",
    "rg -l zqy | xargs sort",
    "wc -l $(rg -l zqx)",
    "rg -l0 zqx | xargs -0 wc -l",
])
def test_searched_name_that_is_an_option_stays_undetermined(setup, command):
    assert_denied(setup.bash(command), "could not determine operand")


@pytest.mark.parametrize("command", ["wc -l *env", "wc -l *.env", "cat *env", "ls -- *=* | xargs wc -l"])
def test_glob_match_that_is_an_option_is_refused(setup, command):
    assert_denied(setup.bash(command), "would read as an option")


@pytest.mark.parametrize("command", ["rg -l zqx src | xargs wc -l", "wc -l $(rg -l zqx src)", "wc -l *.txt",
                                     "wc -l src/*.py"])
def test_names_below_a_folder_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


# Codex's `zsh -lc 'SCRIPT'` was judged as the script read as bash; zsh expands words otherwise
# (a modifier on a bare parameter, a subscript without braces, counted from 1).
@pytest.mark.parametrize("command", ["zsh -lc 'x=.ENV; cat $x:l'", "zsh -lc 'a=(.env x); cat $a[1]'",
                                     "zsh -lc 'cat *(D)'", "zsh -l -c 'x=OPENCODE.JSON; cat $x:l'"])
def test_zsh_script_with_zsh_expansions_stays_a_nested_shell(setup, command):
    assert_denied(setup.check("Bash", {"command": command}, role="reviewer", agent="codex", turn_id="t1"),
                           "needs capability shell.exec")


@pytest.mark.parametrize("command", ["zsh -lc 'sed -n 1,20p notes.txt'", "zsh -lc 'cat -n notes.txt | head -n 5'",
                                     "bash -lc 'x=notes.txt; cat $x'"])
def test_plain_login_shell_read_stays_a_read(setup, command):
    assert_allowed(setup.check("Bash", {"command": command}, role="reviewer", agent="codex", turn_id="t1"))


# A value's separators end the word there: the text after the expansion joins only its last piece.
# `x='.env '; cat ${x}x` is `cat .env x` (the guard read `.envx`), `x='.env y'; cat ${x}x` is
# `cat .env yx`, and with IFS set by the command an arithmetic's digits split too.
@pytest.mark.parametrize("command", ["x='.env '; cat ${x}x", "x='.env y'; cat ${x}x", "IFS=,; x='.env,'; cat ${x}x",
                                     "IFS=1; i=1; cat .env${i}x", "IFS=2; cat .env$((1+1))",
                                     "x='.env '; sed -n 1p ${x}notes.txt"])
def test_expansion_separators_end_the_word(setup, command):
    assert_denied(setup.bash(command), "denied by deny-path")


@pytest.mark.parametrize("command", ["IFS=2; sed -i s/a/b/ opencode.json$((1+1))",
                                     "IFS=0123456789; for i in 1 2; do sed -i s/a/b/ opencode.json${i}x; done"])
def test_split_name_of_a_hook_config_is_refused(setup, command):
    assert_denied(setup.bash(command), "is protected")


@pytest.mark.parametrize("command", ["x='notes.txt '; cat ${x}", "x='src/a.py notes.txt'; wc -l $x",
                                     "n=2; head -n $((n+1)) notes.txt", "IFS=,; x=notes.txt,src/a.py; cat $x"])
def test_split_values_that_name_plain_files_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


def test_run_time_number_split_by_ifs_stays_undetermined(setup):
    assert_denied(setup.bash("IFS=0123456789; sed -i s/a/b/ opencode.json$(nproc)x"), "could not determine")
    assert_allowed(setup.bash("make -j$(nproc) -C src"))


# Interpreter code deleting the hook config or the working folder without the words the guard knew:
# `Path().absolute()`, `Dir.getwd` (no parentheses), a `chdir` before a relative name, Ruby's
# File.delete / Pathname#delete, Node's fs.rm.
@pytest.mark.parametrize("command, reason", [
    ("python3 -c \"import shutil,pathlib; shutil.rmtree(pathlib.Path().absolute())\"", "names the working folder"),
    ("python3 -c \"import shutil,os; os.chdir('..'); shutil.rmtree('proj')\"", "names the working folder"),
    ("ruby -e \"require 'fileutils'; FileUtils.rm_rf(Dir.getwd)\"", "names the working folder"),
    ("ruby -e \"File.delete('opencode.json')\"", "is protected"),
    ("ruby -e \"require 'pathname'; Pathname.new('opencode.json').delete\"", "is protected"),
    ("node -e \"require('fs').rm('opencode.json',()=>{})\"", "is protected"),
    ("node -e \"require('fs').promises.rm('opencode.json')\"", "is protected"),
])
def test_interpreter_deletes_reach_the_hook_config(setup, command, reason):
    assert_denied(setup.bash(command), reason)


@pytest.mark.parametrize("command", ["ruby -e \"File.delete('build/out.txt')\"",
                                     "node -e \"require('fs').rm('build/x',()=>{})\"",
                                     "python3 -c \"import os; print(os.getcwd())\""])
def test_interpreter_deletes_elsewhere_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


# Names the code lists or reads at run time: Ruby's directory listings and standard input.
@pytest.mark.parametrize("command", [
    "ruby -e \"Dir['*.json'].each { |f| File.write(f, '') }\"",
    "ruby -e \"Dir.children('.').each { |f| File.write(f, '') if f.end_with?('json') }\"",
    "ruby -e \"Dir.foreach('.') { |f| File.write(f, '') if f.end_with?('json') }\"",
    "ruby -e \"require 'find'; Find.find('.') { |f| File.write(f, '') if f.end_with?('.json') }\"",
    "ruby -e \"File.write(gets.chomp, '')\" <<< opencode.json",
    "python3 -c \"import sys; open(sys.stdin.readline().strip(),'w')\" <<< opencode.json",
    "node -e \"require('fs').writeFileSync(require('fs').readFileSync(0,'utf8').trim(),'')\" < notes.txt",
])
def test_interpreter_writes_to_names_listed_or_read_at_run_time(setup, command):
    assert_denied(setup.bash(command), "paths it builds at run time")


def test_interpreter_reading_stdin_without_writing_stays_allowed(setup):
    assert_allowed(setup.bash("python3 -c \"import sys; print(len(sys.stdin.read()))\" < notes.txt"))


def test_object_entries_with_a_named_write_stays_allowed(setup):
    assert_allowed(setup.bash(
        "node -e \"const fs=require('fs'); fs.writeFileSync('out.json', JSON.stringify(Object.entries({a:1})))\""))
