"""jekyll-sitemap 1.4: ``sitemap.xml`` listing documents, HTML pages and HTML/PDF files, and ``robots.txt``."""

from __future__ import annotations

from ..model import Site
from ..templates.views import static_file_view
from ._common import page_without_a_file, url_exists
from .api import Plugin, PluginContext

# File types the sitemap lists among static files.
_LISTED_EXTENSIONS = (".htm", ".html", ".xhtml", ".pdf")

# reblog's sitemap template, written out as the plugin's minified one renders (line breaks kept
# only after elements that end a line).
_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '{% if page.xsl %}<?xml-stylesheet type="text/xsl" '
    'href="{{ "/sitemap.xsl" | absolute_url }}"?>\n{% endif %}'
    '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
    'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" '
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    # Documents of written collections, with their date as lastmod.
    "{% for c in site.collections %}{% unless c.output == false %}"
    "{% for d in c.docs %}{% unless d.sitemap == false %}<url>\n"
    "<loc>{{ d.url | replace: '/index.html', '/' | absolute_url | xml_escape }}</loc>\n"
    "{% if d.last_modified_at or d.date %}"
    "<lastmod>{{ d.last_modified_at | default: d.date | date_to_xmlschema }}</lastmod>\n"
    "{% endif %}</url>\n{% endunless %}{% endfor %}{% endunless %}{% endfor %}"
    # HTML pages but the 404 page.
    "{% for p in site.html_pages %}"
    "{% unless p.sitemap == false or p.url == '/404.html' %}<url>\n"
    "<loc>{{ p.url | replace: '/index.html', '/' | absolute_url | xml_escape }}</loc>\n"
    "{% if p.last_modified_at %}"
    "<lastmod>{{ p.last_modified_at | date_to_xmlschema }}</lastmod>\n"
    "{% endif %}</url>\n{% endunless %}{% endfor %}"
    # Static HTML and PDF files, dated by their modification time.
    "{% for f in page.static_files %}"
    "{% unless f.sitemap == false or f.name == '404.html' %}<url>\n"
    "<loc>{{ f.path | replace: '/index.html', '/' | absolute_url | xml_escape }}</loc>\n"
    "<lastmod>{{ f.modified_time | date_to_xmlschema }}</lastmod>\n"
    "</url>\n{% endunless %}{% endfor %}</urlset>\n"
)

_ROBOTS = 'Sitemap: {{ "sitemap.xml" | absolute_url }}\n'


class Sitemap(Plugin):
    """The jekyll-sitemap generator."""

    name = "jekyll-sitemap"
    priority = -20

    def generate(self, site: Site, context: PluginContext) -> None:
        """Add ``sitemap.xml`` and ``robots.txt`` unless the site has its own."""
        # Both checks look at what existed before this generator added anything.
        has_sitemap = url_exists(site, "/sitemap.xml")
        has_robots = url_exists(site, "/robots.txt")
        if not has_sitemap:
            files = [static_file_view(f) for f in site.static_files
                     if _extname(f.name) in _LISTED_EXTENSIONS]
            data = {"layout": None, "static_files": files,
                    "xsl": url_exists(site, "/sitemap.xsl")}
            site.pages.append(page_without_a_file(site, "sitemap.xml", _SITEMAP, data))
        if not has_robots:
            site.pages.append(page_without_a_file(site, "robots.txt", _ROBOTS, {"layout": None}))


def _extname(name: str) -> str:
    """Ruby's File.extname: the last dot's suffix, none for dot files."""
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""
