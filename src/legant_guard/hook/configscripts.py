"""Scripts an agent's configuration runs without a tool call: part of the trust base.

Claude Code runs its `statusLine` command on every status refresh, its hooks' commands at their
events, and `apiKeyHelper`/`awsAuthRefresh`/`awsCredentialExport`/`otelHeadersHelper` when it
needs credentials; Codex runs `notify` after each turn; all three start the MCP servers their
configurations name (`.mcp.json`, `[mcp_servers.*]`, opencode's `mcp`) with the session. None of that is a tool call the guard
sees. The configurations themselves are protected, but the scripts they name usually live
elsewhere (`~/.claude/statusline.sh`, the project's `scripts/format.sh`): an agent that writes one
runs code as the user at the next refresh, which can then rewrite the hook config. So every file
those commands name is write-protected like the guard's installation (reading stays allowed),
and so are the scripts a configured shell script runs in turn (`bash scripts/x.sh` whose x.sh
runs `./y.sh`, `source lib.sh`, `"$(dirname "$0")"/z.sh`), a few levels deep (_called_scripts).
Not followed: what other languages' scripts load (`import helper`, `require('./lib')`), programs
found on PATH by a bare name, and build files a configured command runs (`make lint` reads the
Makefile, `npm run x` package.json): project files the agent edits every day.
Read only when a call writes something (trustbase.TrustBase builds the installation lazily).
"""

import os

_KEYS = ("command", "apiKeyHelper", "awsAuthRefresh", "awsCredentialExport", "otelHeadersHelper")
_SCRIPT_SUFFIXES = (".sh", ".bash", ".zsh", ".py", ".js", ".mjs", ".cjs", ".ts", ".rb", ".pl", ".php", ".ps1")
_MAX_BYTES = 1024 * 1024
_MAX_COMMANDS = 256


def config_scripts(env, home, project, claude_servers=None):
    """[absolute path] of the files the agents' configurations run (see the module docstring).
    `claude_servers`: claudestate.mcp_servers(env, home), when the caller has read it already."""
    commands = []
    for path in _claude_settings(env, home, project) + _mcp_configs(env, home, project):
        data = _json(path)
        if data is not None:
            _collect(data, commands, 0)
    if claude_servers is None:
        from legant_guard.hook.claudestate import mcp_servers

        claude_servers = mcp_servers(env, home)
    for servers in claude_servers:
        _collect(servers, commands, 0)
    for folder in dict.fromkeys(f for f in (env.get("CODEX_HOME"), os.path.join(home, ".codex"),
                                           os.path.join(project, ".codex") if project else None) if f):
        data = _json(os.path.join(folder, "hooks.json"))
        if data is not None:
            _collect(data, commands, 0)
        notify, servers = _codex_notify(os.path.join(folder, "config.toml"))
        if notify:
            commands.append(" ".join(notify))
        commands += servers
    out = []
    keep_out = [f.rstrip("/") + "/" for f in (project, home) if f]
    for command in commands[:_MAX_COMMANDS]:
        for path in _named_files(command, env, home, project):
            # a folder (`cd $CLAUDE_PROJECT_DIR`), a device (`> /dev/null`), the project or the home
            # folder or one above them: not a script, and protecting it would refuse every write
            if path.startswith(("/dev/", "/proc/", "/sys/")) or any(k.startswith(path + "/") for k in keep_out) \
                    or os.path.isdir(path) or (os.path.exists(path) and not os.path.isfile(path)):
                continue
            out.append(path)
    out = list(dict.fromkeys(out))
    return out + [p for p in _called_scripts(out, env, home, project) if p not in out]


def _claude_settings(env, home, project):
    folders = [env["CLAUDE_CONFIG_DIR"]] if env.get("CLAUDE_CONFIG_DIR") else []
    folders.append(os.path.join(home, ".claude"))
    paths = [os.path.join(f, "settings.json") for f in folders]
    if project:
        paths += [os.path.join(project, ".claude", name) for name in ("settings.json", "settings.local.json")]
    paths += ["/etc/claude-code/managed-settings.json", "/Library/Application Support/ClaudeCode/managed-settings.json"]
    return [p for p in dict.fromkeys(paths) if os.path.isfile(p)]


def _mcp_configs(env, home, project):
    """The files that start MCP servers with the session (the server is code that runs at start,
    outside any tool call): the project's `.mcp.json`, opencode's project and global configs."""
    paths = [os.path.join(project, ".mcp.json"), os.path.join(project, "opencode.json"),
             os.path.join(project, "opencode.jsonc")] if project else []
    config = env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    paths += [os.path.join(config, "opencode", name) for name in ("opencode.json", "opencode.jsonc", "config.json")]
    return [p for p in dict.fromkeys(paths) if os.path.isfile(p)]


def _json(path):
    try:
        with open(path, "rb") as f:
            data = f.read(_MAX_BYTES)
    except OSError:
        return None
    if not _may_run_scripts(data):
        return None  # (the common case: the guard's own hook and nothing else; no parse)
    from legant_guard import fastjson

    try:
        return fastjson.loads(data.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None


def _may_run_scripts(data):
    """Could this configuration name a command other than the guard's own hook? A cheap test on
    the bytes: any key that runs something besides `"command"`, or more `"command"` keys than
    the guard's `guard check` commands (each of those is protected as the installation)."""
    if any(key in data for key in (b"statusLine", b"Helper", b"awsAuthRefresh", b"awsCredentialExport", b"\\u",
                                   b"mcpServers", b'"mcp"')):
        return True
    return data.count(b'"command"') > data.count(b" guard check")


def _collect(node, out, depth):
    if depth > 12 or len(out) >= _MAX_COMMANDS:
        return
    if isinstance(node, dict):
        command = node.get("command")
        if isinstance(command, list) or (isinstance(command, str) and isinstance(node.get("args"), list)):
            # an MCP server: `"command": "node", "args": ["./srv.js"]`, opencode's `"command": ["node", "./srv.js"]`
            words = (command if isinstance(command, list) else [command] + node["args"])[:64]
            out.append(" ".join(w for w in words if isinstance(w, str)))
        for key, value in node.items():
            if key in _KEYS and isinstance(value, str):
                out.append(value)
            elif isinstance(value, (dict, list)):
                _collect(value, out, depth + 1)
    elif isinstance(node, list):
        for value in node:
            _collect(value, out, depth + 1)


def _codex_notify(path):
    """(Codex's `notify` program and its arguments or None, the command lines of its `[mcp_servers.*]`)."""
    if not os.path.isfile(path):
        return None, []
    try:
        import tomllib

        with open(path, "rb") as f:
            data = tomllib.loads(f.read(_MAX_BYTES).decode("utf-8", "replace"))
    except (OSError, ValueError, ImportError):
        return None, []
    notify = data.get("notify")
    servers = []
    for server in (data.get("mcp_servers") or {}).values() if isinstance(data.get("mcp_servers"), dict) else ():
        if isinstance(server, dict) and isinstance(server.get("command"), str):
            args = server.get("args") if isinstance(server.get("args"), list) else []
            servers.append(" ".join([server["command"]] + [str(a) for a in args[:64]]))
    return ([str(w) for w in notify] if isinstance(notify, list) else None), servers


def _named_files(command, env, home, project):
    """The files a command line names: words with a `/`, or named like a script, with
    `$CLAUDE_PROJECT_DIR`, `$HOME` and `~` put in (hooks run in the project folder)."""
    out = []
    for char in ";&|<>()":
        command = command.replace(char, " ")
    for word in command.split()[:64]:
        word = word.replace('"', '').replace("'", '')
        for name, value in (("${CLAUDE_PROJECT_DIR}", project), ("$CLAUDE_PROJECT_DIR", project),
                            ("${HOME}", home), ("$HOME", home)):
            if name in word and value:
                word = word.replace(name, value)
        if word.startswith("~/"):
            word = os.path.join(home, word[2:])
        if "$" in word or "`" in word or word.startswith("-") or "=" in word.split("/", 1)[0]:
            continue
        if "/" in word or word.endswith(_SCRIPT_SUFFIXES):
            path = os.path.normpath(word if os.path.isabs(word) else os.path.join(project or home, word))
            if path != "/":
                out.append(path)
    return out


_MAX_NESTED = 32  # scripts followed from the configured ones
_MAX_DEPTH = 3
_SHELL_SUFFIXES = (".sh", ".bash", ".zsh")
_SHELLS = ("sh", "bash", "zsh", "dash", "ksh")
_SYSTEM = ("/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/", "/etc/", "/dev/", "/proc/", "/sys/", "/nix/store/")
# how a script names its own folder (`"$(dirname "$0")"/y.sh`, `${BASH_SOURCE%/*}/y.sh`)
_OWN_FOLDER = ('"$(dirname "$0")"', "$(dirname \"$0\")", "$(dirname $0)", '"$(dirname "${BASH_SOURCE[0]}")"',
               "$(dirname \"${BASH_SOURCE[0]}\")", "$(dirname ${BASH_SOURCE[0]})", '"${BASH_SOURCE%/*}"',
               "${BASH_SOURCE%/*}", '"${0%/*}"', "${0%/*}")


def _called_scripts(paths, env, home, project):
    """The scripts the configured shell scripts call in turn (`bash scripts/x.sh` whose x.sh runs
    `./y.sh`, `source lib.sh`, `"$(dirname "$0")"/z.sh`), breadth first, at most _MAX_DEPTH levels
    and _MAX_NESTED files: a word of a line that names a script (a script suffix, a `./`/`../`
    path, or an executable file outside the system folders), relative to the hook's working folder
    (the project) and to the calling script's own folder."""
    found, queue, seen = [], [(p, 0) for p in paths], set(paths)
    while queue and len(found) < _MAX_NESTED:
        path, depth = queue.pop(0)
        text = _shell_text(path) if depth < _MAX_DEPTH else None
        if text is None:
            continue
        folder = os.path.dirname(path)
        own = _own_folder_variables(text)
        for line in text.splitlines()[:4096]:
            if line.lstrip().startswith("#"):
                continue
            for spelling in _OWN_FOLDER + own:
                line = line.replace(spelling, folder)
            for nested in _script_words(line, folder, env, home, project):
                if nested not in seen and len(found) < _MAX_NESTED:
                    seen.add(nested)
                    found.append(nested)
                    queue.append((nested, depth + 1))
    return found


def _own_folder_variables(text):
    """`DIR="$(cd "$(dirname "$0")" && pwd)"`: the spellings of a variable set to the script's folder."""
    out = []
    for line in text.splitlines()[:256]:
        name, eq, value = line.strip().partition("=")
        if eq and name.replace("_", "a").isalnum() and ("dirname" in value or "BASH_SOURCE" in value or "${0%/*}" in value):
            out += ['"$%s"' % name, '"${%s}"' % name, "${%s}" % name, "$%s" % name]
    return tuple(out)


_RUNNERS = frozenset(("source", ".", "bash", "sh", "zsh", "dash", "ksh", "exec", "env", "nohup", "time", "sudo",
                      "command", "nice", "timeout", "python", "python3", "node", "perl", "ruby", "if", "then", "else",
                      "elif", "do", "while", "until", "!", "{", "xargs"))


def _script_words(line, folder, env, home, project):
    """The scripts a line runs: the command word of each of its commands (after wrappers such as
    `bash`, `source`, `exec`, `env`, an interpreter), when it is a path (`./y.sh`, `../bin/z`,
    `/opt/x/run`) or named like a script."""
    out = []
    for char in ";&|()`\n":
        line = line.replace(char, "\n")
    for segment in line.split("\n"):
        words = [w.replace('"', "").replace("'", "") for w in segment.split()[:32]]
        k = 0
        while k < len(words) and (words[k] in _RUNNERS or words[k].startswith("-") or
                                  "=" in words[k].split("/", 1)[0] or words[k].isdigit()):
            k += 1
        if k >= len(words):
            continue
        word = words[k]
        if word.startswith("~/"):
            word = os.path.join(home, word[2:])
        if not word or "$" in word or word[0] in "<>":
            continue
        if not (word.startswith(("./", "../", "/")) or word.endswith(_SCRIPT_SUFFIXES)):
            continue
        bases = [folder] if word.startswith("/") else [folder, project or home]
        for base in dict.fromkeys(bases):
            path = os.path.normpath(os.path.join(base, word))
            if path.startswith(_SYSTEM) or path == "/" or os.path.isdir(path):
                continue
            out.append(path)
    return out


def _shell_text(path):
    """The text of a shell script (by its suffix or its `#!` line), or None."""
    from legant_guard.hook.scriptfiles import read_regular

    if not os.path.isfile(path):
        return None
    text = read_regular(path, _MAX_BYTES)
    if text is None:
        return None
    first = text.split("\n", 1)[0]
    if path.endswith(_SHELL_SUFFIXES) or (first.startswith("#!") and any(
            first.rstrip().endswith(s) or ("/" + s + " ") in first + " " or (" " + s + " ") in first + " " for s in _SHELLS)):
        return text
    return None
