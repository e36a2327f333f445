"""Fork-bomb detection: a function that calls itself in a pipeline or in the background.

Matched by the `fork_bomb` tripwire (rules/tripwires.json) through Analysis.forkbombs.
"""

from legant_guard.shell.parse import Compound, Simple



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
