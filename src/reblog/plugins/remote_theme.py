"""jekyll-remote-theme: listing it under ``plugins:`` turns ``remote_theme:`` on.

The theme itself is found, downloaded and cached with the site's configuration, before anything
is read (``reblog.theme`` and ``reblog.remote_theme``), as the Ruby plugin does in its
``:after_reset`` hook; this plugin has no hook of its own.
"""

from __future__ import annotations

from .api import Plugin


class RemoteTheme(Plugin):
    """jekyll-remote-theme 0.4.3 (GitHub Pages' version)."""

    name = "jekyll-remote-theme"
