"""`python -m tools <command> [options]`: developer commands that need Django but are no
part of the platform (so `manage.py` does not list them).

    python -m tools generate_national_dataset --seed 1 --years 10 --scale 1
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siccs.settings")
    django.setup()
    commands = {"generate_national_dataset": "tools.national_dataset"}
    if len(argv) < 2 or argv[1] not in commands:
        sys.exit(f"usage: python -m tools {{{','.join(commands)}}} [options]")
    from importlib import import_module

    command = import_module(commands[argv[1]]).Command()
    command.run_from_argv(["python -m tools", *argv[1:]])


if __name__ == "__main__":
    main(sys.argv)
