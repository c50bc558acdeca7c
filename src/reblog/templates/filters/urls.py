"""URL filters (relative_url, absolute_url, strip_index, uri_escape) with Addressable normalization."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from .ruby import is_nil, to_s

# Character classes from Addressable::URI::CharacterClasses.
_ALPHA_DIGIT = "a-zA-Z0-9"
_UNRESERVED = _ALPHA_DIGIT + r"\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_GEN_DELIMS = r":/?#\[\]@"
_PCHAR = _UNRESERVED + _SUB_DELIMS + ":@"

_ENCODE_RESERVED = re.compile(rb"[^" + (_GEN_DELIMS + _SUB_DELIMS + _UNRESERVED).encode() + rb"]")
_ENCODE_PCHAR = re.compile(rb"[^" + _PCHAR.encode() + rb"]")
_ENCODE_HOST = re.compile(rb"[^" + (_UNRESERVED + _SUB_DELIMS + r"\[:\]").encode() + rb"]")
_ENCODE_SCHEME = re.compile(rb"[^a-zA-Z0-9\-+.]")
_ENCODE_FRAGMENT = re.compile(rb"[^" + (_PCHAR + "/?").encode() + rb"]")
# Queries keep literal "%" only when it starts an (intentionally preserved) "%2B".
_ENCODE_QUERY = re.compile(rb"[^a-zA-Z0-9\-._~!$'()*+,=:@/?%]|%(?!2B|2b)")

_URI = re.compile(r"^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$", re.DOTALL)
_PERCENT = re.compile(rb"%[0-9a-fA-F]{2}")
_NORMPATH = re.compile(r"^(?!/)[^/:]*:.*$")
_PORTS = {"http": "80", "https": "443", "ftp": "21", "tftp": "69", "sftp": "22",
          "ssh": "22", "svn+ssh": "22", "telnet": "23", "nntp": "119", "gopher": "70",
          "wais": "210", "ldap": "389", "prospero": "1525"}

_RULE_2A = re.compile(r"/\./|/\.$")
_RULE_2B_2C = re.compile(r"/([^/]*)/\.\./|/([^/]*)/\.\.$")
_RULE_2D = re.compile(r"^\.\.?/?")
_RULE_PREFIXED_PARENT = re.compile(r"^/\.\.?/|^(/\.\.?)+/?$")


def _unencode(component: str, leave_encoded: str = "") -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        char = bytes([int(match.group()[1:], 16)])
        return match.group() if char.decode("latin-1") in leave_encoded else char

    return _PERCENT.sub(replace, component.encode("utf-8"))


def _encode(raw: bytes, pattern: re.Pattern[bytes]) -> str:
    encoded = pattern.sub(lambda m: b"".join(b"%%%02X" % b for b in m.group()), raw)
    return encoded.decode("utf-8", errors="surrogateescape")


def normalize_component(component: str, pattern: re.Pattern[bytes] = _ENCODE_RESERVED,
                        leave_encoded: str = "") -> str:
    """Addressable's `normalize_component`: decode, NFKC-normalize, re-encode."""
    raw = _unencode(component, leave_encoded)
    try:
        text = unicodedata.normalize("NFKC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        # Addressable falls back to plain encoding when the bytes are not UTF-8.
        return _encode(raw, _ENCODE_RESERVED)
    return _encode(text.encode("utf-8"), pattern)


# Longest path given to the literal port when a ".." climbs above the root (see below).
_LITERAL_LIMIT = 2048


def _remove_dot_segments(path: str) -> str:
    """Addressable::URI.normalize_path in linear time.

    Addressable rewrites the whole string once per dot-segment pair (quadratic or worse on a
    long path of ``..``). Without a ``.`` segment nothing changes; for a path from the root
    whose ``..`` never climb above it, its rewriting ends where RFC 3986's one-pass
    remove_dot_segments ends (checked against the literal port on every path of up to seven
    segments over a, b, ., .., "", ..., .a). Otherwise its own quirks (it folds ``/../../``
    into ``/``) need the literal port, used up to ``_LITERAL_LIMIT`` characters; a longer path
    of that kind takes the RFC result.
    """
    if "/." not in path and not path.startswith("."):
        return path
    if path.startswith("/"):
        result, above_root = _rfc_remove_dot_segments(path)
        if not above_root or len(path) > _LITERAL_LIMIT:
            return result
    return _addressable_remove_dot_segments(path)


def _rfc_remove_dot_segments(path: str) -> tuple[str, bool]:
    """RFC 3986 5.2.4 over a path from the root; also whether a ``..`` went above the root."""
    segments = path[1:].split("/")
    last = len(segments) - 1
    out: list[str] = []
    above_root = False
    for index, segment in enumerate(segments):
        if segment == ".":
            if index == last:
                out.append("")
        elif segment == "..":
            if out:
                out.pop()
            else:
                above_root = True
            if index == last:
                out.append("")
        else:
            out.append(segment)
    return "/" + "/".join(out), above_root


def _addressable_remove_dot_segments(path: str) -> str:
    # A literal port of Addressable::URI.normalize_path (RFC 3986 5.2.4 + extras).
    while True:
        path, count = _RULE_2A.subn("/", path)
        if count:
            continue
        pair = _RULE_2B_2C.search(path)
        if pair:
            parent, current = pair.group(1), pair.group(2)
            dotted = (".", "..")
            if parent not in dotted or current not in dotted:
                regexp = f"/{re.escape(parent or '')}/\\.\\./|(/{re.escape(current or '')}/\\.\\.$)"
                path, count = re.subn(regexp, "/", path)
                if count:
                    continue
        path, count = _RULE_2D.subn("", path)
        if count:
            continue
        path, count = _RULE_PREFIXED_PARENT.subn("/", path)
        if not count:
            return path


def _normalize_path(path: str, scheme: str | None) -> str:
    if scheme is None and _NORMPATH.match(path):
        path = path.replace(":", "%2F", 1)
    segments = path.strip().split("/")
    result = "/".join(normalize_component(s, _ENCODE_PCHAR) for s in segments)
    result = _remove_dot_segments(result)
    if not result and scheme in ("http", "https", "ftp", "tftp"):
        result = "/"
    return result


def _normalize_host(host: str) -> str:
    host = host.strip().lower()
    if not host:
        return ""
    decoded = _unencode(host).decode("utf-8", errors="replace")
    # The IDNA codec leaves an ASCII name as it is (or refuses it, which leaves it too), and
    # looking it up imports encodings.idna and stringprep (~2-5 ms) in every process that
    # normalizes a URL (the build and each render worker): only a non-ASCII host asks it.
    if not decoded.isascii():
        try:
            decoded = decoded.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    if re.search(r"[^.]\.$", decoded):
        decoded = decoded[:-1]
    return normalize_component(decoded, _ENCODE_HOST)


def _normalize_authority(authority: str, scheme: str | None) -> str:
    userinfo_match = re.match(r"^([^\[\]]*)@", authority)
    host = re.sub(r":([^:@\[\]]*?)$", "", re.sub(r"^([^\[\]]*)@", "", authority, count=1), count=1)
    port_match = re.search(r":([^:@\[\]]*?)$", authority)
    port = port_match.group(1) if port_match and port_match.group(1) else None
    result = ""
    if userinfo_match:
        result += _normalize_userinfo(userinfo_match.group(1).strip())
    result += _normalize_host(host)
    if port is not None and _PORTS.get(scheme or "") != port:
        result += f":{port}"
    return result


def _normalize_userinfo(userinfo: str) -> str:
    user, _, password = userinfo.partition(":")
    user = normalize_component(user.strip(), _ENCODE_RESERVED)
    if ":" not in userinfo:
        return f"{user}@"
    return f"{user}:{normalize_component(password.strip(), _ENCODE_RESERVED)}@"


def normalize_uri(uri: str) -> str:
    """`Addressable::URI.parse(uri).normalize.to_s` for the URIs Jekyll builds."""
    match = _URI.match(uri)
    assert match is not None  # every string matches the RFC 3986 regex
    scheme = match.group(2).strip().lower() if match.group(2) is not None else None
    authority, path = match.group(4), match.group(5)
    query, fragment = match.group(7), match.group(9)
    out = ""
    if scheme is not None:
        out += normalize_component(scheme, _ENCODE_SCHEME) + ":"
    if authority is not None:
        out += "//" + _normalize_authority(authority, scheme)
    out += _normalize_path(path, scheme)
    if query is not None:
        pairs = [normalize_component(p, _ENCODE_QUERY, "+") for p in query.split("&")]
        if "&".join(pairs):
            out += "?" + "&".join(pairs)
    if fragment is not None:
        normalized = normalize_component(fragment, _ENCODE_FRAGMENT)
        if normalized:
            out += "#" + normalized
    return out


# `_URI`'s scheme group matches whenever the text starts with a scheme and its colon (what
# follows is optional and matches anything), so this alone says whether it has one.
_SCHEME = re.compile(r"[^:/?#]+:")


def is_absolute(uri: str) -> bool:
    """Addressable's `absolute?`: the URI has a scheme."""
    return _SCHEME.match(uri) is not None


def _url_of(value: Any) -> Any:
    # Documents/pages respond to `url` in Jekyll; plain hashes do not.
    if isinstance(value, Mapping) and not isinstance(value, dict) and "url" in value:
        return value.get("url")
    return value


def _ensure_leading_slash(text: str) -> str:
    return text if not text or text.startswith("/") else "/" + text


def relative_url(value: Any, baseurl: str) -> Any:
    """Prefix a site-relative path with `baseurl` (absolute URLs pass through)."""
    if is_nil(value):
        return None
    value = _url_of(value)
    text = to_s(value)
    if is_absolute(text):
        return value if isinstance(value, str) else text
    base = baseurl.removesuffix("/")
    return normalize_uri(_ensure_leading_slash(base) + _ensure_leading_slash(text))


def absolute_url(
    value: Any, baseurl: str, site_url: str, relative_of: Callable[[Any], Any] | None = None,
) -> Any:
    """Prefix a path with `url` + `baseurl` (absolute URLs pass through).

    ``relative_of``: what gives the value's ``relative_url`` (by default worked out here).
    """
    if is_nil(value):
        return None
    value = _url_of(value)
    text = to_s(value)
    if is_absolute(text):
        return value if isinstance(value, str) else text
    relative = relative_url(value, baseurl) if relative_of is None else relative_of(value)
    if not site_url:
        return relative
    return normalize_uri(site_url + relative)


class SiteUrls:
    """``relative_url`` and ``absolute_url`` for one site, each string's answer worked out once.

    Listing pages print the same few hundred URLs again and again (each post's, each topic's
    on every page that lists it, every page's header links); for a string the answer depends
    on it and the site's ``baseurl`` and ``url`` alone. The memo lives as long as the site's
    services (one build): the filters and the plugins that make URLs share it.
    """

    def __init__(self, baseurl: str, site_url: str) -> None:
        self.baseurl = baseurl
        self.site_url = site_url
        self._relative: dict[str, Any] = {}
        self._absolute: dict[str, Any] = {}

    def relative_url(self, value: Any) -> Any:
        """The ``relative_url`` filter."""
        if type(value) is not str:
            return relative_url(value, self.baseurl)
        found = self._relative.get(value, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._relative[value] = relative_url(value, self.baseurl)
        return found

    def absolute_url(self, value: Any) -> Any:
        """The ``absolute_url`` filter."""
        if type(value) is not str:
            return absolute_url(value, self.baseurl, self.site_url)
        found = self._absolute.get(value, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._absolute[value] = absolute_url(
                value, self.baseurl, self.site_url, self.relative_url)
        return found


_UNKNOWN = object()


def strip_index(value: Any) -> Any:
    """Turn `/about/index.html` into `/about/`."""
    if is_nil(value) or to_s(value) == "":
        return None
    return re.sub(r"/index\.html?$", "/", to_s(value), count=1, flags=re.MULTILINE)


def uri_escape(value: Any) -> Any:
    """Jekyll's `uri_escape` (`Addressable::URI.normalize_component`)."""
    if is_nil(value):
        return None
    return normalize_component(to_s(value))
