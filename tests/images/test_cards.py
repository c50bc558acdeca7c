"""Social preview cards: drawn to size, laid out inside the margins, cached by their inputs, shared by the theme."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageFont

from reblog.config.parse import parse_settings
from reblog.errors import ReblogError
from reblog.images.card_image import HEIGHT, MARGIN, TITLE_BOX, WIDTH, draw_card, layout_title, load_font
from reblog.images.cards import CardSettings, card_settings, card_spec, theme_colours
from reblog.log import Logger
from reblog.pipeline import BuildOptions, BuildResult, build
from reblog.report import build_facts, build_markdown
from sitefiles import write_files

COLOURS = theme_colours()
LONG_TITLE = ("A very long title about distributed systems, retries, exponential backoff, jitter, "
              "idempotency keys, circuit breakers, load shedding and everything else that can go "
              "wrong when one service calls another across a network that drops packets") * 2
LONG_WORD = "Supercalifragilisticexpialidocious" * 4
CONFIG = "title: Field Notes\nurl: https://example.org\ntheme: reblog-default\ntimezone: UTC\n"


def _settings_of(config: dict[str, Any]) -> CardSettings | None:
    return card_settings(parse_settings(config), config)


def _build(src: Path, out: Path) -> BuildResult:
    return build(BuildOptions(source=src, destination=str(out)), Logger(quiet=True, stream=io.StringIO()))


def _post(title: str, body: str = "Some text.\n", extra: str = "") -> str:
    return f"---\nlayout: post\ntitle: {title}\n{extra}---\n{body}"


def _og_image(html: str) -> str | None:
    found = re.search(r'<meta property="og:image" content="([^"]*)"', html)
    return found.group(1) if found else None


def _cards(out: Path) -> list[str]:
    folder = out / "assets" / "cards"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_card_is_1200_by_630_in_the_theme_colours() -> None:
    card = draw_card("Hello", "Jan 2, 2024", "Field Notes", COLOURS)
    assert card.size == (1200, 630) == (WIDTH, HEIGHT)
    # The background is the theme's --bg and the band at the top its --accent (read from the CSS).
    assert dict(COLOURS)["bg"] == "#fdfdfc" and dict(COLOURS)["accent"] == "#0a5cc2"
    assert card.getpixel((WIDTH - 5, HEIGHT - 5)) == (0xfd, 0xfd, 0xfc)
    assert card.getpixel((WIDTH // 2, 5)) == (0x0a, 0x5c, 0xc2)


def test_different_titles_give_different_cards_and_names() -> None:
    one = draw_card("First post", "Jan 2, 2024", "Field Notes", COLOURS)
    two = draw_card("Second post", "Jan 2, 2024", "Field Notes", COLOURS)
    assert ImageChops.difference(one, two).getbbox() is not None
    settings = _settings_of({"theme": "reblog-default", "title": "Field Notes"})
    assert settings is not None
    a, b = card_spec("First post", None, settings), card_spec("Second post", None, settings)
    assert a is not None and b is not None and a.name != b.name and a.key != b.key


@pytest.mark.parametrize("title", ["Hi", LONG_TITLE, LONG_WORD, f"{LONG_WORD} {LONG_TITLE}"])
@pytest.mark.parametrize("font", ["pillow", "bitmap"])
def test_a_title_of_any_length_stays_inside_the_margins(title: str, font: str) -> None:
    fonts = load_font if font == "pillow" else (lambda size: ImageFont.load_default_imagefont())
    layout = layout_title(title, fonts)
    left, top, right, bottom = TITLE_BOX
    assert layout.lines and len(layout.lines) <= 4
    for box in layout.boxes:
        assert left <= box[0] and box[2] <= right and top <= box[1] and box[3] <= bottom, (box, TITLE_BOX)
    if title == LONG_TITLE and font == "pillow":
        assert layout.lines[-1].endswith("…") and layout.size == 36   # shrunk, then cut short
    if title == "Hi" and font == "pillow":
        assert layout.size == 76 and layout.lines == ("Hi",)
    # And on the drawn card no title pixel lands in the side margins.
    card = draw_card(title, "Jan 2, 2024", "Field Notes", COLOURS, fonts)
    bg = card.getpixel((0, 300))
    for x in (*range(0, MARGIN - 2), *range(WIDTH - MARGIN + 2, WIDTH)):
        assert {card.getpixel((x, y)) for y in range(top, bottom, 3)} == {bg}


def test_the_switch_the_theme_and_liquid_sites() -> None:
    assert _settings_of({"theme": "reblog-default"}) is not None
    assert _settings_of({"theme": "reblog-default", "social_cards": False}) is None
    assert _settings_of({"theme": "reblog-default", "social_cards": None}) is None
    assert _settings_of({"theme": "minima"}) is None and _settings_of({}) is None
    assert _settings_of({"social_cards": True}) is not None


def test_posts_without_an_image_share_a_card_that_exists(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write_files(src, {
        "_config.yml": CONFIG,
        "_posts/2024-01-02-plain.md": _post("Plain words"),
        "_posts/2024-01-03-own.md": _post("Own image", extra="image: /assets/own.png\n"),
        "_posts/2024-01-04-shows.md": _post("Shows one", "![A chart](/assets/chart.png)\n"),
        "index.md": "---\nlayout: home\n---\n",
    })
    result = _build(src, out)
    assert result.images is not None and result.images.cards == 1 and result.images.cards_drawn == 1
    html = (out / "2024/01/02/plain.html").read_text()
    url = _og_image(html)
    assert url and url.startswith("https://example.org/assets/cards/plain-words-")
    assert re.search(rf'<meta name="twitter:image" content="{re.escape(url)}">', html)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    card = out / url.removeprefix("https://example.org/")
    with Image.open(card) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    assert _og_image((out / "2024/01/03/own.html").read_text()) == "https://example.org/assets/own.png"
    assert _og_image((out / "2024/01/04/shows.html").read_text()) == "https://example.org/assets/chart.png"
    assert _og_image((out / "index.html").read_text()) is None
    assert _cards(out) == [card.name]
    # What `--format json` and the Actions job summary say: cards, and no image table (no images: key).
    facts = build_facts(result, Logger(quiet=True))
    assert facts["social_cards"] == {"published": 1, "drawn": 1} and facts["images"] is None
    assert "Social preview cards: 1 (1 drawn in this build)." in build_markdown(facts)


def test_the_cache_reuses_a_card_and_draws_it_again_when_the_title_changes(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write_files(src, {"_config.yml": CONFIG, "_posts/2024-01-02-a.md": _post("First title"),
                      "_posts/2024-01-03-b.md": _post("Other post")})
    first = _build(src, out)
    assert first.images is not None and first.images.cards_drawn == 2
    names = _cards(out)
    (out / "assets/cards" / names[0]).unlink()          # gone from _site: copied back from the cache
    write_files(src, {"_posts/2024-01-03-b.md": _post("Other post", "Edited body.\n")})
    second = _build(src, out)
    assert second.images is not None and second.images.cards_drawn == 0 and second.images.cards == 2
    assert _cards(out) == names
    write_files(src, {"_posts/2024-01-02-a.md": _post("Second title")})
    third = _build(src, out)
    assert third.images is not None and third.images.cards_drawn == 1 and third.images.cards == 2
    now = _cards(out)
    assert len(now) == 2 and any(n.startswith("second-title-") for n in now)
    assert not any(n.startswith("first-title-") for n in now)   # the old card is no longer published


def test_social_cards_false_turns_them_off(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write_files(src, {"_config.yml": CONFIG + "social_cards: false\n", "_posts/2024-01-02-a.md": _post("A")})
    _build(src, out)
    assert _og_image((out / "2024/01/02/a.html").read_text()) is None and _cards(out) == []


def test_a_wrong_switch_names_the_key(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_files(src, {"_config.yml": CONFIG + "social_cards: yes please\n"})
    with pytest.raises(ReblogError, match="social_cards: expected true or false") as err:
        _build(src, tmp_path / "out")
    assert err.value.line == 5


def test_liquid_sites_get_no_cards_unless_they_opt_in(tmp_path: Path) -> None:
    layout = ('<html><head>{% assign card = page | social_card %}'
              '{% if card != "" %}<meta property="og:image" content="{{ card | absolute_url }}">{% endif %}'
              '</head><body>{{ content }}</body></html>\n')
    files = {"_config.yml": "title: Jekyll site\nurl: https://example.org\n",
             "_layouts/post.html": layout, "_posts/2024-01-02-a.md": _post("A Liquid post")}
    src, out = tmp_path / "src", tmp_path / "out"
    write_files(src, files)
    result = _build(src, out)
    assert result.images is None and _cards(out) == []
    assert _og_image((out / "2024/01/02/a.html").read_text()) is None
    write_files(src, {"_config.yml": files["_config.yml"] + "social_cards: true\n"})
    _build(src, out)
    url = _og_image((out / "2024/01/02/a.html").read_text())
    assert url and (out / url.removeprefix("https://example.org/")).is_file()
