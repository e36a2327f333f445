"""`legant guard logs`: read the audit trail as a person would, newest last.

One line per decision: time, verdict, tool, target, reason (and the sub-agent, if any).
Damaged lines are skipped with a count and a pointer to `legant guard audit verify`, which
is the command that judges the trail's integrity.
"""

import calendar
import collections
import json
import os
import time

import click

from legant_guard import guarddir, safefile
from legant_guard.hook import audit
from legant_guard.commands._ops import open_setup, setup_options


def audit_file(file_, dir_, project):
    """--file, else the setup's audit.jsonl (where `guard init`/`install` point LEGANT_GUARD_AUDIT)."""
    if file_:
        return file_
    return os.path.join(open_setup(dir_, project), guarddir.AUDIT_FILE)


def parse_since(text, now):
    """'1h', '30m', '2d' ago, or an RFC 3339 UTC time / date -> epoch seconds."""
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return calendar.timegm(time.strptime(text, fmt))
        except ValueError:
            pass
    try:
        return now - guarddir.parse_duration(text)
    except ValueError:
        raise click.BadParameter(f"`{text}` is neither a duration (30m, 1h, 2d) nor a UTC time (2025-01-31T09:00:00Z)",
                                 param_hint="--since")


def record_time(rec):
    try:
        return calendar.timegm(time.strptime(rec.get("ts", ""), "%Y-%m-%dT%H:%M:%SZ"))
    except (ValueError, TypeError):
        return None


def _short(text, width):
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_record(rec):
    verdict = "DENY " if rec.get("decision") == "deny" else "NOTE " if rec.get("event") else "allow"
    line = f"{str(rec.get('ts', '?')):<20}  {verdict}  {_short(rec.get('tool'), 14):<14}  {_short(rec.get('target'), 72)}"
    if rec.get("agent"):
        # A sub-agent's call: show whose authority it used (user -> agent -> sub-agent).
        chain = rec.get("provenance") or ""
        line += f"  [{rec['agent']}: {chain}]" if chain else f"  [{rec['agent']}]"
    if rec.get("reason"):
        line += f"  — {rec['reason']}"
    return visible(line)


def visible(text):
    """`text` with every character a terminal would act on or hide spelt out (`\\x1b`, `\\u202e`).
    A record's target and reason are the agent's own text: a command holding `ESC[1A ESC[2K`
    (cursor up, erase line) or a bidi override made `guard logs` on a terminal erase its DENY line
    and print a made-up allow in its place (red team #35)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


@click.command("logs")
@click.option("--denied", is_flag=True, help="Only denied calls.")
@click.option("--since", help="Only decisions newer than this: a duration (30m, 1h, 2d) or a UTC time.")
@click.option("--tool", help="Only calls of this tool (e.g. Bash).")
@click.option("--session", help="Only this agent session id.")
@click.option("--json", "as_json", is_flag=True, help="Print the matching records as JSON lines.")
@click.option("-n", "limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Show at most the last N matching decisions (0: all).")
@click.option("--file", "file_", type=click.Path(dir_okay=False), help="Read this audit file instead of the setup's.")
@setup_options
def command(denied, since, tool, session, as_json, limit, file_, dir_, project):
    """Show the decisions the guard made, newest last.

    Reads the setup's audit trail (audit.jsonl in the guard directory) or --file.
    To check the trail has not been tampered with, use `legant guard audit verify`.

    \b
    Examples:
      legant guard logs --denied --since 1h
      legant guard logs --tool Bash -n 20
      legant guard logs --session 4f1c... --json
    """
    path = audit_file(file_, dir_, project)
    cutoff = parse_since(since, time.time()) if since else None
    matched, damaged = collections.deque(maxlen=limit or None), 0
    try:
        # (red team #40) opened as the hook and `audit verify` open it: `--file /dev/zero` read a
        # device without end until the machine killed the process; a line longer than any record
        # is read without holding it, and only the last `limit` matches are kept
        with os.fdopen(safefile.open_fd(path), "rb") as f:
            for raw in audit.bounded_lines(f):
                try:
                    rec = json.loads(raw)
                except ValueError:
                    damaged += 1
                    continue
                if not isinstance(rec, dict):
                    damaged += 1
                    continue
                if denied and rec.get("decision") != "deny":
                    continue
                if tool and rec.get("tool") != tool:
                    continue
                if session and rec.get("session") != session:
                    continue
                if cutoff is not None:
                    when = record_time(rec)
                    if when is None or when < cutoff:
                        continue
                matched.append(rec)
    except FileNotFoundError:
        raise click.ClickException(f"no audit trail at {path} yet: the hook writes it once an agent runs with the guard on")
    except OSError as e:
        raise click.ClickException(f"cannot read the audit trail {path}: {e.strerror}")
    for rec in matched:
        click.echo(json.dumps(rec, sort_keys=True) if as_json else format_record(rec))
    if not matched and not as_json:
        click.echo("no matching decisions", err=True)
    if damaged:
        click.echo(f"{damaged} damaged line(s) skipped; run `legant guard audit verify`", err=True)
