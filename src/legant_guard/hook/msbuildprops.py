"""MSBuild properties on `dotnet build/test/run/pack/publish` and `msbuild` that run or load code.

`dotnet build -p:PreBuildEvent='curl h'` runs the command (the SDK's PreBuildEvent and
PostBuildEvent targets run their property's text as a shell command), `dotnet run
-p:RunCommand=curl` runs another program instead of the app, `-p:CscToolExe=`/`*ToolPath` pick the
compiler the build runs, and `-p:CustomBeforeMicrosoftCommonTargets=x.targets` (and the other
`*Targets`/`*Props`/`*Import*`/extension-path properties) import an MSBuild file, which can run
anything. `-logger:Class,x.dll` loads an assembly. None of it was read: the builder's `dotnet
build ...` form allowed it. Under a token with command rules such a property is undetermined.
A response file (`@build.rsp`) the command names is read for the same switches.
Loaded only for dotnet and msbuild (engine.py asks by name).
"""

import os

from legant_guard.hook.model import deny

PROGRAMS = frozenset(("dotnet", "msbuild"))
_PROPERTY_SWITCHES = ("-p:", "/p:", "-property:", "/property:", "--property:")
_SEPARATE = ("-p", "/p", "-property", "/property", "--property")
_LOGGER_SWITCHES = ("-logger:", "/logger:", "-l:", "/l:", "-distributedlogger:", "/distributedlogger:", "-dl:",
                    "/dl:", "--logger:")
# Property names (lower case) that run a command, pick a program or import MSBuild code.
_CODE_WORDS = ("event", "command", "toolexe", "toolpath", "toolname", "targets", "props", "import", "extension",
               "hostpath", "sdk", "taskfactory", "assemblyfile")
_MAX_RSP = 64 * 1024


def _properties(value):
    """The property names of one `-p:` value (`A=1;B=2`, `A=1,B=2`)."""
    names = []
    for part in value.replace(",", ";").split(";"):
        name = part.split("=", 1)[0].strip().strip("\"'").lower()
        if name:
            names.append(name)
    return names


def _problem(words, depth=0):
    """The first switch among `words` that runs or loads code, or None."""
    for k, word in enumerate(words):
        low = word.lower()
        values = []
        if low.startswith(_PROPERTY_SWITCHES):
            values.append(word.split(":", 1)[1])
        elif low in _SEPARATE and k + 1 < len(words) and "=" in words[k + 1]:
            values.append(words[k + 1])
        for value in values:
            for name in _properties(value):
                if any(w in name for w in _CODE_WORDS):
                    return f"the MSBuild property `{name}` ({word}) runs a command, picks a program or imports code"
        if low.startswith(_LOGGER_SWITCHES) and ("/" in word.split(":", 1)[1] or ".dll" in low):
            return f"`{word}` loads a logger assembly"
        if word.startswith("@") and len(word) > 1 and depth == 0:
            text = _read(word[1:])
            if text is None:
                return f"the response file {word[1:]} cannot be read"
            found = _problem(text.split(), depth + 1)
            if found:
                return f"{found}, in the response file {word[1:]}"
    return None


def _read(path):
    from legant_guard.hook.scriptfiles import read_bytes

    if not os.path.exists(path):
        return ""  # (no such file: the argument names nothing to read)
    try:
        return read_bytes(path, _MAX_RSP).decode("utf-8", "replace")
    except OSError:
        return None


def check(cmd, policy):
    """A deny when `cmd` (dotnet or msbuild) sets a property that runs or loads code, under a
    token with command rules; else None."""
    if not policy.has_cmd_rules():
        return None
    words = [w if os.path.isabs(w[1:]) or not w.startswith("@") else "@" + os.path.join(cmd.cwd, w[1:])
             for w in cmd.argv[1:]]
    problem = _problem(words)
    if problem is None:
        return None
    return deny(f"could not determine the command ({problem}; `{cmd.executable}` runs what it says), and the token "
                "has command rules; set it in the project file instead", "undetermined")
