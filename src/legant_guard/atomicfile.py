"""The one way legant-guard replaces a file: a temp file in the same folder, fsync, rename.

A reader never sees half a file, a crash leaves the old file or the new one, and a symlink
raced into the file's place is replaced, not followed (O_NOFOLLOW|O_EXCL on the temp file).
Stdlib only: the hook uses it to record the feed version it has seen.
"""

import os
import stat


def write_atomic(path, data, mode=0o600, keep_mode=False):
    """Replace `path` with `data` (bytes or str, UTF-8).

    `mode` is the new file's permission bits (applied regardless of the umask); with
    `keep_mode`, an existing file keeps its own (for a user's config files).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if keep_mode:
        try:
            mode = stat.S_IMODE(os.lstat(path).st_mode)
        except FileNotFoundError:
            pass
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
