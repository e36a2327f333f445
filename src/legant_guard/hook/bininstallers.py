"""Installers that put programs into a folder, under names the package chooses.

`cargo install --root VENV x`, `npm install -g --prefix VENV x`, `GOBIN=VENV/bin go install x`,
`gem install --bindir VENV/bin x`, `deno install --root VENV`, `dotnet tool install --tool-path
VENV/bin` write `VENV/bin/<a name the package picks>`: a crate whose binary is called `legant`
or `python3` replaces the guard's script or interpreter, and the command line never names it.
The folder they fill is judged instead: denied when it lies in the guard's installation or
holds a file of it (any name there could be taken), and likewise for the protected paths (an
agent's configuration: `GOBIN=~/.claude/hooks`, `BUN_INSTALL_BIN=$XDG_DATA_HOME/opencode/bin`,
given as an option, a variable on the line or `go env -w`). Installs elsewhere (`~/.cargo/bin`, a
project's `node_modules`) stay allowed. Loaded only for the programs named in
trustbase.BIN_INSTALLERS (the keys of _TABLE).
"""

import os

from legant_guard.hook.model import deny

# program -> (subcommands that install, {option: "root" (files go to VALUE/bin) or "bin" (VALUE)},
#             {variable: "root" | "bin"}); a subcommand of None means any invocation with the option.
_TABLE = {
    "cargo": (("install",), {"--root": "root"}, {"CARGO_INSTALL_ROOT": "root", "CARGO_HOME": "root"}),
    "npm": (("install", "i", "add", "isntall", "in", "ins", "inst", "insta", "instal", "link", "ln", "update", "up",
             "upgrade", "ci", "rebuild"),
            {"--prefix": "root"}, {"npm_config_prefix": "root", "NPM_CONFIG_PREFIX": "root", "PREFIX": "root"}),
    "pnpm": (("add", "install", "i", "link", "ln", "update", "up"), {"--global-dir": "root", "--global-bin-dir": "bin"},
             {"PNPM_HOME": "bin"}),
    "yarn": (("global", "add", "link"), {"--prefix": "root", "--global-folder": "root"},
             {"PREFIX": "root", "YARN_PREFIX": "root"}),
    "bun": (("install", "i", "add", "link"), {}, {"BUN_INSTALL": "root", "BUN_INSTALL_BIN": "bin"}),
    "gem": (("install", "i", "update", "pristine"), {"--bindir": "bin", "-n": "bin", "--install-dir": "root",
                                                      "-i": "root"},
            {"GEM_HOME": "root"}),
    "go": (("install", "get"), {}, {"GOBIN": "bin", "GOPATH": "root"}),
    "deno": (("install",), {"--root": "root"}, {"DENO_INSTALL_ROOT": "root"}),
    "dotnet": (("tool",), {"--tool-path": "bin"}, {}),
    "luarocks": (("install", "make"), {"--tree": "root"}, {}),
}
_GLOBAL_FLAGS = {"npm": ("-g", "--global", "--location=global"), "yarn": ("global",), "bun": ("-g", "--global"),
                 "pnpm": ("-g", "--global")}
_GLOBAL_WORDS = frozenset(("global", "link", "ln"))  # `yarn global add`, `npm link` (into the global prefix)


def check(cmd, trust, raw_command=""):
    """A deny when `cmd` would install programs into a folder of the guard's installation."""
    exe = cmd.executable
    subcommands, options, variables = _TABLE[exe]
    args = cmd.argv[1:]
    words = [w for w in args if not w.startswith("-")]
    if exe == "npm" and words[:2] in (["config", "set"], ["set"]) or (exe == "npm" and words[:1] == ["set"]):
        # `npm config set prefix VENV`: every later `npm i -g` installs its programs into VENV/bin
        pairs = words[2:] if words[:1] == ["config"] else words[1:]
        for i, word in enumerate(pairs):
            key, eq, value = word.partition("=")
            if key == "prefix":
                value = value if eq else (pairs[i + 1] if i + 1 < len(pairs) else "")
                verdict = _judge(cmd, trust, exe, "root", value, "`npm config set prefix`")
                if verdict:
                    return verdict
        return None
    if exe == "go" and words[:2] == ["env", "-w"] or (exe == "go" and words[:1] == ["env"] and "-w" in args):
        for word in args:
            key, eq, value = word.partition("=")
            if eq and key in variables:
                verdict = _judge(cmd, trust, exe, variables[key], value, f"`go env -w {key}`")
                if verdict:
                    return verdict
        return None
    # (an option's value or cargo's `+toolchain` can come before the subcommand: `npm -g --prefix
    # VENV install x`, `cargo +nightly install --root VENV x`)
    sub = next((w for w in words if w in subcommands), None)
    if sub is None:
        return None
    if exe in _GLOBAL_FLAGS and not (any(w in _GLOBAL_FLAGS[exe] for w in args) or sub in _GLOBAL_WORDS or
                                     words[0] in _GLOBAL_WORDS):
        return None  # a project install (`npm install --prefix app x`: app/node_modules)
    for i, word in enumerate(args):
        name, eq, value = word.partition("=")
        if name in options:
            value = value if eq else (args[i + 1] if i + 1 < len(args) else "")
            verdict = _judge(cmd, trust, exe, options[name], value, name)
            if verdict:
                return verdict
    # The agent's own environment (GOBIN=~/.local/bin next to a pipx-installed legant) counts where
    # the installer replaces a program it did not install: go always, the others only when forced
    # (cargo, npm, deno and gem refuse to clobber a file they do not own).
    inherited = exe == "go" or any(w in ("-f", "--force") for w in args)
    for name, kind in variables.items():
        for value in _values(raw_command, name, cmd.cwd) + ([trust.env[name]] if inherited and trust.env.get(name) else []):
            if value is None:
                return _denied(exe, f"{name} is set to a value built at run time, so where it installs programs "
                                    "cannot be known")
            verdict = _judge(cmd, trust, exe, kind, value, name)
            if verdict:
                return verdict
    return None


def _judge(cmd, trust, exe, kind, value, how):
    from legant_guard.hook.paths import path_variants

    if not value:
        return None
    if "$" in value or "`" in value:
        return _denied(exe, f"{how} is built at run time, so where it installs programs cannot be known")
    value = value.split(":")[0] if how == "GOPATH" else value  # go installs into the first GOPATH entry
    folder = value if kind == "bin" else os.path.join(value, "bin")
    variants = path_variants(folder, cmd.cwd, trust.home)
    inside = path_variants(os.path.join(folder, "x"), cmd.cwd, trust.home)
    hit = trust.installation.hit(inside) or trust.installation.contained_in(variants)
    if hit:
        return _denied(exe, f"{how} puts its programs into {variants[0]}, under names the package chooses, and "
                            f"that folder is or holds {hit}")
    protected = trust.protected  # the guard's files and the agents' configurations (red team #28)
    hit = protected is not None and (protected.hit(inside) or protected.contained_in(variants))
    if hit:
        return deny(f"`{exe}` with {how} puts its programs into {variants[0]}, under names the package chooses, and "
                    f"that folder is or holds {hit}, which is protected (an agent configuration or the guard's own "
                    "files: a program named like a script there runs without a tool call); install the program "
                    "elsewhere", "protected")
    return None


def _denied(exe, why):
    return deny(f"`{exe}` would change the guard's own installation ({why}); install the program elsewhere "
                "(the default location, or a folder of the project)", "trust-base:package-manager")


def _values(raw, name, cwd):
    """Values `raw` assigns to `name` on the command line (None for one built at run time)."""
    from legant_guard.hook.pkgmanagers import _assignments

    if name + "=" not in (raw or ""):
        return []
    values = _assignments(raw, name)
    if None in values:
        here = _in_working_folder(raw, name, cwd)
        if here is not None:
            return [here]
    return values


# `GOBIN=$PWD/bin go install ./cmd/...` (go wants an absolute GOBIN): the shell's working folder
# followed by a literal tail, assigned once, on a line that never changes folder.
_HERE = ("$PWD", "${PWD}", "$(pwd)", "`pwd`")
_MOVES = ("cd", "pushd", "popd", "source", ".", "eval", "exec", "builtin", "command", "alias", "function")


def _in_working_folder(raw, name, cwd):
    """The folder `NAME=$PWD/tail` (or `$(pwd)`, quoted or not) names, when that is the only
    assignment of NAME and nothing on the line can move the shell out of `cwd` first; else None."""
    import re

    found = re.findall(r"(?<![A-Za-z0-9_])%s=(\S*)" % re.escape(name), raw)
    if len(found) != 1:
        return None
    value = found[0].strip("\"'")
    base = next((h for h in _HERE if value.startswith(h)), None)
    tail = value[len(base):] if base else ""
    if base is None or (tail and not re.fullmatch(r"/[A-Za-z0-9._/-]*", tail)) or "/.." in tail:
        return None
    rest = raw.replace(found[0], " ", 1)
    if re.search(r"(?:^|[\s;&|(])(?:%s)(?=$|[\s;&|)])" % "|".join(re.escape(w) for w in _MOVES), rest) or \
            "PWD" in rest or any(c in rest for c in "$`\\{"):
        return None
    return cwd + tail
