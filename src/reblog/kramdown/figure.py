"""kramdown's standalone images: a paragraph holding nothing but an image whose IAL names
``standalone`` is written as a ``<figure>`` with the alt text as its ``<figcaption>``; the
image's class and id move to the figure unless the paragraph's own IAL set them."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from reblog.kramdown.layout import PAD_EVERY_LINE
from reblog.kramdown.links import attrs_html


def standalone_images(state: StateCore) -> None:
    """Core rule (after list looseness is known): replace such paragraphs by a figure token."""
    if "standalone" not in state.src:
        return  # the IAL naming it is in the text: without it no image is one (most documents)
    tokens = state.tokens
    result: list[Token] = []
    idx = 0
    while idx < len(tokens):
        tok = tokens[idx]
        first = tokens[idx + 1].children if tok.type == "paragraph_open" and idx + 2 < len(tokens) else None
        if first and first[0].type == "image" and not tok.hidden:
            # (an applied span IAL leaves an empty text token until later clean-up)
            children = [c for c in first if c.type != "text" or c.content]
            if len(children) == 1 and children[0].type == "image" and "standalone" in (children[0].meta or {}).get("refs", ()):
                figure = Token("kramdown_figure", "figure", 0)
                figure.map = tok.map
                figure.level = tok.level
                figure.attrs = dict(tok.attrs or {})
                figure.meta = {**(tok.meta or {}), PAD_EVERY_LINE: True}
                figure.children = children
                result.append(figure)
                idx += 3
                continue
        result.append(tok)
        idx += 1
    state.tokens = result


def render_figure(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """``convert_standalone_image``: the figure, the image and its caption, one per line."""
    figure = tokens[idx]
    image = (figure.children or [])[0]
    self.rules["image"]([image], 0, options, env)  # sets the alt text as kramdown reads it
    figure_attrs = dict(figure.attrs)
    image_attrs = dict(image.attrs)
    for key in ("class", "id"):
        if key in image_attrs and key not in figure_attrs:
            figure_attrs[key] = image_attrs.pop(key)
    return (
        f"<figure{attrs_html(figure_attrs)}>\n"
        f"  <img{attrs_html(image_attrs)} />\n"
        f"  <figcaption>{image_attrs.get('alt', '')}</figcaption>\n"
        "</figure>\n"
    )
