"""The `legant` console script.

`legant guard check` is the hook that runs before every tool call of an agent, so it is
dispatched here before anything heavy (click, PyYAML, PyJWT, cryptography) is imported.
Every other command goes through the click CLI in `legant_guard.commands`.
"""

import sys


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) >= 2 and args[0] == "guard" and args[1] == "check":
        from legant_guard.hook import watchdog

        watchdog.arm()  # (a read that blocks in the kernel must still end in a deny: hook/watchdog.py)
        from legant_guard.hook.check import run_check

        code = run_check(args[2:])
        watchdog.disarm()
        return code
    from legant_guard.commands import cli

    try:
        cli.main(args=args, prog_name="legant", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
