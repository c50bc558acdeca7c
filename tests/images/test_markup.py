"""The tokenizer-based <img> finder and the <picture> it writes, without building a site."""

from __future__ import annotations

from reblog.images.markup import (
    SourceSet,
    eligible,
    find_images,
    near_top,
    picture,
    replace_ranges,
)

PAGE = """<!DOCTYPE html>
<html><head><style>img { x: "<img src='no.png'>" }</style>
<script>document.write('<img src="script.png">');</script></head>
<body>
<!-- <img src="comment.png"> -->
<p>An <IMG SRC="/a.png" alt='Tom &amp; Jerry'> and
<img src="b.png"/></p>
<picture><source srcset="x.avif"><img src="inside.png"></picture>
<img src="opt.png" data-no-responsive>
<img src="done.png" srcset="done-2x.png 2x">
<pre><code>&lt;img src="code.png"&gt;</code></pre>
</body></html>
"""


def test_finds_real_img_tags_with_exact_ranges() -> None:
    tags = find_images(PAGE)
    assert [t.get("src") for t in tags] == ["/a.png", "b.png", "inside.png", "opt.png", "done.png"]
    for tag in tags:
        assert PAGE[tag.start:tag.end].lower().startswith("<img")
        assert PAGE[tag.end - 1] == ">"
    assert tags[0].get("alt") == "Tom & Jerry"
    assert tags[1].self_closing


def test_eligibility_skips_picture_opt_out_and_srcset() -> None:
    assert [eligible(t) for t in find_images(PAGE)] == [True, True, False, False, False]


def test_crlf_pages_map_positions_exactly() -> None:
    text = "<p>\r\nx\r\n<img src='a.png'>\r\n<img src='b.png'></p>"
    tags = find_images(text)
    assert [text[t.start:t.end] for t in tags] == ["<img src='a.png'>", "<img src='b.png'>"]


def test_picture_keeps_src_and_adds_responsive_attributes() -> None:
    tag = find_images('<img src="/a.png" alt="A &amp; B" class="c" loading="lazy">')[0]
    html = picture(tag, [SourceSet("image/avif", "/r/a-1-100.avif 100w")], "/r/a-2-100.png 100w, /a.png 300w",
                   "100vw", 300, 200, first=False)
    assert html.startswith('<picture><source type="image/avif" srcset="/r/a-1-100.avif 100w" sizes="100vw">')
    assert '<img src="/a.png" alt="A &amp; B" class="c" loading="lazy" ' in html
    assert 'srcset="/r/a-2-100.png 100w, /a.png 300w" sizes="100vw" width="300" height="200"' in html
    assert html.count("loading=") == 1 and 'decoding="async"' in html
    assert html.endswith("></picture>")


def test_first_image_is_not_lazy() -> None:
    tag = find_images('<img src="/a.png" loading="lazy" width="10">')[0]
    html = picture(tag, [], "/a.png 300w", "100vw", 300, 200, first=True)
    assert "loading" not in html and "decoding" not in html
    # The author's own width stays, and no height is invented next to it.
    assert 'width="10"' in html and "height" not in html


def test_replace_ranges_leaves_the_rest_byte_identical() -> None:
    text = "a<img src=x>b<img src=y>c"
    tags = find_images(text)
    assert replace_ranges(text, [(t.start, t.end, "[]") for t in tags]) == "a[]b[]c"
    assert replace_ranges(text, []) == text


def test_an_image_after_the_first_screen_is_not_near_the_top() -> None:
    header = "<body><header><ul>" + "<li>menu</li>" * 10 + "</ul></header><main>"
    top = header + "<h1>T</h1><p>intro</p><img src=a.png>"
    assert near_top(top, find_images(top)[0])
    deep = header + "<h1>T</h1>" + "<p>para</p>" * 40 + "<img src=a.png>"
    assert not near_top(deep, find_images(deep)[0])
    # <picture> and <pre>-like names are told apart: only whole tag names count as blocks.
    pictures = "<main>" + "<picture></picture>" * 10 + "<img src=a.png>"
    assert near_top(pictures, find_images(pictures)[0])
