"""Downloaders that name the file they write after the URL or the server: `wget URL`, `curl -O`.

`cd .claude && wget http://host/settings.json` or `curl -O http://host/settings.json --output-dir
.claude` writes `.claude/settings.json` without naming it: the name is the URL's last part.
`curl -J`, `wget --content-disposition`, `aria2c` and `http --download` let the server choose it,
and `wget -r/-m/-i` write a whole tree or list: those are undetermined where a protected file
lies below the folder they write into (destinations.py). An explicit output (`-O FILE` for wget,
`-o FILE` for curl) is a named write and judged as such elsewhere.
"""

import os

# Clients that save files under names a template, the server or their own commands pick (red team
# #28: `yt-dlp -P .claude -o settings.json URL`, `ncftpget HOST .claude '*'`, `lftp -c 'get x -o
# .claude/settings.json'`, `smbclient -c 'get x .claude/settings.json'`, `sftp -b BATCH`)
_CLIENTS = frozenset(("yt-dlp", "youtube-dl", "gallery-dl", "ncftpget", "lftp", "smbclient", "sftp"))
# Fetchers that save what a remote store names into a folder (red team #34: `gdown ID -O .claude/`,
# `kaggle datasets download -p .claude`, `s5cmd cp 's3://b/*' .claude/`, `oras pull REF -o .claude`,
# `ipfs get CID -o .claude`, `transmission-cli -w .claude x.torrent`): program -> (the words that
# make it fetch, the options naming the folder, whether the last operand is the folder instead)
_STORES = {"gdown": ((), ("-O", "--output"), False), "kaggle": (("download", "output"), ("-p", "--path"), False),
           "s5cmd": (("cp", "sync", "mv"), (), True), "oras": (("pull",), ("-o", "--output"), False),
           "ipfs": (("get",), ("-o", "--output"), False), "transmission-cli": ((), ("-w", "--download-dir"), False)}
PROGRAMS = frozenset(("wget", "wget2", "curl", "aria2c", "http", "https", "httpie", "xh", "xhs")) | _CLIENTS | \
    frozenset(_STORES)


def check(cmd, ctx):
    from legant_guard.hook.destinations import _judge, _undetermined

    exe = cmd.executable
    words = cmd.argv[1:]
    if exe in _CLIENTS:
        return _client(exe, words, cmd.cwd, ctx)
    if exe in _STORES:
        return _store(exe, words, cmd.cwd, ctx)
    if exe in ("wget", "wget2", "curl"):
        # what their configuration files and `wget -e` add counts as if typed (red team 39:
        # `wget -e output_document=.claude/settings.json URL`, `curl -K rc` with `output = …`)
        from legant_guard.hook.downloadconfig import configured

        more, why = configured(exe, words, cmd, ctx)
        if why:
            verdict = _undetermined(why, cmd.cwd, ctx)
            if verdict:
                return verdict
        verdict = _configured_output(exe, more, words, cmd, ctx)
        if verdict:
            return verdict
        words = more + words
    urls = [w for w in words if "://" in w and not w.startswith("-")]
    if exe in ("wget", "wget2"):
        folder, named, unknown = _wget(words)
    elif exe == "curl":
        folder, named, unknown = _curl(words)
    elif exe == "aria2c":
        folder = option_value(words, ("-d", "--dir"))
        named, unknown = option_value(words, ("-o", "--out")) is not None, "`aria2c` may take the name from the server"
    else:  # httpie / xh: only --download writes a file
        if not any(w in ("-d", "--download") or (w.startswith("-") and not w.startswith("--") and "d" in w[1:])
                   for w in words):
            return None
        folder = None
        named = option_value(words, ("-o", "--output")) is not None
        unknown = f"`{exe} --download` takes the file's name from the server"
    if named:
        return None
    dest = os.path.normpath(os.path.join(cmd.cwd, os.path.expanduser(folder or ".")))
    if unknown or any(c in u for u in urls for c in "{}[]"):
        return _undetermined(unknown or f"`{exe}` expands a URL pattern into several names", dest, ctx)
    folders = _wget_folders(words) if exe in ("wget", "wget2") else None
    for url in urls:
        path = url.split("://", 1)[1].split("?", 1)[0].split("#", 1)[0]
        name = path.rsplit("/", 1)[-1] if "/" in path else ""
        if folders is not None:  # (`wget -x -nH URL`: the URL's folders below the prefix)
            name = folders(url, name or "index.html")
        verdict = _judge(os.path.join(dest, name or "index.html"), "file", ctx, f"`{exe}` of {url}")
        if verdict:
            return verdict
    return None


def _configured_output(exe, more, words, cmd, ctx):
    """The file the configuration names as the output (`output_document`, curl's `output`), where
    the command line names none: no operand of the command, so judged here."""
    from legant_guard.hook.destinations import _judge

    options = ("-O", "--output-document") if exe != "curl" else ("-o", "--output")
    named = option_value(more, options)
    if named in (None, "-") or option_value(words, options) is not None:
        return None
    folder = option_value(more + words, ("--output-dir",)) if exe == "curl" else None
    target = os.path.join(cmd.cwd, os.path.expanduser(folder or "."), os.path.expanduser(named))
    return _judge(os.path.normpath(target), "file", ctx, f"`{exe}` (its configuration names the output {named})")


def _wget_folders(words):
    """wget's -x/--force-directories (with -nH, --cut-dirs=N, --protocol-directories): a function
    giving the path below the prefix a URL is saved at, or None when wget saves it by its name."""
    flags = "".join(w[1:] for w in words if w.startswith("-") and not w.startswith("--"))
    longs = {w.split("=", 1)[0] for w in words if w.startswith("--")}
    if "x" not in flags and "--force-directories" not in longs or "--no-directories" in longs or "-nd" in words:
        return None
    no_host = "-nH" in words or "--no-host-directories" in longs
    cut = option_value(words, ("--cut-dirs",))
    cut = int(cut) if cut and cut.isdigit() else 0
    protocol = "--protocol-directories" in longs

    def place(url, name):
        scheme, rest = url.split("://", 1)
        parts = [p for p in rest.split("?", 1)[0].split("#", 1)[0].split("/")[1:-1] if p]
        host = [] if no_host else [rest.split("/", 1)[0].rsplit("@", 1)[-1]]
        return os.path.join(*([scheme] if protocol else []), *host, *parts[cut:], name)

    return place


def option_value(words, options):
    """The value of the last of `options` (`-d DIR`, `-dDIR`, `--dir=DIR`), or None."""
    found = option_values(words, options)
    return found[-1] if found else None


def option_values(words, options):
    """Every value of `options` in `words`, in order (`-K F`, `-KF`, `--config=F`, `--config F`)."""
    found = []
    for i, word in enumerate(words):
        for option in options:
            if word == option and i + 1 < len(words):
                found.append(words[i + 1])
            elif option.startswith("--") and word.startswith(option + "="):
                found.append(word[len(option) + 1:])
            elif not option.startswith("--") and word.startswith(option) and len(word) > len(option):
                found.append(word[len(option):])
    return found


def _client(exe, words, cwd, ctx):
    """The folder such a client writes into and what decides the names: a literal yt-dlp output
    template is a named file; otherwise the folder is undetermined (destinations.py)."""
    from legant_guard.hook.destinations import _judge, _undetermined

    def here(value):
        return os.path.normpath(os.path.join(cwd, os.path.expanduser(value or ".")))

    if exe in ("yt-dlp", "youtube-dl"):
        folder = option_value(words, ("-P", "--paths"))
        if folder and ":" in folder.split("/", 1)[0]:
            folder = folder.split(":", 1)[1]  # (`-P home:DIR`, `-P temp:DIR`)
        template = option_value(words, ("-o", "--output"))
        if template and "%(" not in template and ":" not in template.split("/", 1)[0]:
            return _judge(os.path.join(here(folder), template), "file", ctx, f"`{exe} -o {template}`")
        return _undetermined(f"`{exe}` names the files it saves after the video's title", here(folder), ctx)
    if exe == "gallery-dl":
        folder = option_value(words, ("-d", "--destination", "--directory", "-D"))
        return _undetermined("`gallery-dl` names the files it saves as the site does", here(folder), ctx) if folder else None
    if exe == "ncftpget":
        if any(w == "-c" for w in words):
            return None  # (to standard output)
        operands = [w for i, w in enumerate(words) if not w.startswith("-") and not (i and words[i - 1] in _NCFTP_VALUED)]
        folder = operands[1] if len(operands) >= 2 else "."
        return _undetermined("`ncftpget` saves the remote files (patterns, names the server picks)", here(folder), ctx)
    # lftp -c/-e/-f, smbclient -c, sftp -b: transfer commands the guard does not read
    scripted = {"lftp": ("-c", "-e", "-f"), "smbclient": ("-c", "--command"), "sftp": ("-b",)}[exe]
    if option_value(words, scripted) is None and not any(w.startswith(scripted) for w in words):
        return None
    return _undetermined(f"`{exe}` runs transfer commands the guard does not read (`get`, `mirror`, `lcd` ...)",
                         here("."), ctx)


def _store(exe, words, cwd, ctx):
    """The folder a remote store's fetcher fills with names the store picks, undetermined where a
    protected path lies at or below it (a named file, `gdown ID -O out.bin`, is judged as one)."""
    from legant_guard.hook.destinations import _judge, _undetermined

    actions, folder_options, last = _STORES[exe]
    if actions and not set(actions).intersection(words):
        return None
    if last:
        operands = [w for w in words if not w.startswith("-")]
        folder = operands[-1] if len(operands) >= 3 and "://" not in operands[-1] else None
        if folder is None:
            return None
    else:
        folder = option_value(words, folder_options)
    if exe == "ipfs" and folder is None:  # (`ipfs get CID` writes ./CID, named on the command line)
        operands = [w for w in words if not w.startswith("-") and w != "get"]
        folder = operands[0].rstrip("/").rsplit("/", 1)[-1] if operands else None
    dest = os.path.normpath(os.path.join(cwd, os.path.expanduser(folder or ".")))
    if exe == "gdown" and folder and not folder.endswith("/") and not os.path.isdir(dest) and \
            "--folder" not in words:
        return _judge(dest, "file", ctx, f"`gdown -O {folder}`")
    return _undetermined(f"`{exe}` saves the files under the names the remote store gives them", dest, ctx)


_NCFTP_VALUED = ("-u", "-p", "-P", "-j", "-t", "-a", "-A", "-z", "-Z", "-E", "-F", "-DD", "-o", "-W", "-X", "-Y")


def _wget(words):
    folder = option_value(words, ("-P", "--directory-prefix"))
    if option_value(words, ("-O", "--output-document")) is not None:
        return folder, True, None
    flags = "".join(w[1:] for w in words if w.startswith("-") and not w.startswith("--"))
    longs = {w.split("=", 1)[0] for w in words if w.startswith("--")}
    if set(flags) & set("rmi") or longs & {"--recursive", "--mirror", "--input-file", "--page-requisites"} or \
            "p" in flags:
        return folder, False, "`wget -r/-m/-i/-p` writes a tree or list of files it finds as it downloads"
    if "--content-disposition" in longs or "--trust-server-names" in longs:
        return folder, False, "`wget --content-disposition` takes the file's name from the server"
    return folder, False, None


def _curl(words):
    folder = option_value(words, ("--output-dir",))
    flags = "".join(w[1:] for w in words if w.startswith("-") and not w.startswith("--"))
    longs = {w.split("=", 1)[0] for w in words if w.startswith("--")}
    output = option_value(words, ("-o", "--output"))
    if output and "#" in output and "g" not in flags and "--globoff" not in longs and \
            any("://" in w and any(c in w for c in "{[") for w in words):
        # (red team #30) `curl 'http://h/{settings}.json' -o '.claude/#1.json'`: each `#N` is what the
        # URL pattern's Nth part matched, so the name is the URL's, not the one spelled
        base = os.path.dirname(output)
        return (os.path.join(folder, base) if folder and not base.startswith(("/", "~")) else base or folder), False, \
            "`curl -o` with `#N` names each file after what the URL pattern matched"
    remote = "O" in flags or longs & {"--remote-name", "--remote-name-all"}
    if not remote:
        return folder, True, None  # to standard output or to a named -o FILE
    if "J" in flags or "--remote-header-name" in longs:
        return folder, False, "`curl -J` takes the file's name from the server"
    return folder, False, None
