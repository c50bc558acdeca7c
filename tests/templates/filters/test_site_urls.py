"""``SiteUrls``: the site's remembered relative_url/absolute_url answer as the plain functions do."""

from __future__ import annotations

import pytest

from reblog.templates.filters.urls import SiteUrls, absolute_url, relative_url

VALUES = ["/a/b.html", "a b/ü.html", "/x/../y/", "", "https://other.example/p", "?q=1#f", None, 3]


@pytest.mark.parametrize("baseurl, site_url", [("", ""), ("/blog", ""), ("/blog/", "https://example.com"),
                                               ("", "https://example.com/")])
def test_answers_as_the_plain_functions(baseurl: str, site_url: str) -> None:
    urls = SiteUrls(baseurl, site_url)
    for _ in range(2):   # (the second time from memory)
        for value in VALUES:
            assert urls.relative_url(value) == relative_url(value, baseurl)
            assert urls.absolute_url(value) == absolute_url(value, baseurl, site_url)


def test_absolute_urls_use_the_remembered_relative_ones() -> None:
    seen: list[object] = []
    urls = SiteUrls("/blog", "https://example.com")
    assert absolute_url("/p/", "/blog", "https://example.com", lambda v: seen.append(v) or urls.relative_url(v)) \
        == "https://example.com/blog/p/"
    assert seen == ["/p/"]
