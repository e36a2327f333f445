"""Programs that put other files in place of a folder's without writing into it: mounts and
link farms.

`bindfs /tmp/x .claude`, `sshfs host:/x ~/.codex`, `squashfuse x.sqfs .claude`, `mount --bind`,
`rclone mount r: .claude` show the agent's next session a `settings.json` the guard never saw,
and `stow -t .claude pkg`, `lndir /tmp/x .claude` fill a folder with symlinks to files of the
agent's choosing. None of them names the file it replaces, so each folder they are handed (a
mount point, a source, a link farm's target) is judged like an unpacker's destination: denied
where a protected file lies at or below it (destinations.py). Mounting elsewhere stays allowed.
"""

import os

# Every operand may be the mount point (or a source shown elsewhere): judged each.
MOUNTERS = frozenset((
    "mount", "bindfs", "sshfs", "squashfuse", "squashfuse_ll", "fuse-overlayfs", "unionfs", "unionfs-fuse",
    "mergerfs", "s3fs", "goofys", "gocryptfs", "encfs", "cryfs", "securefs", "archivemount", "fuse-zip",
    "fuse2fs", "ratarmount", "guestmount", "mount.fuse", "mount.fuse3", "httpdirfs", "curlftpfs", "mount.davfs",
    "ntfs-3g", "ifuse", "jmtpfs", "apfs-fuse", "sqfs-mount", "erofsfuse", "fuse-archive", "mountavfs",
))
# Programs that mount (or copy a tree onto a folder) only with these first words.
_SUBCOMMANDS = {
    "rclone": ("mount", "nfsmount", "copy", "sync", "move", "copyto", "moveto", "bisync"),
    "borg": ("mount",), "borgfs": None, "restic": ("mount",), "kopia": ("mount",), "bup": ("fuse",),
    "gcsfuse": None, "blobfuse2": ("mount",), "juicefs": ("mount",), "seaweedfs": None,
}
# Link farms: every operand, the target they are given, and the folders they default to.
_LINK_FARMS = {"stow": ("-t", "--target", "-d", "--dir"), "xstow": ("-t", "--target", "-d", "--dir"),
               "lndir": ()}
# Unmounting shows the folder's own (usually empty) files in place of the mounted ones: a hook
# config or the guard's installation on a mounted file system is gone for the next session
# (`umount -l /home`, `umount -a`: every mount point, judged as `/`; a device named instead of its
# mount point, `umount /dev/sda2`, is found in /proc/self/mounts).
UNMOUNTERS = frozenset(("umount", "fusermount", "fusermount3"))
PROGRAMS = MOUNTERS | UNMOUNTERS | frozenset(_SUBCOMMANDS) | frozenset(_LINK_FARMS)
# A mount made inside another mount namespace is seen only there (an agent started there is
# agentenv.py's to judge): `unshare -rm sh -c 'mount --bind /tmp/x .claude; …'`.
_PRIVATE_NAMESPACES = frozenset(("unshare", "bwrap", "firejail", "proot", "systemd-nspawn", "docker", "podman",
                                 "nerdctl", "lxc-execute"))


def check(cmd, ctx):
    from legant_guard.hook.destinations import _undetermined

    exe = cmd.executable
    words = cmd.argv[1:]
    if exe in MOUNTERS and any(via.split()[:1] and via.split()[0] in _PRIVATE_NAMESPACES for via in cmd.via):
        return None
    if exe in _SUBCOMMANDS:
        first = next((w for w in words if not w.startswith("-")), "")
        subs = _SUBCOMMANDS[exe]
        if subs is not None and first not in subs:
            return None
        what = f"`{exe} {first}` puts another tree in place of a folder's files" if subs else \
            f"`{exe}` mounts another tree in place of a folder's files"
        words = words[words.index(first) + 1:] if subs else words
    elif exe in _LINK_FARMS:
        what = f"`{exe}` fills a folder with symlinks to files of its choosing"
    elif exe in UNMOUNTERS:
        what = f"`{exe}` takes a mounted file system away, and with it the files the folder shows"
        words = _unmounted(words, cmd.cwd)
    else:
        what = f"`{exe}` mounts another tree in place of a folder's files"
    for folder in _folders(exe, words, cmd.cwd):
        verdict = _undetermined(what, folder, ctx)
        if verdict:
            return verdict
    return None


def _folders(exe, words, cwd):
    """Every local folder the command may put files in place of (absolute, once each)."""
    out = []
    takes_value = _LINK_FARMS.get(exe, ())
    targeted = False
    for word in words:
        value = word
        for option in takes_value:
            if word == option or word.startswith(option + "=") or (len(option) == 2 and word.startswith(option)):
                value = word[len(option):].lstrip("=")
                targeted = targeted or option in ("-t", "--target")
        if not value or value.startswith("-") or _remote(value):
            continue
        out.append(os.path.normpath(os.path.join(cwd, os.path.expanduser(value))))
    # stow's default target is its folder's parent; lndir's is the folder it runs in
    if exe in ("stow", "xstow") and not targeted:
        out += [cwd, os.path.dirname(cwd)]
    elif exe == "lndir" and len(out) < 2:
        out.append(cwd)
    return list(dict.fromkeys(out))


def _unmounted(words, cwd):
    """The mount points an unmount takes away: each operand, the mount points of an operand that
    is a mounted device (or UUID=, LABEL=), and `/` for -a/--all (every one)."""
    if any(w in ("--all", "--all-targets") or (w[:1] == "-" and w[1:2] != "-" and ("a" in w or "A" in w))
           for w in words):
        return ["/"]
    sources = {}
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as f:
            for line in f:
                fields = line.split()
                if len(fields) > 1:
                    point = fields[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
                    sources.setdefault(fields[0], []).append(point)
    except OSError:
        pass
    out = []
    for word in words:
        out.append(word)
        if not word.startswith("-"):
            source = os.path.realpath(os.path.join(cwd, word)) if word.startswith(("/", ".")) else word
            out += sources.get(word, []) + sources.get(source, [])
    return out


def _remote(word):
    """`host:/path`, `remote:bucket` (a colon before any slash): not a local folder."""
    colon, slash = word.find(":"), word.find("/")
    return colon > 0 and (slash < 0 or colon < slash)
