"""Programs that print a credential store's secrets without naming a file.

`git credential fill` prints the password ~/.git-credentials holds, `kubectl config view --raw`
the keys of ~/.kube/config, `gh auth token` GitHub's token: the guard denies reading those files,
and these commands read them for the agent. The catalogue is data (rules/secret_readers.json,
read once per process); a matching command is judged as a read of each store it names, against
the deny side only (deny-path and self-protection: a role that does not deny the store is not
affected), so the reason names the store.
"""

import os


_CATALOGUE = None


def _catalogue():
    global _CATALOGUE
    if _CATALOGUE is None:
        from legant_guard import rulesfiles

        readers = rulesfiles.load("secret_readers.json")["readers"]
        _CATALOGUE = {}
        for entry in readers:
            _CATALOGUE.setdefault(entry["program"], []).append(entry)
    return _CATALOGUE


def _entries(exe):
    from legant_guard.hook.paths import wildcard_match

    catalogue = _catalogue()
    found = list(catalogue.get(exe, ()))
    for program, entries in catalogue.items():
        if "*" in program and wildcard_match(program, exe):
            found += entries
    return found


def _has_run(words, run):
    """Are `run` consecutive words of `words`?"""
    n = len(run)
    return n == 0 or any(words[k:k + n] == run for k in range(len(words) - n + 1))


_URL_PRINTERS = (("remote", "-v"), ("remote", "--verbose"), ("remote", "get-url"), ("remote", "show"),
                 ("config", "-l"), ("config", "--list"), ("config", "list"), ("config", "--get-regexp"),
                 ("ls-remote", "--get-url"))
_CONFIG_LIMIT = 256 * 1024


def _remote_url_config(cmd):
    """`git remote -v`, `git config -l`, `git config --get remote.origin.url` ...: the git config
    file whose remote URLs they print, when one of them holds credentials (`https://user:TOKEN@`);
    else None."""
    from legant_guard.hook import gitplace
    from legant_guard.shell.tripwires import _git_args

    sub, rest = _git_args(cmd)  # after git's own options (`git -C dir remote -v`)
    if sub is None:
        return None
    if not any(sub == s and w in rest for s, w in _URL_PRINTERS) and not (
            sub == "config" and any(w.startswith("--get") or w == "get" for w in rest) and
            any("url" in w.lower() for w in rest if not w.startswith("-"))):
        return None
    from legant_guard.hook.scriptfiles import read_regular

    try:
        cwd, git_dir = gitplace._git_options(cmd)
        found = gitplace.discover(cwd, git_dir)
        if found is None:
            return None
        path = os.path.join(gitplace._common_dir(found), "config")
    except Exception:  # a repository the guard cannot place: git's own checks judge it
        return None
    text = read_regular(path, _CONFIG_LIMIT)  # a regular file only (a FIFO would block the hook)
    return path if text is not None and _holds_credentials(text) else None


def _holds_credentials(text):
    """Does a git config hold a URL with credentials in it (`url = https://user:token@host/x`)?"""
    for line in text.split("\n"):
        key, eq, value = line.partition("=")
        if not eq or "url" not in key.lower():
            continue
        scheme, sep, rest = value.strip().partition("://")
        if sep and "@" in rest.split("/", 1)[0]:
            return True
    return False


def stores_read(cmd):
    """(the command's words as shown, store path, "prints" or "changes") for each store `cmd` prints or
    writes (rules/secret_readers.json: `does`), or []."""
    if not cmd.executable:
        return []
    if cmd.executable == "git":
        config = _remote_url_config(cmd)
        if config is not None:
            return [("git " + " ".join(cmd.argv[1:])[:60], config, "prints")]
    entries = _entries(cmd.executable)
    if not entries:
        return []
    args = cmd.argv[1:]
    words = [w for w in args if not w.startswith("-")]
    options = {w.split("=", 1)[0] for w in args if w.startswith("-")}
    out = []
    for entry in entries:
        if not _has_run(words, entry["words"]):
            continue
        after = entry.get("not_after")
        if after and any(w in after for w in words[:words.index(entry["words"][0])]):
            continue  # `npm pkg get name` reads package.json, where `npm get KEY` prints npm's config
        wanted = entry.get("options")
        if wanted and not (options & set(wanted) or any(
                w[1:2] != "-" and len(w) > 2 and any(o[1:] in w[1:] for o in wanted if len(o) == 2) for w in options)):
            continue
        shown = " ".join([cmd.executable] + entry["words"])
        out += [(shown, store, entry.get("does", "prints")) for store in entry["reads"]]
    return out


def check(cmd, judge):
    """A deny when `cmd` prints a store the deny side covers; `judge(path)` is the engine's
    deny-side check of one path (a Decision or None)."""
    from legant_guard.hook.model import deny

    for shown, store, does in stores_read(cmd):
        verdict = judge(store)
        if verdict:
            return deny(f"`{shown}` {does} the credentials stored in {store}: {verdict.reason.removeprefix('Legant: ')}",
                        verdict.rule)
    return None
