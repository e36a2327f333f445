"""What to do instead, when a package manager's form is not on the allow-list because it names a
package: the builder installs only what the project declares (rules/toolchains/), so a new
dependency goes into the project's manifest (a file edit the agent can make and the user sees
in the diff), and the allowed install form fetches it. Loaded only for such a deny.

Without this the reason said only "it allows only some forms of `npm`", and agents retried the
same install under other spellings (`npm i -D`, `npx npm install`) instead of editing
package.json.
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
