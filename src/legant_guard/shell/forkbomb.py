"""Fork-bomb detection: a function that calls itself in a pipeline or in the background.

Each such call starts two more (`:(){ :|:& };:`), so the function is a fork bomb however it
reaches itself. Both ways of seeing one live here: the body of a definition read as written
(`ForkBombs.defined`), and, while the walker runs a function's body, a call of the function
again from inside a pipeline or `&` that was not open when it was called (through another
function, a variable or eval: `ForkBombs.called_again`). The walker only reports definitions,
calls and the pipelines it enters. Matched by the `fork_bomb` tripwire (rules/tripwires.json)
through Analysis.forkbombs. Inline interpreter code that forks in an endless loop (`perl -e
'fork while 1'`; Python read as Python) is judged here too: `code_forks_forever`, for the
`interpreter_fork_loop` tripwire.
"""

from legant_guard.shell.parse import Compound, Simple


class ForkBombs:
    """The fork bombs of one walk, and what finding them needs to know about where it is."""

    __slots__ = ("names", "loops", "parallel", "_at_call")

    def __init__(self):
        self.names = []  # the functions found to be fork bombs (Analysis.forkbombs)
        self.loops = []  # endless loops that start commands in the background (parse.Tree.fork_loops)
        self.parallel = 0  # how many pipelines of several commands or `&` the walk is inside
        self._at_call = {}  # function whose body runs -> `parallel` when it was called

    def defined(self, name, body):
        """`name() { body }`: does the body, as written, call the function in the background?"""
        if self_calls_in_background(body, name):
            self.names.append(name)
        elif _background(body) and _calls(body, name):
            # `f() { x & f; }`: each call starts a command in the background and calls itself again
            self.loops.append("%s() (calls itself)" % name)

    def entering(self, name):
        """The walker runs the body of `name`; what it passes back to `left` afterwards."""
        saved = self._at_call.get(name)
        self._at_call[name] = self.parallel
        return saved

    def left(self, name, saved):
        self._at_call[name] = saved or 0

    def called_again(self, name):
        """`name` is called from inside its own running body: a fork bomb when a pipeline or `&`
        opened since it was called runs the call (each call then starts two)."""
        if self.parallel > self._at_call.get(name, 0) and name not in self.names:
            self.names.append(name)


def self_calls_in_background(items, name):
    """Does a function body call the function itself in a pipeline or in the background?"""
    for pipe, sep in items:
        many = len(pipe.cmds) > 1 or sep == "&"
        for node in pipe.cmds:
            if isinstance(node, Simple):
                if many and node.words and node.words[0].literal() == name:
                    return True
                for w in node.words:
                    for p in w.parts:
                        if p[0] == "cmd" and _calls(p[1], name):
                            return True
            elif isinstance(node, Compound):
                for body in node.body:
                    if self_calls_in_background(body, name):
                        return True
                    if many and _calls(body, name):
                        return True
    return False


def _background(items):
    """Does this list start anything in the background (`&`), at any depth?"""
    for pipe, sep in items:
        if sep == "&":
            return True
        for node in pipe.cmds:
            if isinstance(node, Compound) and any(_background(body) for body in node.body):
                return True
    return False


def _calls(items, name):
    for pipe, _sep in items:
        for node in pipe.cmds:
            if isinstance(node, Simple):
                if node.words and node.words[0].literal() == name:
                    return True
            elif isinstance(node, Compound):
                for body in node.body:
                    if _calls(body, name):
                        return True
    return False


# ---- shell loops that never end and start commands in the background (tripwire fork-loop) --

_ALWAYS = {"while": frozenset((":", "true", "/bin/true", "/usr/bin/true", "!false", "!/bin/false", "!/usr/bin/false")),
           "until": frozenset(("false", "/bin/false", "/usr/bin/false", "!:", "!true", "!/bin/true"))}


def endless_loop(keyword, condition):
    """Does a loop with this condition text (between `while`/`until` and `do`, or the middle of
    `for ((;;))`) run forever? Only conditions that are constant as written: `:`, `true`,
    `((1))`, `[ 1 ]`, `until false`, an empty `for ((;;))` test (a condition built at run time
    is not judged)."""
    text = condition.strip().rstrip(";").strip()
    if keyword == "for":
        return text == "" or _nonzero(text)
    squeezed = "".join(text.split())
    if squeezed in _ALWAYS[keyword]:
        return True
    want = keyword == "while"
    if squeezed.startswith("((") and squeezed.endswith("))"):
        return _nonzero(squeezed[2:-2]) == want
    words = text.split()
    if words and words[0] in ("[", "[[") and words[-1] in ("]", "]]"):
        words = words[1:-1]
    elif words and words[0] == "test":
        words = words[1:]
    else:
        return False
    if any("$" in w or "`" in w for w in words):
        return False
    if len(words) == 1:
        return want
    if len(words) == 3 and words[1] in ("=", "==", "-eq"):
        return (words[0] == words[2]) == want
    return False


def _nonzero(text):
    text = text.strip()
    return text.isdigit() and int(text) != 0


# ---- interpreter code that forks in an endless loop (tripwire interpreter-fork-loop) -------

def code_forks_forever(exe, code, markers):
    """The marker (or Python construct) that makes inline interpreter `code` a fork bomb, or None.

    Every interpreter: the catalogue's markers, compared with white space removed (`fork while
    1`, `for(;;){fork}`). Python code is also read as Python (its own `ast`, loaded only for code
    that names `fork`): a fork call inside any `while` whose condition no statement of the loop
    changes (`while not False`, `while os.fork() or True`), a `for` over an endless iterator
    (`iter(int, 1)`, `itertools.count()`, `cycle`, `repeat(x)`), or a function that forks and
    calls itself."""
    if "fork" not in code:
        return None
    squeezed = "".join(code.split())
    for marker in markers:
        if marker in squeezed:
            return marker
    if exe.startswith(("python", "pypy")) or exe in ("py",):
        return _python_forks_forever(code)
    return None


_ENDLESS_ITERATORS = ("count", "cycle")


def _python_forks_forever(code):
    import ast

    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    forks = _fork_names(tree, ast)
    if not forks:
        return None

    def forks_in(node):
        return any(isinstance(n, ast.Call) and _called_name(n.func, ast) in forks for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.While) and forks_in(node):
            changed = _assigned_names(node.body + node.orelse, ast)
            tested = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
            if not tested & changed:
                return "while loop whose condition never changes"
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) and _endless_iterator(node.iter, ast):
            # a comprehension's element is not below its generator node: any fork of the code counts
            if forks_in(tree if isinstance(node, ast.comprehension) else node):
                return "for loop over an endless iterator"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and forks_in(node):
            if any(isinstance(n, ast.Call) and _called_name(n.func, ast) == node.name for n in ast.walk(node)):
                return "function that forks and calls itself"
    return None


def _called_name(func, ast):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _fork_names(tree, ast):
    """`fork`, `forkpty` and the names code binds them to (`from os import fork as f`, `f = os.fork`)."""
    names = {"fork", "forkpty"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.update(a.asname for a in node.names if a.asname and a.name in ("fork", "forkpty"))
        elif isinstance(node, ast.Assign) and _called_name(node.value, ast) in ("fork", "forkpty"):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _assigned_names(body, ast):
    names = set()
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
                names.add(n.id)
            elif isinstance(n, (ast.Global, ast.Nonlocal)):
                names.update(n.names)
            elif isinstance(n, ast.Call):  # a method call may change the object it is called on
                f = n.func
                while isinstance(f, ast.Attribute):
                    f = f.value
                if isinstance(f, ast.Name) and f is not n.func:
                    names.add(f.id)
    return names


def _endless_iterator(node, ast):
    if not isinstance(node, ast.Call):
        return False
    name = _called_name(node.func, ast)
    if name == "iter" and len(node.args) == 2:  # iter(callable, sentinel)
        return True
    if name in _ENDLESS_ITERATORS:
        return True
    return name == "repeat" and len(node.args) == 1 and not node.keywords
