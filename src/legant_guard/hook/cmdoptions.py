"""Reading a program's options the way GNU-style programs do (`-abc`, `-fFILE`, `--name=value`,
`--` ends them), and tar's three spellings. Shared by the modules that judge what a program
reads or writes (reach.py, destinations.py), kept apart so a command that needs only these does
not load the tree walker and the search rules."""


def expand_abbreviation(name, full_names):
    """GNU getopt_long takes any unambiguous prefix of a long option: `grep --recur`,
    `tar --cre --direc=/`, `cp --arch`. `name` (`--xyz`) read as the one of `full_names` it
    abbreviates, or unchanged. Callers list the options that make a program read or reach
    more (recursion, creating an archive, its base folder): reading an abbreviation as one of
    them can only make the guard stricter."""
    if len(name) < 4 or name in full_names:
        return name
    found = [full for full in full_names if full.startswith(name)]
    return found[0] if len(found) == 1 else name


def split_options(argv, with_arg, long_with_arg=(), widening=()):
    """(options as (name, value), operands) of a GNU-style command line. `widening`: long
    options whose abbreviations are read as them (expand_abbreviation)."""
    opts, operands, i, end = [], [], 1, False
    while i < len(argv):
        word = argv[i]
        i += 1
        if end or word[:1] != "-" or word == "-":
            operands.append(word)
            continue
        if word == "--":
            end = True
            continue
        if word.startswith("--"):
            name, eq, value = word.partition("=")
            if widening:
                name = expand_abbreviation(name, widening)
            if not eq and name in long_with_arg and i < len(argv):
                value = argv[i]
                i += 1
            opts.append((name, value))
            continue
        for j in range(1, len(word)):
            letter = "-" + word[j]
            if word[j] in with_arg:
                value = word[j + 1:]
                if not value and i < len(argv):
                    value = argv[i]
                    i += 1
                opts.append((letter, value))
                break
            opts.append((letter, ""))
    return opts, operands


# tar's long options that make it read (or read elsewhere): `tar --cre -f x.tar --direc=~ .ssh`,
# or write elsewhere than the member names say: `tar -xf a.tar --strip=1` put `x/.claude/settings.json`
# at `.claude/settings.json`, and `--trans`/`--xfo` rename members (red team #28)
TAR_WIDENING = ("--create", "--append", "--update", "--catenate", "--concatenate", "--directory", "--dereference",
                "--strip-components", "--transform", "--xform", "--absolute-names")


def tar_options(argv):
    """(options, operands, creates an archive) of tar's three spellings (`cf`, `-cf`, `--create`)."""
    words = list(argv[1:])
    if words and not words[0].startswith("-") and words[0].isalpha():
        words[0] = "-" + words[0]
    opts, operands = split_options(["tar"] + words, "fCbHIKLNTVXg", (
        "--file", "--directory", "--exclude", "--transform", "--xform", "--use-compress-program", "--files-from",
        "--exclude-from", "--strip-components", "--owner", "--group", "--mode", "--mtime", "--format",
        "--blocking-factor", "--newer", "--after-date", "--label", "--to-command", "--checkpoint-action"),
        widening=TAR_WIDENING)
    names = {n for n, _ in opts}
    creating = bool(names & {"-c", "-r", "-u", "-A", "--create", "--append", "--update", "--catenate",
                             "--concatenate"})
    return opts, operands, creating
