"""Opening the guard's own files so that nobody else's file is ever read or written as one.

The guard's key, tokens, feed, feed state, overlay, setup record and audit trail decide what an
agent may do and record what it did. A symlink planted in their place (pointing at an older
feed, an empty overlay, /dev/null for the audit) or a file another user owns must not be
used as if it were the guard's: every open here uses O_NOFOLLOW (a link in the last component
is refused) and O_NONBLOCK (a FIFO cannot hang the hook), then checks the OPENED descriptor
(fstat, so a swap between a check and the open changes nothing): a regular file, owned by this
user or by root. The folder holding them must not let anyone else swap its entries either.
Stdlib only: the hook uses it on every call.
"""

import errno
import os
import stat

# A memo keyed by a file's identity (size, times) does not keep a file changed this recently: a
# second change within one tick of the file system's clock could leave the same times ("racy git").
RACY_SECONDS = 2
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class UnsafeFile(OSError):
    """The file is a symlink, not a regular file, or someone else's; strerror says which."""

    def __init__(self, path, why):
        super().__init__(errno.EPERM, why, str(path))


def _trusted_owner(uid):
    return uid == os.geteuid() or uid == 0


def open_fd(path, flags=os.O_RDONLY, mode=0o600):
    """os.open without following a final symlink, then fstat checks; returns the descriptor.

    FileNotFoundError passes through (callers decide what a missing file means).
    """
    return open_checked(path, flags, mode)[0]


def open_checked(path, flags=os.O_RDONLY, mode=0o600):
    """open_fd, and the descriptor's fstat taken for the checks: (fd, stat_result). The stat is
    of the file the descriptor reads, taken before reading: a memo keyed by it
    (delegation/feedmemo.py) never pairs the content with a later state of the file."""
    try:
        fd = os.open(path, flags | _NOFOLLOW | _NONBLOCK | _CLOEXEC, mode)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise UnsafeFile(path, "is a symbolic link; the guard never follows a link to its own files "
                                   "(replace it with the real file)") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            what = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file (a FIFO or a device?)"
            raise UnsafeFile(path, f"is {what}")
        if not _trusted_owner(st.st_uid):
            raise UnsafeFile(path, f"belongs to another user (uid {st.st_uid}); the guard only trusts its own files")
        if st.st_mode & 0o022:
            raise UnsafeFile(path, f"is writable by {'others' if st.st_mode & 0o002 else 'its group'} (mode "
                                   f"{stat.S_IMODE(st.st_mode):o}); check it, then `chmod go-w {path}`")
        if st.st_nlink > 1:
            # another name for the same file, outside the folder the agent may not touch, would let a
            # write to that name change this file (`ln GUARD/overlay.json /tmp/o` made by a script)
            raise UnsafeFile(path, f"has {st.st_nlink - 1} other name(s) (a hard link); the guard only trusts a "
                                   "file with one name (copy it: `cp FILE FILE.new && mv FILE.new FILE`)")
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_bytes(path, max_bytes):
    """Up to max_bytes + 1 bytes of a regular file of ours (so a caller can tell it was too big)."""
    fd = open_fd(path)
    try:
        return read_fd(fd, max_bytes)
    finally:
        os.close(fd)


def read_fd(fd, max_bytes):
    """Up to max_bytes + 1 bytes from `fd` (a descriptor open_checked gave)."""
    chunks, left = [], max_bytes + 1
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def guard_created_levels(path):
    """How many folders of `path`, from itself up, the guard made: 3 for the default
    <config>/legant/guard/<name> layout, else 1 (only the guard dir itself)."""
    parent = os.path.dirname(os.path.abspath(path))
    if os.path.basename(parent) == "guard" and os.path.basename(os.path.dirname(parent)) == "legant":
        return 3
    return 1


def unsafe_dir(path, strict_levels=None):
    """Why `path` (a guard dir) is not safe to use, or None.

    The folder itself (and `strict_levels - 1` parents: those the guard created) must belong to
    this user or root and be writable by nobody else; every further ancestor must belong to this
    user or root and not be writable by others unless sticky (/tmp), or someone else could
    rename the whole tree away.
    """
    if strict_levels is None:
        strict_levels = guard_created_levels(path)
    real = os.path.realpath(path)
    level = 0
    folder = real
    while True:
        try:
            st = os.stat(folder)
        except FileNotFoundError:
            if level == 0:
                return None  # not there: its readers say what is missing
            return f"its parent {folder} does not exist"
        except OSError as e:
            return f"{folder} cannot be examined ({e.strerror})"
        mode = st.st_mode
        if level < strict_levels:
            if not _trusted_owner(st.st_uid):
                return f"{folder} belongs to another user (uid {st.st_uid})"
            if mode & 0o022:
                return (f"{folder} is writable by {'others' if mode & 0o002 else 'its group'} "
                        f"(mode {stat.S_IMODE(mode):o}); check its contents, then `chmod 700 {folder}`")
        elif mode & 0o002 and not mode & stat.S_ISVTX:
            return f"its parent {folder} is writable by everyone (mode {stat.S_IMODE(mode):o}) and not sticky"
        elif not _trusted_owner(st.st_uid):
            # its owner may rename any entry in it (even with the sticky bit), so the guard dir below
            # with everything in it can be swapped for another (red team #35: a folder of uid 1000 above it)
            return (f"its parent {folder} belongs to another user (uid {st.st_uid}), who can put another folder "
                    "in its place; keep the guard dir under folders of your own (or root's)")
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
        level += 1


class DigestMemo:
    """Results the hook verified once and need not verify again, as a file of digests.

    Each digest covers everything a check's result depends on (delegation/jws.signature_digest,
    hook/trustbase.catalogue_problem), so knowing it means the check passed for exactly those
    inputs. The file lives in the guard dir, which the agent can neither read nor write (whoever
    can write it could as well replace the JWKS); it is opened like every guard file (no link,
    ours, not writable by others), bounded, and an unusable file only means checking in full."""

    __slots__ = ("path", "_known")
    MAX_BYTES = 4096  # 60 digests: a session needs three (its token, the feed, the rules data)

    def __init__(self, path):
        self.path = path
        self._known = None

    def _lines(self):
        """The digests on file; b"" for a missing, unsafe or oversized file (add() starts it over)."""
        if self._known is None:
            try:
                self._known = read_bytes(self.path, self.MAX_BYTES)
            except OSError:
                self._known = b""
        return self._known if len(self._known) <= self.MAX_BYTES else b""

    def knows(self, digest):
        return (b"\n" + digest + b"\n") in b"\n" + self._lines()

    def add(self, digest):
        """Append `digest` (a full file starts over). A failure only means the next call checks again."""
        known = self._lines()
        full = len(self._known) > self.MAX_BYTES or len(known) + len(digest) + 1 > self.MAX_BYTES
        try:
            fd = open_fd(self.path, os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if full else os.O_APPEND))
        except OSError:
            return
        try:
            os.write(fd, digest + b"\n")
        except OSError:
            pass
        finally:
            os.close(fd)
        self._known = (b"" if full else known) + digest + b"\n"
