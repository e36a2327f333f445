"""Programs that install git hooks which run commands from a file of the project.

`pre-commit install` writes `.git/hooks/pre-commit`, which runs what `.pre-commit-config.yaml`
says (a `repo: local` hook's `entry` is any command line); `husky` points `core.hooksPath` at
`.husky/`; `lefthook install` (lefthook.yml), `overcommit --install` (.overcommit.yml) and
`simple-git-hooks` (package.json) install hooks that run the project's configured commands.
All those files are ones a builder may write, and git runs the hooks at a later commit,
checkout or push, where the guard sees only the git command: writing `.git/hooks/` and `git
config core.hooksPath` are refused for every role (hook/gitcode.py), and these are the same
change by another name, refused inside a git work tree (`pre-commit init-templatedir` fills a
template every later `git init` copies). Installers of fixed hooks (`git lfs install`, `git
secrets --install`) stay allowed. Loaded only for trustbase.HOOK_INSTALLERS.
"""

from legant_guard.hook.model import deny

# program -> the first words (subcommand or option) that install hooks; () = any invocation
_INSTALLS = {
    "pre-commit": ("install", "init-templatedir"),
    "husky": ((), "install", "init"),
    "lefthook": ("install", "add"),
    "overcommit": ("--install", "-i"),
    "simple-git-hooks": ((),),
}
_RUNNERS = frozenset(("npx", "bunx", "pnpx", "uvx", "pipx", "bun", "pnpm", "yarn", "npm", "uv", "deno"))


def check(cmd):
    exe, args = cmd.executable or "", list(cmd.argv[1:])
    if exe in _RUNNERS:  # `npx husky`, `uvx pre-commit install`, `pipx run pre-commit install`
        from legant_guard.hook.trustbase import _package_name

        for i, word in enumerate(args):
            if _package_name(word) in _INSTALLS:
                exe, args = _package_name(word), args[i + 1:]
                break
        else:
            return None
    elif exe.startswith("python"):
        from legant_guard.hook.pkgmanagers import _python_module

        module, rest, _ = _python_module(cmd.argv)
        if module != "pre_commit":
            return None
        exe, args = "pre-commit", list(rest)
    ways = _INSTALLS.get(exe)
    if not ways or any(w in ("-h", "--help", "-v", "-V", "--version") for w in args):
        return None
    first = next((w for w in args if not w.startswith("-") or w in ways), None)
    if first is None and () not in ways:
        return None
    if first is not None and first not in ways and () not in ways:
        return None
    if first != "init-templatedir":
        from legant_guard.hook.treewalk import git_top

        if git_top(cmd.cwd) is None:
            return None  # (not in a work tree: no hook to write)
    return deny(f"`{exe}{' ' + first if first else ''}` installs git hooks that run commands from a file of the "
                "project (or points core.hooksPath at a folder of it): git runs them at a later commit, checkout or "
                "push, where the guard sees only the git command (denied for every role, like writing .git/hooks); "
                "ask the user to install hooks", "trust-base:git-hooks")
