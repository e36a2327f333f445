"""Programs that show a file's name and metadata, never its content: `ls`, `stat`, `du`,
`find` (printing names), `readlink`, `realpath`.

Every opencode project holds `opencode.json`, which is protected (it can load code), so
`ls *`, `du -sh *`, `stat opencode.json` were refused although they read nothing of it;
`ls` of the folder, which shows the same, was allowed. DESIGN invariant 4 keeps the trust base
unreadable: its CONTENT. What these programs print about an entry (its name, size, mode,
owner, times, link target) is what a listing of its folder prints. So an operand of one of
them is judged by the folder it lies in, not by itself (engine._check_path `names_only`):

- its folder must be neither protected nor denied (`stat ~/.ssh/id_rsa`, `ls -la
  GUARD/key.pem` stay refused: what is inside a hidden folder stays hidden), and the guard's
  own files (key, tokens, audit) are never named at all;
- an operand that is a folder (where it physically leads) is listed: `ls DIR`, `du DIR`,
  `find DIR` show what is inside, so it is judged as before (`ls ~/.ssh`, `ls .claude/hooks`
  stay refused);
- only the operands: a redirect target (`ls > opencode.json`) or a `cd` target is judged as
  always, and so is every other program of the line (`ls | xargs cat` gives cat names the
  guard does not know: refused as before).

Not metadata-only, so judged as readers as before: `file` (it reads the first bytes and prints
what they hold: "PEM RSA private key", a document's title, `-m` magic that prints strings);
`du --files0-from=F` / `-X F` (F's lines come back in error messages); `find` with -exec,
-execdir, -ok, -okdir, -delete (run or change), -fprint, -fprint0, -fprintf, -fls (write) or
-files0-from (read); any of them run through a wrapper other than time/nice/timeout/command
(`xargs ls`, `find -exec stat`), or as the payload of a sink that runs later; and a program
whose wrapper opens a file of its own (`time -o F ls`: F is written, never a names-only operand).

Loaded only for the programs in shell/knowledge.NAMES_ONLY_PROGRAMS (the same names as _PROGRAMS;
engine tests the name first).
"""

import os

from legant_guard.hook.readonly import _matches_flag

# program -> (options that make it read file content, write or run something; does it list a folder operand)
_PROGRAMS = {
    "ls": ((), True),
    "stat": ((), False),
    "du": (("--files0-from", "-X", "--exclude-from"), True),  # (--exclude PATTERN is its own option: _EXACT)
    "find": (("-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls",
              "-files0-from"), True),
    "readlink": ((), False),
    "realpath": ((), False),
}
# Long options that are exactly a program's own option, not an abbreviation of a reader above
# (`du -sh --exclude=node_modules .` leaves names out; it reads no list of them).
_EXACT = {"du": ("--exclude",)}
# Wrappers that change only how the program runs (rules/readonly_commands.json's list).
_PLAIN_WRAPPERS = frozenset(("time", "nice", "timeout", "command"))


class Lister:
    """A command that only shows names and metadata of its operands."""

    __slots__ = ("lists_folders",)

    def __init__(self, lists_folders):
        self.lists_folders = lists_folders

    def lists(self, physical):
        """Does the program show what is inside `physical` (a folder it lists or walks)?
        A path not there now is not a folder: only a write can make it one, judged on its own."""
        return self.lists_folders and os.path.isdir(physical)


def names_fed_on(analysis):
    """Could a command of the line take words from another's output at run time (`ls X | xargs
    cat`, `cat $(ls X)`, `ls | while read f; do ...`)? Then the names a lister shows may become
    a reader's operands the guard does not see, so no lister of the line is judged by its
    operands' folders: each is judged as a reader, as before."""
    for cmd in analysis.commands:
        if cmd.undetermined or cmd.input_files or cmd.executable in _WORD_TAKERS:
            return True
        for wrapper in cmd.via:
            if wrapper.split(" ", 1)[0].rsplit("/", 1)[-1] in _WORD_TAKERS:
                return True
    return False


# Programs that turn their input into words or variables (the loop body that uses them is
# undetermined anyway; these catch a reader run by one).
_WORD_TAKERS = frozenset(("xargs", "parallel", "read", "mapfile", "readarray"))


def lister(cmd):
    """The Lister of `cmd` when it shows only names and metadata of its operands, else None."""
    spec = _PROGRAMS.get(cmd.executable)
    if spec is None or cmd.sink is not None or cmd.interactive or cmd.deletes or cmd.runs_output_of or \
            cmd.wrapper_files:  # (`time -o .claude/settings.json ls` writes its first operand)
        return None
    for wrapper in cmd.via:
        if wrapper.split(" ", 1)[0].rsplit("/", 1)[-1] not in _PLAIN_WRAPPERS:
            return None
    word = cmd.argv[0] if cmd.argv else ""
    if "/" in word:  # `./ls X`, `bin/stat X`: a file of the project, which may be any program
        from legant_guard.hook.programs import SYSTEM_FOLDERS

        if not os.path.realpath(os.path.join(cmd.cwd, word)).startswith(SYSTEM_FOLDERS):
            return None
    readers, lists_folders = spec
    # Every word, also after `--` (find's primaries follow its start points), abbreviations and
    # short bundles included (`du -shX LIST`, `du --files0=LIST`): a false match only keeps the
    # command judged as a reader.
    for word in cmd.argv[1:]:
        if word.startswith("-") and any(_matches_flag(word, flag, _EXACT.get(cmd.executable, ())) for flag in readers):
            return None
    return Lister(lists_folders)
