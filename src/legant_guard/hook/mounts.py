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
PROGRAMS = MOUNTERS | frozenset(_SUBCOMMANDS) | frozenset(_LINK_FARMS)
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


def _remote(word):
    """`host:/path`, `remote:bucket` (a colon before any slash): not a local folder."""
    colon, slash = word.find(":"), word.find("/")
    return colon > 0 and (slash < 0 or colon < slash)
