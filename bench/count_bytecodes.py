#!/usr/bin/env python3
"""Count the bytecodes one `guard check` decision executes, per function: a measure that does
not move with the machine's load.

Wall time on a shared 2-core machine swings by 2x between runs, which hides a 5% change;
instruction counts under valgrind are steady but cannot say which Python function spent them.
This script runs the hook in-process (`run_check`, as the verdict tests do) on an event written
by `bench_sizes.py --write-events DIR`, once to warm the caches and once under an opcode
tracer, and prints the total and the functions that executed the most bytecodes. The count
leaves out time spent inside C (a long `str.find`, a `stat`), so confirm a change with the
whole-process benchmarks (bench_check.py, bench_sizes.py) too.

    python bench/bench_sizes.py -n 1 --write-events /tmp/events
    python bench/count_bytecodes.py /tmp/events b-builder [--top 30]
"""

import argparse
import collections
import io
import os
import sys


def read_env(path):
    """The `export NAME=value` lines bench_sizes.py writes."""
    env = {}
    with open(path) as f:
        for line in f:
            name, _, value = line.strip().removeprefix("export ").partition("=")
            if name:
                env[name] = value
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", help="the folder bench_sizes.py --write-events wrote")
    parser.add_argument("event", help="an event's name there (b-builder, b-ls, a-shell, ...)")
    parser.add_argument("--top", type=int, default=25, help="functions to list (default 25)")
    parser.add_argument("--agent", default="claude-code")
    opts = parser.parse_args()

    env = dict(os.environ, **read_env(os.path.join(opts.events, "env.sh")))
    with open(os.path.join(opts.events, opts.event + ".json"), "rb") as f:
        event = f.read()
    from legant_guard.hook import budget
    from legant_guard.hook.check import run_check

    budget.LIMIT_SECONDS = 10 ** 6  # the tracer is ~50x slower than the hook: no deadline here

    def decide():
        err = io.StringIO()
        code = run_check(["--agent", opts.agent], stdin=io.BytesIO(event), stdout=io.StringIO(), stderr=err,
                         env=env, cwd=env["LEGANT_GUARD_PROJECT"])
        return code, err.getvalue().strip()

    decide()  # imports, caches and the signature memo, as a second call of the hook finds them
    counts = collections.Counter()

    def trace(frame, event_name, arg):
        code = frame.f_code
        key = ("/".join(code.co_filename.split("/")[-2:]), code.co_firstlineno, code.co_name)
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False

        def opcode(frame, event_name, arg):
            if event_name == "opcode":
                counts[key] += 1
            return opcode
        return opcode

    sys.settrace(trace)
    try:
        code, reason = decide()
    finally:
        sys.settrace(None)
    total = sum(counts.values())
    print(f"{opts.event}: exit {code}, {total:,} bytecodes" + (f" ({reason[:100]})" if reason else ""))
    for (path, line, name), n in counts.most_common(opts.top):
        print(f"{n * 100 / total:5.1f}% {n:>10,}  {path}:{line} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
