"""Jekyll's ``smartify`` filter: kramdown's SmartyPants input parser plus its HTML converter.

Jekyll converts the text with ``Kramdown::Parser::SmartyPants``: no Markdown at all, only the
span parsers for smart quotes, HTML entities, typographic symbols and span-level HTML, run over
the whole text.  This module re-implements kramdown's span scanner (``parse_spans``) for those
four parsers, then writes the result the way kramdown's HTML converter does with Jekyll's
``entity_output: as_char``: quotes and symbols as characters, text HTML-escaped (``&``, ``<``,
``>``), span tags re-serialized, and the final newline chomped.

Not imitated: kramdown's block-level HTML parser (a line starting with a block tag such as
``<div>``); such lines go through the span scanner like any text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.entities import name2codepoint

from .html import BLOCK_ELEMENTS, SPAN_ELEMENTS, WITHOUT_BODY

# Names: REXML's UNAME_STR (an optional prefix, then an XML name), Unicode-aware.
_NAME = r"(?:(?:[^\W\d]|_)[\w.-]*:)?(?:[^\W\d]|_)[\w.-]*"
# The smartify filter's own patterns, as sources: compiled when it first converts a text
# (``_compiled``), not by every build importing the Markdown converter (sites without a feed
# or the filter never use them).
# The union of the four parsers' start patterns (span HTML's is just "<").
_SPAN_START = r"""[^\\]?["']|&|--|\.\.\.|(?:\\| )?(?:<<|>>)|<"""
_SMART_QUOTES_START = r"""[^\\]?["']"""
_ENTITY_RE = r"&([\w:][\-\w.:]*);|&#(\d+);|&\#x([0-9a-fA-F]+);"
_TYPO_RE = r"---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>"
_HTML_SPAN_START = rf"<(?:{_NAME}|!--|/)"
_HTML_COMMENT_RE = r"(?s)<!--(.*?)-->"
_HTML_TAG_CLOSE_RE = rf"(?s)</({_NAME})\s*>"
_HTML_TAG_RE = rf"""(?s)<((?>{_NAME}))\s*((?>\s+{_NAME}(?:\s*=\s*(?:\w+|("|').*?\3))?)*)\s*(/)?>"""
_HTML_ATTRIBUTE_RE = rf"""(?s)\s*({_NAME})(?:\s*=\s*(?:(\w+)|("|')(.*?)\3))?"""

_SQ_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_SQ_CLOSE = r"[^ \\\t\r\n\[{(-]"
# Ruby's \s and \w are ASCII-only (its \b and \B are not), and its ``$`` matches at every line end.
_SQ_FLAGS = re.ASCII | re.MULTILINE
# kramdown's SQ_RULES (smartify tries them one by one; the Markdown renderer uses SQ_RULE_RE, the
# same rules in one pattern): a pattern tried at the scan position and what to emit for its
# pieces in order: an int keeps that group as text; a string is a quote kind, where
# lquoteN/rquoteN mean a single or double quote, whichever group N (the quote) holds.
SQ_RULES: tuple[tuple[str, tuple[int | str, ...]], ...] = (
    (r"""("|')(?=[_*]{1,2}\S)""", ("lquote1",)),
    (rf"""("|')(?={_SQ_PUNCT}(?!\.\.)(?u:\B))""", ("rquote1",)),
    (r"""(\s?)"'(?=\w)""", (1, "ldquo", "lsquo")),
    (r"""(\s?)'"(?=\w)""", (1, "lsquo", "ldquo")),
    (r"""(\s?)'(?=\d\ds)""", (1, "rsquo")),
    (r"""(\s)('|")(?=\w)""", (1, "lquote2")),
    (rf"""({_SQ_CLOSE})('|")""", (1, "rquote2")),
    (r"""("|')(?=\s|s(?u:\b)|$)""", ("rquote1",)),
    (r"""(?s:(.?)')""", (1, "lsquo")),
    (r"""(?s:(.?)\")""", (1, "ldquo")),
)


def _combined_rules() -> tuple[re.Pattern[str], dict[int, tuple[int | str, ...]]]:
    """SQ_RULES as one pattern (its alternatives are tried in order at one position, as the
    rules are) and, by the index of each rule's enclosing group (``lastindex`` of a match),
    the rule's actions (the rule's group N is that index + N)."""
    pattern = re.compile("|".join(f"(?P<rule{n}>{source})" for n, (source, _) in enumerate(SQ_RULES)), _SQ_FLAGS)
    return pattern, {pattern.groupindex[f"rule{n}"]: actions for n, (_, actions) in enumerate(SQ_RULES)}


# SQ_RULES in one pattern, for the Markdown renderer (one match per quote instead of up to ten).
SQ_RULE_RE, SQ_RULE_ACTIONS = _combined_rules()
_QUOTE_INDEX = {"lsquo": 0, "rsquo": 1, "ldquo": 2, "rdquo": 3}

_RAW_CONTENT = frozenset("script style math option textarea pre code kbd samp var".split())
_KNOWN_ELEMENTS = SPAN_ELEMENTS | BLOCK_ELEMENTS | WITHOUT_BODY | _RAW_CONTENT
# Elements whose content kramdown parses (content model :block or :span); any other element,
# unknown names included, has raw content: only nested tags are recognised in it.
_PARSED_CONTENT = frozenset(
    "address applet article aside blockquote body dd details div dl fieldset figure figcaption "
    "footer form header hgroup iframe li main map menu nav noscript object section summary td "
    "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins label "
    "legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt".split()
)

_TYPO_OUT = {
    "---": "\u2014",
    "--": "\u2013",
    "...": "\u2026",
    "\\<<": "&lt;&lt;",
    "\\>>": "&gt;&gt;",
    "<< ": "\u00ab\u00a0",
    " >>": "\u00a0\u00bb",
    "<<": "\u00ab",
    ">>": "\u00bb",
}
# Entities kramdown writes by name even with entity_output: as_char (its converter's ESCAPE_MAP).
_ESCAPED = {"<": "lt", ">": "gt", "&": "amp"}


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attr(text: str) -> str:
    return _escape_text(text).replace('"', "&quot;")


def entity_char(name_or_code: str | int) -> str | None:
    """The character of an entity name (``rsquo``, also ``apos``) or code point, None if unknown."""
    if isinstance(name_or_code, int):
        return chr(name_or_code) if 0 <= name_or_code < 0x110000 else None
    if name_or_code.isdigit():
        return entity_char(int(name_or_code))
    if name_or_code == "apos":
        return "'"
    code = name2codepoint.get(name_or_code)
    return None if code is None else chr(code)


@dataclass(frozen=True)
class _Patterns:
    """The smartify filter's patterns, compiled."""

    span_start: re.Pattern[str]
    html_span_start: re.Pattern[str]
    smart_quotes_start: re.Pattern[str]
    rules: tuple[re.Pattern[str], ...]   # SQ_RULES' patterns, in their order
    entity: re.Pattern[str]
    typo: re.Pattern[str]
    html_comment: re.Pattern[str]
    html_tag_close: re.Pattern[str]
    html_tag: re.Pattern[str]
    html_attribute: re.Pattern[str]


@lru_cache(maxsize=1)
def _compiled() -> _Patterns:
    # Once per process, on first use: a feed runs the filter on every entry's title, and asking
    # re's own cache for each pattern at each quote and span start made a call ~60% slower.
    return _Patterns(
        re.compile(_SPAN_START), re.compile(_HTML_SPAN_START), re.compile(_SMART_QUOTES_START),
        tuple(re.compile(source, _SQ_FLAGS) for source, _ in SQ_RULES), re.compile(_ENTITY_RE),
        re.compile(_TYPO_RE), re.compile(_HTML_COMMENT_RE), re.compile(_HTML_TAG_CLOSE_RE),
        re.compile(_HTML_TAG_RE), re.compile(_HTML_ATTRIBUTE_RE),
    )


class _SmartyPants:
    """One conversion: kramdown's span scanner over the adapted source."""

    def __init__(self, src: str, quotes: Sequence[str]) -> None:
        self.src = src
        self.pos = 0
        self.quotes = quotes
        self.raw = False  # inside an element with raw content
        self.re = _compiled()

    # -- kramdown's parse_spans -------------------------------------------------------------
    def spans(self, out: list[str], stop: re.Pattern[str] | None = None, raw: bool = False) -> bool:
        """Scan to the end (or to ``stop``); return whether ``stop`` was found."""
        src = self.src
        text: list[str] = []
        while self.pos < len(src):
            start = self._next_start(stop, raw)
            if start < 0:
                text.append(src[self.pos :])
                self.pos = len(src)
                break
            text.append(src[self.pos : start])
            self.pos = start
            if stop is not None and stop.match(src, start):
                out.append(_escape_text("".join(text)))
                return True
            processed = False
            if not raw:
                processed = self._smart_quote(out, text) or self._entity(out, text) or self._typo(out, text)
            if not processed:
                processed = self._span_html(out, text)
            if not processed:
                text.append(src[self.pos])
                self.pos += 1
        out.append(_escape_text("".join(text)))
        return False

    def _next_start(self, stop: re.Pattern[str] | None, raw: bool) -> int:
        """Where the next span parser (or the stop pattern) could start, -1 if nowhere."""
        found = (self.re.html_span_start if raw else self.re.span_start).search(self.src, self.pos)
        best = found.start() if found else -1
        if stop is not None:
            # kramdown searches for either; a stop match earlier than any span start wins.
            hit = stop.search(self.src, self.pos, best if best >= 0 else len(self.src))
            if hit is not None:
                best = hit.start()
        return best

    def _flush(self, out: list[str], text: list[str]) -> None:
        if text:
            out.append(_escape_text("".join(text)))
            text.clear()

    def _quote(self, kind: str) -> str:
        char = entity_char(self.quotes[_QUOTE_INDEX[kind]])
        return char if char is not None else "?"

    def _smart_quote(self, out: list[str], text: list[str]) -> bool:
        if not self.re.smart_quotes_start.match(self.src, self.pos):
            return False
        for rule, (_source, actions) in zip(self.re.rules, SQ_RULES):
            m = rule.match(self.src, self.pos)
            if m is None:
                continue
            for action in actions:
                if isinstance(action, int):
                    text.append(m.group(action))
                    continue
                if action[-1].isdigit():
                    quote = m.group(int(action[-1]))
                    kind = ("ld" if quote == '"' else "ls") if action.startswith("l") else ("rd" if quote == '"' else "rs")
                    action = kind + "quo"
                self._flush(out, text)
                out.append(self._quote(action))
            self.pos = m.end()
            return True
        return False

    def _entity(self, out: list[str], text: list[str]) -> bool:
        m = self.re.entity.match(self.src, self.pos)
        if m is None:
            return False
        self.pos = m.end()
        self._flush(out, text)
        if m.group(1) is not None:
            char = entity_char(m.group(1))
            if char is None:  # kramdown: an unknown name is "&amp;" and the rest as text
                out.append("&amp;")
                text.append(m.group(0)[1:])
                return True
        else:
            char = entity_char(int(m.group(2)) if m.group(2) is not None else int(m.group(3), 16))
        # entity_output: as_char, except characters that must stay escaped (kept as written).
        out.append(m.group(0) if char is None or char in _ESCAPED else char)
        return True

    def _typo(self, out: list[str], text: list[str]) -> bool:
        m = self.re.typo.match(self.src, self.pos)
        if m is None:
            return False
        self.pos = m.end()
        self._flush(out, text)
        out.append(_TYPO_OUT[m.group(0)])
        return True

    def _span_html(self, out: list[str], text: list[str]) -> bool:
        src = self.src
        if not self.re.html_span_start.match(src, self.pos):
            return False
        m = self.re.html_comment.match(src, self.pos)
        if m is not None:
            self._flush(out, text)
            out.append(m.group(0))
            self.pos = m.end()
            return True
        m = self.re.html_tag_close.match(src, self.pos) or None
        if m is not None:  # a closing tag nobody opened: kept as (escaped) text
            text.append(m.group(0))
            self.pos = m.end()
            return True
        m = self.re.html_tag.match(src, self.pos)
        if m is None:
            text.append(src[self.pos])
            self.pos += 1
            return True
        name = m.group(1)
        known = name.lower() in _KNOWN_ELEMENTS
        if known:
            name = name.lower()
        if name in BLOCK_ELEMENTS:
            text.append(m.group(0))
            self.pos = m.end()
            return True
        self.pos = m.end()
        self._flush(out, text)
        attrs: dict[str, str] = {}
        for attr in self.re.html_attribute.finditer(m.group(2)):
            value = attr.group(2) if attr.group(2) is not None else (attr.group(4) or "")
            # kramdown lowercases attribute names of the HTML elements it knows only.
            attrs[attr.group(1).lower() if known else attr.group(1)] = re.sub(r"\n+", " ", value)
        attrs.pop("markdown", None)
        attr_html = "".join(f' {key}="{_escape_attr(value)}"' for key, value in attrs.items())
        inner: list[str] = []
        if not m.group(4) and name not in WITHOUT_BODY:
            stop = re.compile(rf"</{re.escape(name)}\s*>", re.I if known else 0)
            outer_raw = self.raw
            self.raw = outer_raw or name not in _PARSED_CONTENT
            try:
                if self.spans(inner, stop, raw=self.raw):
                    end = stop.match(src, self.pos)
                    assert end is not None
                    self.pos = end.end()
            finally:
                self.raw = outer_raw
        body = "".join(inner)
        if not body and name in WITHOUT_BODY:
            out.append(f"<{name}{attr_html} />")
        else:
            out.append(f"<{name}{attr_html}>{body}</{name}>")
        return True


def smartify(text: str, quotes: Sequence[str] = ("lsquo", "rsquo", "ldquo", "rdquo")) -> str:
    """Convert ``text`` as Jekyll's ``smartify`` filter does (kramdown's SmartyPants input)."""
    src = re.sub(r"\r\n?", "\n", text)
    src = (src[:-1] if src.endswith("\n") else src) + "\n"  # kramdown's adapt_source
    parser = _SmartyPants(src, quotes)
    out: list[str] = []
    parser.spans(out)
    html = "".join(out)
    return html[:-1] if html.endswith("\n") else html
