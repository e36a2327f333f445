"""The trust base's derivation, kept across calls while nothing it read has changed.

Why: a shell command that writes any file (`make test`, `go build -o bin/app`, `> out.txt`)
is judged against the trust base's written sets (hook/trustbase.py), and deriving them reads
about two hundred facts of the file system: where the interpreter, the venv and the agents
really are, what is on PATH, the start-up files and what they source, the agents'
configurations. That was about an eighth of such a call. The facts rarely change between two
tool calls, so the hook keeps what it derived together with every fact it read, and the next
call asks the same questions again (one system call each) instead of deriving again.

Sound by construction rather than by a list of what the derivation depends on: while it runs,
the `os` functions it can reach (stat, lstat, readlink, access, open, scandir, listdir, and
the built-in `open`) are recorded with what they answered, and the kept result is used only
when every one of them answers the same now and the inputs (the environment, the interpreter,
sys.path, the project, the home folder, the code that derives) are the same. Compared:
- a stat or lstat: the file's type, permissions, owner and identity (device, inode), and for
  anything but a folder its size, mtime and ctime: a file replaced, edited, a link made or
  removed, a mode changed all differ;
- a file opened or a folder listed: all of that, times included (a rewrite changes ctime,
  which no user can set back; a folder's times change with its entries), taken before the call
  and checked against the file opened (its descriptor) or the folder after the listing: a symlink
  swapped on the way and back meanwhile would have the derivation read another file;
- readlink: the target (a path that is not a link: that it still is not); access: the answer;
  a question that failed: the same error.
A question that failed because a name is missing from its folder is asked again as that folder's
stat (_missing_in); a bare relative name's folder is the working one, asked for itself.
A derivation that read a file or folder changed within RACY_SECONDS is not kept ("racy git":
a change within the same clock tick could keep the times). The per-call caches of
hook/paths.py are put aside while recording, so every answer comes from the system; a
question the memo could not ask again (a descriptor, dir_fd) means nothing is kept.

The memo is one file in the guard dir (which the agent can neither read nor write), opened like
every guard file (no link, ours, bounded); an unusable memo only means deriving again.
"""

import builtins
import errno
import io
import marshal
import os
import sys
import time

from legant_guard.safefile import RACY_SECONDS  # the rule the other memos keep too

VERSION = 3
MAX_BYTES = 256 * 1024
_RECORDING = __import__("_thread").allocate_lock()  # one recording at a time (in-process callers on threads)
_PATH_CALLS = ("stat", "lstat", "readlink", "access", "scandir", "listdir", "open")  # os.* (first argument a path)
# How a fact is asked again (the memo keeps these small numbers, not names): os.access's mode is ACCESS + mode.
STAT, LSTAT, READLINK, NOT_A_LINK, CONTENT, ACCESS = 0, 1, 2, 3, 4, 10
_INVALID = -1  # the answer to a name no file can have (ValueError: a NUL, a lone surrogate)
_stat, _lstat, _readlink, _access = os.stat, os.lstat, os.readlink, os.access  # (never the recording ones)
# The code that derives (a module imported during the recording is among its facts too).
_DERIVING = ("hook/trustbase.py", "hook/trustderivation.py", "hook/derivationmemo.py", "hook/config.py",
             "hook/paths.py", "hook/configscripts.py", "hook/sourcedfiles.py", "hook/pipconfig.py", "hook/gitcode.py",
             "hook/claudestate.py", "agents/__init__.py", "hook/scriptfiles.py", "fastjson.py")


def derived(memo_path, inputs, derive):
    """derive() (a value marshal can write), or the value kept from an earlier call whose every
    fact answers the same now. `inputs`: what else the derivation depends on (strings, tuples)."""
    key = _digest(inputs)
    kept = _read(memo_path) if memo_path else None
    if kept is not None and kept[0] == key and _still_true(*kept[1:6]):
        return kept[6]
    if not _RECORDING.acquire(False):
        return derive()  # (another thread is recording: os is not ours to patch now)
    try:
        facts, value = _recorded(derive)
    finally:
        _RECORDING.release()
    if memo_path and facts is not None and not _racy(facts.values()):
        folders = _missing_in(facts)
        try:
            _write(memo_path, marshal.dumps((key, [q for q, _ in facts], [p for _, p in facts], list(facts.values()),
                                             [folders.get(p) for _, p in facts], _folder_answers(folders), value)))
        except (OSError, ValueError):
            pass  # (a value marshal cannot write, a full disk: the next call derives again)
    return value


def _digest(inputs):
    """One digest of `inputs` and of what the derivation reads of this process besides files:
    its environment, where it runs from, and the code that derives (a guard upgraded in place
    derives anew)."""
    from legant_guard.fastjson import sha256

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    code = []
    for name in _DERIVING:
        try:
            st = os.stat(os.path.join(package, name))
            code.append((st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            code.append(None)
    site = sys.modules.get("site")
    environment = getattr(os.environ, "_data", None)  # (its bytes, as the process has them: sorted in C)
    environment = sorted(environment.items() if isinstance(environment, dict) else os.environ.items())
    process = (environment, _cwd(), os.geteuid(), sys.executable, sys.argv[:1], sys.path, sys.prefix,
               sys.exec_prefix, sys.version, sys.flags.no_site, site is not None,
               bool(getattr(site, "ENABLE_USER_SITE", False)), getattr(site, "USER_SITE", None), code,
               None if "HOME" in os.environ else os.path.expanduser("~"),  # (the user database, not a file read)
               [getattr(sys.modules.get(m), "__file__", None) for m in ("sitecustomize", "usercustomize")])
    return sha256(marshal.dumps((VERSION, inputs, process), 2)).digest()  # (version 2: no references, same bytes)


def _cwd():
    try:
        return os.getcwd()
    except OSError:
        return None


# -- recording

def _recorded(derive):
    """({(question, path): answer} of what derive() read, or None when a question cannot be asked
    again; derive()'s value)."""
    from legant_guard.hook import paths

    facts = {}
    complete = [True]
    originals = {name: getattr(os, name) for name in _PATH_CALLS}
    opened = (builtins.open, io.open)

    def recording(name, call):
        simple = (STAT if name == "stat" else LSTAT if name == "lstat" else READLINK if name == "readlink" else
                  CONTENT if name in ("open", "scandir", "listdir") else None)

        def record(path=None, *args, **kwargs):
            if type(path) is str and simple is not None and not kwargs and (not args or simple == CONTENT):
                fact = (simple, path)  # (nearly every call: a plain path, no flags)
            else:
                fact = _question(name, path, args, kwargs)
            if fact is None:
                complete[0] = False
            elif fact[0] == CONTENT and fact not in facts:
                facts[fact] = _answer(fact[0], fact[1])  # (before the read: a change during it is then recent)
            try:
                result = call(*((path,) if path is not None else ()), *args, **kwargs)
            except OSError as e:
                if fact is not None and fact not in facts:
                    if fact[0] == READLINK and e.errno == errno.EINVAL:
                        facts[(NOT_A_LINK, fact[1])] = None  # (asked again with lstat: no exception to raise)
                    else:
                        facts[fact] = e.errno
                raise
            except ValueError:
                if fact is not None:
                    facts.setdefault(fact, _INVALID)
                raise
            if fact is not None and fact not in facts:
                facts[fact] = _summary(fact[0], result)  # (what the derivation itself was told)
            elif fact is not None and fact[0] == CONTENT and _read_elsewhere(name, fact[1], result, facts[fact]):
                complete[0] = False
            return result
        return record

    caches = paths.put_caches_aside()
    try:
        for name in _PATH_CALLS:
            setattr(os, name, recording(name, originals[name]))
        builtins.open = io.open = recording("open", opened[0])
        value = derive()
    finally:
        for name, call in originals.items():
            setattr(os, name, call)
        builtins.open, io.open = opened
        paths.restore_caches(caches)
    return (facts if complete[0] else None), value


def _question(name, path, args, kwargs):
    """(how to ask, path) for a call, or None when it cannot be asked again (a descriptor, dir_fd,
    an opener, the built-in open's `file=` that is no `path`)."""
    if isinstance(path, int) or kwargs.get("dir_fd") is not None or "opener" in kwargs or (path is None and kwargs):
        return None
    try:
        path = os.fsdecode(path) if path is not None else "."
    except TypeError:
        return None
    if name in ("open", "scandir", "listdir"):
        return (CONTENT, path)
    if name == "access":
        mode = args[0] if args else kwargs.get("mode")
        return (ACCESS + mode, path) if isinstance(mode, int) and 0 <= mode < 8 and set(kwargs) <= {"mode"} else None
    if kwargs and set(kwargs) != {"follow_symlinks"}:
        return None
    return (LSTAT if name == "lstat" or kwargs.get("follow_symlinks") is False else
            READLINK if name == "readlink" else STAT, path)


def _read_elsewhere(name, path, result, before):
    """Did the file opened or the folder listed differ from what its fact says (the stat taken
    before the call)? A same-user process that swaps a symlink on the way between that stat and
    the open (and back) would have the derivation read one file and the memo compare another:
    an opened file is compared by its descriptor, a listed folder by a stat after the listing
    (which leaves only a swap and its undoing both within the listing unseen)."""
    try:
        if name == "open":
            now = _summary(CONTENT, os.fstat(result if isinstance(result, int) else result.fileno()))
        else:
            now = _answer(CONTENT, path)
    except (OSError, ValueError, AttributeError):
        return True
    return now != before


def _answer(question, path):
    """What the system answers now, in the form kept (see the module docstring)."""
    try:
        if question == READLINK:
            return _readlink(path)
        if question >= ACCESS:
            return _access(path, question - ACCESS)
        st = _lstat(path) if question in (LSTAT, NOT_A_LINK) else _stat(path)
    except OSError as e:
        return e.errno
    except ValueError:
        return _INVALID
    if question == NOT_A_LINK:
        return None if (st.st_mode & 0o170000) != 0o120000 else True
    return _summary(question, st)


def _summary(question, answer):
    """A stat result as kept: type, permissions, owner, identity; size and times too for a file
    read or listed and for anything that is not a folder. Other answers as they are."""
    if question in (STAT, LSTAT, CONTENT):
        st = answer
        if question == CONTENT or (st.st_mode & 0o170000) != 0o040000:
            return (st.st_mode, st.st_uid, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        return (st.st_mode, st.st_uid, st.st_dev, st.st_ino)
    return answer


def _missing_in(facts):
    """{path: its folder} for the questions that failed because the path's last name is not in
    its folder (lstat finds no such entry either: not a dangling link, whose target could appear
    elsewhere). While that folder is the same file with the same times, its entries are the same,
    so the question still fails the same way: asked again by one stat of the folder, not by a
    failing call per path (an exception each)."""
    folders, interned = {}, {}
    for (question, path), answer in facts.items():
        if type(answer) is int and answer in (errno.ENOENT, errno.ENOTDIR) and path not in folders:
            # (the path's own name cannot be looked up either; had the lookup of a folder on its
            # way failed otherwise, the question would have failed that way: no exception needed)
            try:
                if _access(path, os.F_OK, follow_symlinks=False):
                    continue  # a dangling link
            except ValueError:
                continue
            folder = os.path.dirname(path)
            if folder and folder != path:  # (a bare relative name: its folder is the working one, not "")
                folders[path] = interned.setdefault(folder, folder)
    return folders


def _folder_answers(folders):
    """{folder: its stat with times} of the folders _missing_in found (racy ones left out)."""
    answers = {folder: _answer(CONTENT, folder) for folder in set(folders.values())}
    return {folder: answer for folder, answer in answers.items() if not _racy((answer,))}


def _still_true(questions, names, answers, folders, folder_answers):
    if not (isinstance(questions, list) and isinstance(names, list) and isinstance(answers, list)
            and isinstance(folders, list) and isinstance(folder_answers, dict)
            and len(questions) == len(names) == len(answers) == len(folders)):
        return False
    folders_now = {}
    for question, path, answer, folder in zip(questions, names, answers, folders):
        if folder is not None:
            now = folders_now.get(folder)
            if now is None:
                now = folders_now[folder] = _answer(CONTENT, folder)
            if now == folder_answers.get(folder):
                continue  # (the folder is unchanged: the path is still not in it)
        if _answer(question, path) != answer:
            return False
    return True


def _racy(answers):
    """Was a file (or a folder listed) changed so recently that a change in the same clock tick
    could go unseen?"""
    recent = time.time_ns() - RACY_SECONDS * 1_000_000_000
    return any(type(answer) is tuple and len(answer) == 7 and max(answer[5], answer[6]) >= recent
               for answer in answers)


# -- the memo file

def _read(path):
    """(digest, questions, paths, answers, folders, folder answers, value) kept, or None."""
    from legant_guard.safefile import read_bytes

    try:
        data = read_bytes(path, MAX_BYTES)
        kept = marshal.loads(data) if len(data) <= MAX_BYTES else None
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return kept if isinstance(kept, tuple) and len(kept) == 7 else None


def _write(path, data):
    """Replace the memo (a temp file beside it, renamed: a reader never sees half of one)."""
    if len(data) > MAX_BYTES:
        return
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except OSError:
        os.unlink(tmp)
        raise
