"""JavaScript package managers writing a folder's node_modules and package.json.

`cd ~/.cache/opencode && npm install evil`, `npm install --prefix .opencode evil`, `bun add --cwd
.opencode x` never name a file, yet write `node_modules/<package>` and `package.json` of the
folder they work in: opencode installs its plugins there and imports them at start, so a
package written there runs inside the next session with the guard's plugin beside it. The
folder npm would really use (the given one, else the nearest one up holding a package.json or
node_modules) is judged as written there. Global installs are bininstallers.py's.
Loaded only for outputs.NODE_INSTALLERS.
"""

import os

from legant_guard.hook.outputs import _judge

# Subcommands that write node_modules or package.json (npm's and yarn's/pnpm's/bun's spellings).
_WRITING = frozenset((
    "install", "i", "in", "ins", "inst", "insta", "instal", "isntall", "isnt", "add", "ci", "clean-install",
    "install-clean", "ic", "update", "up", "upgrade", "udpate", "remove", "rm", "r", "un", "uninstall", "unlink",
    "link", "ln", "dedupe", "ddp", "prune", "rebuild", "rb", "import", "patch-commit", "pkg", "init", "create",
))
# Options naming the folder: npm --prefix/-C, pnpm -C/--dir, yarn and bun --cwd.
_FOLDER_OPTIONS = {"npm": ("--prefix", "-C"), "pnpm": ("-C", "--dir", "--prefix"), "yarn": ("--cwd",),
                   "bun": ("--cwd",)}
_GLOBAL = ("-g", "--global", "--location=global")


def check(cmd, ctx):
    args = cmd.argv[1:]
    exe = cmd.executable
    words = [w for w in args if not w.startswith("-")]
    # (an option's value can come first: `npm --registry URL install x`, `yarn --cwd DIR add x`)
    sub = next((w for w in words if w in _WRITING), None)
    if sub is None and exe == "yarn" and (not words or words[0] != "global"):
        sub = "install"  # a bare `yarn` (or `yarn --cwd DIR`) installs
    if sub is None or "global" in words[:1] or any(w in _GLOBAL for w in args):
        return None
    folder = None
    for i, word in enumerate(args):
        name, eq, value = word.partition("=")
        if name in _FOLDER_OPTIONS.get(exe, ()):
            folder = value if eq else (args[i + 1] if i + 1 < len(args) else None)
    if folder is not None:
        folder = os.path.normpath(os.path.join(cmd.cwd, os.path.expanduser(folder)))
    else:
        folder = _package_root(cmd.cwd)
    what = f"`{exe} {sub}` in {folder}"
    for name in ("package.json", "node_modules/.package-lock.json", "package-lock.json"):
        verdict = _judge(os.path.join(folder, name), "file", ctx, what)
        if verdict:
            return verdict
    return None


def _package_root(cwd):
    """The folder npm installs into from `cwd`: the nearest one up with a package.json or a
    node_modules, else `cwd` itself."""
    folder = cwd
    for _ in range(64):
        if os.path.exists(os.path.join(folder, "package.json")) or os.path.isdir(os.path.join(folder, "node_modules")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return cwd
