"""Exec sinks of git (shell/sinks.py's per-topic part, loaded for git commands): `-c KEY=VALUE`
settings and `git config` keys that name a program or code (core.pager, core.sshCommand,
alias.X=!..., diff.external ...), and signing, which runs gpg.program.
"""

from legant_guard.shell.names import quote
from legant_guard.shell.words import Exp
from legant_guard.shell.sinks import Sink, _arg_letters, _joined, _lit, _option_sinks, catalogue, git_split


def git_config_sink(key, value, label):
    """The Sink a git setting KEY=VALUE makes, or None when git does not run it."""
    gc = catalogue()["git_config"]
    low = key.lower()
    if low.startswith(gc["alias_prefix"]):
        if value.text.lstrip().startswith("!") and not value.dynamic:
            return Sink(label, "shell", "a git alias starting with `!` runs this shell code",
                        Exp(value.text.lstrip()[1:], value.src, quoted=True))
        if value.dynamic:
            return Sink(label, "shell", "a git alias can run shell code", value)
        return Sink(label, "git", "a git alias runs these git arguments", value)
    if low.startswith("url.") and low.endswith((".insteadof", ".pushinsteadof")):
        # `url.ext::CMD.insteadOf=https://h/`: a URL starting so becomes `ext::CMD`, which git's
        # ext:: transport runs (where ext is allowed: GIT_ALLOW_PROTOCOL=ext, protocol.ext.allow)
        base = key[4:key.rfind(".")]
        if base.startswith("ext::"):
            return Sink(label, "shell", "a URL this setting rewrites becomes `%s`: git's ext:: transport runs it" % base,
                        Exp(base[5:].replace("% ", " "), value.src, quoted=True))
        return None
    if (low.endswith((".url", ".pushurl")) or low == "remote.pushdefault") and value.text.lstrip().startswith("ext::"):
        # `git -c remote.origin.url=ext::CMD fetch`: the remote is a command git's ext:: transport runs
        return Sink(label, "shell", "git's ext:: transport runs the command this URL names",
                    Exp(value.text.lstrip()[5:].replace("% ", " "), value.src, dynamic=value.dynamic, quoted=True))
    if low in gc["code_keys"] or any(low.startswith(p) for p in gc["code_prefixes"]):
        if value.text in catalogue()["environment"]["harmless_values"] and not value.dynamic:
            return None
        return Sink(label, "code", "git runs code (hooks, templates, included settings) from what this setting names", value)
    if low in gc["keys"] or any(low.startswith(p) for p in gc["prefixes"]) or \
            any(low.endswith(s) for s in gc["suffixes"]) or \
            (low.endswith(".path") and any(low.startswith(p) for p in gc["tool_path_prefixes"])):
        text = value.text
        if low.endswith("helper") and not value.dynamic:
            text = text.lstrip()
            if text.startswith("!"):
                text = text[1:]
            elif text and "/" not in text.split(" ", 1)[0]:
                text = "git-credential-" + text
        return Sink(label, "shell", gc["reason"], Exp(text, value.src, dynamic=value.dynamic, quoted=True))
    return None


_CONFIG_ARG_OPTIONS = ("--file", "-f", "--blob", "--type", "--default", "--comment", "--value", "--url")
_CONFIG_READS = ("--get", "--get-all", "--get-regexp", "--get-urlmatch", "--get-color", "--get-colorbool", "-l",
                 "--list", "--unset", "--unset-all", "--remove-section", "--rename-section", "-e", "--edit",
                 "--show-origin", "--show-scope", "--name-only")
_CONFIG_SUBS = ("get", "list", "unset", "rename-section", "remove-section", "edit")


def _git_config(rest):
    """`git config [options] KEY VALUE` and `git config set KEY VALUE`: the setting written."""
    operands = []
    k = 0
    reads = False
    while k < len(rest):
        e = rest[k]
        t = e.text
        k += 1
        # an option until the key is read (`set` comes first in `git config set --global KEY V`)
        keys_read = len(operands) - (1 if operands and operands[0].text == "set" and not operands[0].dynamic else 0)
        if not e.dynamic and t.startswith("-") and len(t) > 1 and keys_read != 1:
            opt = t.split("=", 1)[0]
            if opt in _CONFIG_READS or any(opt.startswith(r) for r in ("--get", "--unset")):
                reads = True
            if opt in _CONFIG_ARG_OPTIONS and "=" not in t:
                k += 1
            continue
        operands.append(e)
    if operands and operands[0].text in _CONFIG_SUBS and not operands[0].dynamic:
        return None
    if operands and operands[0].text == "set" and not operands[0].dynamic:
        operands = operands[1:]
    if reads or len(operands) < 2:
        return None
    key, value = operands[0], operands[1]
    if key.dynamic:
        return Sink("git config %s" % key.src, "code", "git setting whose name is built at run time", key)
    if key.text.lower() in _SIGNING_SETTINGS and (value.dynamic or value.text.strip().lower() in _TRUE):
        # `git config commit.gpgSign true`: every later commit runs gpg, where the guard sees `git commit`
        return Sink("git config %s" % key.text, "program", "git then runs gpg to sign or verify (gpg.program) at every later "
                    "commit, tag or push", _lit("gpg"))
    return git_config_sink(key.text, value, "git config %s" % key.text)


def _git_c_settings(glob, called=None):
    """`git -c alias.X=ARGS` among git's own options: the alias holds for this one command
    (`git -c alias.co='checkout -f' co` runs `git checkout -f`). Settings that name a program,
    and `!` aliases, are denied by hook/commandrules.py (_git_overrides) with their own reason.
    `called`: the subcommand and the words after it; when it is the alias, those words follow its
    value (`git -c alias.x=reset x --hard` runs `git reset --hard`)."""
    found = []
    for j, e in enumerate(glob):
        t = e.text
        if t == "-c" and j + 1 < len(glob):
            setting = glob[j + 1]
        elif t.startswith("-c") and len(t) > 2 and not t.startswith("--"):
            setting = Exp(t[2:], e.src, dynamic=e.dynamic, quoted=True)
        else:
            continue
        key, eq, value = setting.text.partition("=")
        if not key.lower().startswith("alias.") or value.lstrip().startswith("!"):
            continue
        if called is not None and not called[0].dynamic and called[0].text.lower() == key[6:].lower():
            # a word known only at run time keeps its source spelling: the nested analysis sees it
            value = " ".join([value] + [e.src if e.dynamic else quote(e.text) for e in called[1:]])
        sink = git_config_sink(key, Exp(value, setting.src, dynamic=setting.dynamic, quoted=True), "git -c " + key)
        if sink is not None:
            found.append(sink)
    return found


def _git(args):
    found = []
    k = git_split(args)
    glob = args[:k]
    for section, entry in catalogue()["by_program"]["git"]:
        if section == "options" and entry.get("global"):
            found += _option_sinks("git", glob, entry, "", "git")
    found += _git_c_settings(glob, args[k:] if k < len(args) else None)
    if k >= len(args) or args[k].dynamic:
        return found
    sub = args[k].text
    rest = args[k + 1:]
    letters = _arg_letters("git")
    for section, entry in catalogue()["by_program"]["git"]:
        if entry.get("url_prefix"):
            p = entry["url_prefix"]
            for e in rest:
                # (an option's value too: `git archive --remote=ext::CMD`, `git push --repo=ext::CMD`)
                t = e.text.split("=", 1)[1] if e.text.startswith("--") and "=" in e.text else e.text
                if t.startswith(p):
                    found.append(Sink("git %s %s" % (sub, p), entry["payload"], entry["reason"],
                                      Exp(t[len(p):].replace("% ", " "), e.src, dynamic=e.dynamic, quoted=True)))
            continue
        if sub not in entry.get("subcommands", ()):
            continue
        if section == "options":
            found += _option_sinks("git", rest, entry, letters, "git " + sub)
        elif section == "operands":
            words = rest
            if entry.get("after"):
                idx = [j for j, e in enumerate(rest) if e.text == entry["after"]]
                if not idx:
                    continue
                words = [e for e in rest[idx[0] + 1:]]
                while words and words[0].text.startswith("-") and not words[0].dynamic:
                    words = words[1:]
            if entry.get("skip"):
                words = [e for e in words if e.dynamic or not e.text.startswith("-")][entry["skip"]:]
            if entry.get("value_options"):
                words = _after_own_options(words, entry["value_options"])
            if words:
                value = _joined(words, entry["payload"])
                if entry.get("value_before"):  # (`git for-each-repo ... ARGS` runs `git ARGS`)
                    value = Exp(entry["value_before"] + value.text, value.src, dynamic=value.dynamic, quoted=True)
                found.append(Sink(("git %s %s" % (sub, entry.get("after", ""))).rstrip(), entry["payload"], entry["reason"],
                                  value))
    if sub == "config":
        sink = _git_config(rest)
        if sink is not None:
            found.append(sink)
    sign = _git_signing(sub, rest, glob)
    if sign is not None:
        found.append(sign)
    return found


def _after_own_options(words, value_options):
    """The words after a subcommand's own leading options (`--config KEY`, `--config=KEY`, an
    unambiguous prefix of one, `--keep-going`, `--`): `git for-each-repo --config=K -c X=Y log`
    runs `git -c X=Y log`, whose first word is git's own option, not for-each-repo's. A word
    built at run time among them may be either: the payload starts there (undetermined)."""
    k = 0
    while k < len(words):
        e = words[k]
        t = e.text
        if e.dynamic or not t.startswith("--"):
            break
        k += 1
        if t == "--":
            break
        name = t.split("=", 1)[0]
        if "=" not in t and len(name) > 2 and any(o.startswith(name) for o in value_options):
            k += 1
    return words[k:]


# ---- git signing ----------------------------------------------------------------------------
# git runs gpg (gpgsm for gpg.format=x509, ssh-keygen for ssh) to sign or verify: a program off
# a role's allow-list, started by git where the guard saw only `git commit -S`.
_SIGNING_SUBS = frozenset(("commit", "merge", "rebase", "cherry-pick", "revert", "am", "commit-tree", "pull"))
_SIGNING_SETTINGS = ("commit.gpgsign", "tag.gpgsign", "tag.forcesignannotated", "push.gpgsign", "log.showsignature")
_TRUE = ("true", "yes", "on", "1", "if-asked")


def _git_signing(sub, rest, glob):
    """The Sink of the signing program a git command runs (`git commit -S`, `git tag -s`, `git log
    --show-signature`, `git -c commit.gpgSign=true commit`), or None."""
    how = None
    words = [e.text for e in rest if not e.dynamic]
    for w in words:
        if w == "--":
            break
        name = w.split("=", 1)[0]
        if sub in _SIGNING_SUBS and (w.startswith("-S") and not w.startswith("--") or
                                     (len(name) >= 5 and "--gpg-sign".startswith(name))):
            how = "git %s %s" % (sub, name)
        elif sub == "tag" and (name in ("--sign", "--local-user", "--verify") or
                               (w[:1] == "-" and w[1:2] != "-" and _tag_signs(w))):
            how = "git tag %s" % w
        elif sub == "push" and name == "--signed" and (w == name or w.split("=", 1)[1].lower() in _TRUE):
            how = "git push --signed"
        elif sub in ("merge", "pull") and name == "--verify-signatures":
            how = "git %s --verify-signatures" % sub
        elif sub in ("log", "show", "whatchanged", "reflog") and name == "--show-signature":
            how = "git %s --show-signature" % sub
    if sub in ("verify-commit", "verify-tag"):
        how = "git " + sub
    settings = ()
    if glob:  # (`git -c commit.gpgSign=true commit`)
        from legant_guard.shell.tripwires import git_settings

        settings = git_settings(["git"] + [e.text for e in glob] + ["x"], config=False)
    for key, value in settings:
        if key in _SIGNING_SETTINGS and (value is None or value.strip().lower() in _TRUE):
            how = how or "git -c %s" % key
    if how is None:
        return None
    program = "gpg"
    for key, value in settings:
        if key == "gpg.format" and value in ("ssh", "x509"):
            program = "ssh-keygen" if value == "ssh" else "gpgsm"
    return Sink(how, "program", "git runs %s to sign or verify (gpg.program, a program the guard does not "
                "otherwise see)" % program, _lit(program))


def _tag_signs(word):
    """`git tag -s`, `-asm MSG`, `-u KEY`, `-v`: a bundle of short options that signs or verifies
    (letters after one that takes a value, -m or -F, are that value)."""
    for c in word[1:]:
        if c in "suv":
            return True
        if c in "mFe":
            return False
    return False
