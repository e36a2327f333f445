"""Domain operations on a local setup, without the CLI: what the commands, the control panel
(ui/) and the demo do to tokens, the revocation feed and the installed hooks.

Click-free, so the panel and the demo call the very functions the commands call, and the
commands stay thin wrappers that parse options, call these and print. A failure is an
OpError whose message says what happened and what to do; a command shows it as its error.
"""


class OpError(Exception):
    """An operation cannot be done as asked; the message is for people."""
