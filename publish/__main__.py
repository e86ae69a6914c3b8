"""``publish`` and ``python -m publish``: the command line, after forking the
conversion's process when the command is a build that will want it
(``early.py``: before the command line's modules are imported)."""


def main() -> None:
    import os
    import signal
    import sys

    # Ctrl-C before the command line's own handler is set (its modules
    # still loading): nothing has started, and nothing is said (it printed
    # a traceback of whatever import it fell in).
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(130))
    from publish import early

    early.start(sys.argv[1:])
    from publish.cli import run

    run()


if __name__ == "__main__":
    main()
