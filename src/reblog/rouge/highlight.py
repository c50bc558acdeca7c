"""Rouge's HTML markup for highlighted code, as kramdown's fences and Jekyll's highlight tag emit it."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from .engine import LexerSpec, LexerStackError
from .names import rouge_tag
from .registry import rouge_lexer


def _escape(text: str) -> str:
    """Escape text the way Rouge's HTML formatter does (quotes are left alone): what
    ``html.escape(text, quote=False)`` does, without its call."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rouge_tokens(code: str, tag: str) -> list[tuple[str, str]]:
    """(css class, text) tokens for ``code``, adjacent ones of a class not necessarily merged:
    a Rouge-faithful lexer where reblog has one, otherwise Pygments' lexer with the
    per-language class fix-ups."""
    spec = rouge_lexer(tag)
    if isinstance(spec, LexerSpec):
        try:
            return spec.unmerged_tokens(code)
        except LexerStackError:
            pass  # Rouge itself would fail here; fall back to Pygments' reading
    elif spec is not None:
        return spec.tokens(code)
    # Imported here: Pygments costs tens of milliseconds to load, which a site whose languages
    # all have Rouge-faithful lexers never needs to pay.
    from .pygments_fallback import PygmentsSource

    return PygmentsSource(tag).tokens(code)


# The markup is built with these stand-ins, the whole text is escaped at once, then they are
# replaced: a fixed number of string passes over the block instead of three per token.
_OPEN, _SHUT, _CLOSE = "\x00", "\x01", "\x02"


def format_tokens(code: str, tag: str) -> str:
    """Highlight ``code`` with the lexer for Rouge tag ``tag`` into Rouge's span markup: one
    span per run of same-class tokens (Rouge merges them), text escaped as Rouge does."""
    if tag == "plaintext":
        # Rouge's PlainText lexer makes the whole text one unstyled token, whose markup is the
        # escaped text: most code spans (kramdown's default language) need no lexer at all.
        return _escape(code)
    tokens = _rouge_tokens(code, tag)
    if len(tokens) == 1 and not tokens[0][0]:
        return _escape(tokens[0][1])  # plain text (most code spans): no markup to build
    if _OPEN in code or _SHUT in code or _CLOSE in code:
        # The code holds a stand-in: each token escaped, the markup written as it is.
        return _spans([(cls, _escape(value)) for cls, value in tokens], '<span class="', '">', "</span>")
    return (
        _escape(_spans(tokens, _OPEN, _SHUT, _CLOSE))
        .replace(_OPEN, '<span class="')
        .replace(_SHUT, '">')
        .replace(_CLOSE, "</span>")
    )


def _spans(tokens: list[tuple[str, str]], opening: str, shut: str, closing: str) -> str:
    """The tokens' text with one span (``opening`` class ``shut`` text ``closing``) around each
    run of same-class tokens; plain text (class '') unwrapped."""
    parts: list[str] = []
    append = parts.append
    current = ""
    for cls, value in tokens:
        if cls != current and value:
            if current:
                append(closing)
            if cls:
                append(f"{opening}{cls}{shut}")
            current = cls
        append(value)
    if current:
        append(closing)
    return "".join(parts)


def highlight_fenced(
    code: str,
    lang: str | None,
    *,
    attrs: Mapping[str, Any] | None = None,
    css_class: str = "highlight",
    line_numbers: bool = False,
    start_line: int = 1,
) -> str:
    """Return the block kramdown (Jekyll defaults, Rouge) emits for a fenced code block.

    ``code`` is the block body including its final newline.  Without a language kramdown uses
    Jekyll's ``default_lang`` (plaintext); a language Rouge does not know is left unhighlighted.
    """
    shown = lang or "plaintext"
    tag = rouge_tag(shown)
    if tag is None:
        return plain_fenced(code, shown, attrs=attrs)
    div_attrs = dict(attrs or {})
    # kramdown: own classes keep their place after language-X, "highlighter-rouge" comes last.
    own = f"{div_attrs.get('class', '')} highlighter-rouge".lstrip()
    div_attrs["class"] = f"language-{shown} {own}"
    inner = rouge_block(code, tag, css_class=css_class, line_numbers=line_numbers, start_line=start_line)
    return f"<div{_attributes(div_attrs)}>{inner}</div>\n"


def rouge_block(code: str, tag: str, *, css_class: str = "highlight", line_numbers: bool = False, start_line: int = 1) -> str:
    """Rouge's HTMLLegacy formatter output for ``code`` (the ``<div class="highlight">``)."""
    body = format_tokens(code, tag)
    if line_numbers:  # Rouge's HTMLTable with its default classes, as kramdown calls it
        body = _linenos_table(body, code, "rouge-gutter gl", "rouge-code", start_line)
    return f'<div class="highlight"><pre class="{html.escape(css_class)}"><code>{body}</code></pre></div>'


def plain_fenced(code: str, lang: str | None, *, attrs: Mapping[str, Any] | None = None) -> str:
    """Return kramdown's unhighlighted code block markup (unknown language, ``highlighter: none``)."""
    code_attrs = {"class": f"language-{lang}"} if lang else {}
    body = _escape(code)
    body = body[:-1] if body.endswith("\n") else body
    return f"<pre{_attributes(attrs or {})}><code{_attributes(code_attrs)}>{body}\n</code></pre>\n"


def _attributes(attrs: Mapping[str, Any]) -> str:
    """Serialize HTML attributes in insertion order."""
    return "".join(f' {key}="{html.escape(str(value))}"' for key, value in attrs.items())


def _strip_line_terminators(code: str) -> str:
    """Drop leading/trailing newlines like Jekyll's highlight tag does before lexing."""
    return code.strip("\r\n")


def _linenos_table(body: str, code: str, gutter: str = "gutter gl", code_class: str = "code", start: int = 1) -> str:
    """Wrap highlighted ``body`` (the markup of ``code``) in Rouge's HTMLTable markup (gutter
    with line numbers); Jekyll's highlight tag names the cells ``gutter gl``/``code``, Rouge's
    defaults are ``rouge-gutter gl``/``rouge-code`` (what kramdown gets).

    Rouge counts the code's newlines and adds a line only when the last *token* does not end
    with one: a final newline inside a span (a line comment's) still ends the last line, so
    this looks at the code, not at whether the markup ends with a newline."""
    count = code.count("\n")
    if not code.endswith("\n"):
        count += 1
        body += "\n"
    numbers = "".join(f"{n}\n" for n in range(start, start + count))
    return (
        '<table class="rouge-table"><tbody><tr>'
        f'<td class="{gutter}"><pre class="lineno">{numbers}</pre></td>'
        f'<td class="{code_class}"><pre>{body}</pre></td>'
        "</tr></tbody></table>"
    )


def highlight_tag(code: str, lang: str, *, linenos: bool = False) -> str:
    """Return what Jekyll's ``{% highlight lang %}`` tag emits (Rouge, optional line numbers)."""
    code = _strip_line_terminators(code)
    body = format_tokens(code, rouge_tag(lang) or "plaintext")
    if linenos:
        body = _linenos_table(body, code)
    body = body[:-1] if body.endswith("\n") else body
    attrs = f'class="language-{html.escape(lang.replace("+", "-"))}" data-lang="{html.escape(lang)}"'
    return f'<figure class="highlight"><pre><code {attrs}>{body}</code></pre></figure>'
