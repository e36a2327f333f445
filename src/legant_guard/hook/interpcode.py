"""Interpreter code given inline (`python3 -c`, `perl -e`, an awk program, a here-document fed
to an interpreter): text that runs.

The analyser (shell/sinks.py) finds the code and records an `interpreter` Sink when it can start
programs (a spawn word of rules/exec_sinks.json, awk's system(), `|` and getline) or open network
connections. The guard does not analyse these languages; it decides on what it can establish
cheaply, and otherwise denies as undetermined:
- a quoted string in the code that names a file on the deny side (`open('.env')`) is a read of it;
- under a command allow-list (builder), code that starts programs is undetermined unless the
  interpreter itself is on the allow-list;
- under deny-cmd (open), code that starts programs must not name a denied program, as a word
  of the code or as a program of one of its string literals read as a shell command line
  (`os.system('curl x')`, `os.system('c""url x')`); nor start one taken from its input
  (`system($0)`); nor build text at run time (`'cu'+'rl'`, `chr(99)`, `"\\x63url"`, f-strings,
  reflection, environment or argv values, a program given by a variable), which could name a
  denied program the code does not show; code that opens network connections is
  exfiltration wherever the token denies network commands.

Code that writes files (a write mode, a write/rename/copy/link call, a program it starts) is held
to the trust base for every role, operator included (issue 10): a string naming a protected path
as a write (`open('.claude/settings.json','w')`, perl's `open(F, ">...")`, strings joined with `+`
or by os.path.join, every literal run together), a piece of a protected path's name anywhere in it
(`.claude`, `.codex`, `opencode.json`, `.git/hooks`, `.bashrc`, the guard's installation), or a
path built at run time where it could reach one (from the home folder or the environment, or
decoded: chr, base64, hex, eval, reversed, or where the interpreter itself is installed:
sysconfig, site.getsitepackages(), sys.prefix, a module's __file__) is denied.
"""

from legant_guard.hook.model import deny
from legant_guard.hook.paths import wildcard_match

_SEPARATORS = " \t\n;,()[]{}'\"`=+<>|&!:$\\"
MAX_CODE = 200000


def _awk_runs_data(text):
    """awk's system(X), `print | X`, `X | getline` with X not a string literal, or with X a shell
    or interpreter that reads its code from its input (`print | "sh"`: the lines awk reads, typed
    into a terminal session or read from a file, run as commands)."""
    import re

    for m in re.finditer(r"system\s*\(\s*(.)", text):
        if m.group(1) != '"':
            return True
    for m in re.finditer(r'(?:system\s*\(|\|&?)\s*"([^"]*)"|"([^"]*)"\s*\|&?\s*getline', text):
        if _reads_code_from_input(m.group(1) if m.group(1) is not None else m.group(2)):
            return True
    for m in re.finditer(r"\|&?\s*(.)", text):
        if m.group(1) not in '"|':
            # `a || b` is a logical or; `| getline` reads from a command on the left
            before = text[:m.start()].rstrip()
            if text[m.end() - 1:].startswith("getline"):
                if not before.endswith('"'):
                    return True
            elif text[m.start() + 1:m.start() + 2] != "|" and not before.endswith("|"):
                return True
    return False


def _reads_code_from_input(command):
    """Is `command` (awk's literal) a shell or interpreter with no code of its own (`sh`, `bash -s`,
    `python3 -`): it runs what it reads from its input."""
    from legant_guard.shell import knowledge as K

    words = command.split()
    if not words:
        return False
    name = words[0].rsplit("/", 1)[-1]
    if name not in K.SHELLS and name not in K.INTERPRETERS and not name.startswith("python"):
        return False
    return not any(w in ("-c", "-e", "-E", "--eval", "-r") or (w.startswith("-") and not w.startswith("--") and
                                                              w[-1:] in "ce" and len(w) > 1) or
                   (not w.startswith("-") and w != "-") for w in words[1:])


def _tokens(text):
    out, cur = [], []
    for c in text:
        if c in _SEPARATORS:
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(c)
    if cur:
        out.append("".join(cur))
    return out


def _quoted(text):
    """The contents of '...' and "..." runs of the code (no escapes: good enough to find names)."""
    out, quote, start = [], None, 0
    for k, c in enumerate(text):
        if quote is None and c in "'\"":
            quote, start = c, k + 1
        elif c == quote:
            out.append(text[start:k])
            quote = None
    return out


def _programs_named(text, cwd):
    """Every word of the code that could be a program it starts: its tokens, and the programs
    of each string literal read as a shell command line (`os.system('cu""rl x')` runs curl)."""
    from legant_guard.shell import analyze

    names = []
    for tok in _tokens(text):
        names.append(tok.rsplit("/", 1)[-1])
    budget = MAX_SHELL_TEXT
    for literal in _quoted(text):
        budget -= len(literal)
        if budget < 0 or not literal.strip():
            continue
        analysis = analyze(literal, cwd, "/")
        for cmd in analysis.commands:
            names.append(cmd.executable)
            names.extend(w.split()[0].rsplit("/", 1)[-1] for w in cmd.via if w.strip() and not w.startswith("$"))
    return [n for n in dict.fromkeys(names) if n]


# How code builds text the guard cannot read from its words: joined or converted strings,
# escapes, interpolation, reflection, values read at run time. A program name built this way
# (`'cu'+'rl'`, `'cu' 'rl'`, `chr(99)`, `"\x63url"`, `f"{x}"`) is not in the code. Matched on
# the code with each string literal replaced by `S` (RAW: on the code as written).
_BUILDERS = (
    (r"S\s*(\+|\.\.?|~|,\s*S\s*\)\s*\.join)|(\+|\.\.|\.(?=\s*S))\s*S", "strings joined"),
    (r"S\s*S", "strings side by side"),
    (r"RAW\\(x[0-9A-Fa-f]|u[0-9A-Fa-f{]|U[0-9A-Fa-f]|N\{|[0-7]{2,3}|c[A-Za-z@])", "escapes"),
    (r"RAW\$\{|#\{", "interpolation"),
    (r"S\s*%|\b[rRbB]?[fF][rRbB]?S|\.format\b|\.join\b|\.replace\b|\.translate\b|\bsprintf\b|\bformat\(",
     "formatted strings"),
    (r"\[\s*:\s*:\s*-|\breverse\b|\bchr\b|\bord\b|fromCharCode|fromhex|unhexlify|b64decode|b32decode|"
     r"\bdecode\s*\(\s*S|rot13|\bpack\b|\bunpack\b|\bswapcase\b|\bupper\b|\blower\b|\btr\b",
     "converted strings"),
    (r"\b(getattr|__import__|importlib|globals|locals|vars|eval|exec|compile|Function|send|public_send|"
     r"instance_eval|class_eval|const_get|method|call_user_func)\b", "reflection"),
    (r"\b(environ|getenv|ENV|process\.env|argv|ARGV|input|stdin|STDIN|readline|readlines|gets|read|fgets)\b|"
     r"<>|<STDIN>", "values read at run time"),
    (r"RAW\$[\w{(]|@ARGV", "variables expanded at run time"),
    (r"\b(system|popen[23]?|spawn\w*|exec\w*|run|call|check_output|check_call|Popen|getoutput|getstatusoutput|"
     r"capture[23]e?|shell_exec|passthru|proc_open|pipeline\w*)\s*\(\s*(?!\[?\s*S)(?!\))", "a program named by a variable"),
)
MAX_SHELL_TEXT = 20000


def _skeleton(text):
    """The code with each '...', "..." and `...` literal replaced by S (escapes honoured)."""
    out, k = [], 0
    while k < len(text):
        c = text[k]
        if c in "'\"`":
            k += 1
            while k < len(text) and text[k] != c:
                k += 2 if text[k] == "\\" else 1
            out.append("S")
        else:
            out.append(c)
        k += 1
    return "".join(out)


def _built_at_run_time(text):
    """Why the code may build a program name the guard cannot see, or None."""
    import re

    skeleton = _skeleton(text)
    for pattern, why in _BUILDERS:
        raw = pattern.startswith("RAW")
        m = re.search(pattern[3:] if raw else pattern, text if raw else skeleton)
        if m:
            return f"{why}: `{m.group(0).strip()[:40]}`"
    return None


def _awk_reads_built(text):
    """awk reading a file whose name it builds: `getline < EXPR` with EXPR not one string
    literal (`ENVIRON["HOME"] "/.ssh/id_rsa"`), or ARGV/ARGC changed (the input files then come
    from the program, not the command line). The files named on the command line are judged as
    operands; a literal `getline < "x"` as the path it names."""
    import re

    for m in re.finditer(r"getline[^;{}|]*?<\s*", text):
        end = _literal_end(text, m.end()) if text[m.end():m.end() + 1] == '"' else None
        rest = text[end + 1:].lstrip(" \t") if end is not None else None
        if rest is None or rest[:1] not in ("", ")", ";", "}", "\n") and not rest.startswith(("||", "&&", ">")):
            return "`getline <` a name built from " + (text[m.end():m.end() + 30] or "nothing")
    if re.search(r"\bARG[VC]\b\s*(\[[^\]]*\]\s*)?(=[^=]|\+\+|--|[-+*/]=)|(\+\+|--)\s*ARGC|\bdelete\s+ARGV", text):
        return "it changes ARGV/ARGC"
    return None


def _awk_built(text):
    """awk starts `system("...")`, `print | "..."` and `"..." | getline`: each command must be
    one string literal standing alone (`"cu" "rl"` is a concatenation), without escapes."""
    import re

    for m in re.finditer(r"(system\s*\(|\|&?)\s*\"", text):
        end = _literal_end(text, m.end() - 1)
        if end is None:
            return "an unterminated string"
        rest = text[end + 1:].lstrip(" \t")
        if "\\" in text[m.end():end]:
            return "escapes in the command string"
        if rest[:1] not in ("", ")", ";", "}", "\n") and not rest.startswith(("||", "&&")):
            return f"a command string joined with `{rest[:20]}`"
    for m in re.finditer(r"\"\s*\|&?\s*getline", text):
        start = text.rfind('"', 0, m.start())
        before = text[:start].rstrip(" \t")
        if before[-1:] not in ("", "{", ";", "(", "\n") or "\\" in text[start:m.start()]:
            return "a command string joined with what comes before it"
    return None


def _literal_end(text, start):
    """Index of the `"` closing the awk string that opens at `start`, or None."""
    from legant_guard.shell.interpsinks import _awk_string_end

    end = _awk_string_end(text, start)
    return None if end < 0 else end


def _explicitly_allowed(policy, exe):
    """Is the interpreter itself on the token's command allow-list (then its code is trusted)?"""
    return bool(policy.cmds) and any(wildcard_match(p, exe) for p in policy.cmds if p != "*")


# Pieces of the names of protected paths: agent configs, hook folders, start-up files, the
# guard's installation. Code that writes and mentions one is denied (it may build the path).
_PROTECTED_PIECES = (
    ".claude", "claude.json", "claude_config_dir", ".codex", "codex_home", ".opencode", "opencode.json",
    "opencode_config", ".mcp.json", "managed-settings", "legant", "hookspath", ".git/hooks", "git/hooks", ".gitconfig",
    "git/config", ".bashrc", ".bash_profile", ".bash_login", ".profile", ".zshrc", ".zshenv", ".zprofile", ".zlogin",
    ".envrc", ".direnvrc", ".kshrc", ".cshrc", ".tcshrc", "config/fish", "environment.d", ".pam_environment",
    "site-packages", "dist-packages", "sitecustomize", "usercustomize", "pyvenv.cfg",
)
# A path built where it cannot be read: from the home folder or the environment, or decoded.
_RUN_TIME_PATHS = (
    "expanduser", "environ", "getenv", "home()", "homedir", "process.env", "$env{", "env[", "$home", "~/", "'~'",
    '"~"', "chr(", "fromhex", "b64decode", "base64", "atob(", "fromcharcode", "decode(", "codecs", "rot13",
    "[::-1]", "reverse(", "eval(", "exec(", "__import__", "getattr(", "compile(", "pack(", "unhexlify", "sprintf",
    "%c", "\\x", "\\u", "\\0",
    # names the code finds or unpacks where it runs: a tree copy or extraction, a directory walk or
    # glob, a name read from its input
    "glob", "walk(", "listdir", "scandir", "iterdir", "readdir", "opendir", "extractall", "extract(", "copytree",
    "unpack_archive", "input(",
    # tree copies in other languages (red team #30: node's `fs.cpSync('stage', '.', {recursive: true})`)
    "cpsync", "fs.cp(", "promises.cp(", "copy_tree", "cp_r", "copy_entry", "copysync", "dircopy", "rcopy(",
    "copydir", "copyfolder",
    # where the interpreter itself is installed (its site-packages, prefix, a package's folder): with
    # the guard's Python, `sysconfig.get_paths()['purelib']` + `/x.pth` is a file of the installation
    "sysconfig", "getsitepackages", "getusersitepackages", "get_python_lib", "sys.prefix", "sys.exec_prefix",
    "sys.base_prefix", "sys.base_exec_prefix", "sys.path", "user_site", "user_base", "find_spec", "__file__",
    "__path__", "importlib.resources", "importlib.metadata", "require.resolve", "rbconfig", "gem.dir", "gem.paths",
    "@inc", "%inc", "$config{",
    # more ways to the file of a module or of the interpreter itself (red team 44: `shutil.copy(x,
    # json.load.__code__.co_filename)` replaced the standard library the guard runs on, `sys.executable`,
    # `os.readlink('/proc/self/exe')` and `shutil.which('python3')` its interpreter)
    "co_filename", "__spec__", ".origin", "__loader__", "__cached__", "__globals__", "sys.modules", "inspect.",
    "getfile", "getsourcefile", "pkgutil", "linecache", "sys.executable", "_base_executable", "/proc/self",
    "readlink", "which(", "require.main", "module.paths", "process.execpath", "import.meta", "__filename",
    "$load_path", "$:", "$^x", "$inc{", "gem::",
    # pieces joined with the path separator: `'/'.join(['', 'root', …, 'os.py'])`
    "'/'.join", '"/".join', "os.sep", "path.sep",
    # Ruby's listings (`Dir['*.json']`, Dir.entries/children/each_child/foreach, Find.find, a
    # Pathname's children) and names read from standard input (`gets`, ARGF, STDIN, sys.stdin,
    # node's readFileSync(0)) (red team 36; last, so a more telling word is named first)
    "dir[", "dir.entries", "dir.children", ".children", "each_child", "dir.foreach", "find.find", "gets", "argf",
    "stdin.read",
    "readfilesync(0",
)
# The working folder, or a folder above a path, named at run time: a delete or a move of it takes
# the project's hook config along (red team 33).
# `Path().absolute()` is the working folder too, `Dir.getwd` needs no parentheses, and after a
# `chdir` a relative name is relative to another folder (`os.chdir('..'); shutil.rmtree('proj')`)
# (red team 36).
_WORKING_FOLDER = ("getcwd", "cwd(", ".cwd", "curdir", "pardir", "__dirname", "__dir__", "dir.pwd", "pwd",
                   "abspath", "realpath", "resolve(", ".parent", "dirname", "getwd", "normalizepath", "absolute",
                   "expand_path", "chdir")
_WRITE_CALLS = (
    "write", "append", "createwritestream", "copy", "rename", "move", "symlink", "link(", "linksync", "unlink",
    "remove", "rmtree", "rmsync", "mkdir", "makedirs", "touch", "truncate", "fileutils", "shutil", "system(",
    "spawn", "execsync", "execfile", "exec(", "popen", "subprocess", "child_process", "put_contents", "qx", "syswrite",
    "os.open", "fs.open", "sysopen", "chmod", "io.write", "file.write", "cpsync", "cp(", "outputfile", "ensurefile",
    "`", "extractall", "extract(", "unpack_archive",
    # Ruby's File.delete / Pathname#delete, Node's fs.rm(…) and fs.promises.rm (red team 36)
    "delete", "rm(",
    # a program started without parentheses (perl/ruby `system "cp x ~/.claude/…"`) or by name
    "system ", "system\t", "exec ", "passthru", "proc_open", "pcntl_exec", "os.exec", "open3",
    # renames and links by other names, files rewritten in place, logs and downloads written to a path
    # (red team 44: `os.replace('/tmp/x', os.path.expanduser('~/.bashrc'))` was no write)
    "os.replace", "hardlink_to", "link_to(", "inplace", "basicconfig(", "filehandler(", "urlretrieve",
)


def _writes(text, quoted):
    """Can this code write files? (a write or file-changing call, or an open mode that writes)."""
    # (`platform.system()` only reports "Linux": no `system(` call)
    low = text.lower().replace("stdout.write", "").replace("stderr.write", "").replace("platform.system()", "")
    if any(w in low for w in _WRITE_CALLS) or ("pathlib" in low and ".replace(" in low):  # (Path.replace)
        return True
    for q in quoted:
        q = q.strip()
        if q.startswith((">", "+<", "|")) or q.endswith("|"):
            return True  # perl/ruby two-argument open
        if 0 < len(q) <= 3 and set(q) <= set("rwaxbt+") and set(q) & set("wax+"):
            return True  # open(path, 'w') in Python, Ruby, PHP, Node flags
    return False


def _joined(text):
    """String literals as the code joins them: 'a' + 'b', os.path.join('a', 'b'), path.join(...)."""
    import re

    out = []
    flat = re.sub(r"""(['"])\s*[+.]?\s*(['"])""", "", text)  # 'a' + 'b', 'a' 'b', perl's 'a'.'b' -> 'ab'
    if flat != text:
        out += _quoted(flat)
    for m in re.finditer(r"(?:path\.join|join_path|File\.join|catfile|Path)\s*\(([^()]*)\)", text):
        parts = _quoted(m.group(1))
        if len(parts) > 1:
            out.append("/".join(p.strip("/") if i else p.rstrip("/") for i, p in enumerate(parts)))
    for m in re.finditer(r"""(['"][^'"]*['"])(?:\s*/\s*(['"][^'"]*['"]))+""", text):  # Path('a') / 'b'
        out.append("/".join(q for q in _quoted(m.group(0))))
    return out


def _write_problem(exe, text, quoted, check_write):
    """Why code that writes files may reach a protected path, or None."""
    from legant_guard.shell.codetripwires import removed_paths

    deleted, moved, calls = removed_paths(text)  # `shutil.rmtree('.')` takes the project's .claude with it
    for path in deleted + [values[0] for values in moved]:
        if len(path) < 4096 and "\n" not in path:
            verdict = check_write(path.strip(), deletes=True)
            if verdict:
                return deny(f"the code `{exe}` runs deletes or moves {path.strip()!r}: "
                            + verdict.reason.removeprefix("Legant: "), verdict.rule)
    if calls:
        low = text.lower()
        folder = next((m for m in _WORKING_FOLDER if m in low), None)
        if folder:  # `shutil.rmtree(os.getcwd())`, `fs.rmSync(process.cwd(), …)`, `FileUtils.rm_rf(Dir.pwd)`
            return deny(f"the code `{exe}` runs deletes or moves a tree and names the working folder or a parent "
                        f"at run time (`{folder}`), which holds the project's hook config; name the folder "
                        "literally", "trust-base:interpreter")
    joined = _joined(text)
    for s in quoted + joined:
        path = s.strip().lstrip("+<>|&").strip()
        # a bare name counts too: code writes relative to where it runs (`open('opencode.json','w')`)
        if path and len(path) < 4096 and ("/" in path or "." in path or path.startswith("~")) and "\n" not in path \
                and " " not in path.strip("/"):
            verdict = check_write(path)
            if verdict:
                return deny(f"the code `{exe}` runs writes files and names {path!r}: "
                            + verdict.reason.removeprefix("Legant: "), verdict.rule)
    # every string literal run together too: `''.join(['.co', 'dex'])`, `['.cla', 'ude'].join('')`
    low = (text + "\n" + "\n".join(joined) + "\n" + "".join(quoted)).lower()
    piece = next((p for p in _PROTECTED_PIECES if p in low), None)
    if piece:
        return deny(f"the code `{exe}` runs writes files and mentions `{piece}`, part of the name of a protected path "
                    "(agent configuration, git hooks, start-up files or the guard's installation), which it may "
                    "build at run time; write it with a tool the guard can check", "trust-base:interpreter")
    moved = "chdir" if "chdir" in low else None
    if moved:  # `os.chdir('/'); open('root/…/os.py', 'a')`, node's `process.chdir` (red team 44)
        return deny(f"the code `{exe}` runs writes files after changing its working folder (`{moved}`), so its "
                    "relative names land where the guard cannot see; `cd DIR &&` before the command instead",
                    "trust-base:interpreter")
    # (`sys.path.insert(0, 'src')` puts a folder in, it reads none out)
    low = low.replace("sys.path.insert(", "").replace("sys.path.append(", "")
    built = next((m for m in _RUN_TIME_PATHS if m in low), None)
    if built:
        return deny(f"the code `{exe}` runs writes files to paths it builds at run time (`{built}`), which could "
                    "reach a protected path the guard cannot see; name the files literally", "trust-base:interpreter")
    return None


# Calls that hand the session's terminal to a prompt (a REPL, a debugger, a pty).
_INTERACTIVE_CALLS = ("pty.spawn", "interact(", "set_trace(", "breakpoint(", "embed(", "binding.irb", "binding.pry",
                      "repl.start", "IRB.start", "Pry.start", "debugger;")
_SHELL_NAMES = frozenset(("sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish", "tcsh", "csh", "yash", "python",
                          "python3", "node", "perl", "ruby", "irb", "php", "lua", "tclsh", "busybox"))
_PROMPT_FLAGS = frozenset(("-i", "-l", "--login", "-s", "--interactive", "-"))


def _starts_prompt(cmd, text, quoted):
    """Does code that starts programs start a shell or REPL on the session's terminal
    (`os.system("sh")`, `pty.spawn(...)`, `code.interact()`)? What is then typed into it (Codex's
    write_stdin) never reaches the guard. Returns what shows it, or None."""
    for call in _INTERACTIVE_CALLS:
        if call in text:
            return call.rstrip("(;")
    if not any(s.payload == "interpreter" for s in cmd.sinks):
        return None
    for s in quoted:
        words = s.split()
        if words and words[0].rsplit("/", 1)[-1] in _SHELL_NAMES and all(w in _PROMPT_FLAGS for w in words[1:]) \
                and _alone(text, s):
            return s
    return None


def _alone(text, literal):
    """Is the quoted `literal` the whole command of its call: followed by the end of the call (`)`,
    `]`, `;`, the end) or by an options object (`spawnSync("sh", {stdio: "inherit"})`), not by
    more arguments (`["sh", "-c", "ls"]`, `["bash", "build.sh"]`)?"""
    for q in "\"'":
        start = 0
        needle = q + literal + q
        while True:
            k = text.find(needle, start)
            if k < 0:
                break
            start = k + 1
            rest = text[k + len(needle):].lstrip()
            if not rest or rest[0] in ")];\n":
                return True
            if rest[0] == "," and rest[1:].lstrip()[:1] == "{":
                return True
    return False


def check(cmd, policy, check_executable, check_secret, check_write=None):
    code = cmd.code
    if code is None:
        return None
    exe = cmd.executable
    text = code.text
    if len(text) > MAX_CODE:
        return deny(f"the inline code of `{exe}` is too long to check", "undetermined")
    quoted = _quoted(text)
    prompt = _starts_prompt(cmd, text, quoted)
    if prompt:
        return deny(f"the code `{exe}` runs starts an interactive session (`{prompt}`); what is typed into it never "
                    "reaches the guard. Run the commands themselves instead", "interactive")
    verdict = _names_secret(exe, quoted, check_secret) or _globbed_secret(exe, text, quoted, cmd.cwd, check_secret)
    if verdict:
        return verdict
    from legant_guard.shell.sinks import catalogue

    if policy.has_path_rules() and exe in catalogue()["interpreters"]["awk"]:
        built = _awk_reads_built(text)
        if built:
            return deny(f"the code `{exe}` runs reads a file it names at run time ({built}), which could be a "
                        "secret the guard cannot see; name the files on the command line", "undetermined")
    if check_write is not None and exe in catalogue()["interpreters"]["awk"]:
        from legant_guard.shell.interpsinks import _awk_output_built

        built = _awk_output_built(text)
        if built:  # `print > ENVIRON["HOME"] "/.claude/settings.json"`, `-v f=… '{print > f}'`, `print > $1`
            return deny(f"the code `{exe}` runs prints to a file it names at run time (`{built}`), which could be a "
                        "hook config, a start-up file or the guard's own; print to a file named literally", "trust-base:interpreter")
    verdict = _command_rules(cmd, policy, check_executable, exe, code, text)
    if verdict is None and check_write is not None and _writes(text, quoted):
        if code.dynamic:
            return deny(f"the code `{exe}` runs writes files and is built at run time (`{code.src[:80]}`), so the "
                        "guard cannot tell which files; give the code literally", "trust-base:interpreter")
        verdict = _write_problem(exe, text, quoted, check_write)
    # `open('.e' + 'nv')`, `'.e' 'nv'`: a secret named by literals the code joins is read too
    return verdict or _names_secret(exe, _joined(text), check_secret) or \
        _names_secret(exe, quoted + _joined(text), check_secret, joined=True)


def _names_secret(exe, strings, check_secret, joined=False):
    """A deny for the first string that names a file on the deny side, or None. `joined`: take
    each dot-name in a string below the home folder and the working folder instead, as code joins
    it to one it reads at run time (`os.environ['HOME'] + '/.netrc'`, `path.join(os.homedir(),
    '.netrc')`, Perl's `"$ENV{HOME}/.netrc"`, `Dir.home + "/.netrc"`; red team 43): asked last,
    so a more telling reason (a name built at run time) comes first; a hook config found so is
    left to the write checks."""
    for s in strings:
        if s and len(s) < 4096 and ("/" in s or s.startswith((".", "~"))) and "\n" not in s:
            for named in _home_names(s) if joined else [s]:
                verdict = check_secret(named)
                if verdict and (not joined or verdict.rule == "deny-path"):
                    return deny(f"the code `{exe}` runs names {s!r}: " + verdict.reason.removeprefix("Legant: "),
                                verdict.rule)
    return None


def _home_names(s):
    """`~/.netrc` (and `.netrc`, from the working folder) for each dot-name that starts `s` or one
    of its path components (`/.netrc`, `$ENV{HOME}/.ssh/id_rsa`), for the first four."""
    out = []
    at = 0 if s[:1] == "." else s.find("/.") + 1
    while at > 0 or (at == 0 and s[:1] == "."):
        rest = s[at:]
        if rest[:2] not in ("./", "..") and len(rest) > 1 and not s.startswith("~"):
            out += ["~/" + rest] + ([rest] if rest != s else [])  # (`os.getcwd() + '/.env'` too)
        if len(out) >= 8:
            break
        nxt = s.find("/.", at)
        at = nxt + 1 if nxt >= 0 else -1
        if at <= 0:
            break
    return out


# Calls that hand a pattern to the file system: Python's glob and Path.glob/rglob, Ruby's Dir.glob
# and Dir[…], Node's globSync and the glob packages, PHP's and Perl's glob.
_GLOB_CALLS = ("glob", "dir[")


def _globbed_secret(exe, text, quoted, cwd, check_secret):
    """`glob.glob('.e*')`, `Dir['**/.env']`, `Path('.').rglob('.e*')`: the code reads what a pattern
    matches, which its text never names (red team 37). Each match on disk now (dotfiles included, as
    pathlib's and Node's globs match them; `**` at any depth; an `rglob` pattern below every folder)
    is held against the deny side (a hook config's name among them is left to the write checks: it
    holds no secret); a pattern that matches too many files to check is a deny."""
    low = text.lower()
    if not any(w in low for w in _GLOB_CALLS):
        return None
    import os

    from legant_guard.hook.paths import expand_glob, is_glob

    for s in quoted:
        if not s or len(s) > 4096 or "\n" in s or s.startswith("~") or not is_glob(s):
            continue
        for pattern in [s] + (["**/" + s] if "rglob" in low and not s.startswith("/") else []):
            matches = expand_glob(pattern if pattern.startswith("/") else os.path.join(cwd, pattern),
                                  dotglob=True, globstar=True)
            if matches is None:
                return deny(f"the code `{exe}` runs expands the pattern {s!r}, which matches too many files to "
                            "check for secrets; name the files or a narrower pattern", "undetermined")
            for match in matches:
                verdict = check_secret(match)
                if verdict and verdict.rule != "protected":  # (a hook config holds no secret: its writes are judged)
                    return deny(f"the code `{exe}` runs expands the pattern {s!r}, which matches {match}: "
                                + verdict.reason.removeprefix("Legant: "), verdict.rule)
    return None


def _command_rules(cmd, policy, check_executable, exe, code, text):
    """The token's command rules applied to code that starts programs or opens connections."""
    from legant_guard.hook.sinkrules import denies_network

    sink = next((s for s in cmd.sinks if s.payload == "interpreter"), None)
    if sink is None or not policy.has_cmd_rules():
        return None
    undetermined = deny(f"could not determine what `{exe}` runs: {sink.reason}, and the guard does not analyse "
                        "interpreter code while the token has command rules", "undetermined")
    if code.dynamic:
        return undetermined
    if policy.cmds and not _explicitly_allowed(policy, exe):
        return undetermined
    if policy.deny_cmds:
        from legant_guard.shell.sinks import catalogue

        if exe in catalogue()["interpreters"]["awk"] and _awk_runs_data(text):
            return deny(f"the code `{exe}` runs starts a command built from its input (`system($0)`, `print | $1`), "
                        "which the guard cannot see", "undetermined")
        for name in _programs_named(text, cmd.cwd):
            verdict = check_executable(policy, name, wrapper=False, args=())
            if verdict and verdict.rule == "deny-cmd":
                return deny(f"the code `{exe}` runs can start `{name}`, which is denied by deny-cmd "
                            f"({sink.reason})", "deny-cmd")
        built = _awk_built(text) if exe in catalogue()["interpreters"]["awk"] else _built_at_run_time(text)
        if built:
            return deny(f"could not determine which program the code `{exe}` runs starts: {sink.reason}, and it "
                        f"builds text at run time ({built}), which could name a program the token denies",
                        "undetermined")
    if "network" in sink.reason and denies_network(policy):
        return deny(f"the code `{exe}` runs can reach the network ({sink.reason}), and the token denies "
                    "network commands (exfiltration)", "network")
    return None
