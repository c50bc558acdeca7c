"""Tests for reblog.rouge.highlight: Rouge-compatible highlighting through Pygments."""

from __future__ import annotations

import pytest

from reblog.rouge.highlight import highlight_fenced, highlight_tag, rouge_tag

# Expected strings below were produced by Jekyll 4.3.1's highlight tag / kramdown with Rouge 3.30.
RUBY_TAG = (
    '<figure class="highlight"><pre><code class="language-ruby" data-lang="ruby">'
    '<span class="k">def</span> <span class="nf">x</span><span class="p">(</span>'
    '<span class="n">a</span><span class="p">)</span>\n'
    '  <span class="nb">puts</span> <span class="s2">"hi </span><span class="si">#{</span>'
    '<span class="n">a</span><span class="si">}</span><span class="s2">"</span> '
    '<span class="c1"># c</span>\n'
    '<span class="k">end</span></code></pre></figure>'
)
RUBY_LINENOS = (
    '<figure class="highlight"><pre><code class="language-ruby" data-lang="ruby">'
    '<table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">1\n2\n3\n</pre></td>'
    '<td class="code"><pre><span class="k">def</span> <span class="nf">x</span><span class="p">(</span>'
    '<span class="n">a</span><span class="p">)</span>\n'
    '  <span class="mi">1</span>\n'
    '<span class="k">end</span>\n'
    "</pre></td></tr></tbody></table></code></pre></figure>"
)


def test_highlight_tag_ruby() -> None:
    """{% highlight ruby %} output is identical to Jekyll's."""
    assert highlight_tag('def x(a)\n  puts "hi #{a}" # c\nend\n', "ruby") == RUBY_TAG


def test_highlight_tag_strips_surrounding_newlines() -> None:
    """Leading/trailing newlines of the tag body are dropped like Jekyll does."""
    assert highlight_tag('\n\ndef x(a)\n  puts "hi #{a}" # c\nend\n\n', "ruby") == RUBY_TAG


def test_highlight_tag_linenos() -> None:
    """linenos uses Rouge's HTMLTable markup."""
    assert highlight_tag("def x(a)\n  1\nend\n", "ruby", linenos=True) == RUBY_LINENOS


def test_highlight_tag_unknown_language() -> None:
    """Unknown languages fall back to escaped plain text in the same wrapper."""
    expected = '<figure class="highlight"><pre><code class="language-nosuch" data-lang="nosuch">a&lt;b</code></pre></figure>'
    assert highlight_tag("a<b\n", "nosuch") == expected


def test_highlight_tag_plus_in_lang() -> None:
    """'+' in the language becomes '-' in the class (c++ -> language-c--)."""
    assert 'class="language-c--" data-lang="c++"' in highlight_tag("int x;", "c++")


def test_fenced_js() -> None:
    """A fenced block with a known language gets kramdown's Rouge wrapper."""
    expected = (
        '<div class="language-js highlighter-rouge"><div class="highlight"><pre class="highlight"><code>'
        '<span class="kd">const</span> <span class="nx">x</span> <span class="o">=</span> '
        '<span class="mi">1</span><span class="p">;</span>\n'
        "</code></pre></div></div>\n"
    )
    assert highlight_fenced("const x = 1;\n", "js") == expected


def test_fenced_without_language_is_plaintext() -> None:
    """No language: Jekyll's default_lang plaintext, still wrapped and escaped."""
    expected = (
        '<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight">'
        "<code>a &amp; b\n</code></pre></div></div>\n"
    )
    assert highlight_fenced("a & b\n", None) == expected


def test_fenced_unknown_language() -> None:
    """Unknown language: kramdown emits a plain <pre><code class="language-X">."""
    assert highlight_fenced("x < y\n", "foo") == '<pre><code class="language-foo">x &lt; y\n</code></pre>\n'


def test_fenced_extra_attributes() -> None:
    """Block IAL attributes land on the wrapper div, classes before highlighter-rouge."""
    out = highlight_fenced("x\n", "ruby", attrs={"class": "wide", "id": "c"})
    assert out.startswith('<div class="language-ruby wide highlighter-rouge" id="c">')


@pytest.mark.parametrize(
    ("name", "tag"),
    [
        ("js", "javascript"),
        ("javascript", "javascript"),
        ("ts", "typescript"),
        ("tsx", "tsx"),
        ("py", "python"),
        ("rb", "ruby"),
        ("sh", "shell"),
        ("bash", "shell"),
        ("yml", "yaml"),
        ("c++", "cpp"),
        ("rs", "rust"),
        ("golang", "go"),
        ("text", "plaintext"),
        ("Ruby", None),
        ("nosuch", None),
    ],
)
def test_rouge_names(name: str, tag: str | None) -> None:
    """Language names resolve like Rouge's (case-sensitive) lexer lookup."""
    assert rouge_tag(name) == tag


@pytest.mark.parametrize(
    ("lang", "code", "expected"),
    [
        ("python", "x = None\n", '<span class="n">x</span> <span class="o">=</span> <span class="bp">None</span>\n'),
        ("c", "int x;\n", '<span class="kt">int</span> <span class="n">x</span><span class="p">;</span>\n'),
        ("sql", "-- c\nSELECT 1;\n", '<span class="c1">-- c</span>\n<span class="k">SELECT</span> <span class="mi">1</span><span class="p">;</span>\n'),
        ("json", '{"a": 1}\n', '<span class="p">{</span><span class="nl">"a"</span><span class="p">:</span><span class="w"> </span><span class="mi">1</span><span class="p">}</span><span class="w">\n</span>'),
    ],
)
def test_token_classes_match_rouge(lang: str, code: str, expected: str) -> None:
    """Common languages produce Rouge's span classes (verified against Rouge 3.30)."""
    out = highlight_fenced(code, lang)
    assert expected in out


# --- Rouge-faithful lexers (reblog.rouge.engine / reblog.rouge.lexers) -----------------------
# Expected strings produced by Rouge 3.30's HTML formatter.
ROUGE_CASES = [
    (
        "typescript",
        "const a = { b: 'c' };\n",
        '<span class="kd">const</span> <span class="nx">a</span> <span class="o">=</span> '
        '<span class="p">{</span> <span class="na">b</span><span class="p">:</span> '
        '<span class="dl">\'</span><span class="s1">c</span><span class="dl">\'</span> '
        '<span class="p">};</span>\n',
    ),
    (
        "typescript",
        "x = a / b / c;\ny = /re/g;\n",
        '<span class="nx">x</span> <span class="o">=</span> <span class="nx">a</span> '
        '<span class="o">/</span> <span class="nx">b</span> <span class="o">/</span> '
        '<span class="nx">c</span><span class="p">;</span>\n<span class="nx">y</span> '
        '<span class="o">=</span> <span class="sr">/re/g</span><span class="p">;</span>\n',
    ),
    (
        "yaml",
        "key: [1, two]\nlist:\n  - |\n    text\n",
        '<span class="na">key</span><span class="pi">:</span> <span class="pi">[</span>'
        '<span class="nv">1</span><span class="pi">,</span> <span class="nv">two</span>'
        '<span class="pi">]</span>\n<span class="na">list</span><span class="pi">:</span>\n'
        '  <span class="pi">-</span> <span class="pi">|</span>\n    <span class="s">text</span>\n',
    ),
    (
        "css",
        "a:hover { color: red; }\n",
        '<span class="nt">a</span><span class="nd">:hover</span> <span class="p">{</span> '
        '<span class="nl">color</span><span class="p">:</span> <span class="no">red</span>'
        '<span class="p">;</span> <span class="p">}</span>\n',
    ),
    # No rule matches "§": Rouge emits the character as an error token and carries on.
    ("javascript", "@\u00a7\n", '<span class="p">@</span><span class="err">§</span>\n'),
]


@pytest.mark.parametrize(("tag", "code", "expected"), ROUGE_CASES)
def test_rouge_lexers(tag: str, code: str, expected: str) -> None:
    """The Rouge-faithful lexers reproduce Rouge's token stream exactly."""
    from reblog.rouge.highlight import format_tokens

    assert format_tokens(code, tag) == expected


def test_rouge_engine_merges_and_limits_empty_matches() -> None:
    """Adjacent same-class tokens merge; more than five empty matches in a row is no match."""
    from reblog.rouge.engine import LexerSpec, r

    spec = LexerSpec("t", {"root": [r(r"a", "k"), r(r"(?=b)", None, "#push")]})
    # "aa" merges into one token; at "b" the empty rule matches (pushing) until the limit,
    # then "b" is emitted as an error character.
    assert spec.tokens("aab") == [("k", "aa"), ("err", "b")]
