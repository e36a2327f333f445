"""What the analysis knows about particular commands: which words are file operands.

Kept as plain sets built from strings at import (cheap), so a reviewer can read and extend it.
The default for a command not listed here is conservative: every word that is not an option
is taken as a possible path (the engine only denies paths that hit a rule).
"""


def _s(text):
    return frozenset(text.split())


# Commands whose operands are never files.
NO_FILE_OPERANDS = _s(
    "echo printf test [ [[ true false : seq sleep usleep expr export unset alias unalias set shopt "
    "declare typeset local readonly let return exit logout break continue shift trap wait jobs fg "
    "bg disown kill killall pkill pgrep yes date basename dirname pwd whoami id uname hostname "
    "printenv type which hash getopts read mapfile readarray ulimit umask nproc arch clear "
    "logname groups users uptime tput stty cal factor numfmt tr help times dirs popd caller enable "
    "true builtin compgen complete shuf-none"
)

# Options of those commands that do name a file they read (`date -f .env` prints each line of
# it in an error message): option -> its value is a path.
NO_FILE_OPERANDS_FILES = {
    "date": _s("-f --file -r --reference"),
}

# Builtins that take a variable name (with a subscript bash evaluates) among their arguments
# (arith.py finds the code in those subscripts).
SUBSCRIPT_BUILTINS = _s("test [ printf read mapfile readarray unset declare typeset local export readonly let wait getopts")
# `[[ ... ]]` operators whose operands are arithmetic, or a variable name (-v, -R).
COND_ARITH_OPERATORS = _s("-eq -ne -lt -le -gt -ge -v -R")

# Programs that run another program given in their words (wrappers.py's table, WRAPPERS, says
# how to find it; the walker loads that module only for these names).
WRAPPER_PROGRAMS = _s(
    "authbind builtin bundle busybox caffeinate cmake codex codex-linux-sandbox coreutils coverage capsh catchsegv chroot chrt command conda cpulimit dbus-launch "
    "dbus-run-session direnv doas eatmydata entr env envdir envuidgid exec fakeroot faketime firejail flock "
    "hatch ifne ionice ld-linux-aarch64.so.1 ld-linux-x86-64.so.2 ld-linux.so.2 ld.so linux32 linux64 logsave "
    "ltrace mise rtx nice nocache nohup npm npx nsenter pnpx uvx corepack nodenv goenv jenv plenv luaenv phpenv parallel pdm pipenv pkexec pnpm poetry prlimit proxychains "
    "proxychains4 pyenv rbenv rlwrap run0 runuser rye script setarch setlock setpriv setsid setuidgid softlimit "
    "ssh-agent stdbuf strace su sudo systemd-inhibit systemd-run taskset time timeout torify torsocks toybox "
    "tsp unbuffer unshare uv valgrind watch xargs xvfb-run yarn mamba micromamba pixi asdf devbox xcrun wsl cmd tini "
    "dumb-init nq fakechroot sandbox-exec distrobox-host-exec systemd-nspawn pueue pm2 volta fnm stack cabal opam dune honcho foreman overmind task-spooler "
    "gio kioclient kioclient5 kioclient6 gtrash gvfs-mv gvfs-rm gvfs-trash gvfs-copy gvfs-cat gvfs-save gvfs-open gvfs-ls "
    "gvfs-mkdir gvfs-rename rmtrash"
)

# Programs that start another program named somewhere in their words, with option syntaxes the
# guard does not model (`perf stat -e x CMD`, `trickle -d 10 CMD`, `gosu USER CMD`, `xterm -e CMD`,
# `hyperfine 'CMD'`): every word after them could be where the command starts (engine.py holds a
# denied program among them against deny-cmd; analyze.py judges each place the command could start
# as that command, for the tripwires and the rest). Some are wrappers too (WRAPPER_PROGRAMS).
LOOSE_RUNNERS = _s(
    "perf gdb lldb rr heaptrack cgexec numactl sg pkexec trickle firejail bwrap unshare nsenter prlimit faketime "
    "valgrind catchsegv tsp ssh-agent toybox capsh setpriv ld.so ld-linux.so.2 ld-linux-x86-64.so.2 "
    "ld-linux-aarch64.so.1 strace ltrace runuser systemd-run rlwrap flatpak-spawn distrobox-enter toolbox nix-shell "
    "schroot proot chronic hyperfine tsocks torsocks proxychains proxychains4 start-stop-daemon daemonize winpty nix "
    "ts sem with-lock-ex lckdo chpst softlimit setlock envuidgid fakeroot "
    # red team 24: sandboxes, schedulers, tracers, emulators, privilege switchers and terminals
    "systemd-socket-activate systemd-cat nsjail minijail0 schedtool uftrace bpftrace apptainer singularity ch-run "
    "lxc-attach lxc-execute gosu su-exec runcon aa-exec hwloc-bind timelimit sshpass empty xdotool cset pseudo "
    "gpg-agent xinit startx mispipe zrun rush execlineb daemon retry run-one run-this-one keep-one-running "
    "gksu gksudo kdesu kdesudo beesu byobu cgdb nvm launchctl "
    # red team 26: s6's privilege and limit switchers
    "s6-setuidgid s6-applyuidgid s6-envuidgid s6-softlimit s6-envdir s6-setsid "
    "qemu-x86_64 qemu-i386 qemu-aarch64 qemu-arm qemu-riscv64 qemu-mips qemu-ppc64le qemu-s390x box64 box86 "
    "xterm uxterm gnome-terminal konsole alacritty kitty wezterm x-terminal-emulator urxvt rxvt terminator tilix "
    "xfce4-terminal lxterminal mate-terminal qterminal terminology foot sakura "
    # red team 42: compiler caches and distributors run the compiler they are given, any program (uncached
    # when they cannot cache it: `ccache curl URL` runs curl)
    "ccache sccache distcc icecc icerun buildcache"
)

# Programs that schedule commands to run later, outside any hook (deferred.py reads what they run).
SCHEDULERS = _s("at batch crontab")

# Shells: `-c SCRIPT` runs SCRIPT; no script and a terminal on stdin starts an interactive shell.
SHELLS = _s("sh bash zsh dash ksh mksh ash fish tcsh csh yash posh rbash osh ysh oksh loksh lksh pdksh hush ion rc es sash")

# Interpreters that read a program from stdin (or a file operand) when given no -c/-e program.
# Compilers and assemblers that read their source from standard input (`gcc -E -x c -`): what it
# includes (`#include ".env"`, `#embed`, `.incbin`, `include_str!`) is a file they read and print.
STDIN_COMPILERS = _s("gcc cc c++ g++ clang clang++ cpp tcc rustc as gas gfortran nasm yasm zig")
INTERPRETERS = _s(
    "python python2 python3 pypy pypy3 perl ruby node nodejs deno bun php lua luajit tclsh Rscript "
    "osascript pwsh powershell rscript r"
)

# Programs that download (their output piped into a shell is a tripwire).
DOWNLOADERS = _s("curl wget fetch aria2c http https httpie xh lwp-request GET curlie")

# Deleting commands (the operands are deleted or moved away).
DELETERS = _s("rm rmdir unlink shred srm wipe trash trash-put mv")

# Recursive readers that follow symlinks (hook/linkwalk.py walks what they reach):
# program -> (flags that make it follow links while recursing, or None: it always does;
#             flags that switch following off again)
LINK_FOLLOWERS = {
    "grep": (("-R", "--dereference-recursive"), ()),
    "egrep": (("-R", "--dereference-recursive"), ()),
    "fgrep": (("-R", "--dereference-recursive"), ()),
    "rg": (("-L", "--follow"), ("--no-follow",)),
    "ag": (("-f", "--follow"), ()),
    "ack": (("--follow",), ("--nofollow",)),
    "tar": (("-h", "--dereference"), ()),
    "bsdtar": (("-L", "-h"), ()),
    "cp": (("-L", "--dereference"), ()),
    "rsync": (("-L", "--copy-links", "--copy-unsafe-links", "-k", "--copy-dirlinks"), ()),
    "find": (("-L", "-follow"), ()),
    "zip": (("-r", "-R", "--recurse-paths", "--recurse-patterns"), ("-y", "--symlinks")),
    "chmod": (("-L",), ()),
    "chown": (("-L",), ()),
    "chgrp": (("-L",), ()),
    # listers: the names below a link's target are what they print (`ls -LR`, `tree -l`, `du -L`)
    "ls": (("-L", "--dereference"), ()),
    "tree": (("-l",), ()),
    "du": (("-L", "--dereference"), ()),
    # compressors recursing with -r read the file a link names when forced (`gzip -rf dir`
    # writes ~/.ssh/id_rsa's content into dir/key.gz); hook/linkwalk.py asks for -r as well
    "gzip": (("-f", "--force"), ()),
    "pigz": (("-f", "--force"), ()),
    "zstd": (("-f", "--force"), ()),
    "lz4": (("-f", "--force"), ()),
    "lzop": (("-f", "--force"), ()),
    # lzip/plzip -R is -r that follows every link (-r alone skips them)
    "lzip": (("-R", "--dereference-recursive"), ()),
    "plzip": (("-R", "--dereference-recursive"), ()),
    # ISO makers with -f / -follow-links store what each link points to; the JDK's jar always does
    "genisoimage": (("-f", "-follow-links"), ()),
    "mkisofs": (("-f", "-follow-links"), ()),
    "xorrisofs": (("-f", "-follow-links"), ()),
    "jar": (None, ()),
    # 7-Zip stores what a link points to (7zz without -snl, p7zip with -l): always walked
    "7z": (None, ("-snl",)),
    "7za": (None, ("-snl",)),
    "7zr": (None, ("-snl",)),
    "7zz": (None, ("-snl",)),
}



def may_follow_links(exe, argv):
    """Could this command be a recursive reader that follows symlinks (hook/linkwalk.py says
    whether it does)? Also `python3 -m zipfile -c OUT DIR`, which zips what every link leads to."""
    return exe in LINK_FOLLOWERS or (exe.startswith("python") and any(w.endswith("zipfile") for w in argv))


# Programs that show names and metadata of their operands, never content (hook/namesonly.py
# says which of their options read content, write or run something).
NAMES_ONLY_PROGRAMS = _s("ls stat du find readlink realpath")

# Interactive programs (REPLs, shells, editors, database shells): keystrokes never reach the hook.
# name -> options that give them a program to run instead ("operand" = any operand does).
REPLS = {
    "python": "-c -m operand", "python2": "-c -m operand", "python3": "-c -m operand",
    "pypy": "-c -m operand", "pypy3": "-c -m operand", "ipython": "-c -m operand",
    "bpython": "operand", "ptpython": "operand",
    # node --test/--run/--check/-v run or print something and exit without a prompt
    "node": "-e --eval -p --print --test --run -c --check -v --v8-options --completion-bash operand",
    "nodejs": "-e --eval -p --print --test --run -c --check -v --v8-options --completion-bash operand",
    "deno": "operand", "bun": "operand", "irb": "", "pry": "", "ruby": "-e operand",
    "perl": "-e -E operand", "php": "-r -f operand", "lua": "-e operand", "luajit": "-e operand",
    "ghci": "-e", "R": "-f -e --file", "julia": "-e --eval operand", "scala": "-e operand",
    "clojure": "-e -m operand", "clj": "-e -m operand", "iex": "-e operand", "erl": "-eval -s -noshell",
    "sbcl": "--script --eval --non-interactive", "guile": "-c -s operand", "racket": "-e operand",
    "ocaml": "operand", "swipl": "-g operand", "tclsh": "operand", "jshell": "operand",
    "bc": "", "sqlite3": "operand2", "psql": "-c --command -f --file -l --list",
    "mysql": "-e --execute", "mariadb": "-e --execute", "mongo": "--eval operand",
    "mongosh": "--eval -f --file operand", "redis-cli": "operand", "cqlsh": "-e -f",
    "ftp": "", "sftp": "-b", "telnet": "", "ssh": "operand2", "mosh": "",
    "vi": "-es -Es", "vim": "-es -Es", "nvim": "--headless -es -Es", "nano": "", "emacs": "--batch --script",
    "pico": "", "top": "-b -n", "htop": "", "btop": "", "tmux": "operand", "screen": "",
    # programs a PTY session (Codex's write_stdin) could drive with text the guard never sees
    "gdb": "-batch --batch", "lldb": "-b --batch", "ed": "", "ex": "-s", "less": "", "more": "",
    "expect": "-c -f operand", "script": "-c --command", "nsenter": "", "unshare": "", "dc": "-e -f operand",
}
REPLS.update({
    # Programs that a terminal-driving agent tool (Codex's write_stdin) could type into.
    "script": "-c --command", "gdb": "-batch --batch", "lldb": "-b --batch", "ed": "", "red": "", "ex": "-s",
    "less": "", "more": "", "most": "", "pg": "", "view": "", "vimdiff": "", "micro": "", "joe": "", "mcedit": "",
    "ne": "", "kak": "", "hx": "", "helix": "", "jed": "", "visudo": "-c --check", "vipw": "", "vigr": "",
    "expect": "-c -f -b operand", "nsenter": "", "unshare": "", "octave": "--eval operand", "gnuplot": "-e operand",
    "dc": "-e -f operand", "mycli": "-e --execute", "pgcli": "", "litecli": "-e", "lftp": "-c -f", "nc": "",
    "fzf": "-f --filter", "tig": "", "lazygit": "", "gitui": "", "mc": "", "ranger": "", "nnn": "", "vifm": "",
    "lf": "", "ncdu": "-o -f", "nmtui": "", "iftop": "-t", "nethogs": "-t", "atop": "-w", "glances": "--stdout",
    "irssi": "", "weechat": "", "w3m": "-dump", "lynx": "-dump", "links": "-dump", "elinks": "-dump",
    # a shell or debugger prompt by other names: chroot with no command runs a shell, pdb a debugger
    "chroot": "operand2", "login": "", "pdb": "", "pdb3": "", "wish": "operand", "minicom": "", "picocom": "",
    "cu": "", "tio": "",
})
REPLS.update({
    # Red team 10: more shells, REPLs, editors and debuggers a PTY session could type into
    # (the guard never sees `tty: true`, so what would prompt on a terminal is refused).
    "pwsh": "-c -Command -command -f -File -file -EncodedCommand -ec -e operand",
    "powershell": "-c -Command -command -f -File -file -EncodedCommand -ec -e operand",
    "nu": "-c --commands operand", "xonsh": "-c operand", "elvish": "-c operand", "osh": "-c operand",
    "ysh": "-c operand", "oil": "-c operand", "ion": "-c operand", "rc": "-c operand",
    "zellij": "", "byobu": "", "dtach": "", "abduco": "", "rlwrap": "",
    # red team 38: the stand-alone shell and the Scheme shell (`sash -c CMD` is read as sh's -c)
    "sash": "-c operand", "scsh": "-c -e -s operand",
    "ts-node": "-e --eval -p --print operand", "tsx": "-e --eval -p --print operand",
    "kotlinc": "-e -script operand", "kotlinc-jvm": "-e -script operand", "swift": "operand",
    "groovysh": "", "utop": "", "evcxr": "", "sbt": "operand", "nix-shell": "--run --command",
    "duckdb": "-c operand2", "clickhouse-client": "-q --query --queries-file", "usql": "-c --command -f --file",
    "sqlcmd": "-Q -i", "mg": "", "zile": "", "jove": "", "nvi": "", "vis": "", "elvis": "",
    "r2": "-q -qq", "radare2": "-q -qq", "jdb": "", "pudb": "", "pudb3": "", "ipdb": "", "ipdb3": "",
    "dlv": "--headless",
})
REPLS.update({
    # Red team 14: R's prompt (the name is read in lower case), openssl's own prompt (`s_client`
    # there reaches the network), a new group's shell (newgrp, sg without a command)
    "r": "-f -e --file operand", "openssl": "operand", "newgrp": "", "sg": "-c operand2",
    # ansible's shell for its hosts, terraform's expression prompt
    "ansible-console": "",
})
REPLS.update({
    # Red team 19: more prompts a PTY session could type into (Lisp, Oracle's SQL*Plus with its
    # `HOST` command, Elixir's shell, which `iex -S mix` starts after loading the project)
    "clisp": "-x -c operand", "sqlplus": "", "iex": "", "rdbg": "-n --nonstop", "sudoedit": "",
})
REPLS.update({
    # Red team 24: a script read from the session's input (`Rscript -`, `m4` with no file, whose
    # syscmd runs commands), Forth's prompt
    "rscript": "-e operand", "m4": "operand", "gm4": "operand", "gforth": "-e --evaluate operand",
    # dashboards that open a shell in a pod or a container at a keystroke
    "k9s": "operand", "lazydocker": "",
})
REPLS.update({
    # Red team 27: more prompts that run what is typed: a gdb front end, the computer algebra
    # systems (`system("cmd")`), Spark's and HBase's shells (Scala, Python, JRuby), mail and
    # SMB clients and pinfo (`!cmd`)
    "cgdb": "", "maxima": "-b --batch --batch-string -r --run-string", "gp": "-f --fast operand", "sage": "-c operand",
    "spark-shell": "-i -I", "pyspark": "operand", "spark-sql": "-e -f", "mutt": "-s -a", "neomutt": "-s -a",
    "smbclient": "-c --command -L --list", "pinfo": "", "gap": "operand", "scilab": "-e -f", "mathematica": "-script",
    "wolfram": "-script -code", "math": "-script", "dotnet-fsi": "operand", "csi": "operand", "rizin": "-q -qq",
    # JavaScript shells of the JVM and the engines (exec(), os.system, $EXEC), CoffeeScript's and
    # Ammonite's REPLs, Lisp and Lua dialects, versioned Lua, MySQL Shell (`\system`)
    "jrunscript": "-e -f operand", "jjs": "operand", "js": "-e -f operand", "d8": "-e operand",
    "coffee": "-e --eval -p --print -c --compile operand", "amm": "-c --code operand", "gosh": "-e -b operand",
    "janet": "-e operand", "fennel": "-e --eval operand", "hy": "-c -m operand", "kotlin": "-e operand",
    "lua5.1": "-e operand", "lua5.2": "-e operand", "lua5.3": "-e operand", "lua5.4": "-e operand",
    "mysqlsh": "-e --execute -f --file", "idris": "operand", "idris2": "operand",
})
REPLS.update({
    # Red team 29: more prompts a PTY session could type into (JavaScript and Scheme shells,
    # Hive's and Beeline's `!cmd`, php-cgi reading PHP from its input, Octave's command-line build,
    # Jupyter's console); versioned names (`tclsh8.6`, `vim.basic`) are read as these (versions.py)
    "qjs": "-e --eval operand", "rhino": "-e -f operand", "chez": "--script --program operand",
    "scheme": "--script --program --load --eval operand", "mit-scheme": "--load --eval", "gsi": "-e operand",
    "ecl": "-eval -load -shell operand", "php-cgi": "-f operand", "octave-cli": "--eval operand",
    "jupyter-console": "", "beeline": "-e -f", "hive": "-e -f", "vile": "", "e3": "", "dte": "",
})
# Subcommands that open an editor or attach the terminal to a process (`crontab -e`, `systemctl edit`),
# or start a shell or REPL (`poetry shell`, `cabal repl`, `rails console`).
EDITING_SUBCOMMANDS = {
    "systemctl": ("edit",), "kubectl": ("edit", "attach"), "docker": ("attach",), "podman": ("attach",),
    "virsh": ("console", "edit"), "node": ("inspect",), "nodejs": ("inspect",), "bun": ("repl",),
    "poetry": ("shell",), "pipenv": ("shell",), "hatch": ("shell",), "devbox": ("shell",), "flask": ("shell",),
    "cabal": ("repl", "v2-repl", "new-repl"), "stack": ("ghci", "repl"), "lein": ("repl",),
    "rails": ("console", "c", "dbconsole", "db"), "toolbox": ("enter",), "distrobox": ("enter",),
    "machinectl": ("shell", "login"), "nix": ("repl",), "deno": ("repl",),
    # Red team 19: a VM's shell, terraform's expression prompt (file() reads any file), an editor
    # opened on .envrc, a rake task that is a console
    "multipass": ("shell", "sh"), "terraform": ("console",), "tofu": ("console",), "direnv": ("edit",),
    "rake": ("console",),
    # Red team 24: Jupyter's console, Erlang's shell in a rebar3 project, Bundler's console
    "jupyter": ("console", "qtconsole"), "rebar3": ("shell",), "bundle": ("console",),
    # Red team 27: sbt's Scala REPL, HBase's JRuby shell, Azure's shell (`#cmd` runs a command),
    # Babashka's REPL, Crystal's interpreter
    "sbt": ("console", "consoleQuick", "consoleProject"), "hbase": ("shell",), "az": ("interactive",),
    "bb": ("repl",), "crystal": ("i", "interactive"),
}
# Subcommands that start a shell or REPL unless given one of these options ("operand": any operand
# after the subcommand gives it something to run): `nix develop` but not `nix develop -c make`.
SESSION_SUBCOMMANDS = {
    "nix": {"shell": "-c --command", "develop": "-c --command"},
    "dotnet": {"fsi": "operand"},
    "vagrant": {"ssh": "-c --command"},
    "fly": {"ssh": "-C --command"}, "flyctl": {"ssh": "-C --command"},
    "clickhouse": {"client": "-q --query --queries-file"}, "yarn": {"node": "operand"},
    "cockroach": {"sql": "-e --execute -f --file"},  # (red team 27: `\! cmd` in its prompt)
    # red team 43: a container's shell (`exec` and `run` take a command)
    "apptainer": {"shell": ""}, "singularity": {"shell": ""},
}
# A project's own script that starts a console (`python3 manage.py shell`, `php artisan tinker`),
# unless given one of these options.
SCRIPT_CONSOLES = {"manage.py": {"shell": "-c --command", "dbshell": "", "shell_plus": "-c --command"},
                   "artisan": {"tinker": "--execute"}}
# Programs that copy their standard input when given no file: `cat | sh` is a shell reading
# what is typed into the session.
# Names of the session's own input (what is typed into it): a script read from one waits for it.
STDIN_FILES = frozenset(("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0", "/proc/thread-self/fd/0", "/dev/tty", "-"))
STDIN_COPIERS = _s("cat tac pv tee dd head tail sed awk gawk mawk tr cut rev nl paste fold expand unexpand uniq "
                   "sort iconv base64 xxd buffer mbuffer stdbuf grep egrep fgrep")
for _sh in SHELLS:
    REPLS.setdefault(_sh, "-c operand")

# Full-screen programs: interactive whatever their operands (unless given one of their REPLS options).
FULL_SCREEN = _s(
    "ghci tmux screen vi vim nvim nano emacs pico htop btop top less more most pg view vimdiff micro joe "
    "mcedit ne kak hx helix jed vipw vigr visudo fzf tig lazygit gitui mc ranger nnn vifm lf ncdu nmtui iftop "
    "nethogs atop glances irssi weechat w3m lynx links elinks gdb lldb "
    "zellij byobu mg zile jove nvi vis elvis pudb pudb3"
)
# `python -m MODULE` that starts an interactive debugger or console.
PYTHON_INTERACTIVE_MODULES = _s("pdb ipdb pudb code IPython bpython ptpython idlelib asyncio")
# git subcommands with options that open an editor or a prompt (what is typed never reaches the guard).
GIT_INTERACTIVE = {
    "rebase": "-i --interactive --edit-todo", "add": "-i --interactive -p --patch -e --edit",
    "commit": "-p --patch --interactive", "checkout": "-p --patch", "reset": "-p --patch",
    "restore": "-p --patch", "stash": "-p --patch", "clean": "-i --interactive", "config": "-e --edit",
    # a merge or diff tool (vimdiff when none is set) opened on each file
    "mergetool": "*", "difftool": "*",
}


class Spec:
    """How one command's words read: options with a non-file argument, with a file argument,
    how many leading operands are not files (grep's pattern), and the options that supply
    that leading operand instead (grep -e), and the file options whose file holds the names of
    more operands (`sort --files0-from=LIST`, `tar -T LIST`: what LIST names is not known)."""

    __slots__ = ("arg", "file", "first", "cancel", "lists", "words", "ends", "_texts")

    def __init__(self, arg="", file="", first=0, cancel="", lists="", words="", ends=""):
        self.first = first
        # (words: `--opt=VALUE` options whose VALUE is text, never a file; ends: options after whose
        # value the words are another program's, read with no option of this one: `python -m MOD -c F`)
        self._texts = (arg, file, cancel, lists, words, ends)

    def __getattr__(self, name):
        """The word sets are built when one is first read: a call reads the Specs of the few
        programs it runs, and building all sixty at import was a tenth of the shell's import."""
        try:
            text = self._texts[_SPEC_SETS.index(name)]
        except ValueError:
            raise AttributeError(name) from None
        value = _s(text)  # (only this one: a set assigned already, `spec.file = ...`, stays as assigned)
        setattr(self, name, value)
        return value


_SPEC_SETS = ("arg", "file", "cancel", "lists", "words", "ends")  # Spec's word sets, in the order of its _texts


# grep and rg differ: grep's -r is "recursive" (no argument), rg's -r is --replace ARG. An
# option wrongly read as taking an argument would swallow the pattern and turn the path
# into the pattern (a path never checked), so each gets its own list.
_GREP = Spec(
    "-e --regexp -m --max-count -A -B -C --context --after-context --before-context --label -d --directories "
    "-D --devices --binary-files --include --exclude --exclude-dir --group-separator",
    "-f --file --exclude-from",
    1,
    "-e --regexp -f --file",
)
_RG = Spec(
    "-e --regexp -m --max-count -A -B -C --context --after-context --before-context --include --exclude "
    "-g --glob --iglob -t --type -T --type-not --type-add -r --replace -j --threads -M --max-columns "
    "-E --encoding --sort --sortr -d --max-depth --max-filesize --color --colors --pre --pre-glob "
    "--path-separator --label",
    "-f --file --exclude-from --ignore-file",
    1,
    "-e --regexp -f --file --files --type-list",
)

SPECS = {
    "grep": _GREP, "egrep": _GREP, "fgrep": _GREP, "zgrep": _GREP, "git-grep": _GREP,
    "rg": _RG, "ag": _RG, "ack": _RG,
    # -e SCRIPT is a script, not a file; -E / -r are flags (extended regexps), not options with an argument.
    "sed": Spec("-e --expression -l --line-length", "-f --file", 1, "-e --expression -f --file"),
    "awk": Spec("-v -F --assign --field-separator", "-f --file", 1, "-f --file"),
    "gawk": Spec("-v -F --assign --field-separator", "-f --file", 1, "-f --file"),
    "mawk": Spec("-v -F", "-f", 1, "-f"),
    "jq": Spec("--arg --argjson --indent --tab -L", "--slurpfile --rawfile -f --from-file", 1, "-f --from-file -n"),
    "cp": Spec("-S --suffix", "-t --target-directory"),
    "mv": Spec("-S --suffix", "-t --target-directory"),
    "ln": Spec("-S --suffix", "-t --target-directory"),
    "install": Spec("-m --mode -o --owner -g --group -S --suffix", "-t --target-directory"),
    "mkdir": Spec("-m --mode --context"),
    "touch": Spec("-d --date -t", "-r --reference"),
    "chmod": Spec("", "--reference", 1, "--reference"),
    "chown": Spec("", "--reference", 1, "--reference"),
    "chgrp": Spec("", "--reference", 1, "--reference"),
    "head": Spec("-n --lines -c --bytes"),
    "tail": Spec("-n --lines -c --bytes -s --sleep-interval --pid"),
    "sort": Spec("-k --key -t --field-separator -S --buffer-size --parallel",
                 "-o --output -T --temporary-directory --files0-from --random-source",
                 lists="--files0-from"),
    "uniq": Spec("-f -s -w --skip-fields --skip-chars --check-chars"),
    "cut": Spec("-d -f -c -b --delimiter --fields --characters --bytes --output-delimiter"),
    "wc": Spec("", "--files0-from", lists="--files0-from"),
    "diff": Spec("-U -x --exclude -I --ignore-matching-lines --label -L -W --width", "-X --exclude-from --from-file --to-file"),
    # Options whose argument is optional (`--color[=WHEN]`, `--unified[=N]`, perl's `-l[octal]`,
    # make's `-l[N]`, `-O[TYPE]`) only take one glued to them: listed here they would swallow the
    # next word, a path that then goes unchecked.
    "ls": Spec("-w --width -I --ignore --hide --format --sort --time-style -T --tabsize --block-size"),
    "du": Spec("-d --max-depth -t --threshold --exclude -B --block-size --time-style", "-X --exclude-from --files0-from", lists="--files0-from"),
    "df": Spec("-t --type -x --exclude-type -B --block-size --output"),
    "shred": Spec("-n --iterations -s --size --random-source"),
    "split": Spec("-l -b -C -n -a --lines --bytes --number --suffix-length --additional-suffix"),
    "xxd": Spec("-c -g -l -s -o -cols -len -seek"),
    "od": Spec("-A -j -N -t -w"),
    "tee": Spec(""),
    "curl": Spec(
        "-H --header -X --request -u --user -A --user-agent -e --referer -w --write-out -m --max-time "
        "--connect-timeout --retry --retry-delay --retry-max-time -x --proxy -r --range -z --time-cond "
        "--limit-rate -C --continue-at --resolve --connect-to --data-raw --url -U --proxy-user -b --cookie "
        "--max-redirs -Y -y --speed-limit --speed-time --oauth2-bearer --json --data-urlencode",
        "-o --output -T --upload-file -c --cookie-jar -K --config --cacert --capath --cert -E --key -D "
        "--dump-header --trace --trace-ascii --stderr --netrc-file --output-dir",
    ),
    "wget": Spec(
        "--header -U --user-agent -t --tries -T --timeout --user --password -e --execute -w --wait -Q "
        "--quota --referer -l --level -A --accept -R --reject -D --domains --limit-rate --post-data",
        "-O --output-document -P --directory-prefix -o --output-file -a --append-output -i --input-file "
        "--post-file --load-cookies --save-cookies --ca-certificate --certificate --private-key --body-file",
    ),
    "ssh": Spec("-p -l -o -L -R -D -J -b -c -e -I -m -O -Q -W -w -B -P", "-i -F -E -S"),
    "scp": Spec("-P -o -l -c -J -S -X", "-i -F"),
    "sftp": Spec("-P -o -l -c -J -S -R -B -X", "-i -F -b"),
    "rsync": Spec("-e --rsh --exclude --include -f --filter --rsync-path --chmod --chown -B --block-size --bwlimit --timeout --port -M --remote-option --info --debug --max-size --min-size --backup-dir --suffix",
                  "--exclude-from --include-from --files-from --password-file --log-file --temp-dir -T --partial-dir --compare-dest --copy-dest --link-dest",
                  lists="--files-from"),
    "make": Spec("-j --jobs -E --eval", "-C --directory -f --file --makefile -o --old-file -W --what-if --new-file --assume-new -I --include-dir"),
    "gmake": Spec("-j --jobs", "-C --directory -f --file --makefile -I --include-dir"),
    # (`-m MOD` ends python's options: `python3 -m zipfile -c OUT SRC` writes OUT; red team #34)
    "python": Spec("-c -m -W -X --check-hash-based-pycs", ends="-m"),
    "python3": Spec("-c -m -W -X --check-hash-based-pycs", ends="-m"),
    # a module node or ruby loads first is a file read (`node -r ./.env` prints its first line in
    # the SyntaxError), and so is an env file node loads into process.env
    "node": Spec("-e --eval -p --print --input-type --conditions -C",
                 "-r --require --import --loader --experimental-loader --env-file --env-file-if-exists"),
    "ruby": Spec("-e -E --encoding", "-I -C -r"),
    "perl": Spec("-e -E", "-I"),
    "ninja": Spec("-j -k -l -d -t -w", "-f"),
    "go": Spec("-run -bench -count -timeout -tags -ldflags -gcflags -asmflags -p -parallel -benchtime -cpu -mod -covermode -coverpkg -list -skip -shuffle -vet -failfast-none -exec",
               "-o -C -coverprofile -cpuprofile -memprofile -blockprofile -mutexprofile -trace -modfile -outputdir -pgo -overlay"),
    "docker": Spec("-e --env -p --publish --name -u --user -w --workdir --network --entrypoint -l --label --platform -t --tag --target --build-arg --cpus -m --memory --restart --format -f --filter", "--env-file -f --file --cidfile --iidfile"),
    # (--userconfig/--globalconfig: npm reads its settings from that file, `npm config list` prints them)
    "npm": Spec("--prefix-none -w --workspace --registry --tag", "--userconfig --globalconfig"),
    "pip": Spec("-i --index-url --extra-index-url --python-version --platform", "-r --requirement -c --constraint -t --target --prefix --root --log"),
    "pip3": Spec("-i --index-url --extra-index-url --python-version --platform", "-r --requirement -c --constraint -t --target --prefix --root --log"),
    "pytest": Spec("-k -m -p --maxfail --tb -n --durations -W --junit-prefix --log-level --timeout", "--rootdir -c --confcutdir --basetemp --junitxml --cov-config --log-file"),
    "cargo": Spec("-p --package -j --jobs --features -F --target --bin --example --test --bench --color --profile -Z", "--manifest-path --target-dir --config"),
    "tar": Spec("-b --blocking-factor -H --format --exclude --transform --xform -I --use-compress-program --owner --group --mode --mtime --strip-components --wildcards-none",
                "-f --file -C --directory -T --files-from -X --exclude-from -g --listed-incremental --index-file",
                lists="-T --files-from"),
    "zip": Spec("-x -i -P --password -n -b", ""),
    "unzip": Spec("-x -P", "-d"), "bsdunzip": Spec("-x -P", "-d"),
    "gzip": Spec("-S --suffix"), "gunzip": Spec("-S --suffix"), "zcat": Spec("-S --suffix"), "gzcat": Spec("-S --suffix"),
    "pigz": Spec("-S --suffix -b --blocksize -p --processes -I --iterations -J --maxsplits -C --comment"),
    "unpigz": Spec("-S --suffix -b --blocksize -p --processes"),
    "openssl": Spec("-passin -passout -subj -days -newkey -digest -md -cipher -name -pass -algorithm -pkeyopt -extensions -config-none", "-in -out -key -keyout -cert -CAfile -CApath -config -signkey -inkey -certfile -CA -CAkey"),
    "gpg": Spec("-u --local-user -r --recipient --default-key --trust-model --keyserver --passphrase --pinentry-mode", "-o --output --homedir --passphrase-file --keyring"),
    "base64": Spec("-w --wrap"),
    "timeout": Spec("-s --signal -k --kill-after"),
}

# git: global options, and per-subcommand options taking a non-file value.
GIT_GLOBAL_ARG = _s("-c --namespace --exec-path-none --config-env")
GIT_GLOBAL_FILE = _s("-C --git-dir --work-tree")
# `git -c KEY=FILE` settings whose value is a file git reads (and may print: a commit template
# becomes the message, an ignore or attributes file is quoted by `check-ignore -v`)
GIT_FILE_SETTINGS = _s("commit.template core.excludesfile core.attributesfile mailmap.file blame.ignorerevsfile "
                       "diff.orderfile gpg.ssh.allowedsignersfile gpg.ssh.revocationfile http.cookiefile "
                       "http.sslcert http.sslkey http.sslcainfo http.sslcapath core.worktree")
GIT_ARG = _s(
    "-m --message -b -B --author --format --pretty --grep --since --until --after --before -n "
    "--max-count -S -G --date --abbrev -U --unified --depth --branch -o --origin --shallow-since "
    "--shallow-exclude -X --strategy-option -s --strategy --onto -e --exec --cleanup --trailer "
    "--reference-if-able-none --upstream --set-upstream-to -u --track-none --sort --contains "
    "--merged --no-merged --points-at --message-none --template-none --reuse-message -C -c "
    "--reedit-message --fixup --squash --separate-git-dir-none --jobs -j --filter --config "
    "--recurse-submodules-none --push-option --signoff-none --author-date-none --diff-filter "
    "--word-diff-regex --color-words --stat-width --committer --pathspec-from-file-none -L"
)
GIT_FILE = _s("-F --file --output -O --template --reference --separate-git-dir --pathspec-from-file --output-directory")
# Options of one git subcommand whose value is a file git reads, and may print: `git archive
# --add-file=F` puts an untracked F into the archive, `blame --contents=F` annotates F's lines,
# `format-patch --signature-file=F` appends F to each patch, `fast-import --import-marks=F`
# quotes a bad line, `commit -t F` is the message's template. (-S of blame is a file, of log a
# string.)
GIT_SUBCOMMAND_FILE = {
    "archive": _s("--add-file"),
    "blame": _s("--contents --ignore-revs-file -S"),
    "annotate": _s("--contents --ignore-revs-file -S"),
    "commit": _s("-t --template"),
    "format-patch": _s("--signature-file --description-file"),
    "fast-import": _s("--import-marks --import-marks-if-exists --export-marks"),
    "fast-export": _s("--import-marks --export-marks"),
    "credential-store": _s("--file"),
}
# git options whose value is text that never names a file or a program (an unknown value is harmless).
GIT_WORDS = _s("--author --committer --since --until --after --before --grep --format --pretty --date --message")

# find: expression primaries that take one argument (file ones listed separately).
FIND_ARG = _s(
    "-name -iname -path -ipath -wholename -iwholename -regex -iregex -lname -ilname -type -xtype "
    "-user -group -uid -gid -perm -size -mtime -atime -ctime -mmin -amin -cmin -used -links -inum "
    "-maxdepth -mindepth -printf -fstype -context -regextype -newerXY -D -O"
)
FIND_FILE = _s("-newer -anewer -cnewer -samefile -fprint -fprint0 -fls -files0-from")
FIND_FILE2 = _s("-fprintf")  # FILE FORMAT
# Primaries that only walk (do not narrow which entries a -delete/-exec acts on).
FIND_NEUTRAL = _s("-maxdepth -depth -xdev -mount -follow -noleaf -ignore_readdir_race -regextype -d -print -print0 -ls -daystart -warn -nowarn -H -L -P")


# Programs that read `@FILE` as more arguments (GCC and LLVM tools, binutils, rustc, javac/java,
# kotlinc, MSBuild, pytest): the file is read, and what it holds comes back in error messages
# (`gcc @.env`: "cannot find API_KEY=...: No such file"). A target prefix or a version suffix
# (`x86_64-linux-gnu-gcc-12`, `clang++-15`) names the same program.
RESPONSE_FILE_PROGRAMS = _s(
    "gcc g++ cc c++ cpp clang clang++ clang-cl clang-format clang-tidy clangd ld ld.lld ld.gold ld.bfd lld as ar "
    "nm objdump objcopy readelf size strings strip ranlib addr2line c++filt gfortran gccgo rustc rustdoc "
    "clippy-driver javac java jar javadoc jlink jdeps jpackage kotlinc kotlinc-jvm dotnet msbuild csc swiftc "
    "pytest py.test")


def reads_response_files(name, args):
    """Does program `name` (with `args`) expand `@FILE` words into arguments?"""
    if name in RESPONSE_FILE_PROGRAMS or name.startswith(("llvm-", "clang-")):
        return True
    if any(part in RESPONSE_FILE_PROGRAMS for part in name.split("-")):
        return True
    words = [a.text for a in args]
    if name.startswith("python") and "pytest" in words:  # python -m pytest
        return True
    return name == "go" and words[:1] == ["tool"]  # go tool compile/link/asm @FILE



# Configuration files that name programs, by the variable that points a program at one and by
# the programs that read them (`--kubeconfig F`, or the default file under a moved HOME); the
# value is the kind of file (shell/configprograms.py reads it; npm_config_* in any case too).
CONFIG_VARIABLES = {"AWS_CONFIG_FILE": "aws", "AWS_SHARED_CREDENTIALS_FILE": "aws", "KUBECONFIG": "kube",
                    "DOCKER_CONFIG": "docker", "CARGO_HOME": "cargo"}
CONFIG_PROGRAMS = dict(
    [("aws", "aws"), ("docker", "docker"), ("cargo", "cargo")]
    + [(p, "kube") for p in ("kubectl", "helm", "oc", "k9s", "kubectx", "kubens", "stern", "kubecolor", "kubelogin",
                             "kustomize", "flux", "argocd", "skaffold", "tilt", "kind", "minikube")]
    + [(p, "npm") for p in ("npm", "npx", "pnpm", "pnpx", "yarn")])


# Programs that change to the folder an option names before reading their operands (operands.
# directory_operands; `make -C` and `go -C` have their own readers): (folder options as
# wrappers.folder_options reads them, short letters that take a value).
DIRECTORY_OPTIONS = {
    "ninja": ((("C", (), False),), "fjkldtw"),
    "cargo": ((("C", (), False),), "pjFZ"),
    "pnpm": ((("C", ("--dir",), False),), "wF"),
    "yarn": ((("", ("--cwd",), False),), ""),
    "bun": ((("", ("--cwd",), False),), ""),
    "uv": ((("", ("--directory",), False),), "pw"),
    "poetry": ((("C", ("--directory",), False),), "PE"),
    "scons": ((("C", ("--directory",), False),), "fjI"),
    "meson": ((("C", (), False),), "j"),
    "task": ((("d", ("--dir",), False),), "t"),
    "gradle": ((("p", ("--project-dir",), False),), "bcDPI"),
}

# Python package installers whose PIP_*/UV_* variables the walker keeps (SimpleCommand.environment),
# and the downloaders whose configuration files a variable moves (WGETRC, CURL_HOME, HOME:
# hook/downloads.py reads them for the names they write).
# Programs that send to a registry, index, host or endpoint their words (or variables) may choose:
# hook/netsends.py judges them where the token denies network commands (publishes, pushes,
# endpoints, destinations built at run time).
NET_SENDERS = frozenset(("npm", "pnpm", "yarn", "bun", "twine", "uv", "poetry", "hatch", "flit", "cargo", "gem", "dotnet",
                         "nuget", "mvn", "docker", "podman", "nerdctl", "buildah", "skopeo", "crane", "oras", "helm",
                         "regctl", "ko", "aws", "gsutil", "gcloud", "az", "gh", "go", "bundle", "bundler", "pip", "pip3",
                         "pipx", "npx", "pnpx", "bunx", "uvx", "terraform", "tofu", "hf", "huggingface-cli", "kaggle"))
PY_SENDERS = frozenset(("twine", "pip", "uv", "poetry", "hatch", "flit", "-mtwine", "-mpip"))
PY_INSTALLERS = frozenset(("pip", "pip3", "uv", "pipx", "wget", "wget2", "curl"))
KEPT_VARIABLES = ("PIP_", "UV_", "WGETRC", "CURL_HOME", "XDG_CONFIG_HOME", "HOME")
