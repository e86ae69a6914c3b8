"""``publish`` and ``python -m publish``: the command line, after forking the
conversion's process when the command is a build that will want it
(``early.py``: before the command line's modules are imported)."""


def main() -> None:
    import sys

    from publish import early

    early.start(sys.argv[1:])
    from publish.cli import run

    run()


if __name__ == "__main__":
    main()
