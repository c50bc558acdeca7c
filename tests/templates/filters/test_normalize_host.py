"""URL hosts (``urls._normalize_host``): the IDNA codec only where it can change the name."""

from __future__ import annotations

import random
import re
import subprocess
import sys

from reblog.templates.filters import urls


def idna_always(host: str) -> str:
    """The host normalized with the IDNA codec asked of every name (what Addressable does)."""
    host = host.strip().lower()
    if not host:
        return ""
    decoded = urls._unencode(host).decode("utf-8", errors="replace")
    try:
        decoded = decoded.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if re.search(r"[^.]\.$", decoded):
        decoded = decoded[:-1]
    return urls.normalize_component(decoded, urls._ENCODE_HOST)


def test_same_hosts_as_asking_the_codec_every_time() -> None:
    fixed = ["example.org", "Example.ORG.", "a..b", "." , "..", "a" * 63 + ".org", "a" * 64 + ".org",
             "x." + "b" * 64, "münchen.de", "M%C3%BCnchen.de", "%41bc.org", "xn--mnchen-3ya.de", "bücher..de",
             "[::1]", "host:8080", " spaced.org ", "a b.org", "日本.jp", "%zz.org"]
    pieces = ["a", "Z", "0", "-", ".", "%2E", "%41", "%C3%BC", "ü", "é", "..", "_", "~", "%", " ", "x" * 63]
    rng = random.Random(7)
    hosts = fixed + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    for host in hosts:
        assert urls._normalize_host(host) == idna_always(host), host


def test_an_ascii_host_does_not_load_the_idna_codec() -> None:
    code = ("import sys; from reblog.templates.filters.urls import absolute_url;"
            " print(absolute_url('/a/', '/blog', 'https://Example.org'), 'encodings.idna' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["https://example.org/blog/a/", "False"]
