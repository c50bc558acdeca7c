"""Lexers that tokenize the way Rouge 3.30's do, for the languages blogs use most.

Each lexer is a :class:`reblog.rouge.engine.LexerSpec`; :data:`LEXERS` maps Rouge's canonical
tag to it.  Written from observing Rouge's behaviour (state machines, token choices); token
classes are Rouge's short CSS classes, '' meaning plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..engine import Callback, LexerSpec, Mixin, RuleDef, RuleMatch, Run, Words, r, words

# An identifier as Rouge's JavaScript lexer sees one: a Unicode letter (or letter number),
# ``$`` or ``_``, then word characters.
JS_ID = r"(?u:(?:[^\W\d]|[\u2160-\u2188$])\w*)"

# ---------------------------------------------------------------------------------------------
# JavaScript family
# ---------------------------------------------------------------------------------------------

_JS_KEYWORDS = words(
    "as async await break case catch continue debugger default delete do else export finally "
    "from for if import in instanceof new of return super switch this throw try typeof void "
    "while yield"
)
_JS_DECLARATIONS = words("var let const with function class extends constructor get set static")
_JS_RESERVED = words("enum implements interface package private protected public")
_JS_CONSTANTS = words("true false null NaN Infinity undefined")
_JS_BUILTINS = words(
    "Array Boolean Date Error Function Math netscape Number Object Packages RegExp String sun "
    "decodeURI decodeURIComponent encodeURI encodeURIComponent eval isFinite isNaN parseFloat "
    "parseInt document window navigator self global Promise Set Map WeakSet WeakMap Symbol Proxy "
    "Reflect Int8Array Uint8Array Uint8ClampedArray Int16Array Uint16Array Uint16ClampedArray "
    "Int32Array Uint32Array Uint32ClampedArray Float32Array Float64Array DataView ArrayBuffer"
)
_TS_KEYWORDS = _JS_KEYWORDS | words("is namespace static private protected public implements readonly")
_TS_DECLARATIONS = _JS_DECLARATIONS | words("type abstract")
_TS_RESERVED = _JS_RESERVED | words(
    "string any void number namespace module declare default interface keyof"
)
_TS_BUILTINS = _JS_BUILTINS | words("Pick Partial Readonly Record")


# An identifier's class by the lexer's word sets (first set holding it wins); keywords and
# declarations expect an expression next.
_JS_IDENTIFIER = Words(
    (
        ("keywords", "k", "expr_start"),
        ("declarations", "kd", "expr_start"),
        ("reserved", "kr", None),
        ("constants", "kc", None),
        ("builtins", "nb", None),
    ),
    ("nx", None),
)


def _goto(state: str) -> Callable[[Run], None]:
    def action(run: Run) -> None:
        run.goto(state)

    return action


def _push_all(*states: str) -> Callable[[Run], None]:
    def action(run: Run) -> None:
        run.stack.extend(states)

    return action


def _pop(times: int) -> Callable[[Run], None]:
    def action(run: Run) -> None:
        run.pop(times)

    return action


JAVASCRIPT = LexerSpec(
    "javascript",
    {
        "multiline_comment": [
            r(r"\*/", "cm", "#pop"),
            r(r"[^*/]+", "cm"),
            r(r"[*/]", "cm"),
        ],
        "comments_and_whitespace": [
            r(r"\s+", ""),
            r(r"<!--", "c"),
            r(r"//.*?$", "c1"),
            r(r"/\*", "cm", "multiline_comment"),
        ],
        "expr_start": [
            Mixin("comments_and_whitespace"),
            r(r"/", "sr", _goto("regex")),
            r(r"\{", "p", _goto("object")),
            r(r"", "", "#pop"),
        ],
        "regex": [
            r(r"/", "sr", _goto("regex_end")),
            r(r"[^/]\n", "err", "#pop"),
            r(r"\n", "err", "#pop"),
            r(r"\[\^?", "se", "regex_group"),
            r(r"\\.", "se"),
            r(r"\(\?[:=<!]", "se"),
            r(r"\{[\d,]+\}", "se"),
            r(r"[()?]", "se"),
            r(r".", "sr"),
        ],
        "regex_end": [
            r(r"[gimuy]+", "sr", "#pop"),
            r(r"", None, "#pop"),
        ],
        "regex_group": [
            r(r"/", "se"),
            r(r"[^/]\n", "err", _pop(2)),
            r(r"\]", "se", "#pop"),
            r(r"\\.", "se"),
            r(r".", "sr"),
        ],
        "root": [
            r(r"\s*#!.*?\n", "cp", "statement", re.DOTALL),
            Mixin("comments_and_whitespace"),
            r(r"\+\+|--|~|\?\?=?|&&|\|\||\\(?=\n)|<<|>>>?|===|!==", "o", "expr_start"),
            r(r"[-<>+*%&|^/!=]=?", "o", "expr_start"),
            r(r"[(\[,]", "p", "expr_start"),
            r(r";", "p", "statement"),
            r(r"[)\].]", "p"),
            r(r"`", "s2", "template_string"),
            r(r"\?\.", "p"),
            r(r"\?", "p", _push_all("ternary", "expr_start")),
            r(r"(@)(\w+)?", ("p", "nd"), "expr_start"),
            r(r"[{}]", "p", "statement"),
            r(JS_ID, _JS_IDENTIFIER),
            r(r"[0-9][0-9]*\.[0-9]+([eE][0-9]+)?[fd]?", "mf"),
            r(r"0[xX][0-9a-fA-F]+", "mh"),
            r(r"0[oO][0-7][0-7_]*", "mo"),
            r(r"0[bB][01][01_]*", "mb"),
            r(r"[0-9]+", "mi"),
            r(r'"', "dl", "dq"),
            r(r"'", "dl", "sq"),
            r(r":", "p"),
        ],
        "dq": [
            r(r'\\[\\nrt"]?', "se"),
            r(r'[^\\"]+', "s2"),
            r(r'"', "dl", "#pop"),
        ],
        "sq": [
            r(r"\\[\\nrt']?", "se"),
            r(r"[^\\']+", "s1"),
            r(r"'", "dl", "#pop"),
        ],
        "statement": [
            r(r"case\b", "k", _goto("expr_start")),
            r(rf"({JS_ID})(\s*)(:)", ("nl", "", "p")),
            Mixin("expr_start"),
        ],
        "object": [
            Mixin("comments_and_whitespace"),
            r(r"\{", "p", "#push"),
            r(r"\}", "p", _goto("statement")),
            r(rf"({JS_ID})(\s*)(:)", ("na", "", "p"), "expr_start"),
            r(r":", "p"),
            Mixin("root"),
        ],
        "ternary": [
            r(r":", "p", _goto("expr_start")),
            Mixin("root"),
        ],
        "template_string": [
            r(r"\$\{", "p", "template_string_expr"),
            r(r"`", "s2", "#pop"),
            r(r"\\[$`]", "se"),
            r(r"[^$`\\]+", "s2"),
            r(r"[\\$]", "s2"),
        ],
        "template_string_expr": [
            r(r"\}", "p", "#pop"),
            Mixin("root"),
        ],
    },
    attrs={
        "keywords": _JS_KEYWORDS,
        "declarations": _JS_DECLARATIONS,
        "reserved": _JS_RESERVED,
        "constants": _JS_CONSTANTS,
        "builtins": _JS_BUILTINS,
    },
)

_TS_ATTRS = {
    "keywords": _TS_KEYWORDS,
    "declarations": _TS_DECLARATIONS,
    "reserved": _TS_RESERVED,
    "builtins": _TS_BUILTINS,
}
_TS_PREPEND: dict[str, list[RuleDef]] = {
    "root": [r(r"\?\.", "p"), r(r"\?\?", "o")],
    "statement": [r(rf"({JS_ID})(\??)(\s*)(:)", ("nl", "p", "", "p"), "expr_start")],
}

TYPESCRIPT = JAVASCRIPT.derive("typescript", prepend=_TS_PREPEND, attrs=_TS_ATTRS)


def _jsx_start(run: Run) -> None:
    run.vars["html"] = Run(HTML)


def _jsx_text(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["html"])


def _element_close(run: Run) -> None:
    run.goto("element")
    run.push("element_name")


_JSX_STATES: dict[str, list[RuleDef]] = {
    "tag": [r(r"<", "p", _push_all("tag_opening", "element", "element_name"))],
    "tag_opening": [
        r(r"</", "p", _element_close),
        Mixin("tag"),
        r(r"\{", "si", _push_all("interpol", "expr_start")),
        r(r"[^<{]+", _jsx_text),
    ],
    "element": [
        Mixin("comments_and_whitespace"),
        r(r"/>", "p", _pop(2)),
        r(r">", "p", "#pop"),
        r(r"\{", "si", _push_all("interpol", "expr_start")),
        r(r"\w[\w-]*", "na"),
        r(r"=", "p"),
        r(r"([\"']).*?(\1)", "s"),
    ],
    "element_name": [
        r(r"[A-Z]\w*", "nc"),
        r(r"\w+", "nt"),
        r(r"\.", "p"),
        r(r"", None, "#pop"),
    ],
    "interpol": [
        r(r"\}", "si", "#pop"),
        r(r"\{", "p", _push_all("interpol_inner", "statement")),
        Mixin("root"),
    ],
    "interpol_inner": [
        r(r"\}", "p", _goto("statement")),
        Mixin("root"),
    ],
}

JSX = JAVASCRIPT.derive(
    "jsx",
    add=_JSX_STATES,
    prepend={"expr_start": [Mixin("tag")]},
    initial=("root", "expr_start"),
    on_start=_jsx_start,
)

TSX = JSX.derive(
    "tsx",
    prepend={**_TS_PREPEND, "element_name": [r(r"(\w+)(,)", ("nx", "p"), _pop(3))]},
    attrs=_TS_ATTRS,
)

# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

_XML_NAME = r"(?u:[^\W\d]|[:_-])(?u:[\w:.\u00b7-])*"


def _html_start(run: Run) -> None:
    run.vars["js"] = Run(JAVASCRIPT)
    run.vars["css"] = Run(CSS)


def _html_script(run: Run, m: RuleMatch) -> None:
    run.token("nt")
    run.vars["js"] = Run(JAVASCRIPT)
    run.stack.extend(("script_content", "tag"))


def _html_style(run: Run, m: RuleMatch) -> None:
    run.token("nt")
    run.vars["css"] = Run(CSS)
    # Rouge's style_content delegates to @lang, which <style> sets to its CSS lexer (Vue sets
    # it to the lexer class its lang attribute names)
    run.vars["lang"] = run.vars["css"]
    run.stack.extend(("style_content", "tag"))


def _html_js(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["js"])


def _html_css(run: Run, m: RuleMatch) -> None:
    lang = run.vars["lang"]
    if isinstance(lang, Run):
        run.delegate(lang)
    else:
        run.delegate_new(lang)


HTML = LexerSpec(
    "html",
    {
        "root": [
            r(r"[^<&]+", ""),
            r(r"&\S*?;", "ni"),
            r(r"<!DOCTYPE .*?>", "cp", None, re.IGNORECASE | re.DOTALL),
            r(r"<!\[CDATA\[.*?\]\]>", "cp", None, re.DOTALL),
            r(r"<!--", "c", "comment"),
            r(r"<\?.*?\?>", "cp", None, re.DOTALL),
            r(r"<\s*script\s*", _html_script),
            r(r"<\s*style\s*", _html_style),
            r(r"</", "nt", "tag_end"),
            r(r"<", "nt", "tag_start"),
        ],
        "tag_end": [
            Mixin("tag_end_end"),
            r(_XML_NAME, "nt", _goto("tag_end_end")),
        ],
        "tag_end_end": [
            r(r"\s+", ""),
            r(r">", "nt", "#pop"),
        ],
        "tag_start": [
            r(r"\s+", ""),
            r(_XML_NAME, "nt", _goto("tag")),
            r(r"", None, _goto("tag")),
        ],
        "comment": [
            r(r"[^-]+", "c"),
            r(r"-->", "c", "#pop"),
            r(r"-", "c"),
        ],
        "tag": [
            r(r"\s+", ""),
            r(
                r"(?u:[^\W\d]|[:_\[\]()*.-])(?u:[\w:.\u00b7\[\]()*-])*\s*=\s*",
                "na",
                "attr",
            ),
            r(r"(?u:[^\W\d]|[:_*#-])(?u:[\w:.\u00b7*#-])*", "na"),
            r(r"/?\s*>", "nt", "#pop"),
        ],
        "attr": [
            r(r'"', "s", _goto("dq")),
            r(r"'", "s", _goto("sq")),
            r(r"[^\s>]+", "s", "#pop"),
        ],
        "dq": [r(r'"', "s", "#pop"), r(r'[^"]+', "s")],
        "sq": [r(r"'", "s", "#pop"), r(r"[^']+", "s")],
        "script_content": [
            r(r"[^<]+", _html_js),
            r(r"<\s*/\s*script\s*>", "nt", "#pop"),
            r(r"<", _html_js),
        ],
        "style_content": [
            r(r"[^<]+", _html_css),
            r(r"<\s*/\s*style\s*>", "nt", "#pop"),
            r(r"<", _html_css),
        ],
    },
    on_start=_html_start,
)

# ---------------------------------------------------------------------------------------------
# CSS.  The word sets were obtained by running Rouge over a CSS vocabulary (Pygments' lists of
# properties and keyword values) and recording how it classified each word.
# ---------------------------------------------------------------------------------------------

_CSS_ATTRIBUTES = words(
    "align-content align-items align-self alignment-baseline all animation animation-delay "
    "animation-direction animation-duration animation-fill-mode animation-iteration-count "
    "animation-name animation-play-state animation-timing-function appearance azimuth "
    "backface-visibility background background-attachment background-clip background-color "
    "background-image background-origin background-position background-repeat "
    "background-size baseline-shift bookmark-label bookmark-level bookmark-state border "
    "border-bottom border-bottom-color border-bottom-left-radius border-bottom-right-radius "
    "border-bottom-style border-bottom-width border-collapse border-color border-image "
    "border-image-outset border-image-repeat border-image-slice border-image-source "
    "border-image-width border-left border-left-color border-left-style border-left-width "
    "border-radius border-right border-right-color border-right-style border-right-width "
    "border-spacing border-style border-top border-top-color border-top-left-radius "
    "border-top-right-radius border-top-style border-top-width border-width bottom "
    "box-decoration-break box-shadow box-sizing break-after break-before break-inside "
    "caption-side clear clip clip-path clip-rule color column-count column-fill column-gap "
    "column-rule column-rule-color column-rule-style column-rule-width column-span "
    "column-width columns content counter-increment counter-reset crop cue cue-after "
    "cue-before cursor direction display dominant-baseline elevation empty-cells filter fit "
    "flex flex-basis flex-direction flex-flow flex-grow flex-shrink flex-wrap float "
    "float-offset font font-family font-feature-settings font-kerning font-language-override "
    "font-size font-size-adjust font-stretch font-style font-synthesis font-variant "
    "font-variant-alternates font-variant-caps font-variant-east-asian "
    "font-variant-ligatures font-variant-numeric font-variant-position font-weight "
    "grid-column grid-row grid-template hanging-punctuation height hyphenate-character "
    "hyphens icon image-orientation image-rendering image-resolution justify-content left "
    "letter-spacing line-break line-height list-style list-style-image list-style-position "
    "list-style-type margin margin-bottom margin-left margin-right margin-top mark mask "
    "max-height max-width min-height min-width nav-down nav-left nav-right nav-up object-fit "
    "object-position opacity order orphans outline outline-color outline-offset "
    "outline-style outline-width overflow overflow-wrap overflow-x overflow-y padding "
    "padding-bottom padding-left padding-right padding-top page page-break-after "
    "page-break-before page-break-inside pause pause-after pause-before perspective "
    "perspective-origin pitch pitch-range play-during pointer-events position quotes resize "
    "rest rest-after rest-before richness right ruby-align ruby-overhang ruby-position size "
    "speak speak-as speak-header speak-numeral speak-punctuation speech-rate src stress "
    "string-set tab-size table-layout target text-align text-align-last text-decoration "
    "text-decoration-color text-decoration-line text-decoration-skip text-decoration-style "
    "text-emphasis text-emphasis-color text-emphasis-position text-emphasis-style "
    "text-indent text-justify text-orientation text-overflow text-rendering text-shadow "
    "text-space-collapse text-transform text-underline-position text-wrap top transform "
    "transform-origin transform-style transition transition-delay transition-duration "
    "transition-property transition-timing-function unicode-bidi vertical-align visibility "
    "voice-balance voice-duration voice-family voice-pitch voice-range voice-rate "
    "voice-stress voice-volume volume white-space widows width word-break word-spacing "
    "word-wrap writing-mode z-index ",
    # the rest of Rouge's CSS.attributes (older and draft properties)
    "alignment-adjust anchor-point binding bleed bookmark-target box-align box-direction "
    "box-flex box-flex-group box-lines box-ordinal-group box-orient box-pack color-profile "
    "drop-initial-after-adjust drop-initial-after-align drop-initial-before-adjust "
    "drop-initial-before-align drop-initial-size drop-initial-value fit-position grid-cell "
    "grid-column-align grid-column-sizing grid-column-span grid-columns grid-flow "
    "grid-row-align grid-row-sizing grid-row-span grid-rows hyphenate-after hyphenate-before "
    "hyphenate-lines hyphenate-resource ime-mode inline-box-align line-stacking "
    "line-stacking-ruby line-stacking-shift line-stacking-strategy mark-after mark-before "
    "marker-offset marks marquee-direction marquee-loop marquee-play-count marquee-speed "
    "marquee-style move-to nav-index overflow-style page-policy phonemes presentation-level "
    "punctuation-trim rendering-intent rotation rotation-point ruby-span target-name "
    "target-new target-position text-combine-horizontal text-height text-outline "
    "voice-pitch-range"
)
_CSS_BUILTINS = words(
    "above absolute always armenian aural auto avoid baseline behind below bidi-override "
    "blink block bold bolder both bottom capitalize center center-left center-right circle "
    "cjk-ideographic close-quote collapse condensed continuous crop cross crosshair cursive "
    "dashed decimal decimal-leading-zero default digits disc dotted double e-resize embed "
    "expanded extra-condensed extra-expanded fantasy far-left far-right fast faster fixed "
    "georgian groove hebrew help hidden hide high higher hiragana hiragana-iroha icon "
    "inherit inline inline-table inset inside invert italic justify katakana katakana-iroha "
    "landscape large larger left left-side leftwards level lighter line-through list-item "
    "loud low lower lower-alpha lower-greek lower-roman lowercase ltr medium message-box "
    "middle mix monospace n-resize narrower ne-resize no-close-quote no-open-quote no-repeat "
    "none normal nowrap nw-resize oblique once open-quote outset outside overline pointer "
    "portrait px relative repeat repeat-x repeat-y rgb ridge right right-side rightwards "
    "s-resize sans-serif scroll se-resize semi-condensed semi-expanded separate serif show "
    "silent slow slower small-caps small-caption smaller soft solid spell-out square static "
    "status-bar super sw-resize table-caption table-cell table-column table-column-group "
    "table-footer-group table-header-group table-row table-row-group text text-bottom "
    "text-top thick thin top transparent ultra-condensed ultra-expanded underline "
    "upper-alpha upper-latin upper-roman uppercase url visible w-resize wait wider x-fast "
    "x-high x-large x-loud x-low x-small x-soft xx-large xx-small yes"
)
_CSS_CONSTANTS = words(
    "aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue "
    "blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk "
    "crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkkhaki darkmagenta "
    "darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue "
    "darkslategray darkturquoise darkviolet deeppink deepskyblue dimgray dodgerblue "
    "firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray "
    "green greenyellow honeydew hotpink indianred indigo ivory khaki lavender lavenderblush "
    "lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgreen "
    "lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray "
    "lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine "
    "mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen "
    "mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite "
    "navy oldlace olive olivedrab orange orangered orchid palegoldenrod palegreen "
    "paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple red "
    "rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver "
    "skyblue slateblue slategray snow springgreen steelblue tan teal thistle tomato "
    "turquoise violet wheat white whitesmoke yellow yellowgreen"
)
_CSS_VENDOR_PREFIXES = (
    "-moz-", "-webkit-", "-o-", "-ms-", "-khtml-", "-xv-", "-atsc-", "-wap-", "-ah-", "-hp-", "-ro-", "-rim-", "-tc-",
    "mso-", "prince-",
)

_CSS_ID = r"(?u:(?:[^\W\d]|-)[\w-]*)"
_CSS_NUMBER = r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_CSS_UNITS = r"em|px|pt|pc|in|mm|cm|ex|rem|ch|vw|vh|vmin|vmax|dpi|dpcm|dppx|deg|grad|rad|turn|s|ms|Hz|kHz"


def _css_value_word(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    run.token("no" if word in _CSS_CONSTANTS else "nb" if word in _CSS_BUILTINS else "n")


def _css_property(run: Run, m: RuleMatch) -> None:
    name = m.group(1)
    known = name in _CSS_ATTRIBUTES or name.startswith(_CSS_VENDOR_PREFIXES)
    run.groups("nl" if known else "py", "", "p")
    run.push("stanza_value")


CSS = LexerSpec(
    "css",
    {
        "root": [
            Mixin("basics"),
            r(r"\{", "p", "stanza"),
            r(rf"::?{_CSS_ID}", "nd"),
            r(rf"\.{_CSS_ID}", "nc"),
            r(rf"#{_CSS_ID}", "nf"),
            r(rf"@{_CSS_ID}", "k", "at_rule"),
            r(_CSS_ID, "nt"),
            r(r"[~^*!%&\[\]()<>|+=@:;,./?-]", "o"),
            r(r'"(?:\\\\|\\"|[^"])*"', "s1"),
            r(r"'(?:\\\\|\\'|[^'])*'", "s2"),
        ],
        "value": [
            Mixin("basics"),
            r(r"url\(.*?\)", "sx"),
            r(r"#[0-9a-fA-F]{1,6}", "m"),
            r(rf"{_CSS_NUMBER}(?:%|(?:{_CSS_UNITS})\b)?", "m"),
            r(r"[\[\]():/.,]", "p"),
            r(r'"(?:\\\\|\\"|[^"])*"', "s1"),
            r(r"'(?:\\\\|\\'|[^'])*'", "s2"),
            r(_CSS_ID, _css_value_word),
        ],
        "at_rule": [
            r(rf"\{{(?=\s*{_CSS_ID}\s*:)", "p", "at_stanza"),
            r(r"\{", "p", "at_body"),
            r(r";", "p", "#pop"),
            Mixin("value"),
        ],
        "at_body": [Mixin("at_content"), Mixin("root")],
        "at_stanza": [Mixin("at_content"), Mixin("stanza")],
        "at_content": [r(r"\}", "p", _pop(2))],
        "basics": [
            r(r"\s+", ""),
            r(r"/\*.*?\*/", "c", None, re.DOTALL),
        ],
        "stanza": [
            Mixin("basics"),
            r(r"\}", "p", "#pop"),
            r(rf"({_CSS_ID})(\s*)(:)", _css_property),
        ],
        "stanza_value": [
            r(r";", "p", "#pop"),
            r(r"(?=\})", None, "#pop"),
            r(r"!\s*important\b", "cp"),
            r(r"^@.*?$", "cp"),
            Mixin("value"),
        ],
    },
)

# ---------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------

JSON = LexerSpec(
    "json",
    {
        "whitespace": [r(r"\s+", "w")],
        "root": [
            Mixin("whitespace"),
            r(r"\{", "p", "object"),
            r(r"\[", "p", "array"),
            Mixin("name"),
            Mixin("value"),
            r(r"[\]}]", "p"),
        ],
        "object": [
            Mixin("whitespace"),
            Mixin("name"),
            Mixin("value"),
            r(r"\}", "p", "#pop"),
            r(r",", "p"),
        ],
        "name": [r(r'("(?:\\.|[^"\\\n])*?")(\s*)(:)', ("nl", "w", "p"))],
        "value": [
            Mixin("whitespace"),
            Mixin("constants"),
            r(r'"', "s2", "string"),
            r(r"\[", "p", "array"),
            r(r"\{", "p", "object"),
        ],
        "string": [
            r(r'[^\\"]+', "s2"),
            r(r"\\.", "se"),
            r(r'"', "s2", "#pop"),
        ],
        "array": [
            Mixin("value"),
            r(r"\]", "p", "#pop"),
            r(r",", "p"),
        ],
        "constants": [
            r(r"(?:true|false|null)", "kc"),
            r(r"-?(?:0|[1-9]\d*)\.\d+(?:[eE][+-]?\d+)?", "mf"),
            r(r"-?(?:0|[1-9]\d*)(?:[eE][+-]?\d+)?", "mi"),
        ],
    },
)

# ---------------------------------------------------------------------------------------------
# YAML (an indentation-tracking state machine: a stack of block indents, the indent of the
# line being read, and the indent of the current block scalar)
# ---------------------------------------------------------------------------------------------


def _yaml_reset(run: Run) -> None:
    run.vars["indents"] = [0]
    run.vars["next"] = 0
    run.vars["scalar"] = None


def _yaml_indent(run: Run) -> int:
    indents: list[int] = run.vars["indents"]
    return indents[-1]


def _yaml_save_indent(run: Run, text: str) -> tuple[str, str]:
    """Record a line's indentation; on a dedent, split off the part deeper than the block."""
    indents: list[int] = run.vars["indents"]
    run.vars["next"] = size = len(text)
    if size < indents[-1]:
        while size < indents[-1]:
            indents.pop()
        return text[: indents[-1]], text[indents[-1] :]
    return text, ""


def _yaml_set_indent(run: Run, text: str, implicit: bool = False) -> None:
    indents: list[int] = run.vars["indents"]
    if indents[-1] < run.vars["next"]:
        indents.append(run.vars["next"])
    if not implicit:
        run.vars["next"] += len(text)


def _yaml_directive(state: str) -> Callback:
    def action(run: Run, m: RuleMatch) -> None:
        run.token("nt")
        _yaml_reset(run)
        run.push(state)

    return action


def _yaml_doc_marker(run: Run, m: RuleMatch) -> None:
    run.token("nn")
    _yaml_reset(run)
    run.push("block_line")


def _yaml_line_start(run: Run, m: RuleMatch) -> None:
    text, err = _yaml_save_indent(run, m.group(0))
    run.token("", text)
    run.token("err", err)
    run.stack.extend(("block_line", "indentation"))


def _yaml_indicator_space(run: Run, m: RuleMatch) -> None:
    run.token("")
    run.vars["next"] += len(m.group(0))


def _yaml_indicator(run: Run, m: RuleMatch) -> None:
    _yaml_set_indent(run, m.group(0))
    run.token("pi")


def _yaml_line_body(run: Run, m: RuleMatch) -> None:
    run.token("")
    run.vars["next"] += len(m.group(0))
    run.pop()


def _yaml_implicit_key(run: Run, m: RuleMatch) -> None:
    run.groups("na", "pi")
    _yaml_set_indent(run, m.group(0), implicit=True)


def _yaml_blank_scalar_line(run: Run, m: RuleMatch) -> None:
    text = m.group(0)
    scalar = run.vars["scalar"]
    mark = len(text) if scalar is None else scalar
    run.token("", text[:mark])
    run.token("no", text[mark:])


def _yaml_scalar_line(run: Run, m: RuleMatch) -> None:
    run.token("")
    size = len(m.group(0))
    scalar = run.vars["scalar"]
    level = _yaml_indent(run) if scalar is None else scalar
    if scalar is None:
        run.vars["scalar"] = size
    if size < level:
        _yaml_save_indent(run, m.group(0))
        run.pop()
        run.push("indentation")


def _ruby_to_i(text: str) -> int:
    m = re.match(r"[+-]?\d+", text)
    return int(m.group(0)) if m else 0


def _yaml_scalar_header(run: Run, m: RuleMatch) -> None:
    run.vars["scalar"] = None
    run.goto("ignored_line")
    if not m.group(0):
        return
    # Rouge takes the whole header as the increment (so "2-" is 2, "-" is 0, "-2" is -2).
    run.vars["scalar"] = _yaml_indent(run) + _ruby_to_i(m.group(1))
    run.token("pi")


def _yaml_scalar_new_line(run: Run, m: RuleMatch) -> None:
    run.token("")
    run.pop()
    if len(m.group(0)) <= _yaml_indent(run):
        run.pop()
        _yaml_save_indent(run, m.group(0))
        run.push("indentation")


def _yaml_pop_text(times: int) -> Callable[[Run], None]:
    def action(run: Run) -> None:
        run.pop(times)

    return action


def _yaml_new_line_in_scalar(run: Run, m: RuleMatch) -> None:
    run.token("")
    run.push("plain_scalar_in_block_context_new_line")


_YAML_PLAIN_START = r"""[^ \t\n\r\f\v?:,\[\]{}#&*!|>'"%@`]"""

YAML = LexerSpec(
    "yaml",
    {
        "basic": [r(r"#.*$", "c1")],
        "root": [
            Mixin("basic"),
            r(r"\n+", ""),
            r(r"[ ]+(?=#|$)", ""),
            r(r"^%YAML\b", _yaml_directive("yaml_directive")),
            r(r"^%TAG\b", _yaml_directive("tag_directive")),
            r(r"^(?:---|\.\.\.)(?= |$)", _yaml_doc_marker),
            r(r"[ ]*(?!\s|$)", _yaml_line_start),
        ],
        "indentation": [
            r(r"\s*?\n", "", _pop(2)),
            r(r"[ ]+(?=[-:?](?:[ ]|$))", _yaml_indicator_space),
            r(r"[?:-](?=[ ]|$)", _yaml_indicator),
            r(r"[ ]*", _yaml_line_body),
        ],
        "block_line": [
            r(r"[ ]*(?=#|$)", "", "#pop"),
            r(r"[ ]+", ""),
            Mixin("descriptors"),
            Mixin("block_nodes"),
            Mixin("flow_nodes"),
            r(rf"(?={_YAML_PLAIN_START}|[?:-][^ \t\n\r\f\v])", None, "plain_scalar_in_block_context"),
        ],
        "descriptors": [
            r(r"!<[0-9A-Za-z;/?:@&=+$,_.!~*'()\[\]%-]+>", "kt"),
            r(r"(?:![\w-]+)?!(?:[\w;/?:@&=+$,.!~*'()\[\]%-]*)", "kt"),
            r(r"&(?u:[\w-])+", "nl"),
            r(r"\*(?u:[\w-])+", "nv"),
        ],
        "block_nodes": [
            r(r"""([^#,:?\[\]{}"'\n]+)(:)(?=\s|$)""", _yaml_implicit_key),
            r(r"[|>][+-]?", "pi", _push_all("block_scalar_content", "block_scalar_header")),
        ],
        "flow_nodes": [
            r(r"\[", "pi", "flow_sequence"),
            r(r"\{", "pi", "flow_mapping"),
            r(r"'", "s1", "single_quoted_scalar"),
            r(r'"', "s2", "double_quoted_scalar"),
        ],
        "flow_collection": [
            r(r"\s+", ""),
            Mixin("basic"),
            r(r"[?:,]", "pi"),
            Mixin("descriptors"),
            Mixin("flow_nodes"),
            r(rf"(?={_YAML_PLAIN_START})", None, "plain_scalar_in_flow_context"),
        ],
        "flow_sequence": [r(r"\]", "pi", "#pop"), Mixin("flow_collection")],
        "flow_mapping": [r(r"\}", "pi", "#pop"), Mixin("flow_collection")],
        "block_scalar_content": [
            r(r"\n+", ""),
            r(r"^[ ]+$", _yaml_blank_scalar_line),
            r(r"^[ ]*", _yaml_scalar_line),
            r(r"[^\n\r\f\v]+", "s"),
        ],
        "block_scalar_header": [
            r(r"(([1-9])[+-]?|[+-]?([1-9])?)(?=[ ]|$)", _yaml_scalar_header),
        ],
        "ignored_line": [
            Mixin("basic"),
            r(r"[ ]+", ""),
            r(r"\n", "", "#pop"),
        ],
        "quoted_scalar_whitespaces": [
            r(r"^[ ]+", ""),
            r(r"[ ]+$", ""),
            r(r"\n+", ""),
            r(r"[ ]+", "nv"),
        ],
        "single_quoted_scalar": [
            Mixin("quoted_scalar_whitespaces"),
            r(r"\\'", "se"),
            r(r"'", "s", "#pop"),
            r(r"[^\s']+", "s"),
        ],
        "double_quoted_scalar": [
            r(r'"', "s", "#pop"),
            Mixin("quoted_scalar_whitespaces"),
            r(r'\\[0abt\tn\nvfre "\\N_LP]', "se"),
            r(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})", "se"),
            r(r'[^ \t\n\r\f\v"\\]+', "s"),
        ],
        "plain_scalar_in_block_context_new_line": [
            r(r"^[ ]+\n", ""),
            r(r"\n+", ""),
            r(r"^(?=---|\.\.\.)", None, _yaml_pop_text(3)),
            r(r"^[ ]*", _yaml_scalar_new_line),
        ],
        "plain_scalar_in_block_context": [
            r(r"[ ]*(?=:[ \n]|:$)", "", "#pop"),
            r(r"[ ]*:\S+", "s"),
            r(r"[ ]+(?=#)", "", "#pop"),
            r(r"[ ]+$", ""),
            r(r"\n+", _yaml_new_line_in_scalar),
            r(r"[ ]+", "s"),
            r(r"true|false|null", "no"),
            r(r"\d+(?:\.\d+)?(?=(\r?\n)| +#)", "m", "#pop"),
            r(r"[^\s:]+", "s"),
        ],
        "plain_scalar_in_flow_context": [
            r(r"[ ]*(?=[,:?\[\]{}])", "", "#pop"),
            r(r"[ ]+(?=#)", "", "#pop"),
            r(r"^[ ]+", ""),
            r(r"[ ]+$", ""),
            r(r"\n+", ""),
            r(r"[ ]+", "nv"),
            r(r"[^\s,:?\[\]{}]+", "nv"),
        ],
        "yaml_directive": [
            r(r"([ ]+)(\d+\.\d+)", ("", "m"), _goto("ignored_line")),
        ],
        "tag_directive": [
            r(
                r"([ ]+)(!|![\w-]*!)([ ]+)(!|!?[\w;/?:@&=+$,.!~*'()\[\]%-]+)",
                ("", "kt", "", "kt"),
                _goto("ignored_line"),
            ),
        ],
    },
    on_start=_yaml_reset,
)

LEXERS: dict[str, LexerSpec] = {
    "javascript": JAVASCRIPT,
    "typescript": TYPESCRIPT,
    "jsx": JSX,
    "tsx": TSX,
    "html": HTML,
    "json": JSON,
    "css": CSS,
    "yaml": YAML,
}
