"""Fork-bomb detection: a function that calls itself in a pipeline or in the background.

Each such call starts two more (`:(){ :|:& };:`), so the function is a fork bomb however it
reaches itself. Both ways of seeing one live here: the body of a definition read as written
(`ForkBombs.defined`), and, while the walker runs a function's body, a call of the function
again from inside a pipeline or `&` that was not open when it was called (through another
function, a variable or eval: `ForkBombs.called_again`). The walker only reports definitions,
calls and the pipelines it enters. Matched by the `fork_bomb` tripwire (rules/tripwires.json)
through Analysis.forkbombs.
"""

from legant_guard.shell.parse import Compound, Simple


class ForkBombs:
    """The fork bombs of one walk, and what finding them needs to know about where it is."""

    __slots__ = ("names", "parallel", "_at_call")

    def __init__(self):
        self.names = []  # the functions found to be fork bombs (Analysis.forkbombs)
        self.parallel = 0  # how many pipelines of several commands or `&` the walk is inside
        self._at_call = {}  # function whose body runs -> `parallel` when it was called

    def defined(self, name, body):
        """`name() { body }`: does the body, as written, call the function in the background?"""
        if self_calls_in_background(body, name):
            self.names.append(name)

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
