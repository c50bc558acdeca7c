"""Jekyll's ``highlight`` block tag and ``raw``."""

from __future__ import annotations

import pytest

from reblog.errors import ReblogError


def test_highlight_wraps_in_rouge_figure(build_site) -> None:
    _, out = build_site({"index.html": "---\n---\n{% highlight ruby %}\ndef foo\n  1\nend\n{% endhighlight %}"})
    html = (out / "index.html").read_text()
    assert html.startswith('<figure class="highlight"><pre><code class="language-ruby" data-lang="ruby">')
    assert '<span class="k">def</span>' in html
    assert html.endswith("</code></pre></figure>")


def test_highlight_body_goes_through_liquid(build_site) -> None:
    _, out = build_site({"index.html": "---\nv: 42\n---\n{% highlight text %}{{ page.v }}{% endhighlight %}"})
    assert "42" in (out / "index.html").read_text()


def test_highlight_linenos_uses_a_table(build_site) -> None:
    _, out = build_site({"index.html": "---\n---\n{% highlight python linenos %}\nx = 1\ny = 2\n{% endhighlight %}"})
    html = (out / "index.html").read_text()
    assert 'class="lineno"' in html or 'class="gutter' in html
    assert "rouge-table" in html


def test_highlight_bad_syntax_is_an_error(build_site) -> None:
    with pytest.raises(ReblogError) as info:
        build_site({"index.html": "---\n---\n{% highlight %}x{% endhighlight %}"})
    assert info.value.file == "index.html"


def test_raw_keeps_liquid_text(build_site) -> None:
    _, out = build_site({"index.html": "---\n---\n{% raw %}{{ not_rendered }}{% endraw %}"})
    assert (out / "index.html").read_text() == "{{ not_rendered }}"
