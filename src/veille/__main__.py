"""``python -m veille``: the same as the ``veille`` command."""

from veille.cli import main

main()
