"""Programs that write files they do not name: decompressors, unpackers the guard cannot list,
pattern renames (and, through mounts.py, mounts and link farms).

`gunzip .claude/settings.json.gz` writes `.claude/settings.json` (the operand without its
suffix); `ar x`, `jar xf`, `pax -r`, `unrar x`, `python -m zipfile -e` unpack whatever the archive
holds into the folder they run in (or the one they are given); `rename s/x/settings.json/ .claude/x`
computes its targets. The first is judged on the name it writes; the others are undetermined,
denied where a protected path could lie below the folder they write into (destinations.py, the
same deny side as tar/unzip).
"""

import os

from legant_guard.hook import downloads, mounts


def _judge(target, kind, ctx, what):
    # destinations.py (and its option parsers) loads only when one of these programs runs:
    # commandrules imports this module for every program to read PROGRAMS.
    from legant_guard.hook.destinations import _judge as judge

    return judge(target, kind, ctx, what)


def _undetermined(what, dest, ctx):
    from legant_guard.hook.destinations import _undetermined as undetermined

    return undetermined(what, dest, ctx)

# program: (options that make it decompress, or None when it always does; the suffixes it strips)
_GZ = (".gz", ".tgz", ".taz", ".z", "-gz", "-z", "_z")
_DECOMPRESSORS = {
    "gunzip": (None, _GZ), "unpigz": (None, _GZ), "gzip": ("d", _GZ), "pigz": ("d", _GZ),
    "bunzip2": (None, (".bz2", ".bz", ".tbz2", ".tbz")), "bzip2": ("d", (".bz2", ".bz", ".tbz2", ".tbz")),
    "unxz": (None, (".xz", ".txz", ".lzma", ".tlz")), "xz": ("d", (".xz", ".txz", ".lzma", ".tlz")),
    "unlzma": (None, (".lzma", ".tlz")), "lzma": ("d", (".lzma", ".tlz")),
    "unzstd": (None, (".zst", ".zstd", ".tzst")), "zstd": ("d", (".zst", ".zstd", ".tzst")),
    "unlz4": (None, (".lz4",)), "lz4": ("d", (".lz4",)), "brotli": ("d", (".br",)),
    "uncompress": (None, (".Z",)), "lzip": ("d", (".lz",)), "lunzip": (None, (".lz",)),
    "lzop": ("d", (".lzo",)), "ncompress": ("d", (".Z",)), "lrzip": ("d", (".lrz",)), "lrunzip": (None, (".lrz",)),
    # red team #30: the parallel and newer ones, and decrypters that write their input without its
    # suffix (`ccrypt -d .claude/settings.json.cpt` writes .claude/settings.json)
    "pbzip2": ("d", (".bz2", ".bz", ".tbz2", ".tbz")), "lbzip2": ("d", (".bz2", ".bz", ".tbz2", ".tbz")),
    "bzip3": ("d", (".bz3",)), "plzip": ("d", (".lz",)), "pzstd": ("d", (".zst", ".zstd", ".tzst")),
    "zstdmt": ("d", (".zst", ".zstd", ".tzst")), "pixz": ("d", (".xz", ".txz", ".tpxz")), "snzip": ("d", (".sz",)),
    "ccrypt": ("d", (".cpt",)), "ccdecrypt": (None, (".cpt",)), "mcrypt": ("d", (".nc",)), "mdecrypt": (None, (".nc",)),
    "aescrypt": ("d", (".aes",)),
}
# Decompressors that restore the name stored in the archive (`gzip -dN`: any name, in the input's folder).
_STORED_NAME = frozenset(("gunzip", "unpigz", "gzip", "pigz"))
_TAR_SUFFIXES = {".tgz": ".tar", ".taz": ".tar", ".tpxz": ".tar", ".tbz2": ".tar", ".tbz": ".tar", ".txz": ".tar", ".tlz": ".tar",
                 ".tzst": ".tar"}
# Unpackers whose archive the guard does not list: program -> the words that make it unpack
# (a first word's letter for ar/jar/unrar/lha/7z, an option for the others; None: always).
_UNPACKERS = {
    "ar": ("letter", "x"), "jar": ("letter", "x"), "unrar": ("word", ("x", "e")), "rar": ("word", ("x", "e")),
    "lha": ("letter", "xe"), "7za": ("word", ("x", "e")), "7zr": ("word", ("x", "e")), "arj": ("word", ("x", "e")),
    "pax": ("option", ("-r",)), "bsdcpio": ("option", ("-i", "--extract")), "dpkg-deb": ("option", ("-x", "-X",
    "--extract", "--vextract", "-R", "--raw-extract")), "cabextract": (None, None), "unar": (None, None),
    "unzoo": (None, None), "unace": ("word", ("x", "e")), "zpaq": ("word", ("x",)),
    "unsquashfs": (None, None), "aunpack": (None, None), "dtrx": (None, None),
    "atool": ("option", ("-x", "-X", "--extract", "--extract-to")),
    "xorriso": ("option", ("-extract", "-extract_r", "-extract_single", "-cpx", "-cpax", "-cp_rx")),
    # red team #20: more unpackers the guard does not list
    "star": ("option", ("-x",)), "xar": ("option", ("-x",)), "dar": ("option", ("-x", "--extract")),
    "afio": ("option", ("-i",)), "arc": ("word", ("x", "e")), "zoo": ("letter", "xe"), "unshar": (None, None),
    "mcopy": (None, None),
    # red team #30: gpgtar decrypts and unpacks a tar it never shows; patool unpacks any of dozens of
    # formats into a folder of the working one (moving a single top entry up into it) or --outdir
    "gpgtar": ("option", ("-x", "--extract", "-d", "--decrypt")), "gpg-zip": ("option", ("-d", "--decrypt")),
    "patool": ("word", ("extract",)),
}
# Options that make an unpacker only list or describe its archive.
# System package tools that unpack a package the guard does not list (red team 39: `dpkg -x x.deb .`
# is dpkg-deb's extraction under dpkg's own name; `dpkg -i`/`rpm -Uvh` write its files below the
# root folder, `/` unless --root/--instdir says otherwise): program -> (options that unpack into
# the folder operand after the package, options that unpack into it or ./DEBIAN, options that
# install below the root folder, the short letters among those, the options naming the root)
_SYSTEM_PACKAGERS = {
    "dpkg": (("-x", "-X", "--extract", "--vextract"), ("-e", "--control"), ("-i", "--install", "--unpack"), "i",
             ("--root", "--instdir")),
    "rpm": ((), (), ("-i", "--install", "-U", "--upgrade", "-F", "--freshen", "--reinstall"), "iUF",
            ("--root", "-r", "--prefix", "--relocate", "--dbpath")),
}
_LISTING_ONLY = {"unsquashfs": ("-l", "-ll", "-lc", "-llc", "-ls", "-lls", "-s", "-stat", "-lln", "-linfo", "-version")}
_PYTHON_UNPACKERS = {"zipfile": ("-e", "--extract"), "tarfile": ("-e", "--extract")}
_RENAMERS = frozenset(("rename", "prename", "perl-rename", "file-rename", "rename.ul", "mmv", "zmv", "vidir", "qmv"))
# JavaScript package managers: node_modules and package.json of the folder they work in (nodemodules.py)
NODE_INSTALLERS = frozenset(("npm", "pnpm", "yarn", "bun"))
# Programs that copy a tree from a container, a bucket, a release or a repository (fetchers.py)
FETCHERS = frozenset(("docker", "podman", "nerdctl", "kubectl", "oc", "lxc", "incus", "aws", "gsutil", "gcloud", "azcopy",
                      "az", "gh", "glab", "hf", "huggingface-cli", "svn", "hg", "bzr", "brz", "fossil", "restic", "borg",
                      "duplicity", "hub", "codex", "opencode", "jj", "sl", "git-town", "repo", "gclient", "copier", "cookiecutter",
                      "degit", "tiged", "cargo", "dotnet", "django-admin", "nix", "quilt", "stg", "guilt", "darcs",
                      "git-svn", "git-p4", "unison", "rdiff-backup", "ditto"))
# Installers told which folder to fill with names the package picks (pkgdests.py; pip3.X too)
PACKAGE_INSTALLERS = frozenset(("pip", "pip3", "uv", "gem") + tuple("pip3.%d" % n for n in range(6, 16)))
# Package runners, through which those programs start too (runnerprograms.py)
RUNNERS = frozenset(("npx", "bunx", "pnpx", "uvx", "pipx", "bun", "pnpm", "yarn", "npm", "uv", "deno"))
PROGRAMS = frozenset(("zip",)) | frozenset(_DECOMPRESSORS) | frozenset(_UNPACKERS) | frozenset(_SYSTEM_PACKAGERS) | _RENAMERS | mounts.PROGRAMS | downloads.PROGRAMS | \
    NODE_INSTALLERS | FETCHERS | PACKAGE_INSTALLERS | RUNNERS | frozenset(("uudecode", "gpg", "gpg2"))
_DEST_OPTIONS = ("-d", "-o", "-C", "-D", "--directory", "--output-directory", "--output", "-O", "-X", "--extract-to",
                 "--outdir")


def check(cmd, ctx, _through_runner=False):
    exe = cmd.executable or ""
    argv = cmd.argv
    if exe in RUNNERS and not _through_runner:  # `npx degit user/repo .claude`: judged as degit
        from legant_guard.hook import runnerprograms

        started = runnerprograms.inner(cmd, PROGRAMS)
        if started is not None:
            return check(started, ctx, True)
    if exe in _DECOMPRESSORS:
        return _decompressed(cmd, exe, argv[1:], ctx)
    if exe == "zip":
        return _zip_archive(cmd, ctx)
    if exe == "uudecode":
        return _uudecoded(cmd, ctx)
    if exe in ("gpg", "gpg2"):
        return _gpg_outputs(cmd, ctx)
    if exe in mounts.PROGRAMS:  # mounts and link farms put files in place of a folder's
        verdict = mounts.check(cmd, ctx)
        if verdict or exe not in FETCHERS:  # (`restic mount` is a mount, `restic restore` a fetch)
            return verdict
    if exe in downloads.PROGRAMS:  # `wget URL`, `curl -O`: the name comes from the URL or the server
        return downloads.check(cmd, ctx)
    if exe in NODE_INSTALLERS:
        from legant_guard.hook import nodemodules

        return nodemodules.check(cmd, ctx)
    if exe in FETCHERS:
        from legant_guard.hook import fetchers

        return fetchers.check(cmd, ctx)
    if exe.startswith("python"):
        from legant_guard.hook.pkgmanagers import _python_module

        module, rest, _ = _python_module(argv)
        if module == "gzip" and any(w in ("-d", "--decompress") for w in rest):
            return _decompressed(cmd, "python -m gzip", ["-d"] + [w for w in rest if not w.startswith("-")], ctx)
        if module in _PYTHON_UNPACKERS and any(w in _PYTHON_UNPACKERS[module] for w in rest):
            words = [w for w in rest if not w.startswith("-")]
            return _unpacked(cmd, f"python -m {module}", words[1:2] or ["."], ctx)
        if module in ("pip", "installer"):
            from legant_guard.hook import pkgdests

            return pkgdests.check(cmd, ctx, "pip" if module == "pip" else "python -m installer", list(rest))
        return None
    if exe in PACKAGE_INSTALLERS or (exe.startswith("pip") and all(c.isdigit() or c == "." for c in exe[3:])):
        from legant_guard.hook import pkgdests

        if exe == "uv":
            args = argv[1:]
            return pkgdests.check(cmd, ctx, "uv pip", args) if "pip" in args else None
        return pkgdests.check(cmd, ctx, "gem" if exe == "gem" else "pip", argv[1:])
    if exe in _SYSTEM_PACKAGERS:
        return _system_package(cmd, exe, ctx)
    if exe in _UNPACKERS:
        kind, words = _UNPACKERS[exe]
        args = argv[1:]
        first = next((w for w in args if not w.startswith("-")), "")
        if kind == "letter" and not (set(first.lstrip("-")) & set(words)) and \
                not any(w.startswith("-") and set(w[1:]) & set(words) for w in args[:1]):
            return None
        if kind == "word" and first not in words:
            return None
        if any(w in _LISTING_ONLY.get(exe, ()) for w in args):
            return None
        if kind == "option" and not any(w in words or (w.startswith("-") and not w.startswith("--") and
                                                      any("-" + c in words for c in w[1:])) for w in args):
            return None
        if exe in ("gpgtar", "gpg-zip"):  # (their -d is --decrypt, not a folder)
            args = [w for w in args if w not in ("-d", "--decrypt")]
        return _unpacked(cmd, exe, _destinations(args, cmd.cwd), ctx)
    if exe in _RENAMERS:
        folders = {os.path.dirname(_abs(p, cmd.cwd)) for p in cmd.paths} or {cmd.cwd}
        for folder in sorted(folders | {cmd.cwd}):
            verdict = _undetermined(f"`{exe}` computes the names it renames files to", folder, ctx)
            if verdict:
                return verdict
    return None


def _system_package(cmd, exe, ctx):
    """`dpkg -x PKG DIR`, `dpkg -e PKG [DIR]`: undetermined below DIR; `dpkg -i PKG`, `rpm -Uvh
    PKG`: below the root folder they install into (and an rpm's relocation targets)."""
    into_operand, control, installs, letters, roots = _SYSTEM_PACKAGERS[exe]
    args = cmd.argv[1:]
    names = {w.split("=", 1)[0] for w in args if w.startswith("--")} | \
        {"-" + c for w in args if w.startswith("-") and not w.startswith("--") for c in w[1:2]}
    operands = [w for i, w in enumerate(args) if not w.startswith("-") and not (i and args[i - 1] in roots)]
    if names & set(into_operand) or names & set(control):
        default = "." if names & set(into_operand) else "DEBIAN"
        folder = operands[1] if len(operands) > 1 else default
        return _unpacked(cmd, f"{exe} {'-x' if names & set(into_operand) else '-e'}", [folder], ctx)
    shorts = {c for w in args if w.startswith("-") and not w.startswith("--") for c in w[1:]}
    if not (names & set(installs) or shorts & set(letters)):
        return None
    folders = []
    for option in roots:
        for value in _option_values(args, option):
            folders.append(value.split("=", 1)[-1] if option == "--relocate" else value)
    if not any(_option_values(args, option) for option in ("--root", "--instdir", "-r")):
        folders.append("/")
    for folder in folders:
        verdict = _undetermined(f"`{exe}` installs a package whose files the guard does not list", _abs(folder, cmd.cwd),
                                ctx)
        if verdict:
            return verdict
    return None


def _abs(path, cwd):
    from legant_guard.hook.paths import opened_at

    return opened_at(path, cwd)


def _destinations(args, cwd):
    """The folders an unpacker may write into: the ones it is given, and the ones among its operands."""
    out = []
    for i, word in enumerate(args):
        for option in _DEST_OPTIONS:
            if word == option and i + 1 < len(args):
                out.append(args[i + 1])
            elif word.startswith(option) and len(word) > len(option) and (option.startswith("--") or len(option) == 2):
                out.append(word[len(option):].lstrip("="))
        if not word.startswith("-") and (word.endswith("/") or os.path.isdir(_abs(word, cwd))):
            out.append(word)
    return out or ["."]


def _option_values(args, name):
    out = []
    for i, word in enumerate(args):
        if word == name and i + 1 < len(args):
            out.append(args[i + 1])
        elif word.startswith(name + "="):
            out.append(word[len(name) + 1:])
    return out


# zip's options that take a value (the archive is its first other word)
_ZIP_VALUES = frozenset(("-x", "-i", "-P", "--password", "-n", "--suffixes", "-b", "--temp-path", "-t", "--from-date",
                         "-tt", "--before-date", "-O", "--output-file", "-Z", "--compression-method", "-s",
                         "--split-size", "-sb", "-sp", "-sv", "-ll", "-lf", "--logfile-path", "-ds", "--dot-size",
                         "-U", "-X"))


def _zip_archive(cmd, ctx):
    """`zip NAME FILES`: a NAME without a suffix is written as NAME.zip (zip adds it), which the
    command line never spells (red team 44: `cd …/lib && zip python311 os.py` made the
    `python311.zip` on the guard's sys.path, searched before the standard library)."""
    args = cmd.argv[1:]
    k = 0
    while k < len(args):
        word = args[k]
        if word == "--":
            k += 1
            break
        if not word.startswith("-") or word == "-":
            break
        k += 2 if word in _ZIP_VALUES else 1
    if k >= len(args) or args[k] == "-" or "." in os.path.basename(args[k]):
        return None
    return _judge(_abs(args[k] + ".zip", cmd.cwd), "file", ctx, "`zip` (it adds `.zip` to a name without a suffix)")


def _uudecoded(cmd, ctx):
    """uudecode writes the file its data names (`begin 644 .claude/settings.json`), unless -o
    names it (judged as an operand): the input is read for its `begin` lines."""
    args = cmd.argv[1:]
    if any(w == "-o" or w.startswith(("-o", "--output-file")) for w in args):
        return None
    inputs = [w for w in args if not w.startswith("-")] + [r.target for r in cmd.redirects if r.op.lstrip("0") in ("<", "<>")]
    if not inputs:
        return _undetermined("`uudecode` writes the file its input names, which the guard cannot read", cmd.cwd, ctx)
    for spelled in inputs:
        path = _abs(spelled, cmd.cwd)
        try:
            with open(path, "rb") as f:
                head = f.read(1 << 20).decode("utf-8", "replace")
        except OSError as e:
            verdict = _undetermined(f"`uudecode` writes the file {spelled} names, which cannot be read ({e.strerror})",
                                    cmd.cwd, ctx)
            if verdict:
                return verdict
            continue
        for line in head.splitlines():
            words = line.split(None, 2)
            if len(words) == 3 and words[0] in ("begin", "begin-base64"):
                name = words[2].strip()
                if name in ("-", "/dev/stdout"):
                    continue
                verdict = _judge(_abs(name, cmd.cwd), "file", ctx, f"`uudecode` ({spelled})")
                if verdict:
                    return verdict
    return None


# gpg's commands (a first option among these): without one, gpg guesses, and decrypts a file to
# its name without the suffix; --decrypt alone prints to standard output
_GPG_SUFFIXES = (".gpg", ".pgp", ".asc", ".sig")
_GPG_TO_FILES = frozenset(("--decrypt-files", "--multifile"))
_GPG_WRITERS = frozenset(("-e", "--encrypt", "-c", "--symmetric", "-s", "--sign", "--clear-sign", "--clearsign",
                          "-b", "--detach-sign", "--store", "--encrypt-files", "--dearmor", "--enarmor"))
_GPG_COMMANDS = frozenset(("-d", "--decrypt", "--verify", "--verify-files", "-k", "-K", "--list-keys",
                           "--list-secret-keys", "--list-public-keys", "--list-sigs", "--check-sigs", "--fingerprint",
                           "--list-packets", "--import", "--export", "--export-secret-keys", "--recv-keys",
                           "--send-keys", "--search-keys", "--refresh-keys", "--gen-key", "--generate-key",
                           "--full-gen-key", "--full-generate-key", "--quick-gen-key", "--edit-key", "--sign-key",
                           "--lsign-key", "--delete-keys", "--delete-secret-keys", "--card-status", "--card-edit",
                           "--print-md", "--gen-random", "--version", "--help", "-h", "--list-config",
                           "--gen-revoke", "--generate-revocation", "--show-keys", "--import-ownertrust",
                           "--export-ownertrust", "--update-trustdb", "--check-trustdb", "--locate-keys",
                           "--quick-add-uid", "--passwd", "--list-options", "--dump-options")) | _GPG_WRITERS | _GPG_TO_FILES


def _gpg_outputs(cmd, ctx):
    """gpg writes files it does not name: `--decrypt-files F.gpg` (and `--multifile -d`, and no
    command at all, where gpg guesses) writes F; `--use-embedded-filename` the name the data
    carries; encrypting or signing writes F.gpg, F.asc or F.sig. `-o FILE` names it instead."""
    args = cmd.argv[1:]
    flags = {w.split("=", 1)[0] for w in args if w.startswith("-")}
    shorts = {"-" + c for w in args if w.startswith("-") and not w.startswith("--") for c in w[1:]}
    if flags & {"-o", "--output"} or any(w.startswith("-o") and not w.startswith("--") for w in args):
        return None  # (the file it names is an operand the shell analysis judges)
    if "--use-embedded-filename" in flags:
        return _undetermined("`gpg --use-embedded-filename` writes the file name its data carries", "/", ctx)
    operands = [w for w in args if not w.startswith("-")]
    commands = (flags | shorts) & _GPG_COMMANDS
    outputs = []
    if not commands or commands & _GPG_TO_FILES:
        outputs = [w[:-4] for w in operands if w.lower().endswith(_GPG_SUFFIXES) and len(w) > 4]
    elif commands & _GPG_WRITERS:
        outputs = [w + suffix for w in operands for suffix in _GPG_SUFFIXES]
    for out in outputs:
        verdict = _judge(_abs(out, cmd.cwd), "file", ctx, f"`{cmd.executable}`")
        if verdict:
            return verdict
    return None


def _unpacked(cmd, what, folders, ctx):
    for folder in folders:
        dest = _abs(folder, cmd.cwd)
        verdict = _undetermined(f"`{what}` unpacks an archive the guard does not list (use tar or unzip, which it "
                                "reads)", dest, ctx)
        if verdict:
            return verdict
    return None


# Compressors that take a suffix of one's choosing (`-S SUF`, `--suffix=SUF`)
_SUFFIX_TAKERS = frozenset(("gzip", "gunzip", "pigz", "unpigz", "xz", "unxz", "lzma", "unlzma", "brotli", "lzop",
                            "ccrypt", "ccdecrypt"))


def _custom_suffix(exe, args):
    """(the suffix given with -S/--suffix, or None; the arguments without it)."""
    if exe not in _SUFFIX_TAKERS:
        return None, args
    custom, rest, i = None, [], 0
    while i < len(args):
        word = args[i]
        name = word.split("=", 1)[0]
        if word.startswith("--") and len(name) >= 4 and "--suffix".startswith(name):  # (`--su` is unambiguous)
            custom = word.split("=", 1)[1] if "=" in word else (args[i + 1] if i + 1 < len(args) else "")
            i += 1 if "=" in word else 2
            continue
        if word.startswith("-") and not word.startswith("--") and "S" in word[1:]:
            k = word.index("S")
            custom = word[k + 1:] or (args[i + 1] if i + 1 < len(args) else "")
            if word[1:k]:
                rest.append(word[:k])
            i += 1 if word[k + 1:] else 2
            continue
        rest.append(word)
        i += 1
    return custom, rest


def _decompressed(cmd, exe, args, ctx):
    custom, args = _custom_suffix(exe, args)
    flags = "".join(w[1:] for w in args if w.startswith("-") and not w.startswith("--"))
    longs = {w.split("=", 1)[0] for w in args if w.startswith("--")}
    needed, suffixes = _DECOMPRESSORS.get(exe, ("d", _GZ))
    to_stdout = "c" in flags or bool(longs & {"--stdout", "--to-stdout"})
    if needed and needed not in flags and not longs & {"--decompress", "--uncompress"}:
        if custom is None or to_stdout:
            return None
        # compressing with a suffix of one's choosing: `gzip -S .json .claude/settings` writes
        # .claude/settings.json (red team #28)
        for spelled in [w for w in args if not w.startswith("-")]:
            verdict = _judge(_abs(spelled, cmd.cwd) + custom, "file", ctx, f"`{exe} -S {custom}`")
            if verdict:
                return verdict
        return None
    if to_stdout:
        return None  # to standard output: the shell's redirect is what writes
    if custom:  # `gzip -d -S .x .claude/settings.json.x` writes .claude/settings.json
        suffixes = (custom,) + tuple(suffixes)
    outputs = [v for i, w in enumerate(args) for v in ([args[i + 1]] if w == "-o" and i + 1 < len(args) else [])]
    valued = ("-o", "--output-dir-flat", "--output-dir-mirror")
    operands = [w for i, w in enumerate(args) if not w.startswith("-") and not (i and args[i - 1] in valued)]
    flat = [v for n in ("--output-dir-flat",) for v in _option_values(args, n)]
    mirror = _option_values(args, "--output-dir-mirror")
    for folder in mirror:  # (zstd: each input's own path below FOLDER)
        verdict = _undetermined(f"`{exe} --output-dir-mirror` writes below {folder} at its inputs' own paths",
                                _abs(folder, cmd.cwd), ctx)
        if verdict:
            return verdict
    for spelled in operands:
        path = _abs(spelled, cmd.cwd)
        if exe in _STORED_NAME and ("N" in flags or "--name" in longs):
            verdict = _undetermined(f"`{exe} -N` restores the file name stored in {path}", os.path.dirname(path), ctx)
            if verdict:
                return verdict
        if "r" in flags or "--recursive" in longs:
            verdict = _undetermined(f"`{exe} -r` decompresses every file below {path}", path, ctx)
            if verdict:
                return verdict
        low = path.lower()
        for suffix in suffixes:
            if low.endswith(suffix.lower()) and len(path) > len(suffix):
                outputs.append(path[:-len(suffix)] + _TAR_SUFFIXES.get(suffix, ""))
                outputs += [os.path.join(_abs(f, cmd.cwd), os.path.basename(outputs[-1])) for f in flat]
                break
    for out in outputs:
        verdict = _judge(_abs(out, cmd.cwd), "file", ctx, f"`{exe}`")
        if verdict:
            return verdict
    return None
