"""The member list of an archive on disk, read without extracting anything, within a bound.

Extraction writes wherever the members say (`../`, absolute names, a symlink member followed
by members below it), so the hook reads the list first. tar (plain, gzip, bzip2, xz; zstd when
Python has it), zip and cpio (newc, odc) are read with the standard library; the modules are
imported only here, when such a command is seen. Anything else, too big or too slow, is
Unlistable and the caller denies.
"""

import os
import stat
import time

MAX_ARCHIVE_BYTES = 256 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_MEMBERS = 20000
MAX_SECONDS = 2.0
_LINK_BYTES = 4096


class Unlistable(Exception):
    """The members cannot be listed; str(e) says why."""


class Member:
    __slots__ = ("name", "kind", "link", "text")

    def __init__(self, name, kind, link="", text=None):
        self.name = name
        self.kind = kind  # "file" | "dir" | "symlink" | "hardlink" | "other"
        self.link = link
        # the text of a small member whose name the guard content-checks where it lands (an editor's
        # settings, an .envrc: a template's harmless ones extract as before), else None
        self.text = text


# names whose text is kept (at most _TEXT_BYTES): trustbase content-checks them by name
_KEPT_TEXT = ("settings.json", ".code-workspace", ".envrc")
_TEXT_BYTES = 64 * 1024


def _kept(name, size):
    return size <= _TEXT_BYTES and name.endswith(_KEPT_TEXT)

    def __repr__(self):
        return f"Member({self.name!r}, {self.kind}{', ' + self.link if self.link else ''})"


def sniff(path):
    """The archive format from its first bytes: tar, gz, bz2, xz, zst, zip, cpio, 7z or None."""
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError as e:
        raise Unlistable(f"cannot read {path} ({e.strerror})")
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return "zip"
    if head[:2] == b"\x1f\x8b":
        return "gz"
    if head[:3] == b"BZh":
        return "bz2"
    if head[:6] == b"\xfd7zXZ\x00":
        return "xz"
    if head[:4] == b"\x28\xb5\x2f\xfd":
        return "zst"
    if head[:6] in (b"070701", b"070702", b"070707"):
        return "cpio"
    if head[:6] == b"7z\xbc\xaf\x27\x1c":
        return "7z"
    if head[257:262] == b"ustar" or (len(head) == 512 and _tar_checksum_ok(head)):
        return "tar"
    return None


def _tar_checksum_ok(block):
    try:
        stored = int(block[148:156].replace(b"\x00", b" ").strip() or b"-1", 8)
    except ValueError:
        return False
    return stored == sum(block[:148]) + 256 + sum(block[156:])


def list_members(path):
    """Every member of the archive at `path`; Unlistable when that cannot be done in the bound."""
    try:
        size = os.stat(path).st_size
    except OSError as e:
        raise Unlistable(f"cannot read the archive {path} ({e.strerror or e})")
    if not os.path.isfile(path):
        raise Unlistable(f"{path} is not a regular file")
    if size > MAX_ARCHIVE_BYTES:
        raise Unlistable(f"the archive {path} is larger than {MAX_ARCHIVE_BYTES // (1024 * 1024)} MiB")
    kind = sniff(path)
    if kind == "zip":
        return _zip_members(path)
    if kind == "cpio":
        return _cpio_members(path)
    if kind in ("tar", "gz", "bz2", "xz", "zst"):
        return _tar_members(path, kind)
    raise Unlistable(f"the guard cannot list the members of {path} (format {kind or 'unknown'})")


class _Bounded:
    """A read-only stream that stops at the byte and time bounds (a decompression bomb ends here)."""

    def __init__(self, raw):
        self.raw = raw
        self.total = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def read(self, n=-1):
        data = self.raw.read(n if n is not None and n >= 0 else 1 << 20)
        self.total += len(data)
        if self.total > MAX_UNPACKED_BYTES or time.monotonic() > self.deadline:
            raise Unlistable("listing the archive takes longer than the guard's bound")
        return data


def _open_stream(path, kind):
    if kind == "gz":
        import gzip

        return gzip.open(path, "rb")
    if kind == "bz2":
        import bz2

        return bz2.open(path, "rb")
    if kind == "xz":
        import lzma

        return lzma.open(path, "rb")
    if kind == "zst":
        try:
            from compression import zstd  # Python 3.14
        except ImportError:
            raise Unlistable(f"the guard cannot list a zstd archive ({path}) with this Python")
        return zstd.open(path, "rb")
    return open(path, "rb")


def _tar_members(path, kind):
    import tarfile

    members = []
    try:
        with _open_stream(path, kind) as raw, tarfile.open(fileobj=_Bounded(raw), mode="r|") as archive:
            for info in archive:
                if len(members) >= MAX_MEMBERS:
                    raise Unlistable(f"the archive {path} has more than {MAX_MEMBERS} members")
                if info.issym():
                    members.append(Member(info.name, "symlink", info.linkname))
                elif info.islnk():
                    members.append(Member(info.name, "hardlink", info.linkname))
                elif info.isdir():
                    members.append(Member(info.name, "dir"))
                elif info.isreg() and _kept(info.name, info.size):
                    data = archive.extractfile(info).read(_TEXT_BYTES + 1)
                    members.append(Member(info.name, "file", text=data.decode("utf-8", "replace")))
                else:
                    members.append(Member(info.name, "file" if info.isreg() else "other"))
    except Unlistable:
        raise
    except Exception as e:  # tarfile.TarError, EOFError, OSError, zlib errors...
        raise Unlistable(f"cannot list the archive {path} ({type(e).__name__})")
    return members


def _zip_members(path):
    import zipfile

    members = []
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise Unlistable(f"the archive {path} has more than {MAX_MEMBERS} members")
            for info in infos:
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    if info.file_size > _LINK_BYTES:
                        raise Unlistable(f"the archive {path} holds a symlink member too long to read")
                    target = archive.read(info).decode("utf-8", "surrogateescape")
                    members.append(Member(info.filename, "symlink", target))
                elif not info.is_dir() and _kept(info.filename, info.file_size):
                    members.append(Member(info.filename, "file", text=archive.read(info).decode("utf-8", "replace")))
                else:
                    members.append(Member(info.filename, "dir" if info.is_dir() else "file"))
    except Unlistable:
        raise
    except Exception as e:
        raise Unlistable(f"cannot list the archive {path} ({type(e).__name__})")
    return members


def _cpio_members(path):
    """cpio in the newc/crc (`070701`/`070702`) and portable (`070707`) ASCII formats."""
    members = []
    deadline = time.monotonic() + MAX_SECONDS
    try:
        with open(path, "rb") as f:
            while True:
                if len(members) > MAX_MEMBERS or time.monotonic() > deadline:
                    raise Unlistable(f"the archive {path} has more than {MAX_MEMBERS} members")
                magic = f.read(6)
                if magic in (b"070701", b"070702"):
                    fields = f.read(104)
                    mode = int(fields[8:16], 16)
                    filesize = int(fields[48:56], 16)
                    namesize = int(fields[88:96], 16)
                    name = f.read(namesize)
                    f.read((4 - (110 + namesize) % 4) % 4)
                    pad = (4 - filesize % 4) % 4
                elif magic == b"070707":
                    fields = f.read(70)
                    mode = int(fields[12:18], 8)
                    namesize = int(fields[53:59], 8)
                    filesize = int(fields[59:70], 8)
                    name = f.read(namesize)
                    pad = 0
                else:
                    raise Unlistable(f"cannot list the cpio archive {path} (not the newc or odc format)")
                name = name.rstrip(b"\x00").decode("utf-8", "surrogateescape")
                if name == "TRAILER!!!":
                    return members
                if stat.S_ISLNK(mode):
                    if filesize > _LINK_BYTES:
                        raise Unlistable(f"the archive {path} holds a symlink member too long to read")
                    members.append(Member(name, "symlink", f.read(filesize).decode("utf-8", "surrogateescape")))
                    f.read(pad)
                    continue
                members.append(Member(name, "dir" if stat.S_ISDIR(mode) else "file"))
                f.seek(filesize + pad, 1)
    except Unlistable:
        raise
    except (OSError, ValueError) as e:
        raise Unlistable(f"cannot list the cpio archive {path} ({type(e).__name__})")
