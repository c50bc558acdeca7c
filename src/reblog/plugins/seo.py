"""jekyll-seo-tag 2.8: ``{% seo %}`` writes the title, description, canonical URL, Open Graph,
Twitter and JSON-LD metadata of the page being rendered."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..templates.filters.urls import is_absolute
from .api import Plugin, PluginContext, TemplateRegistry

if TYPE_CHECKING:
    from liquid.context import RenderContext

SEO_VERSION = "2.8.0"
JEKYLL_VERSION = "4.3.1"
_SEPARATOR = " | "
_HOME_OR_ABOUT = re.compile(r"^/(about/)?(index.html?)?$", re.MULTILINE)
_VERIFICATIONS = (
    ("google", "google-site-verification"), ("bing", "msvalidate.01"),
    ("alexa", "alexaVerifyID"), ("yandex", "yandex-verification"),
    ("baidu", "baidu-site-verification"), ("facebook", "facebook-domain-verification"),
)


def _text(value: Any) -> str:
    """Liquid's output of a value (nil prints nothing, lists are joined)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "".join(_text(v) for v in value)
    return str(value)


def _sub(mapping: Any, key: str) -> Mapping[str, Any]:
    """A nested mapping, or an empty one."""
    value = mapping.get(key) if isinstance(mapping, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _blank(value: Any) -> bool:
    """Liquid's falsiness: only nil and false."""
    return value is None or value is False


class SeoData:
    """What the plugin's Drop computes for one page, from the page, the site and the filters."""

    def __init__(self, page: Mapping[str, Any], site: Mapping[str, Any], paginator: Any,
                 filters: Mapping[str, Callable[..., Any]], markup: str) -> None:
        self.page = page
        self.site = site
        self.paginator = paginator if isinstance(paginator, Mapping) else None
        self.filters = filters
        self.markup = markup

    # -- strings -------------------------------------------------------------------------------
    def format(self, value: Any) -> str | None:
        """markdownify, strip_html, normalize_whitespace, escape_once; None when empty."""
        text = value
        for name in ("markdownify", "strip_html", "normalize_whitespace", "escape_once"):
            text = self.filters[name](text)
        text = _text(text)
        return text or None

    def site_title(self) -> str | None:
        """The site's title (or name)."""
        return self.format(self.site.get("title") or self.site.get("name"))

    def site_tagline_or_description(self) -> str | None:
        """The tagline, else the description."""
        return self.format(self.site.get("tagline")) or self.site_description()

    def site_description(self) -> str | None:
        """The site's description."""
        return self.format(self.site.get("description"))

    def page_title(self) -> str | None:
        """The page title alone."""
        return self.format(self.page.get("title")) or self.site_title()

    def title(self) -> str | None:
        """The page title with the site's title (or the site's with its tagline)."""
        site_title, page_title = self.site_title(), self.page_title()
        title: str | None
        if site_title and page_title != site_title:
            title = f"{page_title}{_SEPARATOR}{site_title}"
        elif self.site_description() and site_title:
            title = f"{site_title}{_SEPARATOR}{self.site_tagline_or_description()}"
        else:
            title = page_title or site_title
        number = self.page_number()
        return number + title if number and title else title

    def page_number(self) -> str | None:
        """``Page 2 of 5 for `` on paginated pages after the first."""
        if not self.paginator or not self.paginator.get("page"):
            return None
        current, total = self.paginator["page"], self.paginator.get("total_pages")
        message = str(self.site.get("seo_paginator_message") or "Page %<current>s of %<total>s for ")
        if current > 1:
            return message.replace("%<current>s", str(current)).replace("%<total>s", str(total))
        return None

    def show_title(self) -> bool:
        """Whether to write ``<title>`` (``{% seo title=false %}`` turns it off)."""
        return bool(self.title()) and not re.search(r"title=false", self.markup, re.IGNORECASE)

    def description(self) -> str | None:
        """The page description (or excerpt), else the site's."""
        return (self.format(self.page.get("description") or self.page.get("excerpt"))
                or self.site_description())

    def home_or_about(self) -> bool:
        """Whether the page is the home page or the about page."""
        return bool(_HOME_OR_ABOUT.search(_text(self.page.get("url"))))

    def name(self) -> str | None:
        """The entity name in JSON-LD."""
        seo = _sub(self.page, "seo")
        if seo.get("name"):
            return self.format(seo["name"])
        if not self.home_or_about():
            return None
        social = _sub(self.site, "social")
        if social.get("name"):
            return self.format(social["name"])
        return self.site_title()

    # -- author and image ----------------------------------------------------------------------
    def author(self) -> Mapping[str, Any]:
        """The author's fields: from page.author, page.authors[0] or site.author, with site.data.authors."""
        sources = [self.page.get("author")]
        authors = self.page.get("authors")
        if isinstance(authors, list):
            sources.append(authors[0] if authors else None)
        sources.append(self.site.get("author"))
        found = next((s for s in sources if _text(s) != ""), None)
        if isinstance(found, Mapping):
            return found
        if isinstance(found, str):
            data = _sub(self.site.get("data"), "authors").get(found)
            return {"name": found, **(data if isinstance(data, Mapping) else {})}
        return {}

    def author_twitter(self) -> str | None:
        """The author's Twitter handle without ``@``."""
        author = self.author()
        handle = author.get("twitter") or author.get("name")
        return handle[1:] if isinstance(handle, str) and handle.startswith("@") else (
            handle if isinstance(handle, str) else None)

    def image(self) -> dict[str, Any] | None:
        """The image's fields with ``path`` as an escaped absolute URL, or None without a path."""
        meta = self.page.get("image")
        if isinstance(meta, Mapping):
            fields: dict[str, Any] = {"path": None, **meta}
        elif isinstance(meta, str):
            fields = {"path": meta}
        else:
            return None
        raw = fields.get("path") or fields.get("facebook") or fields.get("twitter")
        if not raw:
            return None
        url = raw
        if isinstance(raw, str) and not is_absolute(raw):
            url = self.filters["absolute_url"](raw)
        fields["path"] = self.filters["uri_escape"](url)
        return fields

    # -- dates, type, links --------------------------------------------------------------------
    def date_modified(self) -> str | None:
        """``dateModified``: seo.date_modified, last_modified_at or the date."""
        date = (_sub(self.page, "seo").get("date_modified") or self.page.get("last_modified_at")
                or self.page.get("date"))
        return self.filters["date_to_xmlschema"](date) if date else None

    def date_published(self) -> str | None:
        """``datePublished``: the page's date."""
        date = self.page.get("date")
        return self.filters["date_to_xmlschema"](date) if date else None

    def type(self) -> str:
        """The JSON-LD ``@type``."""
        seo = _sub(self.page, "seo")
        if seo.get("type"):
            return str(seo["type"])
        if self.home_or_about():
            return "WebSite"
        return "BlogPosting" if self.page.get("date") else "WebPage"

    def links(self) -> Any:
        """``sameAs``: seo.links, or the site's social links on the home and about pages."""
        seo = _sub(self.page, "seo")
        if seo.get("links"):
            return seo["links"]
        if self.home_or_about():
            return _sub(self.site, "social").get("links") or None
        return None

    def logo(self) -> str | None:
        """The site logo as an escaped absolute URL."""
        logo = self.site.get("logo")
        if not logo:
            return None
        if not is_absolute(str(logo)):
            logo = self.filters["absolute_url"](logo)
        escaped: str = self.filters["uri_escape"](logo)
        return escaped

    def locale(self) -> str:
        """``og:locale``: locale or lang of the page or the site, ``en_US`` by default."""
        lang = self.page.get("lang") or self.site.get("lang") or "en_US"
        return _text(self.page.get("locale") or self.site.get("locale") or lang).replace("-", "_")

    def canonical_url(self) -> str:
        """The page's canonical URL."""
        given = self.page.get("canonical_url")
        if _text(given) == "":
            url = _text(self.filters["absolute_url"](self.page.get("url")))
            return re.sub(r"/index\.html$", "/", url)
        return _text(given)

    # -- JSON-LD -------------------------------------------------------------------------------
    def json_ld(self) -> str:
        """The JSON-LD object, keys sorted, nil values left out."""
        author = self.author()
        entries: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": self.type(),
            "author": self._json_author(author),
            "dateModified": self.date_modified(),
            "datePublished": self.date_published(),
            "description": self.description(),
            "headline": self.page_title(),
            "image": self._json_image(),
            "mainEntityOfPage": (
                {"@type": "WebPage", "@id": self.canonical_url()}
                if self.type() in ("BlogPosting", "CreativeWork") else None),
            "name": self.name(),
            "publisher": self._json_publisher(author),
            "sameAs": self.links(),
            "url": self.canonical_url(),
        }
        ordered = {k: entries[k] for k in sorted(entries) if entries[k] is not None}
        return json.dumps(ordered, ensure_ascii=False, separators=(",", ":"), default=str)

    def _json_author(self, author: Mapping[str, Any]) -> dict[str, Any] | None:
        if not author.get("name"):
            return None
        kind = author.get("type")
        if kind and kind not in ("Organization", "Person"):
            return None
        found = {"@type": kind or "Person", "name": author["name"]}
        if author.get("url"):
            found["url"] = author["url"]
        return found

    def _json_image(self) -> Any:
        image = self.image()
        if image is None:
            return None
        if len(image) == 1:
            return image["path"]
        fields = dict(image)
        fields["url"] = fields.pop("path")
        fields["@type"] = "imageObject"
        return fields

    def _json_publisher(self, author: Mapping[str, Any]) -> dict[str, Any] | None:
        logo = self.logo()
        if not logo:
            return None
        found: dict[str, Any] = {
            "@type": "Organization", "logo": {"@type": "ImageObject", "url": logo},
        }
        if author.get("name"):
            found["name"] = author["name"]
        return found


def seo_lines(seo: SeoData) -> list[str]:
    """The tag's elements, one per line, in the plugin's order."""
    site, page = seo.site, seo.page
    lines = [f"<!-- Begin Jekyll SEO tag v{SEO_VERSION} -->"]
    if seo.show_title():
        lines.append(f"<title>{seo.title()}</title>")
    lines.append(f'<meta name="generator" content="Jekyll v{JEKYLL_VERSION}" />')
    page_title = seo.page_title()
    if page_title:
        lines.append(f'<meta property="og:title" content="{page_title}" />')
    author = seo.author()
    if author.get("name"):
        lines.append(f'<meta name="author" content="{_text(author["name"])}" />')
    lines.append(f'<meta property="og:locale" content="{seo.locale()}" />')
    description = seo.description()
    if description:
        lines.append(f'<meta name="description" content="{description}" />')
        lines.append(f'<meta property="og:description" content="{description}" />')
    if not _blank(site.get("url")):
        lines.append(f'<link rel="canonical" href="{seo.canonical_url()}" />')
        lines.append(f'<meta property="og:url" content="{seo.canonical_url()}" />')
    if seo.site_title():
        lines.append(f'<meta property="og:site_name" content="{seo.site_title()}" />')
    image = seo.image()
    if image:
        lines.append(f'<meta property="og:image" content="{_text(image["path"])}" />')
        for key in ("height", "width", "alt"):
            if not _blank(image.get(key)):
                lines.append(f'<meta property="og:image:{key}" content="{_text(image[key])}" />')
    lines.extend(_type_lines(seo))
    lines.extend(_twitter_lines(seo, image))
    lines.extend(_verification_lines(site))
    lines.append('<script type="application/ld+json">')
    lines.append(f"{seo.json_ld()}</script>")
    lines.append("<!-- End Jekyll SEO tag -->")
    del page
    return lines


def _type_lines(seo: SeoData) -> list[str]:
    lines = []
    date = seo.page.get("date")
    if date:
        lines.append('<meta property="og:type" content="article" />')
        published = seo.filters["date_to_xmlschema"](date)
        lines.append(f'<meta property="article:published_time" content="{_text(published)}" />')
    else:
        lines.append('<meta property="og:type" content="website" />')
    paginator = seo.paginator or {}
    for rel, number, path in (("prev", "previous_page", "previous_page_path"),
                              ("next", "next_page", "next_page_path")):
        if paginator.get(number):
            href = _text(seo.filters["absolute_url"](paginator.get(path)))
            lines.append(f'<link rel="{rel}" href="{href}" />')
    return lines


def _twitter_lines(seo: SeoData, image: Mapping[str, Any] | None) -> list[str]:
    site, page = seo.site, seo.page
    lines = []
    if image:
        card = (_sub(page, "twitter").get("card") or _sub(site, "twitter").get("card")
                or "summary_large_image")
        lines.append(f'<meta name="twitter:card" content="{_text(card)}" />')
        lines.append(f'<meta property="twitter:image" content="{_text(image["path"])}" />')
    else:
        lines.append('<meta name="twitter:card" content="summary" />')
    if image and not _blank(image.get("alt")):
        lines.append(f'<meta name="twitter:image:alt" content="{_text(image["alt"])}" />')
    if seo.page_title():
        lines.append(f'<meta property="twitter:title" content="{seo.page_title()}" />')
    twitter = site.get("twitter")
    if twitter:
        username = _text(_sub(site, "twitter").get("username")).replace("@", "")
        lines.append(f'<meta name="twitter:site" content="@{username}" />')
        if seo.author_twitter():
            handle = _text(seo.author_twitter()).replace("@", "")
            lines.append(f'<meta name="twitter:creator" content="@{handle}" />')
    facebook = site.get("facebook")
    if facebook:
        facebook = _sub(site, "facebook")
        for key, prop in (("admins", "fb:admins"), ("publisher", "article:publisher"),
                          ("app_id", "fb:app_id")):
            if facebook.get(key):
                lines.append(f'<meta property="{prop}" content="{_text(facebook[key])}" />')
    return lines


def _verification_lines(site: Mapping[str, Any]) -> list[str]:
    lines = []
    if site.get("webmaster_verifications"):
        verifications = _sub(site, "webmaster_verifications")
        for key, name in _VERIFICATIONS:
            if verifications.get(key):
                lines.append(f'<meta name="{name}" content="{_text(verifications[key])}" />')
    elif site.get("google_site_verification"):
        code = _text(site["google_site_verification"])
        lines.append(f'<meta name="google-site-verification" content="{code}" />')
    return lines


def render_seo(context: RenderContext, markup: str) -> str:
    """The ``{% seo %}`` tag's output for the page being rendered."""
    page = context.get(["page"], token=None, default=None)
    site = context.get(["site"], token=None, default=None)
    paginator = context.get(["paginator"], token=None, default=None)
    seo = SeoData(page if isinstance(page, Mapping) else {}, site if isinstance(site, Mapping) else {},
                  paginator, _Filters(context), markup)
    return "\n".join(seo_lines(seo)) + "\n"


class _Filters(Mapping[str, Callable[..., Any]]):
    """The environment's filters, called as templates call them (some want the context)."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context

    def __getitem__(self, name: str) -> Callable[..., Any]:
        func = self.context.env.filters[name]
        if getattr(func, "with_context", False):
            return lambda *args: func(*args, context=self.context)
        if getattr(func, "with_environment", False):
            return lambda *args: func(*args, environment=self.context.env)
        return func

    def __iter__(self) -> Any:
        return iter(self.context.env.filters)

    def __len__(self) -> int:
        return len(self.context.env.filters)


class Seo(Plugin):
    """The jekyll-seo-tag plugin: the ``{% seo %}`` tag."""

    name = "jekyll-seo-tag"

    def register_templates(self, templates: TemplateRegistry, context: PluginContext) -> None:
        """Add ``{% seo %}``."""
        templates.liquid_inline_tag("seo", render_seo)
