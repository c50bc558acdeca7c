"""Helpers for the plugins that turn static Markdown files into pages (GitHub Pages' set)."""

from __future__ import annotations

from typing import Any

from ..log import Logger
from ..model import Document, Site, StaticFile
from ..reader import EntryFilter, Reader, ReadOptions


def markdown_extensions(site: Site) -> set[str]:
    """The site's Markdown extensions with their dots (the converter's ``extname_list``)."""
    return set(site.settings.markdown_exts)


def is_markdown_name(site: Site, name: str) -> bool:
    """Whether a file name's extension is one of the site's Markdown extensions."""
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in markdown_extensions(site)


def page_from_static(site: Site, item: StaticFile, log: Logger) -> Document | None:
    """Read a static file as a page (Jekyll's ``Page.new`` on the same file)."""
    reader = Reader(site, ReadOptions(unpublished=site.settings.unpublished), log)
    return reader.read_page_file(item.path, item.relpath)


def included(site: Site, relpath: str) -> bool:
    """Whether ``include:`` names the file or its name (Jekyll's EntryFilter#included?)."""
    return EntryFilter(site.source, site.settings).included(relpath)


def option(site: Site, section: str, key: str) -> Any:
    """``site.config[section][key]`` when the section is a mapping."""
    value = site.config.get(section)
    return value.get(key) if isinstance(value, dict) else None
