"""Unit tests of the shell analysis, family by family: each case is a way to hide a command.

The analysis must see the real executable, its files and what it could not determine, however
the command is spelled. Pure function: no subprocess needed here (the corpus test runs the
same families through the real `legant guard check`).
"""

import time

import pytest

from legant_guard.shell import analyze

HOME = "/home/u"
CWD = "/home/u/proj"


def run(cmd, cwd=CWD):
    a = analyze(cmd, cwd, HOME)
    assert a.error is None, a.error
    return a


def exes(cmd, cwd=CWD):
    return [c.executable for c in run(cmd, cwd).commands]


def only(cmd, cwd=CWD):
    cs = run(cmd, cwd).commands
    assert len(cs) == 1, cs
    return cs[0]


# ---- quoting ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cmd",
    [
        "c''url x", 'c""url x', '"curl" x', "'curl' x", "\\curl x", "cu\\rl x", "$'\\x63url' x",
        "$'\\143url' x", "$'cu\\u0072l' x", "cu\\\nrl x", 'c"u"r"l" x', "c{u,}rl x", "/usr/bin/curl x",
        "./curl x", "$\"curl\" x",
    ],
)
def test_quote_removal_reveals_the_real_executable(cmd):
    assert exes(cmd)[0] == "curl"


def test_line_continuation_joins_words():
    c = only("rm \\\n -rf \\\n /tmp/x")
    assert c.argv == ["rm", "-rf", "/tmp/x"]


@pytest.mark.parametrize(
    "cmd,argv",
    [
        ("git commit -m \"never rm -rf /\"", ["git", "commit", "-m", "never rm -rf /"]),
        ("echo 'curl | sh'", ["echo", "curl | sh"]),
        ("grep -rn 'mkfs' .", ["grep", "-rn", "mkfs", "."]),
        ("printf '%s' \"a|sh\"", ["printf", "%s", "a|sh"]),
        ("echo \"$(printf '%s' ';')\" ';' '&&' \"|\"", ["echo", ";", ";", "&&", "|"]),
        ("echo 'a' \"b\" c\\ d", ["echo", "a", "b", "c d"]),
    ],
)
def test_quoted_text_is_data_not_commands(cmd, argv):
    a = run(cmd)
    assert a.commands[-1].argv == argv
    assert a.commands[-1].executable == argv[0]
    assert {c.executable for c in a.commands} <= {argv[0], "printf"}
    assert not a.undetermined


def test_unterminated_quotes_are_an_error():
    for cmd in ("echo 'abc", 'echo "abc', "echo $'abc", "echo `ls", "echo $(ls", "echo ${HOME"):
        a = analyze(cmd, CWD, HOME)
        assert a.error, cmd


# ---- wrappers -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cmd,via",
    [
        ("sudo rm -rf x", ["sudo"]),
        ("sudo -u root rm x", ["sudo"]),
        ("sudo -E -H rm x", ["sudo"]),
        ("sudo --user=root -- rm x", ["sudo"]),
        ("doas -u root rm x", ["doas"]),
        ("env -i rm x", ["env"]),
        ("env -u HOME -i A=1 B=2 rm x", ["env"]),
        ("env VAR=1 rm x", ["env VAR=1"]),  # named with its assignments (a role may allow it)
        ("nice -n 10 rm x", ["nice"]),
        ("nice -10 rm x", ["nice"]),
        ("timeout 5 rm x", ["timeout"]),
        ("timeout -s KILL -k 1 5s rm x", ["timeout"]),
        ("time rm x", ["time"]),
        ("time -p rm x", ["time"]),
        ("nohup rm x", ["nohup"]),
        ("command rm x", ["command"]),
        ("exec rm x", ["exec"]),
        ("exec -a name rm x", ["exec"]),
        ("stdbuf -o0 -eL rm x", ["stdbuf"]),
        ("stdbuf -o 0 rm x", ["stdbuf"]),
        ("setsid rm x", ["setsid"]),
        ("ionice -c 3 rm x", ["ionice"]),
        ("chrt -r 10 rm x", ["chrt"]),
        ("taskset 0x1 rm x", ["taskset"]),
        ("taskset -c 0,1 rm x", ["taskset"]),
        ("flock /tmp/lock rm x", ["flock"]),
        ("flock -n /tmp/lock rm x", ["flock"]),
        ("xargs rm", ["xargs"]),
        ("xargs -0 -n 1 -P 4 rm", ["xargs"]),
        ("busybox rm x", ["busybox"]),
        ("A=1 B=2 rm x", []),
        ("sudo env A=1 nice timeout 3 rm x", ["sudo", "env A=1", "nice", "timeout"]),
        ("uv run rm x", ["uv run"]),
        ("poetry run rm x", ["poetry run"]),
    ],
)
def test_wrappers_are_seen_through(cmd, via):
    cs = [c for c in run(cmd).commands if c.executable == "rm"]
    assert len(cs) == 1, run(cmd).commands
    assert cs[0].via == via


def test_wrapper_file_arguments_are_paths():
    c = only("flock /etc/lockfile rm x")
    assert "/etc/lockfile" in c.paths


def test_env_chdir_moves_the_wrapped_command():
    c = only("env -C /srv rm x")
    assert c.cwd == "/srv" and "/srv/x" in c.paths


def test_command_v_does_not_run_the_command():
    assert exes("command -v rm") == ["command"]


def test_sudo_without_command_is_interactive():
    a = run("sudo -i")
    assert a.commands[0].interactive


# ---- nested shells ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cmd,via",
    [
        ("bash -c 'rm -rf x'", ["bash -c"]),
        ("sh -c 'rm -rf x'", ["sh -c"]),
        ("sh -lc 'rm -rf x'", ["sh -c"]),
        ("bash -xec 'rm -rf x'", ["bash -c"]),
        ("bash -o pipefail -c 'rm -rf x'", ["bash -c"]),
        ("zsh -c 'rm -rf x'", ["zsh -c"]),
        ("dash -c 'rm -rf x' name arg", ["dash -c"]),
        ("eval 'rm -rf x'", ["eval"]),
        ("eval rm -rf x", ["eval"]),
        ("bash <<< 'rm -rf x'", ["bash"]),
        ("echo 'rm -rf x' | sh", ["sh"]),
        ("printf 'rm -rf x\\n' | bash", ["bash"]),
        ("sh <<'EOF'\nrm -rf x\nEOF", ["sh"]),
        ("cat <<EOF | bash\nrm -rf x\nEOF", ["bash"]),
        ("sudo bash -c 'rm -rf x'", ["sudo", "bash -c"]),
        ("bash -c \"bash -c 'rm -rf x'\"", ["bash -c", "bash -c"]),
        ("echo cm0gLXJmIHg= | base64 -d | sh", ["sh"]),
        ("su -c 'rm -rf x'", ["su -c"]),
        ("watch 'rm -rf x'", ["watch"]),
        ("flock /tmp/l -c 'rm -rf x'", ["flock -c"]),
        ("env -S 'rm -rf x'", ["env -S"]),
    ],
)
def test_nested_shells_are_analysed(cmd, via):
    cs = [c for c in run(cmd).commands if c.executable == "rm"]
    assert len(cs) == 1, run(cmd).commands
    assert cs[0].via == via
    assert cs[0].paths == ["/home/u/proj/x"]


@pytest.mark.parametrize(
    "cmd",
    ["bash -c \"$SCRIPT\"", "eval \"$X\"", "cat script | sh", "source <(make-script)", "sh -c \"$(gen)\""],
)
def test_code_that_cannot_be_seen_is_undetermined(cmd):
    a = run(cmd)
    assert a.undetermined
    assert any(c.executable == "" for c in a.commands)


def test_script_file_runs_as_a_program():
    c = only("bash ./build.sh arg")
    assert c.executable == "bash" and c.paths == ["/home/u/proj/build.sh"] and not c.interactive


# ---- substitutions --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cmd,inner",
    [
        ("echo $(rm -rf x)", "rm"),
        ("echo `rm -rf x`", "rm"),
        ("echo \"$(rm -rf x)\"", "rm"),
        ("cat <(rm -rf x)", "rm"),
        ("tee >(rm -rf x)", "rm"),
        ("echo ${X:-$(rm -rf x)}", "rm"),
        ("echo $(( $(rm -rf x) + 1 ))", "rm"),
        ("cat <<EOF\n$(rm -rf x)\nEOF", "rm"),
        ("echo $(echo $(rm -rf x))", "rm"),
        ("X=$(rm -rf x)", "rm"),
        ("for f in $(rm -rf x); do :; done", "rm"),
        ("[[ -n $(rm -rf x) ]]", "rm"),
        ("case $(rm -rf x) in *) ;; esac", "rm"),
    ],
)
def test_substitutions_run_their_commands(cmd, inner):
    assert inner in exes(cmd)


def test_quoted_heredoc_does_not_expand():
    assert exes("cat <<'EOF'\n$(rm -rf x)\nEOF") == ["cat"]


@pytest.mark.parametrize("cmd", ["$CMD -rf /", "$(echo $X) x", "${CMD} x", "\"$@\""])
def test_dynamic_command_word_is_undetermined(cmd):
    a = run(cmd)
    last = a.commands[-1]
    assert last.executable == "" and any("command word" in u for u in a.undetermined)


@pytest.mark.parametrize(
    "cmd", ["$(echo rm) -rf x", "X=rm; $X -rf x", "$(which rm) -rf x", "`echo rm` -rf x", "R=r; ${R}m -rf x"]
)
def test_command_word_from_known_values_is_resolved(cmd):
    assert "rm" in exes(cmd)


# ---- grouping and control flow ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "cmd",
    [
        "(rm -rf x)", "{ rm -rf x; }", "true && rm -rf x", "false || rm -rf x", "ls | rm -rf x",
        "rm -rf x &", "! rm -rf x", "if true; then rm -rf x; fi", "if false; then :; else rm -rf x; fi",
        "while true; do rm -rf x; done", "until false; do rm -rf x; done", "for i in 1; do rm -rf x; done",
        "case a in a) rm -rf x;; esac", "case a in (a|b) rm -rf x ;; esac", "ls; rm -rf x", "ls\nrm -rf x",
        "f() { rm -rf x; }; f", "function f { rm -rf x; }; f", "ls |& rm -rf x", "coproc rm -rf x",
        "if [[ -d x ]]; then (cd . && { rm -rf x; }); fi",
    ],
)
def test_every_simple_command_inside_control_flow_is_seen(cmd):
    assert "rm" in exes(cmd)


def test_function_defined_but_not_called_runs_nothing():
    assert exes("f() { rm -rf x; }") == []


def test_comments_are_ignored():
    assert exes("ls # ; rm -rf /") == ["ls"]


# ---- fan-out executors --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cmd,via",
    [
        ("find . -name x -exec rm -rf {} \\;", "find -exec"),
        ("find . -exec rm {} +", "find -exec"),
        ("find . -execdir rm {} \\;", "find -execdir"),
        ("find . -ok rm {} \\;", "find -ok"),
        ("find . -type f -print0 | xargs -0 rm -f", "xargs"),
        ("parallel rm ::: a b", "parallel"),
        ("find . -exec sh -c 'rm \"$1\"' _ {} \\;", "sh -c"),
    ],
)
def test_fan_out_executors(cmd, via):
    cs = [c for c in run(cmd).commands if c.executable == "rm"]
    assert cs and via in cs[0].via


def test_find_delete_marks_deletion_of_its_roots():
    a = run("find /srv/data -delete")
    f = a.commands[0]
    assert f.deletes and [(t.path, t.mode) for t in f.delete_targets] == [("/srv/data", "self")]



def test_command_records_read_by_name():
    """What hook/ reads of a command has named fields: a redirect's op and target, a delete's
    path and mode, a find filter's pattern and case, an assignment's variable and folder."""
    c = only("find /srv/data -iname '*.log' -delete 2> /tmp/err")
    assert [(r.op, r.target) for r in c.redirects] == [("2>", "/tmp/err")]
    assert [(t.path, t.mode) for t in c.delete_targets] == [("/srv/data", "descendants")]
    assert [(f.pattern, f.icase) for f in c.delete_names] == [("*.log", True)]
    ran = [c for c in run("find . -name '*.key' -exec cat {} +").commands if c.executable == "cat"]
    assert [(f.pattern, f.icase) for f in ran[0].find_names] == [("*.key", False)]
    env = run("GIT_DIR=/srv/repo git status").env_paths
    assert [(e.variable, e.folder) for e in env] == [("GIT_DIR", "/srv/repo")]
    assert repr(c.redirects[0]) == "Redirection('2>', '/tmp/err')"

def test_xargs_operands_from_input_are_undetermined():
    c = [c for c in run("cat list | xargs rm").commands if c.executable == "rm"][0]
    assert any("xargs" in u for u in c.undetermined)


# ---- target spellings and paths ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cmd,path",
    [
        ("cat ~/.ssh/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cat $HOME/.ssh/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cat ${HOME}/.ssh/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cat \"$HOME/.ssh/id_rsa\"", "/home/u/.ssh/id_rsa"),
        ("cat ~/./.ssh//id_rsa", "/home/u/.ssh/id_rsa"),
        ("cat ../.ssh/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cat /tmp/../home/u/.ssh/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cat //home/u/.ssh/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cat \\/home\\/u/.ssh/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cat ~/.s{s,x}h/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cd ~ && cat .ssh/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cd .. && cd .ssh && cat id_rsa", "/home/u/.ssh/id_rsa"),
        ("D=~/.ssh; cat $D/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cat $(pwd)/../.ssh/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cat ~+/../.ssh/id_rsa", "/home/u/.ssh/id_rsa"),
        ("cp x --target-directory=/home/u/.ssh", "/home/u/.ssh"),
        ("curl -o ~/.ssh/authorized_keys http://h/k", "/home/u/.ssh/authorized_keys"),
        ("dd if=/home/u/.ssh/id_rsa of=/tmp/x", "/home/u/.ssh/id_rsa"),
        ("tar -czf /tmp/o.tgz -C /home/u .ssh", "/home/u/proj/.ssh"),
        ("docker run -v ~/.ssh:/root/.ssh img", "/home/u/.ssh"),
        ("git -C /home/u/.ssh log", "/home/u/.ssh"),
        ("source ~/.ssh/x", "/home/u/.ssh/x"),
    ],
)
def test_path_spellings_normalise(cmd, path):
    paths = [p for c in run(cmd).commands for p in c.paths]
    assert path in paths, paths


def test_glob_operands_are_kept_as_patterns():
    c = only("cat ~/.ss*/id_rsa")
    assert c.globs == ["/home/u/.ss*/id_rsa"]


@pytest.mark.parametrize(
    "cmd",
    ["echo ~/.ssh/id_rsa", "printf '%s' /etc/passwd", "test -f ~/.ssh/id_rsa", "[ -f /etc/shadow ]", "sleep 1", "seq 10", "true /etc"],
)
def test_commands_without_file_operands_have_no_paths(cmd):
    assert all(not c.paths for c in run(cmd).commands)


@pytest.mark.parametrize(
    "cmd,notpath",
    [
        ("grep -rn '../../etc' src", "/etc"),
        ("sed 's/a/b/' ../../etc/x", None),
        ("git commit -m '../../etc/passwd'", "/etc/passwd"),
        ("head -n 5 f", "/home/u/proj/5"),
        ("curl -H 'X: /etc/passwd' http://h", "/etc/passwd"),
        ("python3 -c 'open(\"/etc/passwd\")'", "/etc/passwd"),
    ],
)
def test_option_values_that_are_not_files_are_not_paths(cmd, notpath):
    paths = [p for c in run(cmd).commands for p in c.paths]
    if notpath:
        assert notpath not in paths, paths


def test_undetermined_operand_of_a_file_command():
    c = only("cat $F")
    assert c.paths == [] and c.undetermined == ["operand `$F` of `cat`"]


def test_cd_tracking_and_subshell_scope():
    a = run("cd /srv && (cd /opt; ls a) && ls b")
    ls = [c for c in a.commands if c.executable == "ls"]
    assert ls[0].paths == ["/opt/a"] and ls[1].paths == ["/srv/b"]
    assert a.commands[0].cd_target == "/srv"


def test_cd_to_unknown_directory_is_undetermined():
    a = run("cd \"$X\" && cat f")
    assert any("working directory" in u for u in a.undetermined)
    assert any("undetermined directory" in u for u in a.commands[-1].undetermined)


def test_cd_without_argument_goes_home():
    a = run("cd && cat .ssh/id_rsa")
    assert a.commands[-1].paths == ["/home/u/.ssh/id_rsa"]


# ---- redirects ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cmd,redir",
    [
        ("echo x > ~/.bashrc", (">", "/home/u/.bashrc")),
        ("echo x >> ~/.bashrc", (">>", "/home/u/.bashrc")),
        ("echo x &> ~/.bashrc", ("&>", "/home/u/.bashrc")),
        ("echo x &>> ~/.bashrc", ("&>>", "/home/u/.bashrc")),
        ("echo x >| ~/.bashrc", (">|", "/home/u/.bashrc")),
        ("echo x 2> ~/.bashrc", ("2>", "/home/u/.bashrc")),
        ("echo x >& ~/.bashrc", ("&>", "/home/u/.bashrc")),
        ("cat < ~/.bashrc", ("<", "/home/u/.bashrc")),
        ("cat 0< ~/.bashrc", ("0<", "/home/u/.bashrc")),
        ("echo x 1<> ~/.bashrc", ("1<>", "/home/u/.bashrc")),
        ("echo x>~/.bashrc", (">", "/home/u/.bashrc")),
        ("{ echo x; } > ~/.bashrc", (">", "/home/u/.bashrc")),
        ("(echo x) > ~/.bashrc", (">", "/home/u/.bashrc")),
        ("> ~/.bashrc", (">", "/home/u/.bashrc")),
        ("for i in 1; do echo; done > ~/.bashrc", (">", "/home/u/.bashrc")),
        ("exec 3> ~/.bashrc", ("3>", "/home/u/.bashrc")),
    ],
)
def test_redirect_targets(cmd, redir):
    reds = [(r.op, r.target) for c in run(cmd).commands for r in c.redirects]
    assert redir in reds, reds


def test_fd_duplications_are_not_files():
    c = only("ls 2>&1 >&2 <&0 3>&-")
    assert c.redirects == []


# ---- interactive programs ------------------------------------------------------------------------------------
@pytest.mark.parametrize("cmd", ["bash", "sh -i", "zsh", "python3", "python", "node", "irb", "psql", "mysql", "sqlite3 db", "sudo -s", "su", "vim f", "ssh host", "docker exec -it c bash"])
def test_interactive_programs(cmd):
    assert run(cmd).commands[-1].interactive


@pytest.mark.parametrize(
    "cmd",
    ["bash x.sh", "sh -c ls", "python3 x.py", "python3 -c 'print(1)'", "python3 -m pytest", "node x.js", "psql -c 'select 1'",
     "mysql -e 'select 1'", "sqlite3 db 'select 1'", "echo ls | bash", "python3 < x.py", "ssh host ls", "ls"],
)
def test_non_interactive_programs(cmd):
    assert not any(c.interactive for c in run(cmd).commands)


# ---- bounds ---------------------------------------------------------------------------------------------------
def test_command_over_128_kib_is_refused_quickly():
    t = time.perf_counter()
    a = analyze("echo " + "a" * (128 * 1024), CWD, HOME)
    assert a.error and "128 KiB" in a.error
    assert time.perf_counter() - t < 0.5


def test_nesting_deeper_than_32_is_refused():
    for cmd in ["( " * 40 + "ls" + " )" * 40, "echo " + "$(" * 40 + "ls" + ")" * 40, "{ " * 40 + "ls; " + "} " * 40]:
        a = analyze(cmd, CWD, HOME)
        assert a.error and "deeper than 32" in a.error, (cmd[:20], a.error)


def test_nested_eval_and_bash_c_deeper_than_32_is_refused():
    a = analyze("eval " * 40 + "ls", CWD, HOME)
    assert a.error and "deeper than 32" in a.error
    a = analyze("bash -c " * 40 + "ls", CWD, HOME)
    assert a.error is None  # bash -c takes one word: `bash -c bash` runs an interactive bash
    a = analyze("sh -c 'sh -c \"sh -c ls\"'", CWD, HOME)
    assert [c.executable for c in a.commands] == ["ls"] and a.commands[0].via == ["sh -c"] * 3


def test_more_than_1000_commands_is_refused_quickly():
    t = time.perf_counter()
    a = analyze("ls;" * 1001, CWD, HOME)
    assert a.error and "1000 simple commands" in a.error
    assert time.perf_counter() - t < 1.0


def test_unbounded_brace_expansion_is_undetermined():
    a = analyze("rm x{1..100000}", CWD, HOME)
    assert a.error is None and any("unbounded" in u for u in a.undetermined)


def test_function_recursion_does_not_loop():
    a = analyze("f() { f; g; }; g() { f; }; f", CWD, HOME)
    assert a.error is None


def test_typical_command_is_fast():
    cmd = "cd src && grep -rn 'TODO' --include='*.py' . | head -n 20 && git status --short"
    analyze(cmd, CWD, HOME)
    t = time.perf_counter()
    for _ in range(100):
        analyze(cmd, CWD, HOME)
    assert (time.perf_counter() - t) / 100 < 0.005


def _random_words(seed, count):
    import random

    rng = random.Random(seed)
    pieces = ["a", "b/c", "-x", "--o=1", "'q r'", '"d $e"', "$f", "${g}", "\\ ", "\\h", "{i,j}", "~", "~/k",
              "*", "?", "[l]", "#", "@(m)", "=", "x=1", "<(n)", ">o", "2>p", "&", ";", "|", "(", ")", "`p`",
              "$(q)", "\t", "\n", "é", ".env", "..", "//"]
    for _ in range(count):
        yield "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) + rng.choice([" ", " x", "", "\t", ";"])


def _shape(value):
    """Parts as comparable data: nested parse nodes (substitutions) by their type."""
    if isinstance(value, (list, tuple)):
        return [_shape(v) for v in value]
    return value if isinstance(value, (str, bool, int, type(None))) else type(value).__name__


def test_the_parsers_plain_word_shortcut_reads_what_the_general_loop_reads():
    # read_word takes a plain word up to a blank in one step; the character loop must agree on
    # every text where the shortcut applies (and the shortcut must not apply elsewhere wrongly).
    from legant_guard.shell.parse import ParseError, Parser

    for text in _random_words(7, 4000):
        results = []
        for method in ("read_word", "_read_word_general"):
            parser = Parser(text)
            try:
                word = getattr(parser, method)()
                results.append((word and (_shape(word.parts), word.src), parser.i))
            except ParseError as e:
                results.append(("error", str(e)))
        assert results[0] == results[1], text


def test_the_expansion_shortcut_for_one_literal_gives_what_the_general_expansion_gives():
    from legant_guard.shell.parse import ParseError, Parser
    from legant_guard.shell.expansion import expand_general
    from legant_guard.shell.words import expand_word

    class Env:
        vars, home, cwd = {}, "/home/u", "/p"

    def no_sub(body, part):
        return None

    checked = 0
    for text in _random_words(8, 4000):
        try:
            word = Parser(text).read_word()
        except ParseError:
            continue
        if word is None:
            continue
        for tilde_ok in (True, False):
            fast = [(e.text, e.src, e.dynamic, e.glob, e.quoted, e.proc)
                    for e in expand_word(word, Env, no_sub, tilde_ok=tilde_ok)]
            slow = [(e.text, e.src, e.dynamic, e.glob, e.quoted, e.proc)
                    for e in expand_general(word, Env, no_sub, tilde_ok=tilde_ok)]
            assert fast == slow, (text, tilde_ok)
            checked += 1
    assert checked > 2000


def _tree(node):
    """A parse tree as comparable data: every node's slots, recursively."""
    if isinstance(node, (list, tuple)):
        return [type(node).__name__] + [_tree(v) for v in node]
    slots = getattr(type(node), "__slots__", None)
    if slots and not isinstance(node, (str, bytes)):
        return [type(node).__name__] + [(name, _tree(getattr(node, name, None))) for name in slots]
    return node


def _random_command_lines(seed, count):
    import random

    rng = random.Random(seed)
    words = ["a", "b/c", "-x", "--o=1", "'q r'", '"d $e"', "$f", "2", "2>p", "{i,j}", "{fd}>x", "#c", "a#b", "~/k",
             "*.go", "x=1", "<(n)", ">o", "<i", "&>o", "(", ")", "`p`", "$(q w)", "\\ ", "é", "./p/...", "done",
             "}", "{", "if", "then", "fi", "do", "for", "in", "case", "esac", "a)", ";;", "[[", "]]", "((1))", "<<E",
             "x" * 130]
    seps = [" ", " ", " ", "  ", "\t", " \\\n", "\n", " && ", " ; ", ";", " | ", "&", " || ", " #x\n"]
    for _ in range(count):
        yield "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 12))) + rng.choice(["", "\nE\n"])


def test_the_parsers_plain_words_loop_reads_what_the_general_loop_reads(monkeypatch):
    # parse_simple reads a run of plain words after the first in one loop (Parser.plain_words);
    # the general loop (skip_blanks, read_word per word) must give the same tree on every line.
    import importlib

    P = importlib.import_module("legant_guard.shell.parse")  # (the package's `parse` is the function)
    lines = list(_random_command_lines(5, 3000)) + [
        "mkdir -p a/b c/d && cp x y z/ ; grep -n 'func Test' a b c | go test -count=1 ./p/... ./q/...",
        "echo a b 2>x c 3 {fd}>y d #e f\ncat g", "a  b   c\td \\\n e", "x " * 200 + "y",
        "cmd " + "ab " * 2000 + "2 x", "cmd " + "ab " * 1500 + "#c d", "cmd " + "ab " * 900 + " c d",
        "cmd " + "y" * 127 + " " + "z" * 128 + " a", "cmd a " + "y" * 3000 + " b", "cmd " + "a " * 1100 + "b$c d",
    ]

    def results():
        out = []
        for line in lines:
            try:
                out.append(_tree(P.parse(line)))
            except P.ParseError as e:
                out.append(("error", str(e)))
        return out

    fast = results()
    monkeypatch.setattr(P.Parser, "plain_words", lambda self, words: None)
    assert results() == fast


def test_add_path_records_what_absolute_gives():
    # operands.add_path joins a plain operand itself and calls absolute() only for one that
    # needs normalising (`.`, `..`, `//`, a trailing slash); both must give the same path.
    import random
    from types import SimpleNamespace

    from legant_guard.shell.operands import add_path
    from legant_guard.shell.words import Exp, absolute

    rng = random.Random(17)
    pieces = ["a", "b", ".", "..", "", "...", ".env", "x.", "/"]
    scope = SimpleNamespace(cwd_known=True, home="/h")
    for _ in range(20000):
        t = "/".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
        cwd = rng.choice(["/", "/w", "/w/", "/w/./p", "//w", "/w/x/.."])
        cmd = SimpleNamespace(paths=[], path_set=set(), path_set_len=0, globs=[], executable="cat")
        add_path(None, cmd, Exp(t, t), scope, cwd)
        assert cmd.paths == ([absolute(t, cwd)] if t and t != "-" else []), (t, cwd)
