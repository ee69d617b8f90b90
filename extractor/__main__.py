"""``python -m extractor`` is the ``dealqa`` command."""

from .cli import main

main()
