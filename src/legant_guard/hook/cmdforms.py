"""Command rules that name a program's arguments, not only the program.

A `cmd:` (or `deny-cmd:`) entry is either a program name pattern (`pytest`, `nc.*`: any
arguments, as it always was) or a FORM: the program pattern followed by argument words,
e.g. `npm ci {flags}` or `pip* install {flags} -e . {flags}`. A form is how a token allows a
package manager only in the shapes that act on the project (`npm ci`, `pip install -e .`)
and not in those that fetch a package the agent names (`npm install left-pad`, `npx x`).

Argument words, matched in order against the words after the program:
- a wildcard (`*`, `?`, `[...]`, as program names) matches exactly one word;
- `{flags}` matches zero or more plain option words: `-x`, `-abc`, `--long-name` (letters,
  digits and dashes only, so `--index-url=URL`, `-iURL` and `--` are NOT flags);
- `{flags:-o,--opt}` matches zero or more plain option words as `{flags}` does, and also the
  options named after the colon with their value: `-o VALUE`, `--opt VALUE`, a short one glued
  to it (`-oVALUE`, `-Dkey=value` for `-D`) and `--opt=VALUE` (how `mvn -pl core -Dtest=T test`
  is allowed without letting a word that is not an option's value through);
- `...` as the last word matches whatever follows (nothing included).
An option the program reads with a value of its own (`VALUED` below: `npx -p PKG`, `pnpm
--store-dir DIR`) is no plain flag: a `{flags}` word never takes it, so its value cannot stand for
the word the form names next (`npx -p prettier curl …` runs curl, not prettier).
A form without `...` matches only when every word is accounted for. On the deny side a form
is a prefix: `deny-cmd:npm publish` denies `npm publish --tag x` as well.

Pure and standard-library only (the hook path): entries are compared word by word, with a
linear-size table of reachable positions instead of backtracking.
"""

from legant_guard.hook.paths import wildcard_match

FLAGS = "{flags}"
# Options of the package runners and package managers whose forms name, after `{flags}`, the
# program or command that runs, and that take the next word as their value (red team 32): read as
# plain flags, the value stood for the program the form names, while the runner ran the word after
# it (`npx -p prettier curl …`, `npx --cache prettier cowsay`, `uvx --from ruff curl …`, `pnpm
# --store-dir test curl …`: pnpm runs an unknown command as a shell command, `yarn workspaces
# foreach --from run exec …`). npm's options are its configuration keys that are not booleans.
_NPM_VALUED = frozenset((
    "-p", "--package", "-c", "--call", "-w", "--workspace", "-C", "--prefix", "-L", "--location", "--registry",
    "--userconfig", "--globalconfig", "--cache", "--node-options", "--script-shell", "--shell", "--git", "--editor",
    "--browser", "--viewer", "--tag", "--scope", "--access", "--auth-type", "--before", "--ca", "--cafile", "--cert",
    "--key", "--cidr", "--color", "--depth", "--diff", "--fetch-retries", "--fetch-retry-factor",
    "--fetch-retry-maxtimeout", "--fetch-retry-mintimeout", "--fetch-timeout", "--heading", "--https-proxy",
    "--proxy", "--noproxy", "--include", "--omit", "--init-module", "--install-strategy", "--local-address",
    "--loglevel", "--logs-dir", "--logs-max", "--maxsockets", "--node-gyp", "--otp", "--prefer-dedupe",
    "--replace-registry-host", "--umask", "--user-agent", "--which", "--cpu", "--os", "--libc",
    "--lockfile-version", "--tag-version-prefix", "--pack-destination", "--expect-result-count"))
_UV_VALUED = frozenset((
    "--from", "--with", "-w", "--with-editable", "--with-requirements", "--constraints", "-c", "--overrides",
    "--build-constraints", "-b", "--python", "-p", "--index", "--default-index", "--index-url", "-i",
    "--extra-index-url", "--find-links", "-f", "--upgrade-package", "-P", "--reinstall-package", "--index-strategy",
    "--keyring-provider", "--resolution", "--prerelease", "--fork-strategy", "--exclude-newer",
    "--exclude-newer-package", "--no-build-isolation-package", "--config-setting", "-C", "--config-settings-package",
    "--link-mode", "--no-build-package", "--no-binary-package", "--refresh-package", "--python-preference",
    "--python-platform", "--cache-dir", "--color", "--config-file", "--directory", "--project",
    "--allow-insecure-host", "--env-file", "--torch-backend", "--package", "--extra", "--group"))
_PNPM_VALUED = frozenset((
    "-C", "--dir", "--filter", "-F", "--filter-prod", "--test-pattern", "--changed-files-ignore-pattern",
    "--reporter", "--loglevel", "--workspace-concurrency", "--resume-from", "--store-dir", "--virtual-store-dir",
    "--modules-dir", "--lockfile-dir", "--global-dir", "--global-bin-dir", "--cache-dir", "--state-dir",
    "--node-linker", "--package-import-method", "--network-concurrency", "--child-concurrency", "--registry",
    "--npm-path", "--node-options", "--script-shell", "--package", "--color", "--use-node-version"))
_YARN_VALUED = frozenset((
    "--from", "--include", "--exclude", "-j", "--jobs", "--cwd", "--modules-folder", "--cache-folder",
    "--global-folder", "--link-folder", "--mutex", "--network-concurrency", "--network-timeout", "--registry",
    "--use-yarnrc", "--preferred-cache-folder"))
VALUED = {"npx": _NPM_VALUED, "pnpx": _NPM_VALUED | _PNPM_VALUED, "bunx": _NPM_VALUED, "uvx": _UV_VALUED,
          "uv": _UV_VALUED, "pnpm": _PNPM_VALUED, "yarn": _YARN_VALUED}
# npm's and pnpm's option parser (nopt) also takes an unambiguous prefix of a long option
# (`--cach DIR` is `--cache DIR`): there a long option that begins one of VALUED is one too.
_PREFIXES = frozenset(("npx", "pnpx", "bunx", "pnpm"))
REST = "..."
_FLAG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def is_form(entry):
    """Does this command entry name arguments (a space after the program pattern)?"""
    return " " in entry.strip()


def is_flag(word):
    """A plain option word: `-x`, `-abc`, `--long-name`; nothing carrying a value."""
    if len(word) < 2 or word[0] != "-" or word == "--":
        return False
    return all(c in _FLAG_CHARS for c in word[1:])


def matches(entry, name, args, deny_side=False):
    """Does `entry` allow (or, `deny_side`, deny) program `name` run with `args`?

    `name` is the program's base name; `args` the words after it. The deny side ignores case
    (on macOS `CURL` finds curl) and reads a form as a prefix.
    """
    words = entry.split()
    if not words:
        return False
    program, pattern = words[0], words[1:]
    if deny_side:
        program, name = program.casefold(), name.casefold()
        pattern = [w.casefold() for w in pattern]
        args = [a.casefold() for a in args]
        if pattern and pattern[-1] != REST:
            pattern.append(REST)
    if not wildcard_match(program, name):
        return False
    if not pattern:
        return True  # a bare program name: any arguments
    args = list(args)
    if args_match(pattern, args, () if deny_side else valued_options(name, args)):
        return True
    if deny_side and pattern[0][:1] not in ("{", "-"):
        # `git -c k=v send-email`, `git -C . daemon`, `npm --registry URL publish`: the program's
        # own options (each maybe with its value) before the subcommand the form names
        return any(k < len(args) and wildcard_match(pattern[0], args[k]) and args_match(pattern, args[k:])
                   for k in _after_options(args))
    return False


def _after_options(args):
    """The positions where a subcommand could start after leading option words, each option
    possibly followed by its value (`-c k=v`, `-C dir`, `--git-dir=x`)."""
    out = []
    k = 0
    while k < len(args) and args[k][:1] == "-" and args[k] != "--":
        k += 1
        out.append(k)
        if k < len(args) and args[k][:1] != "-" and "=" not in args[k - 1]:
            out.append(k + 1)
            k += 1
    return out


def valued_options(name, args):
    """The options of program `name` among VALUED that take a value, with the prefixes of them
    that `args` (words) spell where its parser takes one."""
    valued = VALUED.get(name, ())
    if valued and name in _PREFIXES:
        valued = valued | frozenset(a for a in args if a[:2] == "--" and len(a) > 2 and
                                    any(v.startswith(a) for v in valued))
    return valued


def _option_words(names, args, k, valued=()):
    """How many words of `args` from `k` one option of a `{flags:NAMES}` word takes (0: none).
    `valued`: the program's options that take a value (VALUED), never plain flags unless named."""
    arg = args[k]
    if is_flag(arg) and arg not in names:
        return 0 if arg in valued else 1
    for name in names:
        if arg == name:
            return 2 if k + 1 < len(args) else 0
        if arg.startswith(name + "=" if name.startswith("--") else name) and len(arg) > len(name):
            return 1
    return 0


def _option_names(word):
    """`{flags}` -> (); `{flags:-o,--opt}` -> ("-o", "--opt"): the options taking a value; else None."""
    if word == FLAGS:
        return ()
    if word.startswith("{flags:") and word.endswith("}"):
        return tuple(n for n in word[7:-1].split(",") if n.startswith("-") and n != "--")
    return None


def args_match(pattern, args, valued=()):
    """Match argument words against a form's pattern words (see the module docstring); `valued`:
    the program's options that take a value (VALUED)."""
    reach = {0}  # positions in `args` reachable after the pattern words so far
    last = len(pattern) - 1
    for i, word in enumerate(pattern):
        if word == REST and i == last:
            return True
        following = set()
        names = _option_names(word)
        if names is not None:
            for j in reach:
                following.add(j)
                k = j
                while k < len(args):
                    step = _option_words(names, args, k, valued)
                    if not step or k + step in following:
                        break
                    k += step
                    following.add(k)
        else:
            for j in reach:
                if j < len(args) and wildcard_match(word, args[j]):
                    following.add(j + 1)
        if not following:
            return False
        reach = following
    return len(args) in reach
