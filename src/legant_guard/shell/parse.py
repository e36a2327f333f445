"""A hand-written reader of bash command strings: the syntax tree the analysis walks.

Why hand-written: bashlex costs ~190 ms and tree-sitter-bash ~50 ms to import, and this runs
before every shell command of an agent. Bash syntax is context dependent (quotes, `$(...)`,
here-documents, `case` patterns), so the reader works on characters with recursive descent
instead of a separate tokenizer. It keeps exactly what the analysis needs: words as lists of
parts (literal text with its quoting, parameter expansions, command/process substitutions,
arithmetic), redirections (with here-document bodies), assignments, pipelines, lists and the
compound commands. Control-flow keywords (`if then else fi while do done`) are read as
separators: their bodies are ordinary command lists in source order, which is all the analysis
needs to see every command that could run. Anything it cannot read raises ParseError, which the
guard turns into a denial (fail closed).

Word parts are tuples:
  ("lit", text, quoted)                      literal text; quoted text is never globbed/expanded
  ("var", name, op, arg_parts, quoted)       $name / ${name<op><arg>}
  ("cmd", body, quoted)                      $(...) or `...`
  ("proc", body, "<" | ">")                  <(...) / >(...)
  ("arith", parts, quoted)                   $((...)): only its substitutions matter
"""

from legant_guard.hook.budget import tick  # the guard's deadline (DESIGN invariant 7)

MAX_DEPTH = 32
MAX_NODES = 1000

_META = " \t\n;&|()<>"
_WORD_SPECIAL = frozenset(_META + "\\'\"$`(")
_BLANK_AGAIN = frozenset(" \t\\#")  # what skip_blanks goes on reading after a space
_REDIR_START = frozenset("0123456789{<>&")  # what a redirection can begin with (`2>`, `{fd}>`, `&>`, `<`)
_BLANK = " \t"
_STRETCH_STOP = "".join(sorted(_WORD_SPECIAL - {" "}))  # (what ends a stretch of plain words)
_NOT_PLAIN_START = _REDIR_START | {"#"}  # (a word starting so goes the general way: `2>x`, `{fd}>x`, a comment)
_NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
_NAME_CHARS = _NAME_START + "0123456789"
_SPECIAL_PARAMS = "@*#?-$!0123456789"
# ${NAME OP} with an empty pattern: it removes or replaces nothing
_EMPTY_PATTERN_OPS = frozenset(("#", "##", "%", "%%", "/", "//", "/#", "/%"))
# Keywords read as separators: what follows them is an ordinary command list.
_SKIP_KEYWORDS = frozenset(("if", "then", "else", "elif", "do", "while", "until"))
_END_KEYWORDS = frozenset(("fi", "done", "esac", "}"))


class ParseError(Exception):
    """The command string is not valid bash (or is too large/deep to read)."""


class Word:
    __slots__ = ("parts", "src")

    def __init__(self, parts, src):
        self.parts = parts
        self.src = src

    def literal(self):
        """The word's text when it is only unquoted literal text, else None (for keywords)."""
        if len(self.parts) == 1 and self.parts[0][0] == "lit" and not self.parts[0][2]:
            return self.parts[0][1]
        return None

    def __repr__(self):
        return "Word(%r)" % self.src


class Redir:
    __slots__ = ("op", "fd", "target", "heredoc")

    def __init__(self, op, fd, target, heredoc=None):
        self.op = op  # "<" ">" ">>" ">|" "<>" "&>" "&>>" "<&" ">&" "<<" "<<-" "<<<"
        self.fd = fd  # explicit fd number/name as written, or ""
        self.target = target  # Word (for << the delimiter word)
        self.heredoc = heredoc  # for << and <<-: [body Word, delimiter was quoted]


class Simple:
    __slots__ = ("assigns", "words", "redirs")

    def __init__(self, assigns, words, redirs):
        self.assigns = assigns  # list of (name, Word or list of Words for arrays)
        self.words = words
        self.redirs = redirs


class Compound:
    """subshell / group / for / case / cond / arith / func. `body` is a list of command lists."""

    __slots__ = ("kind", "body", "redirs", "words", "name")

    def __init__(self, kind, body=None, words=None, name=""):
        self.kind = kind
        self.body = body or []
        self.redirs = []
        self.words = words or []
        self.name = name


class Pipeline:
    """`cond`: it stands inside an `if` or a loop, where it may not run (a function it defines may
    then not be defined: shell/analyze.py judges the program of that name too)."""

    __slots__ = ("cmds", "bang", "cond")

    def __init__(self, cmds, *, bang=False, cond=False):
        self.cmds = cmds
        self.bang = bang
        self.cond = cond


class Tree(list):
    """The (Pipeline, separator) pairs of a command string, and the endless loops in it that start
    commands in the background (`while :; do x & done`: a fork bomb; forkbomb.endless_loop)."""

    __slots__ = ("fork_loops",)


def parse(text, depth=0):
    """Parse a whole command string into a Tree: a list of (Pipeline, separator) pairs."""
    p = Parser(text, depth)
    tree = Tree(p.parse_all())
    tree.fork_loops = p.fork_loops
    return tree


class Parser:
    def __init__(self, text, depth=0):
        self.s = text
        self.i = 0
        self.n = len(text)
        self.depth = depth
        self.pending = []  # here-documents whose bodies start after the next newline
        self.nodes = 0
        # open while/until/for loops: [keyword, where the condition starts, its text once `do` is
        # read, does the body start anything in the background]; fork_loops: the endless ones that do
        self.loops = []
        self.fork_loops = []
        self.background = False  # a `&` was read
        self.ifs = 0  # open `if … fi`
        self.rounds = True  # a loop's `done` walks its body once more (next_round)

    # ---- helpers -------------------------------------------------------------------------
    def error(self, what):
        raise ParseError(what)

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("nested deeper than %d levels" % MAX_DEPTH)

    def leave(self):
        self.depth -= 1

    def skip_blanks(self):
        s, n = self.s, self.n
        i = self.i
        if i + 1 < n and s[i] == " " and s[i + 1] not in _BLANK_AGAIN:
            self.i = i + 1  # one space between words (the common case)
            return
        while self.i < n:
            c = s[self.i]
            if c in _BLANK:
                self.i += 1
            elif c == "\\" and self.i + 1 < n and s[self.i + 1] == "\n":
                self.i += 2
            elif c == "#":
                j = s.find("\n", self.i)
                self.i = n if j < 0 else j
            else:
                break

    def newline(self):
        """Consume one newline, then the bodies of here-documents opened on that line."""
        self.i += 1
        if self.pending:
            pending, self.pending = self.pending, []
            for redir in pending:
                self.read_heredoc_body(redir)

    def skip_space(self):
        """Blanks, comments and newlines."""
        while True:
            self.skip_blanks()
            if self.i < self.n and self.s[self.i] == "\n":
                self.newline()
            else:
                return

    def at_keyword(self, kw):
        s, i = self.s, self.i
        if not s.startswith(kw, i):
            return False
        j = i + len(kw)
        return j >= self.n or s[j] in _META

    # ---- lists and pipelines ----------------------------------------------------------------
    def parse_all(self):
        if "\x00" in self.s:
            self.error("the command contains a NUL byte")
        items = self.parse_list(None)
        if self.i < self.n:
            self.error("unexpected `%s`" % self.s[self.i])
        if self.pending:
            # A here-document opened on the last line with no body: bash reads an empty one.
            for redir in self.pending:
                redir.heredoc[0] = Word([], "")
            self.pending = []
        return items

    def parse_list(self, stop):
        """Command lists until `stop`: None (end of text), ")" , "}" or "case" (;; / esac)."""
        items = []
        s = self.s
        while True:
            self.skip_space()
            if self.i >= self.n:
                if stop is None or stop == "`":
                    return items
                self.error("missing `%s`" % ("esac" if stop == "case" else stop))
            c = s[self.i]
            if c == ")":
                if stop == ")" or stop == "case":
                    return items
                self.error("unexpected `)`")
            if stop == "}" and self.at_keyword("}"):
                return items
            if stop == "case" and (s.startswith(";;", self.i) or s.startswith(";&", self.i) or self.at_keyword("esac")):
                return items
            start = self.i
            pipe = self.parse_pipeline(stop)
            sep = self.parse_separator(stop)
            if pipe is not None:
                items.append((pipe, sep))
            if self.i == start:
                self.error("unexpected `%s`" % s[self.i])

    def parse_separator(self, stop):
        self.skip_blanks()
        s, i = self.s, self.i
        if i >= self.n:
            return ""
        c = s[i]
        if c == ";":
            if s.startswith(";;", i) or s.startswith(";&", i):
                if stop == "case":
                    return ";;"
                self.error("unexpected `;;` outside a case")
            self.i += 1
            return ";"
        if c == "&":
            if s.startswith("&&", i):
                self.i += 2
                return "&&"
            self.i += 1
            self.mark_background()
            return "&"
        if c == "|" and s.startswith("||", i):
            self.i += 2
            return "||"
        if c == "\n":
            self.newline()
            return "\n"
        return ""

    def _timed_group(self):
        """At the keyword `time` (optionally `-p`) before a subshell or a group: skip to the group."""
        s, k = self.s, self.i + 4
        while k < self.n and s[k] in " \t":
            k += 1
        if s.startswith("-p", k) and k + 2 < self.n and s[k + 2] in " \t":
            k += 2
            while k < self.n and s[k] in " \t":
                k += 1
        if k < self.n and (s[k] == "(" or (s[k] == "{" and k + 1 < self.n and s[k + 1] in " \t\n")):
            self.i = k
            return True
        return False

    def parse_pipeline(self, stop):
        bang = False
        cmds = []
        while True:
            self.skip_blanks()
            if self.at_keyword("!"):
                bang = True
                self.i += 1
                continue
            if not cmds and self.at_keyword("time") and self._timed_group():
                continue  # `time ( ... )`, `time -p { ...; }`: the keyword only measures the group
            cmd = self.parse_command(stop)
            if cmd is not None:
                cmds.append(cmd)
            self.skip_blanks()
            s, i = self.s, self.i
            if i < self.n and s[i] == "|" and not s.startswith("||", i):
                self.i += 2 if s.startswith("|&", i) else 1
                self.skip_space()
                continue
            break
        if not cmds:
            return None
        # (a loop's further rounds, walked after its `done`, belong to it)
        cond = bool(self.loops) or self.ifs > 0 or any(
            isinstance(c, Compound) and (c.kind == "round" or c.name == "for-body") for c in cmds)
        return Pipeline(cmds, bang=bang, cond=cond)

    # ---- commands -------------------------------------------------------------------------
    def count(self):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ParseError("more than %d simple commands" % MAX_NODES)

    def parse_command(self, stop):
        s = self.s
        self.skip_blanks()
        if self.i >= self.n:
            return None
        c = s[self.i]
        if c == "(":
            if s.startswith("((", self.i):
                end = self.find_arith_end(self.i + 2)
                if end >= 0:
                    parts = self.sub_parts(s[self.i + 2 : end])
                    self.i = end + 2
                    node = Compound("arith", words=[Word(parts, "")])
                    self.read_redirs(node.redirs)
                    return node
            self.i += 1
            self.enter()
            body = self.parse_list(")")
            self.leave()
            self.i += 1  # the ")"
            node = Compound("subshell", body=[body])
            self.read_redirs(node.redirs)
            return node
        if c in ")" or c in ";&|\n":
            return None
        save = self.i
        first = self.read_word(command_start=True)
        kw = first.literal() if first is not None else None
        if kw is not None:
            if kw in _SKIP_KEYWORDS:
                if kw == "if":
                    self.ifs += 1
                if kw in ("while", "until"):
                    self.loops.append([kw, self.i, None, False, None, None])
                elif kw == "do" and self.loops and self.loops[-1][2] is None:
                    self.loops[-1][2] = s[self.loops[-1][1]:save]
                if kw == "do" and self.loops and self.loops[-1][4] is None:
                    # what each further round runs: a while loop's condition and body, a for loop's body
                    loop = self.loops[-1]
                    loop[4] = self.i if loop[0] == "for" else loop[1]
                self.skip_blanks()
                while self.at_keyword("!"):  # `if ! cmd; then`: the keyword only negates cmd's status
                    self.i += 1
                    self.skip_blanks()
                return self.parse_command(stop)
            if kw == "done" and self.loops:
                loop = self.loops.pop()
                self.loop_done(loop)
                if loop[4] is not None and self.rounds:
                    node = self.next_round(loop, s[loop[4]:save])
                    self.read_redirs(node.redirs)
                    return node
            if kw in _END_KEYWORDS:
                if kw == "fi" and self.ifs:
                    self.ifs -= 1
                if kw == "}" and stop == "}" or kw == "esac" and stop == "case":
                    self.i = save
                    return None
                node = Simple([], [], [])
                self.read_redirs(node.redirs)
                return node if node.redirs else None
            if kw == "{":
                # `for i in 1 2; { …; }`: bash takes a group right after a for loop's header for its body
                loop = self.loops[-1] if self.loops and self.loops[-1][0] == "for" and self.loops[-1][4] is None else None
                start = self.i
                self.enter()
                body = self.parse_list("}")
                self.leave()
                if loop is not None:
                    self.loops.pop()
                    self.loop_done(loop)
                    if self.rounds:
                        body = body + [(Pipeline([self.next_round(loop, s[start:self.i])], cond=True), ";")]
                self.i += 1
                # (a for loop's brace body: its pipeline belongs to the loop, as one after `do` does)
                node = Compound("group", body=[body], name="for-body" if loop is not None else "")
                self.read_redirs(node.redirs)
                return node
            if kw == "for" or kw == "select":
                return self.parse_for()
            if kw == "case":
                return self.parse_case()
            if kw == "[[":
                return self.parse_cond()
            if kw == "function":
                self.skip_blanks()
                name = self.read_word()
                if name is None:
                    self.error("missing function name")
                self.skip_blanks()
                if s.startswith("()", self.i):
                    self.i += 2
                else:
                    self.skip_parens_pair()
                return self.parse_function_body(name.src)
            if kw == "coproc":
                # the coprocess runs in a subshell of its own: what it defines, sets or cd's to is
                # not this shell's (`coproc { cd /tmp; }; cat .env` reads ./.env)
                self.skip_coproc_name()
                inner = self.parse_command(stop)
                return None if inner is None else Compound("subshell", body=[[(Pipeline([inner]), "&")]])
            # name() body
            j = self.i
            while j < self.n and s[j] in _BLANK:
                j += 1
            if j < self.n and s[j] == "(":
                k = j + 1
                while k < self.n and s[k] in _BLANK:
                    k += 1
                if k < self.n and s[k] == ")" and not kw.endswith("="):  # (`a=()`: an empty array)
                    self.i = k + 1
                    return self.parse_function_body(kw)
        self.i = save
        return self.parse_simple()

    def skip_coproc_name(self):
        """`coproc NAME { cmds; }`, `coproc NAME ( cmds )`, `coproc NAME while ...`: NAME names the
        coprocess and the compound command after it runs (read as a command, it hid the body)."""
        s = self.s
        self.skip_blanks()
        j = self.i
        while j < self.n and s[j] in _NAME_CHARS:
            j += 1
        k = j
        while k < self.n and s[k] in _BLANK:
            k += 1
        if j == self.i or k == j or k >= self.n:
            return
        if s[k] in "{(" or any(s.startswith(w, k) and (k + len(w) == self.n or s[k + len(w)] in _META)
                               for w in ("while", "until", "if", "for", "case", "select", "[[")):
            self.i = k

    def skip_parens_pair(self):
        s = self.s
        if self.i < self.n and s[self.i] == "(":
            j = self.i + 1
            while j < self.n and s[j] in _BLANK:
                j += 1
            if j < self.n and s[j] == ")":
                self.i = j + 1

    def parse_function_body(self, name):
        self.skip_space()
        self.enter()
        body = self.parse_command(None)
        self.leave()
        if body is None:
            self.error("function `%s` has no body" % name)
        return Compound("func", body=[[(Pipeline([body]), "")]], name=name)

    def parse_simple(self):
        tick()  # the guard's deadline (DESIGN invariant 7)
        self.count()
        assigns, words, redirs = [], [], []
        arrays, declaring = [], None  # (`declare -a a=(x y)`: the arrays a declaration assigns)
        s = self.s
        while True:
            self.skip_blanks()
            if self.i >= self.n:
                break
            c = s[self.i]
            if c in ";|\n)" or (c == "&" and not s.startswith("&>", self.i)):
                break
            if c in _REDIR_START and self.try_redir(redirs):
                continue
            if c == "(":
                self.error("unexpected `(`")
            word = self.read_word(command_start=not words)
            if word is None:
                break
            if not words:
                name = assignment_name(word)
                if name is None and "[" in word.src:
                    name, word = self.quoted_subscript_assignment(word)
                if name is not None:
                    if self.i < self.n and s[self.i] == "(" and word.src.endswith("="):
                        # (`a+=(x)` appends: the name carries the `+`, analyze.py reads it)
                        assigns.append((name + "+" if word.src.endswith("+=") else name, self.read_array()))
                    else:
                        assigns.append((name, word))
                    continue
            elif declaring is None:
                declaring = words[0].literal() in _DECLARATIONS
            if declaring and self.i < self.n and s[self.i] == "(" and word.src.endswith("=") and \
                    assignment_name(word) is not None and "[" not in word.src:
                # `declare -a a=(x y)`, `local -a f=(*.py)`: the array is assigned as `a=(x y)` is,
                # then declared (a group of the two, in this shell)
                name = assignment_name(word)
                arrays.append((name + "+" if word.src.endswith("+=") else name, self.read_array()))
                words.append(Word([("lit", name, False)], name))
                continue
            words.append(word)
            self.plain_words(words)
        if arrays:
            items = [(Pipeline([Simple([array], [], [])]), ";") for array in arrays]
            return Compound("group", body=[items + [(Pipeline([Simple(assigns, words, redirs)]), "")]])
        return Simple(assigns, words, redirs)

    def plain_words(self, words):
        """Read the plain words that follow (one blank before each, no character a word or an
        operator treats specially, not a redirection's start, shorter than read_word's 128) into
        `words`: what the loop of parse_simple reads for them through skip_blanks and read_word,
        a stretch at a time (a long command is thousands of words)."""
        s, n = self.s, self.n
        i = self.i
        size = 64  # the stretch looked at grows while its words are plain: a command whose words
        # are mostly not plain (`echo {a,b} {a,b} ...`) does not cost 2 KiB of search per word
        while i + 1 < n and s[i] == " " and s[i + 1] not in _BLANK_AGAIN and s[i + 1] not in _NOT_PLAIN_START:
            start = i + 1
            window = end = min(n, start + size)
            size = min(2 * size, 2048)
            stretch = s[start:end]
            for c in _STRETCH_STOP:  # the stretch ends at the first special character
                if c in stretch:  # (`in` is one C call; a find with bounds parses its arguments)
                    k = stretch.find(c)
                    if start + k < end:
                        end = start + k
            cut = s.rfind(" ", start, end)  # its words followed by a blank
            if cut == -1:
                break  # (the word there is read the general way)
            pieces = s[start:cut].split(" ")
            if "" in pieces or max(map(len, pieces)) >= 128 or not _NOT_PLAIN_START.isdisjoint([p[0] for p in pieces]):
                # the words before the first that is not plain (parse_simple's loop stops there too)
                taken = []
                for piece in pieces:
                    if not piece or len(piece) >= 128 or piece[0] in _NOT_PLAIN_START:
                        break
                    taken.append(piece)
                words.extend([Word([("lit", text, False)], text) for text in taken])
                i = start + len(" ".join(taken)) if taken else i
                break
            words.extend([Word([("lit", text, False)], text) for text in pieces])
            i = cut
            if end != window:
                break  # (what is left before the special character is no word followed by a blank)
        self.i = i

    def quoted_subscript_assignment(self, word):
        """`a['$(cmd)']=v`, `a["$k"]+=v`: bash reads a word whose subscript is quoted as an
        assignment too (and evaluates the subscript). (name, the value as a word `NAME=...`), or
        (None, word) when the word is not one."""
        src = word.src
        j = 0
        while j < len(src) and src[j] in _NAME_CHARS:
            j += 1
        if j == 0 or src[0] not in _NAME_START or not src.startswith("[", j):
            return None, word
        end = subscript_end(src, j + 1)
        if end < 0:
            return None, word
        op = "+=" if src.startswith("+=", end + 1) else "=" if src.startswith("=", end + 1) else ""
        if not op:
            return None, word
        value = src[end + 1 + len(op):]
        parts = []
        if value:
            p = Parser(value, self.depth + 1)
            p.nodes = self.nodes
            w = p.read_word()
            self.nodes = p.nodes
            if w is None or p.i != len(value):
                return None, word
            parts = w.parts
        return src[:j], Word([("lit", src[:j] + op, False)] + parts, src)

    def read_array(self):
        self.i += 1
        items = []
        while True:
            self.skip_space()
            if self.i >= self.n:
                self.error("missing `)` of an array")
            if self.s[self.i] == ")":
                self.i += 1
                return items
            w = self.read_word()
            if w is None:
                self.error("unexpected `%s` in an array" % self.s[self.i])
            items.append(w)

    def read_redirs(self, redirs):
        while True:
            self.skip_blanks()
            if not self.try_redir(redirs):
                return

    def try_redir(self, redirs):
        s, i, n = self.s, self.i, self.n
        if i >= n or s[i] not in _REDIR_START:
            return False
        j = i
        while j < n and s[j].isdigit():
            j += 1
        fd = ""
        if j > i:
            fd = s[i:j]
        elif i < n and s[i] == "{":
            k = s.find("}", i)
            if k > i + 1 and k + 1 < n and s[k + 1] in "<>" and all(ch in _NAME_CHARS for ch in s[i + 1 : k]):
                fd = s[i : k + 1]
                j = k + 1
        if j >= n:
            return False
        c = s[j]
        if c == "&" and not fd and j + 1 < n and s[j + 1] == ">":
            op = "&>>" if s.startswith("&>>", j) else "&>"
        elif c == "<":
            if j + 1 < n and s[j + 1] == "(":
                return False  # process substitution: a word
            for op in ("<<<", "<<-", "<<", "<>", "<&", "<"):
                if s.startswith(op, j):
                    break
        elif c == ">":
            if j + 1 < n and s[j + 1] == "(":
                return False
            for op in (">>", ">|", ">&", ">"):
                if s.startswith(op, j):
                    break
        else:
            return False
        self.i = j + len(op)
        self.skip_blanks()
        if op in ("<<", "<<-"):
            target = self.read_word()
            if target is None:
                self.error("missing here-document delimiter")
            redir = Redir(op, fd, target, [None, any(p[2] for p in target.parts if p[0] == "lit")])
            self.pending.append(redir)
            redirs.append(redir)
            return True
        target = self.read_word()
        if target is None:
            self.error("missing target of redirection `%s`" % op)
        redirs.append(Redir(op, fd, target))
        return True

    def read_heredoc_body(self, redir):
        delim = "".join(p[1] for p in redir.target.parts if p[0] == "lit")
        strip_tabs = redir.op == "<<-"
        s, n = self.s, self.n
        start = self.i
        lines = []
        while self.i < n:
            j = s.find("\n", self.i)
            end = n if j < 0 else j
            line = s[self.i : end]
            self.i = end + 1 if j >= 0 else n
            check = line.lstrip("\t") if strip_tabs else line
            if check == delim:
                break
            lines.append(check if strip_tabs else line)
        body = "\n".join(lines) + ("\n" if lines else "")
        if redir.heredoc[1]:
            redir.heredoc[0] = Word([("lit", body, True)], s[start : self.i])
        else:
            redir.heredoc[0] = Word(self.sub_parts(body, heredoc=True), s[start : self.i])

    def parse_for(self):
        self.skip_blanks()
        s = self.s
        if s.startswith("((", self.i):
            end = self.find_arith_end(self.i + 2)
            if end < 0:
                self.error("missing `))` in for")
            node = Compound("arith", words=[Word(self.sub_parts(s[self.i + 2 : end]), "")])
            parts = s[self.i + 2 : end].split(";")
            self.loops.append(["for", self.i, parts[1] if len(parts) == 3 else "0", False, None, None])
            self.i = end + 2
            return node
        self.loops.append(["for", self.i, "0", False, None, None])
        name = self.read_word()
        if name is None:
            self.error("missing variable name in for")
        self.loops[-1][5] = name.src
        words = []
        self.skip_space()
        if self.at_keyword("in"):
            self.i += 2
            while True:
                self.skip_blanks()
                if self.i >= self.n or s[self.i] in ";\n":
                    break
                w = self.read_word()
                if w is None:
                    self.error("unexpected `%s` in for" % s[self.i])
                words.append(w)
        self.count()
        return Compound("for", words=words, name=name.src)

    def parse_case(self):
        self.skip_blanks()
        subject = self.read_word()
        if subject is None:
            self.error("missing word after case")
        self.skip_space()
        if not self.at_keyword("in"):
            self.error("missing `in` after case")
        self.i += 2
        node = Compound("case", words=[subject])
        s = self.s
        self.enter()
        while True:
            self.skip_space()
            if self.i >= self.n:
                self.error("missing `esac`")
            if self.at_keyword("esac"):
                self.i += 4
                break
            if s[self.i] == "(":
                self.i += 1
            while True:  # patterns: p1 | p2 )
                self.skip_blanks()
                w = self.read_word()
                if w is not None:
                    node.words.append(w)
                self.skip_blanks()
                if self.i >= self.n:
                    self.error("missing `)` in a case pattern")
                c = s[self.i]
                self.i += 1
                if c == ")":
                    break
                if c != "|":
                    self.error("unexpected `%s` in a case pattern" % c)
            node.body.append(self.parse_list("case"))
            if s.startswith(";;&", self.i):
                self.i += 3
            elif s.startswith(";;", self.i) or s.startswith(";&", self.i):
                self.i += 2
        self.leave()
        self.read_redirs(node.redirs)
        return node

    def parse_cond(self):
        words = []
        s = self.s
        while True:
            self.skip_space()
            if self.i >= self.n:
                self.error("missing `]]`")
            if self.at_keyword("]]"):
                self.i += 2
                break
            c = s[self.i]
            if c in "()<>!&|":
                j = self.i + 1
                if j < self.n and s[j] in "&|=":
                    j += 1
                self.i = j
                continue
            w = self.read_word()
            if w is None:
                self.error("unexpected `%s` in [[ ]]" % c)
            words.append(w)
        self.count()
        node = Compound("cond", words=words)
        self.read_redirs(node.redirs)
        return node

    # ---- words ----------------------------------------------------------------------------
    def read_word(self, command_start=False):
        """One shell word at the current position (None at an operator or the end)."""
        s, n = self.s, self.n
        start = self.i
        blank = s.find(" ", start, start + 128)
        if blank > start and s[start] != "#" and _WORD_SPECIAL.isdisjoint(s[start:blank]):
            # The common word: plain characters up to a blank (the loop below reads the same).
            self.i = blank
            text = s[start:blank]
            return Word([("lit", text, False)], text)
        return self._read_word_general()

    def _read_word_general(self):
        """read_word without its shortcut for a plain word followed by a blank."""
        s, n = self.s, self.n
        start = self.i
        parts = []
        buf = []
        while self.i < n:
            c = s[self.i]
            if c in _META:
                if c in "<>" and self.i + 1 < n and s[self.i + 1] == "(":
                    if buf:
                        parts.append(("lit", "".join(buf), False))
                        buf = []
                    self.i += 2
                    self.enter()
                    body = self.parse_list(")")
                    self.leave()
                    self.i += 1
                    parts.append(("proc", body, c))
                    continue
                if c == "(" and buf and buf[-1][-1] in "@!+*?":
                    # extglob pattern such as !(x|y): literal glob text up to the matching ")"
                    j = self.match_paren(self.i)
                    buf.append(s[self.i : j + 1])
                    self.i = j + 1
                    continue
                break
            if c == "\\":
                if self.i + 1 < n:
                    if s[self.i + 1] == "\n":
                        self.i += 2
                        continue
                    if buf:
                        parts.append(("lit", "".join(buf), False))
                        buf = []
                    parts.append(("lit", s[self.i + 1], True))
                    self.i += 2
                    continue
                buf.append(c)
                self.i += 1
                continue
            if c == "'" or c == '"' or c == "$" or c == "`":
                if buf:
                    parts.append(("lit", "".join(buf), False))
                    buf = []
                if c == "'":
                    j = s.find("'", self.i + 1)
                    if j < 0:
                        self.error("unterminated single quote")
                    parts.append(("lit", s[self.i + 1 : j], True))
                    self.i = j + 1
                elif c == '"':
                    self.i += 1
                    parts.extend(self.read_dq('"'))
                elif c == "`":
                    parts.append(self.read_backtick(False))
                else:
                    self.read_dollar(parts, False)
                continue
            if c == "#" and not buf and not parts:
                break  # a comment (handled by skip_blanks)
            # A run of plain characters at once (a character-by-character loop made a 120 KiB
            # command cost ~0.5 s here; DESIGN invariant 7).
            j = self.i + 1
            blank = s.find(" ", j, j + 128)
            if blank != -1 and _WORD_SPECIAL.isdisjoint(s[j:blank]):
                j = blank  # the common word: plain characters up to a blank
            else:
                while j < n:
                    chunk = s[j:j + 16]
                    if _WORD_SPECIAL.isdisjoint(chunk):  # 16 characters tested in one C call
                        j += len(chunk)
                        continue
                    while s[j] not in _WORD_SPECIAL:  # the special character lies in this chunk
                        j += 1
                    break
            buf.append(s[self.i:j])
            self.i = j
        if buf:
            parts.append(("lit", "".join(buf), False))
        if self.i == start:
            return None
        return Word(parts, s[start : self.i])

    def match_paren(self, i):
        depth = 0
        s = self.s
        while i < self.n:
            c = s[i]
            if c == "\\":
                i += 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
        self.error("missing `)`")

    def read_dq(self, term, heredoc=False):
        """Inside double quotes (or an unquoted here-document body when term is None)."""
        s, n = self.s, self.n
        parts = []
        buf = []
        escapable = "$`\\\n" if heredoc else '$`"\\\n'
        while True:
            if self.i >= n:
                if term is None:
                    break
                self.error("unterminated double quote")
            c = s[self.i]
            if c == term:
                self.i += 1
                break
            if c == "\\" and self.i + 1 < n and s[self.i + 1] in escapable:
                if s[self.i + 1] != "\n":
                    buf.append(s[self.i + 1])
                self.i += 2
                continue
            if c == "$" or c == "`":
                if buf:
                    parts.append(("lit", "".join(buf), True))
                    buf = []
                if c == "`":
                    parts.append(self.read_backtick(True))
                else:
                    self.read_dollar(parts, True)
                continue
            buf.append(c)
            self.i += 1
        if buf:
            parts.append(("lit", "".join(buf), True))
        if not parts and term is not None:
            parts.append(("lit", "", True))
        return parts

    def read_backtick(self, quoted):
        s, n = self.s, self.n
        j = self.i + 1
        buf = []
        while True:
            if j >= n:
                self.error("unterminated backquote")
            c = s[j]
            if c == "`":
                break
            if c == "\\" and j + 1 < n and s[j + 1] in "$`\\":
                buf.append(s[j + 1])
                j += 2
                continue
            buf.append(c)
            j += 1
        self.i = j + 1
        body = self.sub_parse("".join(buf))
        return ("cmd", body, quoted)

    def next_round(self, loop, text):
        """`done`: the loop's next round, its body (and a while loop's condition) once more, which
        the walk follows in the state the first round left (`f=src; while :; do cat "$f";
        f=~/.ssh/id_rsa; done` reads the key in its second round; shell/analyze.py walks it until
        nothing changes). The loops inside it get no round of their own there."""
        if self.depth + 1 > MAX_DEPTH:
            raise ParseError("nested deeper than %d levels" % MAX_DEPTH)
        p = Parser(text, self.depth + 1)
        p.rounds = False
        p.nodes = self.nodes
        body = p.parse_all()
        self.nodes = p.nodes
        return Compound("round", body=[body], name=loop[5] or "")

    def sub_parse(self, text):
        if self.depth + 1 > MAX_DEPTH:
            raise ParseError("nested deeper than %d levels" % MAX_DEPTH)
        p = Parser(text, self.depth + 1)
        p.nodes = self.nodes
        body = p.parse_all()
        self.nodes = p.nodes
        self.fork_loops += p.fork_loops
        if p.background:
            self.mark_background()
        return body

    def mark_background(self):
        """A `&`: the body of every open loop starts a command in the background."""
        self.background = True
        for loop in self.loops:
            loop[3] = loop[3] or loop[2] is not None

    def loop_done(self, loop):
        """`done`: a loop that never ends and starts commands in the background is a fork loop."""
        from legant_guard.shell.forkbomb import endless_loop

        kw, _start, condition, background = loop[:4]
        if background and condition is not None and endless_loop(kw, condition):
            shown = " ".join(condition.split()).rstrip("; ")
            self.fork_loops.append("for ((;%s;))" % shown if kw == "for" else "%s %s" % (kw, shown))

    def sub_parts(self, text, heredoc=True):
        """The expansions inside a here-document body or arithmetic text."""
        if "$" not in text and "`" not in text:
            return [("lit", text, True)]
        if self.depth + 1 > MAX_DEPTH:
            raise ParseError("nested deeper than %d levels" % MAX_DEPTH)
        p = Parser(text, self.depth + 1)
        p.nodes = self.nodes
        parts = p.read_dq(None, heredoc=heredoc)
        self.nodes = p.nodes
        return parts

    def find_arith_end(self, i):
        """Index of the `))` closing an arithmetic expression opened just before i, or -1.
        Quotes inside it are skipped, not a reason to read a subshell instead: bash evaluates
        `(( '$(cmd)' ))` and `$(( "$(cmd)" ))` as arithmetic, and runs cmd."""
        s = self.s
        depth = 0
        while i < self.n:
            c = s[i]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    return i if s.startswith("))", i) else -1
                depth -= 1
            elif c in "'\"`":
                i = self.quote_end(i)
                if i < 0:
                    return -1
            i += 1
        return -1

    def quote_end(self, i):
        """Index of the quote closing the one at i (`'`, `"` or a backtick), or -1."""
        s, q = self.s, self.s[i]
        i += 1
        while i < self.n:
            c = s[i]
            if c == "\\" and q != "'":
                i += 2
                continue
            if c == q:
                return i
            i += 1
        return -1

    def find_bracket_end(self, i):
        """Index of the `]` closing the `[` just before i (nested brackets and quotes skipped), or -1."""
        s = self.s
        depth = 0
        while i < self.n:
            c = s[i]
            if c == "[":
                depth += 1
            elif c == "]":
                if depth == 0:
                    return i
                depth -= 1
            elif c == "\\":
                i += 1
            elif c in "'\"`":
                i = self.quote_end(i)
                if i < 0:
                    return -1
            i += 1
        return -1

    def read_dollar(self, parts, quoted):
        s, n = self.s, self.n
        i = self.i
        nxt = s[i + 1] if i + 1 < n else ""
        if nxt == "(":
            if s.startswith("$((", i):
                end = self.find_arith_end(i + 3)
                if end >= 0:
                    parts.append(("arith", self.sub_parts(s[i + 3 : end]), quoted))
                    self.i = end + 2
                    return
            self.i = i + 2
            self.enter()
            body = self.parse_list(")")
            self.leave()
            self.i += 1
            parts.append(("cmd", body, quoted))
            return
        if nxt == "[":
            # `$[ EXPR ]`: bash's old spelling of `$(( EXPR ))`, with the same expansions
            end = self.find_bracket_end(i + 2)
            if end < 0:
                # bash refuses it too; and reading it as text would scan the rest again at every `$[`
                self.error("missing `]` of $[")
            parts.append(("arith", self.sub_parts(s[i + 2 : end]), quoted))
            self.i = end + 1
            return
        if nxt == "{":
            j = i + 2
            depth = 1
            while j < n:
                c = s[j]
                if c == "\\":
                    j += 2
                    continue
                if c == "'" and not quoted:
                    k = s.find("'", j + 1)
                    if k < 0:
                        self.error("unterminated single quote")
                    j = k + 1
                    continue
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n:
                self.error("missing `}` of ${")
            inner = s[i + 2 : j]
            self.i = j + 1
            param = self.param(inner, quoted)
            parts.extend(self.arith_of_param(param[1], param[2], inner))
            parts.append(param)
            return
        if nxt == "'" and not quoted:
            self.i = i + 2
            parts.append(("lit", self.read_ansi_c(), True))
            return
        if nxt == '"' and not quoted:
            self.i = i + 2
            parts.extend(self.read_dq('"'))
            return
        if nxt and nxt in _NAME_START:
            j = i + 1
            while j < n and s[j] in _NAME_CHARS:
                j += 1
            parts.append(("var", s[i + 1 : j], "", None, quoted))
            self.i = j
            return
        if nxt and nxt in _SPECIAL_PARAMS:
            parts.append(("var", nxt, "", None, quoted))
            self.i = i + 2
            return
        parts.append(("lit", "$", quoted))
        self.i = i + 1

    def param(self, inner, quoted):
        """${...}: the name, the operator and the parts of its argument."""
        if not inner:
            self.error("bad substitution ${}")
        k = 0
        prefix = ""
        if inner[0] in "#!" and len(inner) > 1:
            prefix = inner[0]
            k = 1
        j = k
        if j < len(inner) and inner[j] in _SPECIAL_PARAMS:
            j += 1
        else:
            while j < len(inner) and inner[j] in _NAME_CHARS:
                j += 1
            if j < len(inner) and inner[j] == "[":
                e = inner.find("]", j)
                j = len(inner) if e < 0 else e + 1
        name = inner[k:j]
        rest = inner[j:]
        op = ""
        arg = None
        if rest:
            if rest[0] == ":" and len(rest) > 1 and rest[1] in "-=?+":
                op = rest[:2]
            elif rest[:2] in ("##", "%%", "//", "^^", ",,", "/#", "/%"):
                op = rest[:2]
            else:
                op = rest[0]
            if len(rest) == len(op) and op in _EMPTY_PATTERN_OPS:
                op = ""  # (`${x#}`, `${x%%}`, `${x//}` are x: not `${#x}`, its length; red team 38)
            else:
                arg = self.sub_parts(rest[len(op):], heredoc=False)
        op = prefix + op
        return ("var", name, op, arg, quoted)

    def arith_of_param(self, name, op, inner):
        """The arithmetic bash evaluates inside `${NAME[SUB]...}` (SUB of an indexed array) and in
        `${NAME:OFFSET:LENGTH}`, as ("arith", parts) word parts: bash expands SUB as in double
        quotes (`${a['$(cmd)']}` runs cmd) and evaluates variables named there as arithmetic."""
        found = []
        k = name.find("[")
        if k >= 0 and name.endswith("]"):
            found.append(self.arith_part(name[k + 1 : -1]))
        if op in (":", "!:", "#:"):
            start = len(op) - 1 + len(name)  # the `:` after the (prefixed) name
            found.append(self.arith_part(inner[start + 1 :]))
        return [p for p in found if p is not None]

    def arith_part(self, text):
        """An ("arith", parts) part for arithmetic text that could run something (a substitution,
        or a variable whose value is arithmetic), else None (`0`, `-1`, `@`, `1:2`)."""
        if not text or all(c in "0123456789:-+ @*" for c in text):
            return None
        return ("arith", self.sub_parts(text), False)

    def read_ansi_c(self):
        s, n = self.s, self.n
        out = []
        simple = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
                  "e": "\x1b", "E": "\x1b", "\\": "\\", "'": "'", '"': '"', "?": "?"}
        while True:
            if self.i >= n:
                self.error("unterminated $'...' quote")
            c = s[self.i]
            if c == "'":
                self.i += 1
                return "".join(out)
            if c != "\\" or self.i + 1 >= n:
                out.append(c)
                self.i += 1
                continue
            e = s[self.i + 1]
            self.i += 2
            if e in simple:
                out.append(simple[e])
            elif e in "xuU":
                limit = {"x": 2, "u": 4, "U": 8}[e]
                j = self.i
                while j < n and j - self.i < limit and s[j] in "0123456789abcdefABCDEF":
                    j += 1
                if j == self.i:
                    out.append("\\" + e)
                else:
                    out.append(chr(min(int(s[self.i : j], 16), 0x10FFFF)))
                    self.i = j
            elif e in "01234567":
                j = self.i - 1
                k = j
                while k < n and k - j < 3 and s[k] in "01234567":
                    k += 1
                out.append(chr(int(s[j:k], 8) & 0xFF))
                self.i = k
            elif e == "c" and self.i < n:
                out.append(chr(ord(s[self.i]) & 0x1F))
                self.i += 1
            else:
                out.append("\\" + e)


def subscript_end(text, i):
    """Index of the `]` closing the subscript whose `[` is just before i (quotes and nested
    brackets skipped, as bash's skipsubscript does), or -1."""
    p = Parser(text)
    return p.find_bracket_end(i)


def assigned_subscript(src):
    """The subscript of an assignment word `NAME[SUB]=...` or an array element `[SUB]=...`, as
    (the arithmetic bash evaluates as word parts, SUB read as a word or None); None without a
    subscript, or for one that is a plain number. bash expands SUB as a word and then evaluates
    the result as arithmetic, expanding it again (`a['$(cmd)']=1` and `a[$'\x24(cmd)']=1` run
    cmd)."""
    k = src.find("[")
    if k < 0 or (k and src[0] not in _NAME_START):
        return None
    end = subscript_end(src, k + 1)
    if end < 0 or not src.startswith("=", end + 1) and not src.startswith("+=", end + 1):
        return None
    text = src[k + 1 : end]
    p = Parser(text)
    part = p.arith_part(text)
    if part is None:
        return None
    word = p.read_word()
    return [part], (word if p.i == len(text) else None)


# Builtins whose NAME=(...) words assign arrays (bash parses them as assignments there).
_DECLARATIONS = frozenset(("declare", "typeset", "local", "readonly", "export"))


def assignment_name(word):
    """NAME for a word `NAME=...`, `NAME+=...` or `NAME[i]=...` (unquoted name), else None."""
    parts = word.parts
    if not parts or parts[0][0] != "lit" or parts[0][2]:
        return None
    text = parts[0][1]
    if not text or text[0] not in _NAME_START:
        return None
    j = 1
    while j < len(text) and text[j] in _NAME_CHARS:
        j += 1
    name = text[:j]
    if j < len(text) and text[j] == "[":
        e = text.find("]", j)
        if e < 0:
            return None
        j = e + 1
    if text.startswith("+=", j):
        return name
    if j < len(text) and text[j] == "=":
        return name
    return None
