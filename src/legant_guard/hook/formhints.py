"""What to do instead, when a call is refused for its form or its tool; loaded only for that deny.

A package manager's form that is not on the allow-list because it names a
package: the builder installs only what the project declares (rules/toolchains/), so a new
dependency goes into the project's manifest (a file edit the agent can make and the user sees
in the diff), and the allowed install form fetches it.

Without this the reason said only "it allows only some forms of `npm`": nothing told the agent
the way through (edit package.json, then `npm install`).

A tool whose capability the token lacks (`Bash` under the reviewer, `WebFetch` under the builder,
`Task` without mapped sub-agents): the reason named the capability only; it now names what the
role does grant for the same end.
"""

_NODE = ("; a new dependency is declared, not installed by name: add it to package.json (`dependencies` or "
         "`devDependencies`), then run `{install}`")
_PYTHON = ("; a new dependency is declared, not installed by name: add it to pyproject.toml or a requirements*.txt, "
           "then install the project (`pip install -e .`, `pip install -r requirements.txt`, `uv sync`, "
           "`poetry install`)")

# (program, subcommands that add a named package) -> the hint
_ADDERS = {
    "npm": (("install", "i", "add", "in", "isntall"), _NODE.format(install="npm install")),
    "pnpm": (("add", "install", "i"), _NODE.format(install="pnpm install")),
    "yarn": (("add",), _NODE.format(install="yarn install")),
    "bun": (("add", "install", "i"), _NODE.format(install="bun install")),
    "pip": (("install",), _PYTHON), "pip3": (("install",), _PYTHON),
    "uv": (("add", "pip"), _PYTHON), "poetry": (("add",), _PYTHON), "pipenv": (("install",), _PYTHON),
    "pdm": (("add",), _PYTHON), "rye": (("add",), _PYTHON),
    "cargo": (("add", "install"), "; a new dependency goes under [dependencies] in Cargo.toml, and `cargo build` "
                                  "fetches it (a program to install is the user's to install)"),
    "go": (("get", "install"), "; import the package in the code and run `go mod tidy`, which records and fetches "
                               "it (a program to install is the user's to install)"),
    "bundle": (("add",), "; add a `gem` line to the Gemfile, then run `bundle install`"),
    "gem": (("install",), "; add a `gem` line to the Gemfile, then run `bundle install`"),
    "composer": (("require",), "; add it to `require` in composer.json, then run `composer update`"),
    "dotnet": (("add",), "; add a `<PackageReference Include=\"NAME\" Version=\"…\" />` to the project file, then "
                         "run `dotnet restore`"),
}


def hint(name, args):
    """The hint for `name args` when it adds a named package, else ""."""
    if name.startswith("python") and list(args[:2]) == ["-m", "pip"]:  # (`python3 -m pip install x`)
        name, args = "pip", args[2:]
    subcommands, text = _ADDERS.get(name.rsplit("/", 1)[-1], ((), ""))
    words = [a for a in args if not a.startswith("-")]
    if not words or words[0] not in subcommands or len(words) < 2:
        return ""
    if name in ("uv",) and words[0] == "pip" and (len(words) < 3 or words[1] != "install"):
        return ""
    return text


# A tool the role does not grant at all: what the role does grant for the same end.
_READ_TOOLS = {"Bash": "Read, Grep, Glob and LS", "bash": "read, grep, glob and list",
               "Monitor": "Read, Grep, Glob and LS"}


def scope_hint(tool, verb, grants):
    """What to do instead when `tool` needs capability `verb`, which the token lacks;
    `grants(verb)` says what it has. "" when there is nothing better to say."""
    if verb == "shell.exec" and grants("fs.read") and tool in _READ_TOOLS:
        return (f"; this role reads without a shell: use the {_READ_TOOLS[tool]} tools (a plainly read-only "
                "command counts as a read only where the agent has no file-reading tool, as Codex)")
    if verb == "fs.write" and grants("fs.read") and not grants("shell.exec"):
        return "; this role only reads: describe the change in your answer instead of making it"
    if verb == "net.fetch":
        return "; this role has no network: work from the project's files, or ask the user to fetch it"
    if verb == "agent.spawn":
        return ("; do the work in this session instead (sub-agents start only where the user maps them a role: "
                "`legant guard install --subagents ROLE`)")
    return ""

