"""jekyll-feed 0.17: an Atom feed of the posts (and of configured collections, categories, tags)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..model import Site
from ._common import minify, page_without_a_file, xml_attr
from .api import Plugin, PluginContext, TemplateRegistry

if TYPE_CHECKING:
    from liquid.context import RenderContext

# The Jekyll version feeds name as their generator (reblog reproduces Jekyll 4.3.1's output).
JEKYLL_VERSION = "4.3.1"

# Whitespace after a closing ``>`` or ``}`` is not part of the output: the plugin strips it.
_MINIFY = r"(?<=>|})\s+"
_SIMPLE_TAG = re.compile(r"^[a-zA-Z0-9_]+$")

# reblog's own Atom template; the variables it reads are those jekyll-feed documents.
_TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
{% if page.xsl %}
  <?xml-stylesheet type="text/xml" href="{{ '/feed.xslt.xml' | absolute_url }}"?>
{% endif %}
<feed xmlns="http://www.w3.org/2005/Atom" {% if site.lang %}xml:lang="{{ site.lang }}"{% endif %}>
  <generator uri="https://jekyllrb.com/" version="__VERSION__">Jekyll</generator>
  <link href="{{ page.url | absolute_url }}" rel="self" type="application/atom+xml" />
  <link href="{{ '/' | absolute_url }}" rel="alternate" type="text/html" \
{% if site.lang %}hreflang="{{ site.lang }}" {% endif %}/>
  <updated>{{ site.time | date_to_xmlschema }}</updated>
  <id>{{ page.url | absolute_url | xml_escape }}</id>
  {% assign feed_title = site.title | default: site.name %}
  {% unless page.collection == "posts" %}
    {% assign collection_title = page.collection | capitalize %}
    {% assign feed_title = feed_title | append: " | " | append: collection_title %}
  {% endunless %}
  {% if page.category %}
    {% assign category_title = page.category | capitalize %}
    {% assign feed_title = feed_title | append: " | " | append: category_title %}
  {% endif %}
  {% if feed_title %}
    <title type="html">{{ feed_title | smartify | xml_escape }}</title>
  {% endif %}
  {% if site.description %}
    <subtitle>{{ site.description | xml_escape }}</subtitle>
  {% endif %}
  {% if site.author %}
    <author>
      <name>{{ site.author.name | default: site.author | xml_escape }}</name>
      {% if site.author.email %}<email>{{ site.author.email | xml_escape }}</email>{% endif %}
      {% if site.author.uri %}<uri>{{ site.author.uri | xml_escape }}</uri>{% endif %}
    </author>
  {% endif %}
  {% if page.tags %}
    {% assign entries = site.tags[page.tags] %}
  {% else %}
    {% assign entries = site[page.collection] %}
  {% endif %}
  {% if page.category %}
    {% assign entries = entries | where: "categories", page.category %}
  {% endif %}
  {% unless site.show_drafts %}
    {% assign entries = entries | where_exp: "entry", "entry.draft != true" %}
  {% endunless %}
  {% assign entries = entries | sort: "date" | reverse %}
  {% assign entry_limit = site.feed.posts_limit | default: 10 %}
  {% for entry in entries limit: entry_limit %}
    <entry{% if entry.lang %}{{ entry.lang | prepend: ' xml:lang="' | append: '"' }}{% endif %}>
      {% assign entry_title = entry.title | smartify | strip_html | normalize_whitespace | xml_escape %}
      <title type="html">{{ entry_title }}</title>
      <link href="{{ entry.url | absolute_url }}" rel="alternate" type="text/html" \
title="{{ entry_title }}" />
      <published>{{ entry.date | date_to_xmlschema }}</published>
      <updated>{{ entry.last_modified_at | default: entry.date | date_to_xmlschema }}</updated>
      <id>{{ entry.id | absolute_url | xml_escape }}</id>
      {% assign summary_only = entry.feed.excerpt_only | default: site.feed.excerpt_only %}
      {% unless summary_only %}
        <content type="html" xml:base="{{ entry.url | absolute_url | xml_escape }}">\
<![CDATA[{{ entry.content | strip }}]]></content>
      {% endunless %}
      {% assign writer = entry.author | default: entry.authors[0] | default: site.author %}
      {% assign writer = site.data.authors[writer] | default: writer %}
      {% assign writer_email = writer.email | default: nil %}
      {% assign writer_uri = writer.uri | default: nil %}
      {% assign writer_name = writer.name | default: writer %}
      <author>
        <name>{{ writer_name | default: "" | xml_escape }}</name>
        {% if writer_email %}<email>{{ writer_email | xml_escape }}</email>{% endif %}
        {% if writer_uri %}<uri>{{ writer_uri | xml_escape }}</uri>{% endif %}
      </author>
      {% if entry.category %}
        <category term="{{ entry.category | xml_escape }}" />
      {% elsif entry.categories %}
        {% for term in entry.categories %}<category term="{{ term | xml_escape }}" />{% endfor %}
      {% endif %}
      {% for term in entry.tags %}<category term="{{ term | xml_escape }}" />{% endfor %}
      {% assign summary = entry.description | default: entry.excerpt %}
      {% if summary and summary != empty %}
        <summary type="html"><![CDATA[{{ summary | strip_html | normalize_whitespace }}]]></summary>
      {% endif %}
      {% assign picture = entry.image.path | default: entry.image %}
      {% if picture %}
        {% unless picture contains "://" %}{% assign picture = picture | absolute_url %}{% endunless %}
        <media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="{{ picture | xml_escape }}" />
        <media:content medium="image" url="{{ picture | xml_escape }}" \
xmlns:media="http://search.yahoo.com/mrss/" />
      {% endif %}
    </entry>
  {% endfor %}
</feed>
"""


def feed_template() -> str:
    """The Atom template, minified as the plugin serves it."""
    return minify(_TEMPLATE.replace("__VERSION__", JEKYLL_VERSION), _MINIFY)


class FeedConfig:
    """The ``feed:`` settings, normalized the way jekyll-feed reads them."""

    def __init__(self, config: dict[str, Any]) -> None:
        raw = config.get("feed")
        self.options: dict[str, Any] = raw if isinstance(raw, dict) else {}
        self.collections = self._collections()

    def _collections(self) -> dict[str, dict[str, Any]]:
        wanted = self.options.get("collections")
        if isinstance(wanted, list):
            found: dict[str, dict[str, Any]] = {str(c): {} for c in wanted}
        elif isinstance(wanted, dict):
            found = {str(k): dict(v or {}) for k, v in wanted.items()}
        else:
            found = {}
        # "posts" may also be set with top-level keys, for backwards compatibility.
        posts = found.setdefault("posts", {})
        posts.setdefault("path", self.options.get("path"))
        if posts.get("path") is None:
            posts["path"] = self.options.get("path")
        if posts.get("categories") is None:
            posts["categories"] = self.options.get("categories")
        for meta in found.values():
            meta["categories"] = list(dict.fromkeys(meta.get("categories") or []))
        return found

    def path(self, collection: str = "posts", category: str | None = None) -> str:
        """Where a feed goes: ``/feed.xml``, ``/feed/<category>.xml``, ``/feed/<collection>.xml``..."""
        prefix = "/feed" if collection == "posts" else f"/feed/{collection}"
        if category:
            return f"{prefix}/{category}.xml"
        return str(self.collections.get(collection, {}).get("path") or f"{prefix}.xml")


class Feed(Plugin):
    """The jekyll-feed generator and its ``{% feed_meta %}`` tag."""

    name = "jekyll-feed"
    priority = -20

    def generate(self, site: Site, context: PluginContext) -> None:
        """Add one feed page per collection, category and (optionally) tag."""
        log = context.log
        settings = FeedConfig(site.config)
        if settings.options.get("disable_in_development") and _environment() == "development":
            log.info("Jekyll Feed: Skipping feed generation in development")
            return
        for name, meta in settings.collections.items():
            for category in [*meta["categories"], None]:
                path = settings.path(name, category)
                if not _source_exists(site, path):
                    site.pages.append(_feed_page(site, path, name, category, None))
        if settings.options.get("tags"):
            self._tag_feeds(site, settings)

    def _tag_feeds(self, site: Site, settings: FeedConfig) -> None:
        tags_config = settings.options["tags"]
        tags_config = tags_config if isinstance(tags_config, dict) else {}
        used = _site_tags(site)
        if not used:
            return
        only = tags_config.get("only") or used
        excluded = set(tags_config.get("except") or [])
        folder = str(tags_config.get("path") or "/feed/by_tag/")
        for tag in dict.fromkeys(t for t in only if t not in excluded):
            # Only simple tag names make a feed, to keep its path simple.
            if not _SIMPLE_TAG.match(str(tag)):
                continue
            path = f"{folder}{tag}.xml"
            if not _source_exists(site, path):
                site.pages.append(_feed_page(site, path, "posts", None, str(tag)))

    def register_templates(self, templates: TemplateRegistry, context: PluginContext) -> None:
        """Add ``{% feed_meta %}``."""
        site = context.site
        templates.liquid_inline_tag("feed_meta", lambda render, _markup: feed_meta(site, render))


def feed_meta(site: Site, context: RenderContext) -> str:
    """The ``<link>`` element that points browsers at the feed."""
    feed = site.config.get("feed")
    path = (feed.get("path") if isinstance(feed, dict) else None) or "feed.xml"
    title = site.config.get("title") or site.config.get("name")
    href = context.env.filters["absolute_url"](path)
    attributes = [("type", "application/atom+xml"), ("rel", "alternate"), ("href", href)]
    if title:
        attributes.append(("title", title))
    return "<link " + " ".join(f"{k}={xml_attr(v)}" for k, v in attributes) + " />"


def _feed_page(site: Site, path: str, collection: str, category: str | None,
               tag: str | None) -> Any:
    data = {
        "layout": None, "sitemap": False, "xsl": _source_exists(site, "feed.xslt.xml"),
        "collection": collection, "category": category, "tags": tag,
    }
    return page_without_a_file(site, path, feed_template(), data)


def _source_exists(site: Site, path: str) -> bool:
    """jekyll-feed checks the source folder itself, whatever the site reads from it."""
    return (site.source / path.lstrip("/")).exists()


def _site_tags(site: Site) -> list[str]:
    """``site.tags`` keys, in the order Jekyll's post_attr_hash meets them."""
    tags: dict[str, None] = {}
    for post in site.posts:
        for tag in post.data.get("tags") or []:
            tags[str(tag)] = None
    return list(tags)


def _environment() -> str:
    import os

    return os.environ.get("JEKYLL_ENV", "development")
