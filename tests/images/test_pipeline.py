"""Building sites with ``images:``: markup, variants, the cache, workers, and pass-through."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from images_helpers import (
    CONFIG,
    SVG,
    build_at,
    gif_bytes,
    image_bytes,
    page,
    tree,
    write_site,
)
from PIL import Image

import reblog.pipeline
from reblog.pipeline import BuildOptions, build
from reblog.errors import ReblogError
from reblog.images.markup import find_images
from reblog.log import Logger

INCLUDE = '<figure><img src="{{ include.src | relative_url }}" alt="{{ include.alt }}" loading="lazy"></figure>'
LAYOUT_WITH_LOGO = (
    '<html><body><header><img src="/assets/logo.png" alt="logo"></header>\n'
    "{{ content }}\n</body></html>\n"
)


def _site(tmp_path: Path, config: str = CONFIG) -> Path:
    src = tmp_path / "src"
    write_site(src, {
        "_includes/candid-image.html": INCLUDE,
        "_layouts/logo.html": LAYOUT_WITH_LOGO,
        "assets/photo.jpg": image_bytes(600, 400, "JPEG"),
        "assets/wide.png": image_bytes(300, 150),
        "assets/logo.png": image_bytes(120, 60, mode="RGBA"),
        "index.md": page(
            '{% include candid-image.html src="/assets/photo.jpg" alt="Photo" %}\n\n'
            "Text ![Wide](/assets/wide.png) more.\n\n"
            "![Again](assets/photo.jpg)\n",
            title="Home",
        ),
        "about.md": "---\nlayout: logo\n---\nAbout\n",
    }, config)
    return src


def _pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, re.DOTALL)


def _srcset_urls(html: str, mime: str | None = None) -> list[str]:
    pattern = rf'<source type="{mime}" srcset="([^"]+)"' if mime else r'<img[^>]* srcset="([^"]+)"'
    return [entry.split()[0] for found in re.findall(pattern, html) for entry in found.split(", ")]


def test_markup_is_rewritten_into_picture(tmp_path: Path) -> None:
    result, log = build_at(_site(tmp_path), tmp_path / "out")
    html = (tmp_path / "out/index.html").read_text()
    pictures = _pictures(html)
    assert len(pictures) == 3, html
    assert not log.warnings
    first, second, third = pictures
    for pic in pictures:
        assert pic.index('type="image/avif"') < pic.index('type="image/webp"') < pic.index("<img")
        assert pic.count('sizes="(max-width: 800px) 100vw, 800px"') == 3
    # The <img> keeps its src (the modal script reads the full-size image from it).
    assert '<img src="/assets/photo.jpg" alt="Photo"' in first
    assert 'width="600" height="400"' in first
    assert "loading" not in first and "decoding" not in first   # the first image loads at once
    assert 'src="/assets/wide.png"' in second and 'width="300" height="150"' in second
    assert 'loading="lazy" decoding="async"' in second
    assert 'src="assets/photo.jpg"' in third and 'loading="lazy"' in third
    # The layout's image is rewritten too.
    about = (tmp_path / "out/about.html").read_text()
    assert len(_pictures(about)) == 1 and 'src="/assets/logo.png"' in about
    assert result.images is not None and result.images.pages == 2


def test_a_first_image_far_down_the_page_stays_lazy(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_site(src, {
        "assets/photo.jpg": image_bytes(600, 400, "JPEG"),
        "index.md": page("".join(f"Paragraph {n}.\n\n" for n in range(30)) + "![Deep](/assets/photo.jpg)\n",
                         title="Home"),
    }, CONFIG)
    build_at(src, tmp_path / "out")
    (deep,) = _pictures((tmp_path / "out/index.html").read_text())
    assert 'loading="lazy" decoding="async"' in deep


def test_everything_outside_img_tags_is_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _site(tmp_path)
    build_at(src, tmp_path / "with")
    monkeypatch.setattr(reblog.pipeline, "start_images", lambda *a, **k: None)
    build_at(src, tmp_path / "without")
    for name in ("index.html", "about.html"):
        plain = (tmp_path / "without" / name).read_text()
        rich = (tmp_path / "with" / name).read_text()
        tags = find_images(plain)
        assert tags
        rebuilt = rich
        for pic in _pictures(rich):
            img = re.search(r"<img[^>]*>", pic)
            assert img is not None
            original = next(plain[t.start:t.end] for t in tags if f'src="{t.get("src")}"' in img.group(0))
            rebuilt = rebuilt.replace(pic, original, 1)
        assert rebuilt == plain


def test_variants_have_the_ladder_widths_and_formats(tmp_path: Path) -> None:
    result, _ = build_at(_site(tmp_path), tmp_path / "out")
    out = tmp_path / "out"
    html = (out / "index.html").read_text()
    first = _pictures(html)[0]
    # 600 px is wider than the ladder's top (400): the ladder caps it.
    expected = {"image/avif": ("AVIF", [100, 200, 400]), "image/webp": ("WEBP", [100, 200, 400])}
    for mime, (fmt, widths) in expected.items():
        urls = _srcset_urls(first, mime)
        assert [int(u.rsplit("-", 1)[1].split(".")[0]) for u in urls] == widths
        for url, width in zip(urls, widths):
            assert re.fullmatch(rf"/assets/resized/photo-[0-9a-f]{{8}}-{width}\.{fmt.lower()}", url)
            with Image.open(out / url.lstrip("/")) as image:
                assert image.format == fmt and image.width == width
                assert image.height == round(400 * width / 600)
    # The fallback srcset: JPEG variants at the same widths (the original is wider than the top).
    fallback = _srcset_urls(first)
    assert len(fallback) == 3 and "/assets/photo.jpg" not in fallback
    for url, width in zip(fallback, [100, 200, 400]):
        with Image.open(out / url.lstrip("/")) as image:
            assert image.format == "JPEG" and image.width == width
    assert result.images is not None and result.images.variants == len(list((out / "assets/resized").iterdir()))


def test_images_are_never_upscaled(tmp_path: Path) -> None:
    build_at(_site(tmp_path), tmp_path / "out")
    second = _pictures((tmp_path / "out/index.html").read_text())[1]
    for mime in ("image/avif", "image/webp"):
        assert [u.rsplit("-", 1)[1] for u in _srcset_urls(second, mime)] == [
            "100." + mime[6:], "200." + mime[6:], "300." + mime[6:]]
    assert _srcset_urls(second)[-1] == "/assets/wide.png"
    sizes = [Image.open(p).width for p in (tmp_path / "out/assets/resized").glob("wide-*")]
    assert max(sizes) == 300


def test_original_files_are_copied_unchanged(tmp_path: Path) -> None:
    src = _site(tmp_path)
    build_at(src, tmp_path / "out")
    for name in ("photo.jpg", "wide.png", "logo.png"):
        assert (tmp_path / "out/assets" / name).read_bytes() == (src / "assets" / name).read_bytes()


def test_second_build_encodes_nothing(tmp_path: Path) -> None:
    src = _site(tmp_path)
    first, _ = build_at(src, tmp_path / "out")
    assert first.images is not None and first.images.encoded > 0 and first.images.cached == 0
    cold = tree(tmp_path / "out")
    second, _ = build_at(src, tmp_path / "out")
    assert second.images is not None
    assert second.images.encoded == 0
    assert second.images.cached == first.images.variants
    assert tree(tmp_path / "out") == cold
    # The cache holds one file per variant, under the configured folder.
    assert len([p for p in (src / ".cache/images").rglob("*") if p.is_file()]) == first.images.encoded


def test_a_changed_image_is_encoded_again_under_a_new_name(tmp_path: Path) -> None:
    src = _site(tmp_path)
    build_at(src, tmp_path / "out")
    before = {p.name for p in (tmp_path / "out/assets/resized").glob("wide-*")}
    (src / "assets/wide.png").write_bytes(image_bytes(300, 150, mode="L"))
    result, _ = build_at(src, tmp_path / "out")
    after = {p.name for p in (tmp_path / "out/assets/resized").glob("wide-*")}
    assert result.images is not None and result.images.encoded == len(after)
    assert not before & after


def test_one_worker_and_all_workers_make_the_same_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    src_a = _site(tmp_path / "a")
    src_b = _site(tmp_path / "b")
    one, _ = build_at(src_a, tmp_path / "one", jobs=1)
    many, _ = build_at(src_b, tmp_path / "many")
    assert one.images is not None and many.images is not None
    assert one.images.workers == 1 and one.images.encoded == many.images.encoded
    a, b = tree(tmp_path / "one"), tree(tmp_path / "many")
    assert a.keys() == b.keys()
    for rel in a:
        if rel.startswith("assets/resized/"):
            with Image.open(tmp_path / "one" / rel) as x, Image.open(tmp_path / "many" / rel) as y:
                assert (x.format, x.size) == (y.format, y.size)
        else:
            assert a[rel] == b[rel], rel


def test_baseurl_prefixed_images_resolve(tmp_path: Path) -> None:
    src = _site(tmp_path, CONFIG + 'baseurl: "/blog"\n')
    _, log = build_at(src, tmp_path / "out")
    html = (tmp_path / "out/index.html").read_text()
    first = _pictures(html)[0]
    assert '<img src="/blog/assets/photo.jpg"' in first
    assert all(u.startswith("/blog/assets/resized/") for u in _srcset_urls(first, "image/avif"))
    assert all(u.startswith("/blog/assets/resized/photo-") for u in _srcset_urls(first))
    # A src written without the baseurl still finds its file; the srcset gets the right URLs.
    second = _pictures(html)[1]
    assert '<img src="/assets/wide.png"' in second
    assert _srcset_urls(second)[-1] == "/blog/assets/wide.png"
    assert not log.warnings


def test_gif_svg_and_external_images_pass_through(tmp_path: Path) -> None:
    src = tmp_path / "src"
    body = ('<img src="/assets/anim.gif" alt="g"> <img src="/assets/logo.svg" alt="s"> '
            '<img src="https://example.com/x.png" alt="e"> <img src="data:image/png;base64,AAAA" alt="d">')
    write_site(src, {"index.html": page(body), "assets/anim.gif": gif_bytes(), "assets/logo.svg": SVG})
    result, log = build_at(src, tmp_path / "out")
    html = (tmp_path / "out/index.html").read_text()
    assert "<picture>" not in html and body in html
    assert not log.warnings
    assert not (tmp_path / "out/assets/resized").exists()
    assert result.images is not None and result.images.encoded == 0


def test_existing_picture_and_opt_out_are_left_alone(tmp_path: Path) -> None:
    src = tmp_path / "src"
    body = ('<picture><source srcset="/assets/a.png"><img src="/assets/a.png" alt="in"></picture>\n'
            '<img src="/assets/a.png" alt="out" data-no-responsive>')
    write_site(src, {"index.html": page(body), "assets/a.png": image_bytes(300, 200)})
    build_at(src, tmp_path / "out")
    assert body in (tmp_path / "out/index.html").read_text()


def test_animated_webp_is_passed_through(tmp_path: Path) -> None:
    import io

    frames = [Image.new("RGB", (40, 30), c) for c in ("red", "blue")]
    data = io.BytesIO()
    frames[0].save(data, "WEBP", save_all=True, append_images=frames[1:])
    src = tmp_path / "src"
    write_site(src, {"index.html": page('<img src="/assets/a.webp">'), "assets/a.webp": data.getvalue()})
    _, log = build_at(src, tmp_path / "out")
    assert '<img src="/assets/a.webp">' in (tmp_path / "out/index.html").read_text()
    assert not log.warnings


def test_exif_orientation_gives_the_shown_size(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_site(src, {"index.html": page('<img src="/assets/r.jpg">'),
                     "assets/r.jpg": image_bytes(300, 200, "JPEG", exif_orientation=6)})
    build_at(src, tmp_path / "out")
    html = (tmp_path / "out/index.html").read_text()
    assert 'width="200" height="300"' in html
    for url in _srcset_urls(html, "image/webp"):
        with Image.open(tmp_path / "out" / url.lstrip("/")) as image:
            assert image.height > image.width


def test_webp_original_gets_no_duplicate_webp_source(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_site(src, {"index.html": page('<img src="/assets/w.webp">'),
                     "assets/w.webp": image_bytes(300, 200, "WEBP")})
    build_at(src, tmp_path / "out")
    html = (tmp_path / "out/index.html").read_text()
    assert 'type="image/avif"' in html and 'type="image/webp"' not in html
    assert _srcset_urls(html)[-1] == "/assets/w.webp"


def test_settings_from_config(tmp_path: Path) -> None:
    config = ("timezone: UTC\nimages:\n  widths: [150]\n  formats: [webp]\n  sizes: 50vw\n"
              "  output: img/v\n  quality: {webp: 60}\n  workers: 1\n  cache: .c\n")
    src = tmp_path / "src"
    write_site(src, {"index.html": page('<img src="/assets/a.png">'), "assets/a.png": image_bytes(300, 200)},
               config)
    result, _ = build_at(src, tmp_path / "out")
    html = (tmp_path / "out/index.html").read_text()
    assert 'type="image/avif"' not in html and 'sizes="50vw"' in html
    assert sorted(p.suffix for p in (tmp_path / "out/img/v").iterdir()) == [".png", ".webp"]
    assert result.images is not None and result.images.workers == 1
    assert (src / ".c").is_dir()


@pytest.mark.parametrize("images", ["  widths: []\n", "  formats: [jxl]\n", "  quality: {webp: 0}\n",
                                    "  output: ../x\n", "  workers: 0\n",
                                    # a misspelt key next to reblog's (alone, the mapping is the site's own)
                                    "  widths: [480]\n  colour: red\n"])
def test_bad_settings_are_config_errors(tmp_path: Path, images: str) -> None:
    src = tmp_path / "src"
    write_site(src, {"index.html": page("x")}, "images:\n" + images)
    with pytest.raises(ReblogError) as err:
        build_at(src, tmp_path / "out")
    assert err.value.file is not None and err.value.file.endswith("_config.yml")
    assert err.value.line is not None and err.value.line > 1 and "images:" in err.value.message


def test_enabled_false_is_a_no_op(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_site(src, {"index.html": page('<img src="/assets/a.png">'), "assets/a.png": image_bytes(300, 200)},
               "images:\n  enabled: false\n")
    result, _ = build_at(src, tmp_path / "out")
    assert result.images is None and "<picture>" not in (tmp_path / "out/index.html").read_text()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal(tmp_path: Path) -> None:
    stream = _Terminal()
    options = BuildOptions(source=_site(tmp_path), destination=str(tmp_path / "out"))
    build(options, Logger(stream=stream, progress_after=0.0))
    assert re.search(r"\rImages: 3/3 encoded \(100%\)\x1b\[K\n", stream.getvalue())


def test_no_progress_line_when_not_a_terminal(tmp_path: Path) -> None:
    stream = io.StringIO()
    build(BuildOptions(source=_site(tmp_path), destination=str(tmp_path / "out")),
          Logger(stream=stream, progress_after=0.0))
    assert "Images:" not in stream.getvalue()


def test_no_progress_line_on_github_actions(tmp_path: Path) -> None:
    from reblog.ci import GitHubActions

    stream = _Terminal()   # even when the runner's log looks like a terminal
    build(BuildOptions(source=_site(tmp_path), destination=str(tmp_path / "out")),
          Logger(stream=stream, github=GitHubActions(tmp_path), progress_after=0.0))
    assert "Images:" not in stream.getvalue()


def test_bytes_saved_is_each_original_less_its_smallest_top_width_variant(tmp_path: Path) -> None:
    src = _site(tmp_path)
    result, _ = build_at(src, tmp_path / "out")
    assert result.images is not None
    out = tmp_path / "out"
    originals = saved = 0
    for name in ("photo.jpg", "wide.png", "logo.png"):
        stem = name.rsplit(".", 1)[0]
        variants = list((out / "assets/resized").glob(f"{stem}-*"))
        if not variants:
            continue
        top = max(int(v.stem.rsplit("-", 1)[1]) for v in variants)
        smallest = min(v.stat().st_size for v in variants if v.stem.endswith(f"-{top}"))
        original = (src / "assets" / name).stat().st_size
        originals += original
        saved += max(0, original - smallest)
    assert result.images.original_bytes == originals > 0
    assert result.images.bytes_saved == saved > 0


def test_relative_and_absolute_site_urls_resolve(tmp_path: Path) -> None:
    src = tmp_path / "src"
    body = ('<img src="../../../assets/a.png" alt="rel">\n'
            '<img src="https://blog.example.com/assets/a.png?v=2" alt="abs">\n')
    write_site(src, {"_posts/2024-01-02-post.html": page(body), "assets/a.png": image_bytes(300, 200)},
               CONFIG + 'url: "https://blog.example.com"\n')
    _, log = build_at(src, tmp_path / "out")
    html = (tmp_path / "out/2024/01/02/post.html").read_text()
    assert len(_pictures(html)) == 2 and not log.warnings
    assert 'src="../../../assets/a.png"' in html and 'src="https://blog.example.com/assets/a.png?v=2"' in html
