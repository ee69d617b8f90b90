"""``python -m extractor`` is the ``dealqa`` command."""

from .cli import main

if __name__ == "__main__":  # not when imported (runpy, a tool inspecting the package)
    main()
