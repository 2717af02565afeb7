"""Jinja2 templates of searcher (installed as searcher.templates); override with --templates DIR."""
