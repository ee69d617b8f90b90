"""The staff web page: ``create_app`` in ``app.py``; JSON API in ``api.py``; pages in ``pages.py``."""
