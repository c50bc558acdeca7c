"""The dev server: ``reblog serve`` builds, serves, watches and live-reloads a site."""

from __future__ import annotations

from .app import DevServer, ServeOptions, SiteRebuilder, serve

__all__ = ["DevServer", "ServeOptions", "SiteRebuilder", "serve"]
