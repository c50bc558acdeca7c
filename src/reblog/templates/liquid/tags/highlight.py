"""Jekyll's ``highlight`` block: its body (after Liquid) highlighted with Rouge's markup."""

from __future__ import annotations

import re
from io import StringIO
from typing import TYPE_CHECKING, TextIO

from liquid.ast import BlockNode, Node
from liquid.exceptions import LiquidError
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_TAG
from liquid.undefined import Undefined

from .markup import read_markup, state_of

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token

# Jekyll's highlight syntax: a language, then options such as ``linenos``.
_SYNTAX = re.compile(r"^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|\"[^\"]*\"))?)*)$")
_END = frozenset(("endhighlight", TOKEN_EOF))


class HighlightNode(Node):
    """Render the body, then highlight it."""

    __slots__ = ("lang", "linenos", "block")

    def __init__(self, token: Token, lang: str, linenos: bool, block: BlockNode) -> None:
        super().__init__(token)
        self.blank = False  # it writes output, so a block holding only this is not blank
        self.lang = lang
        self.linenos = linenos
        self.block = block

    def __str__(self) -> str:
        return f"{{% highlight {self.lang} %}}{self.block}{{% endhighlight %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Highlight the rendered body."""
        inner = StringIO()
        self.block.render(context, inner)
        code = inner.getvalue().strip("\r\n")
        html = state_of(context).highlight_tag(code, self.lang, self.linenos)
        buffer.write(_around(context, "highlighter_prefix") + html + _around(context, "highlighter_suffix"))
        return True


def _around(context: RenderContext, name: str) -> str:
    # Jekyll: `context["highlighter_prefix"] || ""` (set from the document's converter).
    value = context.resolve(name, default=None)
    return "" if value is None or value is False or isinstance(value, Undefined) else str(value)


class HighlightTag(Tag):
    """``{% highlight ruby linenos %} ... {% endhighlight %}``."""

    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> Node:
        """Read the language and options, then the body up to ``endhighlight``."""
        token, markup = read_markup(stream, block=True)
        match = _SYNTAX.match(markup.strip())
        if not match:
            raise LiquidError(
                f"Syntax Error in tag 'highlight' while parsing the following markup: {markup.strip()}. "
                "Valid syntax: highlight <lang> [linenos]",
                token=token,
            )
        lang = match.group(1).lower()
        linenos = "linenos" in (match.group(2) or "").split()
        block = get_parser(self.env).parse_block(stream, _END)
        stream.expect(TOKEN_TAG, value="endhighlight")
        return HighlightNode(token, lang, linenos, block)
