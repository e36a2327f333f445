"""`legant guard demo`: see the guard work in a minute (and smoke-test it): no setup, no agent."""

import os
import sys

import click

from legant_guard import agents


def use_color(stream, env=None):
    """Colour only on a terminal, and never when NO_COLOR is set to anything (no-color.org)."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@click.command("demo")
@click.option("--agent", type=click.Choice(agents.NAMES), default=agents.DEFAULT, show_default=True,
              help="Whose hook event format the tool calls are sent in.")
@click.option("--show-events", is_flag=True, help="Also print every event exactly as it is piped into the check.")
def command(agent, show_events):
    """Run a narrated scenario through the real `legant guard check`.

    A reviewer, a builder, prompt-injection escapes, a sub-agent with an attenuated child
    token, a deny added and removed while the agent runs, a revocation, and the audit trail.
    Everything happens in a temporary folder (fresh key, small project, HOME) that is removed
    at the end; nothing shown is executed: each call is only an event piped into the check.
    Exits 1 if any verdict differs from what the narration says, so it doubles as a smoke test.

    \b
    Examples:
      legant guard demo
      legant guard demo --agent codex --show-events
    """
    from legant_guard.demo import run_demo

    code = run_demo(sys.stdout, agent=agent, color=use_color(sys.stdout), show_events=show_events)
    sys.stdout.flush()
    if code:
        sys.exit(code)
