"""What a sed script does beyond editing text (hook/commandrules.py's part for sed, loaded for sed
commands): the `e` command and `s///e` run shell code, `w FILE`/`r FILE` write and read files,
and where sed reads its scripts from (-e, -f, the first operand).
"""

import os

from legant_guard.hook.model import deny


_SED_SCRIPT_LIMIT = 65536


def _sed_scripts(cmd):
    """The sed script texts of a command line, or None when a script file cannot be read."""
    argv, scripts, files, i = cmd.argv, [], [], 1
    while i < len(argv):
        word = argv[i]
        if word in ("-e", "--expression") and i + 1 < len(argv):
            scripts.append(argv[i + 1])
            i += 2
            continue
        if word.startswith("--expression="):
            scripts.append(word.split("=", 1)[1])
        elif word in ("-f", "--file") and i + 1 < len(argv):
            files.append(argv[i + 1])
            i += 2
            continue
        elif word.startswith("--file="):
            files.append(word.split("=", 1)[1])
        elif word in ("-l", "--line-length") and i + 1 < len(argv):
            i += 2
            continue
        elif word == "--" or not word.startswith("-"):
            if not scripts and not files:
                scripts.append(argv[i + 1] if word == "--" and i + 1 < len(argv) else word)
            break
        i += 1
    from legant_guard.hook.scriptfiles import read_regular

    for name in files:
        path = name if os.path.isabs(name) else os.path.join(cmd.cwd, name)
        # only a regular file: `-f /dev/stdin` is the hook's own input, a FIFO would block it
        text = read_regular(path, _SED_SCRIPT_LIMIT)
        if text is None:
            return None
        scripts.append(text)
    return scripts


def _sed_parsed_commands(line, cmd, policy, project, home, protected):
    """The files a sed script line writes or reads, and its `e` commands, as sed parses them."""
    from legant_guard.hook.engine import check_read_path, check_written_path

    for letter, text in sed_file_commands(line):
        if letter == "e":
            if policy is not None and policy.has_cmd_rules():
                return deny("`sed` would run a shell command from its script (the `e` command), which the guard "
                            "never sees", "undetermined")
        elif letter in "wW" and text not in ("", "/dev/stdout", "/dev/stderr"):
            verdict = check_written_path(policy, protected, text, cmd.cwd, home, project)
            if verdict:
                return verdict
        elif letter in "rR" and text not in ("", "/dev/stdin", "-"):
            verdict = check_read_path(policy, protected, text, cmd.cwd, home, project)
            if verdict:
                return verdict
    return None


sed_scripts = _sed_scripts  # also read by hook/readonly.py (sed -n 1,40p as a plain read)


# A sed command letter counts where sed would read one: at the start of a line or after one of
# these (an address, a separator, a flag). Hand-written (no `re`: importing it costs 5-20 ms of a
# hook call, and `sed -n '1,40p' FILE` is how agents read files); tests/test_check_rules.py
# checks these against the regular expressions they replace on random scripts.
_SED_E_AFTER = frozenset(";{}$!/gpIiMm")
_SED_W_AFTER = frozenset(";{}$!/gpIiMme")
_SED_R_AFTER = frozenset(";{}$!/,")


def _sed_letter_at(line, i, after):
    return i == 0 or line[i - 1] in after or line[i - 1].isspace() or line[i - 1].isdecimal()


def sed_runs_shell(line):
    """Does this sed script line hold an `e` command (or an `e` flag) that hands text to /bin/sh?"""
    i = line.find("e")
    while i != -1:
        after = line[i + 1:i + 2]
        if _sed_letter_at(line, i, _SED_E_AFTER) and (after == "" or after in ";}" or after.isspace()):
            return True
        i = line.find("e", i + 1)
    return False


def sed_file_operand(line, letters, after, space_needed):
    """The file named by the first `w FILE` (letters "wW") or `r FILE` ("rR") command of a sed
    script line (the name runs to the end of the line), or None."""
    for i, c in enumerate(line):
        if c in letters and _sed_letter_at(line, i, after):
            j = i + 1
            while j < len(line) and line[j].isspace():
                j += 1
            if j < len(line) and (j > i + 1 or not space_needed):
                return line[j:].strip()
    return None


def _skip_delimited(line, i, delim):
    """Index just past the unescaped `delim` that ends a sed regex or replacement starting at i."""
    while i < len(line):
        c = line[i]
        if c == "\\":
            i += 2
            continue
        if c == delim:
            return i + 1
        i += 1
    return i


def _skip_address(line, i):
    """Index just past a sed address (`12`, `$`, `/re/I`, `\\cREc`, `1~2`, `+3`) at i, or i."""
    if i < len(line) and (line[i].isdecimal() or line[i] in "+~"):
        i += 1
        while i < len(line) and (line[i].isdecimal() or line[i] == "~"):
            i += 1
    elif i < len(line) and line[i] == "$":
        i += 1
    elif i < len(line) and line[i] in "/\\":
        delim = "/"
        if line[i] == "\\" and i + 1 < len(line):
            delim = line[i + 1]
            i += 1
        i = _skip_delimited(line, i + 1, delim)
        while i < len(line) and line[i] in "IM":
            i += 1
    return i


def sed_file_commands(line):
    """The (letter, text) of every `w`/`W`/`r`/`R` FILE and `e` command in one sed script line,
    read as GNU sed reads it: addresses, `!`, blocks, `s///` flags (`s/a/b/w FILE`); no space is
    needed before the file name (`1w/tmp/x`, `$w.claude/settings.json`). Returns what was found
    before the first word it cannot read (the callers' own scans still cover the rest)."""
    return sed_commands(line)[0]


def sed_commands(line):
    """(sed_file_commands, whether the whole line was read): where it was, its `e` commands are
    all in the list, and an `e` the word-by-word scan (sed_runs_shell) sees elsewhere is text
    (`s/change 0/change zero/`: a pattern and its replacement)."""
    found = []
    i, n = 0, len(line)
    while i < n:
        while i < n and (line[i].isspace() or line[i] in ";{}"):
            i += 1
        if i >= n or line[i] == "#":
            break
        start = i
        i = _skip_address(line, i)
        if i > start and i < n and line[i] == ",":
            i = _skip_address(line, i + 1)
        while i < n and (line[i].isspace() or line[i] == "!"):
            i += 1
        if i >= n:
            break
        c = line[i]
        i += 1
        if c in "{}":
            continue
        if c in "rRwWe":
            found.append((c, line[i:].strip()))
            return found, True
        if c in "aic":
            return found, True  # (its text runs to the end of the line)
        if c in "btT:":
            # GNU sed ends a label at a blank as well as at `;`, and reads what follows as the next
            # command: `:a e CMD` and `t end e CMD` run CMD
            while i < n and line[i] in " \t":
                i += 1
            while i < n and line[i] != ";" and not line[i].isspace():
                i += 1
            continue
        elif c in "sy":
            if i >= n:
                break
            delim = line[i]
            i = _skip_delimited(line, _skip_delimited(line, i + 1, delim), delim)
            while c == "s" and i < n and (line[i].isalnum() or line[i] in "wWe"):
                if line[i] in "we":
                    found.append((line[i], line[i + 1:].strip()))
                    return found, True
                i += 1
        elif c in "qQlL":
            while i < n and line[i].isdecimal():
                i += 1
        elif c not in "pPdDnNgGhHxz=F":
            return found, False
        while i < n and line[i].isspace():
            i += 1
        if i < n and line[i] not in ";}#":
            return found, False  # not a command line sed would accept (the text of an `a\\`, say)
    return found, True


def _sed_script(cmd, policy, project, home, protected):
    scripts = _sed_scripts(cmd)
    if scripts is None:
        if policy is not None and (policy.has_cmd_rules() or policy.has_path_rules()):
            return deny("`sed -f` names a script file the guard cannot read, and the token has rules that depend on it",
                        "undetermined")
        return None
    for script in scripts:
        for line in script.splitlines():
            # `e CMD` / `s/x/y/e`: GNU sed hands text to /bin/sh.
            found, whole = sed_commands(line)
            if (any(c == "e" for c, _ in found) or not whole and sed_runs_shell(line)) and \
                    policy is not None and policy.has_cmd_rules():
                return deny("`sed` would run a shell command from its script (the `e` command), which the guard "
                            "never sees", "undetermined")
            verdict = _sed_parsed_commands(line, cmd, policy, project, home, protected)
            if verdict:
                return verdict
            # `w FILE` / `W FILE` / `s/x/y/w FILE`: the file name runs to the end of the line.
            target = sed_file_operand(line, "wW", _SED_W_AFTER, space_needed=True)
            if target is not None and target not in ("/dev/stdout", "/dev/stderr"):
                from legant_guard.hook.engine import check_written_path

                verdict = check_written_path(policy, protected, target, cmd.cwd, home, project)
                if verdict:
                    return verdict
            # `r FILE` / `R FILE`: sed reads the named file into its output (a read the
            # operands never show: `sed -n '1r .env' x` prints the secret).
            target = sed_file_operand(line, "rR", _SED_R_AFTER, space_needed=False)
            if target is not None and target not in ("/dev/stdin", "-"):
                from legant_guard.hook.engine import check_read_path

                verdict = check_read_path(policy, protected, target, cmd.cwd, home, project)
                if verdict:
                    return verdict
    return None
