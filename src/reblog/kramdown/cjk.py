"""kramdown's ``remove_line_breaks_for_cjk`` option: a line break between two Chinese or
Japanese characters is dropped (the HTML converter's ``fix_cjk_line_break`` on a text)."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_core import StateCore

# Ruby's \\p{Han}, \\p{Hiragana} and \\p{Katakana} (Unicode script property).
_CJK = (
    "\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00020000-\U0003134a"
    "\u3041-\u3096\u309d-\u309f\U0001b001-\U0001b11f\U0001f200"
    "\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff\u32d0-\u32fe\u3300-\u3357\uff66-\uff6f\uff71-\uff9d\U0001b000"
)
def make_cjk_line_break_rule() -> Callable[[StateCore], None]:
    """Build the core rule dropping a soft line break that has a CJK character right before and
    after it within the same text (kramdown's text element: no markup in between).  Its patterns
    are compiled here, for the sites that set the option, not by every build at import."""
    end_re = re.compile(f"[{_CJK}]$")
    start_re = re.compile(f"^[{_CJK}]")

    def remove_cjk_line_breaks(state: StateCore) -> None:
        for inline in state.tokens:
            children = inline.children
            if inline.type != "inline" or not children:
                continue
            keep = []
            for idx, tok in enumerate(children):
                if (
                    tok.type == "softbreak"
                    and 0 < idx < len(children) - 1
                    and children[idx - 1].type == "text"
                    and children[idx + 1].type == "text"
                    and end_re.search(children[idx - 1].content)
                    and start_re.match(children[idx + 1].content)
                ):
                    continue
                keep.append(tok)
            inline.children = keep

    return remove_cjk_line_breaks
