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
