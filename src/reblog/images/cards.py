"""Social preview cards: which posts get one, what it shows, and the name it is cached and published under.

A card is a 1200x630 PNG with the post's title, date and the site's name in the built-in
theme's colours (drawn by ``card_image`` in the image workers). Templates ask for one with the
``social_card`` filter (``{{ page | social_card }}``: the card's site-relative URL, or "" when
cards are off); the image pipeline then makes every card an output refers to. The name is a
hash of everything drawn, so a card is drawn again only when one of those inputs changes.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..config.model import Settings
from ..theme import BUILTIN_NAMES, THEMES_DIR

# Bumped whenever the drawing changes (layout, sizes, font): every card is then drawn again.
CARD_VERSION = "1"
CARD_SIZE = (1200, 630)
CARDS_OUTPUT = "assets/cards"
DEFAULT_DATE_FORMAT = "%b %-d, %Y"   # the built-in theme's default (``site.date_format``)
# The light scheme's tokens in the theme's stylesheet, and what a card uses when one is missing.
_COLOUR_TOKENS = {"bg": "#fdfdfc", "text": "#1f2328", "text-muted": "#5b6470",
                  "accent": "#0a5cc2", "border": "#e3e6ea"}
_THEME_CSS = THEMES_DIR / "default" / "assets" / "css" / "reblog.css"
_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class CardSettings:
    """What every card of a site shares: where cards go, the site's name, colours and date format."""

    site_name: str
    colours: tuple[tuple[str, str], ...]
    date_format: str = DEFAULT_DATE_FORMAT
    output: str = CARDS_OUTPUT

    def colour(self, token: str) -> str:
        """A theme colour by its CSS token name (``bg``, ``text``, ``accent``...)."""
        return dict(self.colours).get(token, _COLOUR_TOKENS[token])


@dataclass(frozen=True)
class CardSpec:
    """One card: the text it shows and the key (a hash of every input) that names it."""

    title: str
    date: str
    key: str
    name: str        # file name in the output folder: <slug>-<hash>.png

    def out_rel(self, settings: CardSettings) -> str:
        """Dest-relative path of the published card."""
        return f"{settings.output}/{self.name}"

    def cache_path(self, cache: Path) -> Path:
        """Where the drawn card is kept between builds."""
        return cache / self.key[:2] / f"{self.key}.png"


def cards_enabled(settings: Settings) -> bool:
    """``social_cards:`` in _config.yml; without it, on for the built-in theme only."""
    if settings.social_cards is not None:
        return settings.social_cards
    return (settings.theme.name or "") in BUILTIN_NAMES


def card_settings(settings: Settings, config: Mapping[str, Any]) -> CardSettings | None:
    """The site's card settings, or None when cards are off.

    ``config``: the site's variables (Liquid's ``site``): its ``title`` and ``date_format``,
    which the built-in theme shows too.
    """
    if not cards_enabled(settings):
        return None
    title = config.get("title")
    date_format = config.get("date_format")
    return CardSettings(
        site_name=_plain(title) if title is not None else "",
        colours=theme_colours(),
        date_format=str(date_format) if date_format else DEFAULT_DATE_FORMAT,
    )


def theme_colours(css: Path = _THEME_CSS) -> tuple[tuple[str, str], ...]:
    """The light scheme's colours from the theme's stylesheet (its first ``:root`` block)."""
    try:
        text = css.read_text(encoding="utf-8")
    except OSError:
        text = ""
    start = text.find(":root")
    block = text[start:text.find("}", start)] if start >= 0 else ""
    found = dict(_COLOUR_TOKENS)
    for token in _COLOUR_TOKENS:
        match = re.search(rf"--{re.escape(token)}:\s*(#[0-9a-fA-F]{{6}})\b", block)
        if match:
            found[token] = match.group(1).lower()
    return tuple(sorted(found.items()))


def card_spec(title: Any, when: Any, settings: CardSettings) -> CardSpec | None:
    """The card for a page with this title and date, or None when it has no title."""
    text = _plain(title) if title is not None else ""
    if not text:
        return None
    date_text = format_date(when, settings.date_format)
    parts = (CARD_VERSION, repr(CARD_SIZE), text, date_text, settings.site_name, repr(settings.colours))
    key = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-") or "card"
    return CardSpec(text, date_text, key, f"{slug}-{key[:12]}.png")


def card_url(page: Mapping[str, Any], settings: CardSettings | None) -> str:
    """The card's site-relative URL for a page (a template's ``page``), or "" when it gets none."""
    if settings is None or not isinstance(page, Mapping):
        return ""
    spec = card_spec(page.get("title"), page.get("date"), settings)
    return f"/{spec.out_rel(settings)}" if spec is not None else ""


def format_date(when: Any, fmt: str = DEFAULT_DATE_FORMAT) -> str:
    """A date as the theme shows it; "" for none (strftime's ``%-d`` works on every platform here)."""
    if isinstance(when, datetime):
        day: date = when
    elif isinstance(when, date):
        day = when
    else:
        return ""
    # Ruby's and glibc's "no padding" flag, done here so Windows' strftime is never asked.
    fmt = re.sub(r"%-([dmHIMSj])", lambda m: str(int(day.strftime("%" + m.group(1)))), fmt)
    try:
        return day.strftime(fmt)
    except ValueError:
        return day.strftime(DEFAULT_DATE_FORMAT.replace("%-d", str(day.day)))


def _plain(value: Any) -> str:
    """A title as plain text: no tags, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(_TAGS.sub("", str(value))).split())
