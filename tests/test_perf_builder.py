"""Differential tests of the shortcuts that make a long builder command (bench/bench_sizes.py:
hundreds of chained mkdir/cp/grep/go test with thousands of path operands) cheap: each
shortcut must give what the general code gives, on random trees of files, folders and
symlinks (relative, absolute, dangling, looping) and random command lines."""

import os
import random
import types

from test_perf_paths import _random_path, _random_tree


# -- madelinks: copies of what cannot hold a symlink are not looked up for later words

def test_a_copy_of_what_holds_no_symlink_leads_nowhere(tmp_path):
    # record_copy leaves out of its index the copies whose source may_hold_links says holds no
    # symlink: _through_copy (the only use of the index) must find none below any such copy.
    from legant_guard.hook.madelinks import _through_copy, may_hold_links

    rng = random.Random(11)
    skipped = 0
    for n in range(40):
        root = str(tmp_path / f"t{n}")
        os.mkdir(root)
        names = _random_tree(root, rng)
        for _ in range(60):
            source = os.path.normpath(_random_path(root, names, rng) if rng.random() < 0.8 else root + "/nowhere/x")
            if may_hold_links(source):
                continue
            skipped += 1
            place = "/dest/" + rng.choice(names)
            for _ in range(6):
                below = "/".join(rng.choice(names) for _ in range(rng.randint(0, 4)))
                assert _through_copy(place, source, place + ("/" + below if below else "")) is None, (source, below)
    assert skipped > 300


def _copy_command(argv, cwd):
    return types.SimpleNamespace(executable=argv[0], argv=argv, cwd=cwd, paths=[], redirects=[])


def test_madelinks_finds_the_same_symlinked_copies_as_a_scan_of_every_copy(tmp_path):
    # Every word of later commands, judged through the index record_copy builds, reaches the
    # same physical paths as a scan of every copy the command line made (ctx.copies).
    from legant_guard.hook.commandrules import ShellContext
    from legant_guard.hook.madelinks import _through_copy, check, copies_reaching, folder_keys, record_copy

    rng = random.Random(12)
    found = 0
    for n in range(40):
        root = str(tmp_path / f"t{n}")
        os.mkdir(root)
        names = _random_tree(root, rng)
        ctx = ShellContext(None, None, root, root)
        for _ in range(rng.randint(1, 5)):
            sources = [_random_path(root, names, rng).replace(root + "/", "", 1) for _ in range(rng.randint(1, 3))]
            dest = rng.choice(["out", "out/", "d/" + rng.choice(names), rng.choice(names), "."])
            flags = rng.choice([[], ["-a"], ["-P"], ["-T"], ["-t", dest]])
            argv = ([rng.choice(["cp", "mv"])] + flags + sources + ([] if "-t" in flags else [dest]))
            record_copy(_copy_command(argv, root), ctx)
        for _ in range(40):
            word = os.path.normpath(_random_path(root, names, rng)) if rng.random() < 0.5 else \
                os.path.normpath(root + "/" + rng.choice(["out", "d", "."]) + "/" + "/".join(
                    rng.choice(names) for _ in range(rng.randint(0, 3))))
            keys = folder_keys(word)
            scanned = {_through_copy(place, source, word) for place, source in ctx.copies
                       if place.rstrip("/") in keys} - {None}
            indexed = {_through_copy(place, source, word)
                       for place, source in copies_reaching(word, ctx.copies_at, ctx.copies_above,
                                                            ctx.copies_shortest)} - {None}
            assert indexed == scanned, (ctx.copies, word)
            found += len(scanned)
            if not ctx.copies_at:  # (commandrules asks madelinks.check only when it has copies_at)
                reader = _copy_command(["cat", word], root)
                reader.paths.append(word)
                assert check(reader, ctx) is None
    assert found > 20  # (copies through a symlink were met)


# -- sinks: an option entry reads only the words that may be options

def _reference_option_sinks(program, args, entry, arg_letters, label_prefix):
    """shell/sinks._option_sinks as it was before its shortcuts: every word, every option."""
    from legant_guard.shell.sinks import Sink, _option_value
    from legant_guard.shell.words import Exp

    found = []
    k = 0
    prefixes = entry.get("value_prefix")
    if isinstance(prefixes, str):
        prefixes = [prefixes]
    end = len(args)
    if entry.get("before_operands"):  # (npx: its options end at its first operand)
        from legant_guard.shell.packagerunners import first_operand

        end = first_operand(program, args)
    while k < end:
        e = args[k]
        if e.text == "--" and not e.dynamic:
            break
        nxt = k + 1
        if not e.dynamic and e.text.startswith("-"):
            for option in entry["options"]:
                got = _option_value(args, k, option, entry, arg_letters)
                if got is None:
                    continue
                value, nxt = got
                if value is None:
                    value = Exp("", "(missing value)", dynamic=True)
                if not value.dynamic and (value.text in entry.get("harmless_values", ()) or
                                          value.text.startswith(tuple(entry.get("harmless_prefixes", ())))):
                    break
                if entry.get("comma_separated"):
                    value = Exp(value.text.replace(",", " "), value.src, dynamic=value.dynamic, quoted=True)
                if prefixes:
                    low = value.text.lower()
                    hit = [p for p in prefixes if low.startswith(p)]
                    if not hit and not value.dynamic:
                        break
                    if hit:
                        value = Exp(value.text[len(hit[0]):], value.src, dynamic=value.dynamic, quoted=True)
                if entry.get("value_before"):
                    value = Exp(entry["value_before"] + value.text, value.src, dynamic=value.dynamic, quoted=True)
                found.append(Sink("%s %s" % (label_prefix, option), entry["payload"], entry["reason"], value))
                break
        k = max(nxt, k + 1)
    return found


def test_option_sinks_agree_with_reading_every_word():
    from legant_guard.shell import sinks
    from legant_guard.shell.words import Exp

    rng = random.Random(13)
    entries = [(program, entry) for program, found in sinks.catalogue()["by_program"].items()
               for section, entry in found if section == "options"]
    seen = 0
    for _ in range(6000):
        program, entry = rng.choice(entries)
        options = entry["options"] + [o[:-2] for o in entry["options"] if len(o) > 5]  # (abbreviations)
        words = []
        for _ in range(rng.randint(0, 7)):
            kind = rng.random()
            if kind < 0.35:
                option = rng.choice(options)
                word = rng.choice([option, option + "=curl x", option + "=", "-x" + option.lstrip("-"),
                                   option + "curl", "-" + option.lstrip("-")[:1] + "v"])
            else:
                word = rng.choice(["--", "-", "-v", "-count=1", "--run", "x", "curl", "!curl", "./a/...", "",
                                   "ssh", "-ec", "--compress-program", "/tmp/x", "-j4"])
            words.append(Exp(word, word, dynamic=rng.random() < 0.08))
        letters = sinks._arg_letters(program)
        expected = [(s.label, s.payload, s.value.text, s.value.dynamic)
                    for s in _reference_option_sinks(program, words, entry, letters, program)]
        got = [(s.label, s.payload, s.value.text, s.value.dynamic)
               for s in sinks._option_sinks(program, words, entry, letters, program)]
        assert got == expected, (program, entry["options"], [w.text for w in words])
        seen += bool(expected)
    assert seen > 500


# -- words: normalising operands (norm, absolute, add_path's shortcut)

def _reference_norm(path):
    out = []
    for comp in path.split("/"):
        if comp == "" or comp == ".":
            continue
        if comp == "..":
            if out:
                out.pop()
            continue
        out.append(comp)
    return "/" + "/".join(out)


def _reference_absolute(path, cwd):
    """shell/words.absolute before its shortcuts (without `logical`)."""
    from legant_guard.hook.paths import LinkLoop, SelfProcPath, kernel_spelling

    if not path.startswith("/"):
        path = cwd.rstrip("/") + "/" + path
    if "/.." in path:
        try:
            return kernel_spelling(path)
        except LinkLoop:
            pass
        except SelfProcPath:
            return path
    return _reference_norm(path)


_COMPONENTS = ["a", "b", ".", "..", "...", ".env", "..x", "", "x.", "..."]


def test_norm_agrees_with_the_component_loop():
    from legant_guard.shell.words import norm

    rng = random.Random(14)
    for _ in range(20000):
        path = rng.choice(["/", "//", "///", ""]) + "/".join(rng.choice(_COMPONENTS) for _ in range(rng.randint(0, 6)))
        path += rng.choice(["", "", "/", "//"])
        if not path.startswith("/"):
            path = "/" + path
        assert norm(path) == _reference_norm(path), path


def test_absolute_and_add_paths_shortcut_agree_with_the_general_reading(tmp_path):
    # absolute() asks kernel_spelling only for a `..` component, norm() only for a `.` or `..`
    # component or an empty one; add_path takes the joined word as it is when none is there.
    from legant_guard.hook import paths
    from legant_guard.shell.words import absolute, dot_components

    rng = random.Random(15)
    for n in range(30):
        root = str(tmp_path / f"t{n}")
        os.mkdir(root)
        names = _random_tree(root, rng) + ["...", "..x", ".a", ""]
        paths.begin_call()
        try:
            for _ in range(150):
                word = rng.choice(["", "./", "/", root + "/", "~/"]) + "/".join(
                    rng.choice(names) for _ in range(rng.randint(1, 5))) + rng.choice(["", "", "/"])
                cwd = rng.choice([root, root + "/a", root + "/", "/"])
                assert absolute(word, cwd) == _reference_absolute(word, cwd), (word, cwd)
                joined = word if word.startswith("/") else cwd.rstrip("/") + "/" + word
                if not (("/." in joined and dot_components(joined)) or "//" in joined or joined.endswith("/")):
                    assert joined == absolute(word, cwd), (word, cwd)  # (add_path's shortcut)
        finally:
            paths.end_call()


# -- _has_flag: only a word starting with `-` can be a flag

def _reference_commandrules_has_flag(argv, flags):
    from legant_guard.hook.cmdoptions import expand_abbreviation

    longs = [f for f in flags if f.startswith("--")]
    short = "".join(f[1] for f in flags if len(f) == 2 and f.startswith("-"))
    for word in argv[1:]:
        if word == "--":
            break
        if word in flags or (longs and word.startswith("--") and expand_abbreviation(word.partition("=")[0], longs) in longs):
            return True
        if word.startswith("-") and not word.startswith("--") and any(c in word[1:] for c in short):
            return True
    return False


def _reference_linkwalk_has_flag(exe, argv, flags):
    from legant_guard.hook.cmdoptions import expand_abbreviation

    shorts = {f[1] for f in flags if len(f) == 2 and f[0] == "-"}
    longs = [f for f in flags if f.startswith("--")]
    for k, word in enumerate(argv[1:], 1):
        if word == "--":
            break
        if word in flags or (longs and word.startswith("--") and expand_abbreviation(word, longs) in longs):
            return True
        if word.startswith("-") and not word.startswith("--") and shorts & set(word[1:]):
            return True
        if k == 1 and exe == "tar" and not word.startswith("-") and shorts & set(word):
            return True
    return False


def test_has_flag_agrees_with_reading_every_word():
    from legant_guard.hook import commandrules, linkwalk
    from legant_guard.shell.knowledge import LINK_FOLLOWERS

    rng = random.Random(16)
    tables = [(exe, flags) for exe, flags in commandrules._RECURSIVE_READERS.items() if flags] + \
        [(exe, flags) for exe, pair in LINK_FOLLOWERS.items() for flags in pair if flags] + \
        [(exe, flags) for exe, flags in linkwalk._RECURSING.items()]
    hits = 0
    for _ in range(20000):
        exe, flags = rng.choice(tables)
        assert all(f.startswith("-") for f in flags)  # (what the shortcut relies on)
        pool = list(flags) + [f[:5] for f in flags if f.startswith("--")] + \
            ["x", "czhf", "rL", "-", "--", "-v", "--x=1", "-rn", "-Lh", "R", "r", "h", "--recur", "--follow=x", ""]
        argv = [exe] + [rng.choice(pool) for _ in range(rng.randint(0, 5))]
        expected = _reference_commandrules_has_flag(argv, flags)
        assert commandrules._has_flag(argv, flags) == expected, (argv, flags)
        expected_walk = _reference_linkwalk_has_flag(exe, argv, flags)
        assert linkwalk._has_flag(exe, argv, flags) == expected_walk, (exe, argv, flags)
        hits += expected + expected_walk
    assert hits > 3000


# -- tripwires: an entry looks at the commands only when one runs a program it names

def _reference_k_executable(entry, analysis, home, cat):
    from legant_guard.shell.tripwires import _names_match

    m = entry["match"]
    for cmd in analysis.commands:
        if not _names_match(m["names"], cmd.executable):
            continue
        subs = m.get("subcommands")
        if subs is None:
            return {"exe": cmd.executable}
        for word in cmd.argv[1:]:
            if word in subs:
                return {"exe": cmd.executable, "sub": word}
    return None


def test_tripwires_indexed_by_executable_agree_with_a_scan_of_every_command(monkeypatch):
    from legant_guard import shell
    from legant_guard.shell import tripwires

    cat = tripwires.catalogue()
    names = sorted({n.replace("*", "x") for e in cat["tripwires"] if e["match"]["kind"] == "executable"
                    for n in e["match"]["names"]})
    subs = sorted({s for e in cat["tripwires"] for s in e["match"].get("subcommands", ()) or ()
                   if isinstance(s, str)} | {e["match"]["subcommand"] for e in cat["tripwires"]
                                             if e["match"]["kind"] == "git"})
    rng = random.Random(17)

    def command():
        kind = rng.random()
        if kind < 0.3:
            return rng.choice(names) + " " + rng.choice(["", "-a", "now", "disable x", "/dev/sda", "stop"])
        if kind < 0.6:
            return "git " + rng.choice(["", "-C . "]) + rng.choice(subs) + " " + rng.choice(
                ["", "--hard", "-fdx", "-D x", "-f", "--force", "HEAD~1", "--prune=now", "-d -f x", "."])
        return rng.choice(["ls -la", "mkdir -p a/b", "cp a b/", "grep -n x a.go", "go test ./...", "MKFS.EXT4 /dev/sdb",
                           "Shutdown now", "GIT reset --hard", "echo git reset --hard", "sudo reboot"])

    def decide(line):
        analysis = shell.analyze(line, "/p", "/h")
        return [(h.id, h.severity, h.reason) for h in tripwires.match(analysis, "/h")]

    lines = [" ; ".join(command() for _ in range(rng.randint(1, 6))) for _ in range(1500)]
    fast = [decide(line) for line in lines]

    kinds = dict(tripwires._KINDS)
    monkeypatch.setitem(tripwires._KINDS, "executable", _reference_k_executable)
    monkeypatch.setattr(tripwires, "_executables", lambda analysis: frozenset(c.executable for c in analysis.commands))
    assert tripwires._KINDS["executable"] is not kinds["executable"]
    slow = [decide(line) for line in lines]
    assert fast == slow
    assert sum(bool(hits) for hits in fast) > 600  # (tripwires were set off)


# -- names: program_name remembered per spelling

def test_program_name_remembered_agrees_with_working_it_out():
    from legant_guard.shell import names

    rng = random.Random(18)
    pieces = ["cp", "CP", "gcp", "uu-cp", "Grm", "rm", "/usr/bin/", "./", "CD", "cd", "git", "GIT", "mkfs.ext4",
              "MKFS.EXT4", "g", "uu-", "x/", "/", "", "Ünï", "gsed", "gGREP"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 3)))
        assert names.program_name(text) == names._program_name(text), text
        assert names.program_name(text) == names._program_name(text), text  # (the second time from the memo)


# -- operands: a command's plain operands added in one pass

def test_add_paths_agrees_with_add_path_word_by_word(tmp_path):
    from legant_guard.hook import paths
    from legant_guard.shell.analyze import SimpleCommand, Walker
    from legant_guard.shell.operands import add_path, add_paths
    from legant_guard.shell.scope import Scope
    from legant_guard.shell.words import Exp

    rng = random.Random(19)
    root = str(tmp_path)
    names = _random_tree(root, rng) + ["...", "*.go", "a:b", "/x:/y", "~/z", "https://h/x", "-", "", "./a", "a//b",
                                       "~", ":", "a[1]", "/"]

    def word():
        text = rng.choice(["", "/", "./", root + "/", "../"]) + "/".join(
            rng.choice(names) for _ in range(rng.randint(1, 3))) + rng.choice(["", "", "/"])
        if rng.random() < 0.1:
            text = rng.choice(["", "-", "://", "a:b"])
        return Exp(text, text, dynamic=rng.random() < 0.05, glob=rng.random() < 0.3, quoted=rng.random() < 0.2,
                   proc=rng.random() < 0.03)

    def state(cmd_paths, cwd_known, home):
        w, scope = Walker(home), Scope(root, home, cwd_known=cwd_known)
        cmd = SimpleCommand("x", ["x"], root, [])
        for p in cmd_paths:
            cmd.paths.append(p)  # (paths other code appended: _add_once takes them in first)
        return w, scope, cmd

    paths.begin_call()
    try:
        for _ in range(3000):
            exps = [word() for _ in range(rng.randint(0, 8))]
            before = [root + "/" + rng.choice(names) for _ in range(rng.randint(0, 2))]
            cwd = rng.choice([root, root + "/", root + "/a", "/"])
            cwd_known, home = rng.random() < 0.85, rng.choice([root, None])
            w1, scope1, one = state(before, cwd_known, home)
            for e in exps:
                add_path(w1, one, e, scope1, cwd)
            w2, scope2, batch = state(before, cwd_known, home)
            add_paths(w2, batch, exps, scope2, cwd)
            assert (batch.paths, batch.globs, batch.undetermined, w2.undetermined) == \
                (one.paths, one.globs, one.undetermined, w1.undetermined), [e.text for e in exps]
            # (and a later add_path still sees every path: the set is in step)
            again = exps[0] if exps else word()
            add_path(w1, one, again, scope1, cwd)
            add_path(w2, batch, again, scope2, cwd)
            assert batch.paths == one.paths
    finally:
        paths.end_call()


# -- paths: an absolute, normalised path (the analysis's operands) skips the spelling work

def _reference_path_variants(path, cwd, home, fold=True):
    """hook/paths.path_variants without its memo and its shortcut for normalised paths."""
    from legant_guard.hook.paths import (UnresolvablePath, _check_self_proc, _unique, _walk, _walk_folder,
                                         expand_home)

    if "\x00" in path:
        raise UnresolvablePath("NUL")
    if fold and "\\/" in path:  # (red team 46: both readings, the kernel's, a backslash ending a name, last)
        kernel, missing = _reference_path_variants(path, cwd, home, fold=False)
        folded = _reference_path_variants(path.replace("\\/", "/"), cwd, home)[0]
        return tuple(v for v in _unique(kernel[0], *folded, *kernel[1:]) if v != kernel[-1]) + kernel[-1:], missing
    spelled = path.replace("\\/", "/") if fold and "\\" in path else path
    expanded = expand_home(spelled, home) if spelled[:1] in "~$" else spelled
    joined = expanded if expanded.startswith("/") else cwd.rstrip("/") + "/" + expanded
    literal = os.path.normpath(joined)
    if literal.startswith("//"):
        literal = "/" + literal.lstrip("/")
    parts = joined.split("/")
    names = parts[1:] if parts.count("") == 1 and not parts[0] and "." not in parts else \
        [c for c in parts if c and c != "."]
    if names and names[-1] != "..":
        folder, missing = _walk_folder(names[:-1])
        named = folder + "/" + names[-1]
        if missing:
            real, missing = named, missing + 1
        else:
            real, missing = _walk(folder, 0, names[-1:])
            real = real or "/"
    else:
        real, missing = _walk("", 0, names)
        named = real = real or "/"
    if real.startswith(("/proc/self/", "/proc/thread-self/")):
        _check_self_proc(real)
    found = (literal,) if literal == named == real else _unique(literal, named, real)
    return found, bool(missing) and not real.startswith("/proc/")


def _variants_or_error(function, path, cwd, home):
    from legant_guard.hook.paths import UnresolvablePath

    try:
        return function(path, cwd, home)
    except UnresolvablePath as e:
        return type(e).__name__


def test_path_variants_of_normalised_paths_agree_with_the_general_reading(tmp_path):
    from legant_guard.hook import paths

    rng = random.Random(20)
    normal = 0
    for n in range(40):
        root = str(tmp_path / f"t{n}")
        os.mkdir(root)
        names = _random_tree(root, rng)
        asked = []
        for _ in range(80):
            path = _random_path(root, names, rng)
            if rng.random() < 0.6:
                path = os.path.normpath(path if path.startswith("/") else root + "/" + path)  # (as operands come)
            if rng.random() < 0.05:
                path = rng.choice(["/proc/self/cwd/x", "/proc/self/status", "/", "/a", root + "/a\\/b", "~/a"])
            asked.append(path)
        normal += sum(paths._already_normal(p) for p in asked)
        for memo in (True, False):
            expected = [_variants_or_error(_reference_path_variants, p, root, root) for p in asked]
            if memo:
                paths.begin_call()
            try:
                got = [_variants_or_error(paths.path_variants, p, root, root) for p in asked]
                absent = [paths.known_absent(v[-1]) if isinstance(v, tuple) else None for v in got]
            finally:
                if memo:
                    paths.end_call()
            for path, want, have, gone in zip(asked, expected, got, absent):
                if isinstance(want, str):
                    assert have == want, path
                    continue
                assert have == want[0], path
                if memo and want[1]:
                    assert gone, path
    assert normal > 1000


def test_already_normal_agrees_with_its_first_spelling():
    from legant_guard.hook.paths import _already_normal

    def reference(path):
        return (path[:1] == "/" and len(path) > 1 and path[-1] != "/" and "//" not in path and "/./" not in path
                and "/../" not in path and "\\/" not in path and not path.endswith(("/.", "/..")))

    rng = random.Random(21)
    pieces = ["/", "a", ".", "..", "...", "\\", ".e", ""]
    for _ in range(50000):
        path = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        assert _already_normal(path) == reference(path), path
