"""kramdown's attribute lists: parsing an IAL or ALD body (``parse_attribute_list``) and
attribute list definitions (``{:name: .cls key="v"}``), which an IAL uses by naming them.

A definition may be given after its use and several times (the parts merge); a reference
to a definition applies its attributes (and, first, those of the definitions it names)
before the IAL's own ones, as kramdown's ``update_attr_with_ial``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# env key: the document's attribute list definitions, name -> (attributes, references).
ALDS_KEY = "kramdown_alds"
# env key: whether the text being parsed holds "{:" (set first by every parse, see
# converter.normalize_source): without it no IAL or ALD is there to apply.
IAL_MARKER_KEY = "kramdown_ial_marker"

_ANY_RE = re.compile(
    r"""(?:\A|\s)(?:(\w[\w-]*)=("|')((?:\\\}|\\\2|[^}\x02])*?)\2|(\w[\w-]*)|((?:#[A-Za-z][\w:-]*|\.[^\s.#]+)+))(?=\s|\Z)"""
)
_ID_OR_CLASS_RE = re.compile(r"#([A-Za-z][\w:-]*)|\.([^\s.#]+)")


def parse_attribute_list(text: str) -> tuple[dict[str, str], list[str]]:
    """(attributes, reference names) of an attribute list body, as kramdown reads it."""
    attrs: dict[str, str] = {}
    refs: list[str] = []
    if not text.strip() or text.strip() == ":":
        return attrs, refs
    for match in _ANY_RE.finditer(text):
        key, sep, value, ref, id_class = match.groups()
        if ref:
            refs.append(ref)
        elif id_class:
            for part in _ID_OR_CLASS_RE.finditer(id_class):
                if part[2]:
                    attrs["class"] = f"{attrs.get('class', '')} {part[2]}".lstrip()
                else:
                    attrs["id"] = part[1]
        else:
            attrs[key] = re.sub(r"\\(\}|" + re.escape(sep) + ")", r"\1", value)
    return attrs, refs


def define(alds: dict[str, tuple[dict[str, str], list[str]]], name: str, body: str) -> None:
    """Add an ALD (merged into an earlier definition of the same name)."""
    attrs, refs = parse_attribute_list(body)
    old_attrs, old_refs = alds.setdefault(name, ({}, []))
    old_refs.extend(refs)
    for key, value in attrs.items():
        old_attrs[key] = f"{old_attrs.get(key, '')} {value}".lstrip() if key == "class" else value


def resolve(attrs: Mapping[str, str], refs: list[str], alds: Mapping[str, tuple[dict[str, str], list[str]]], depth: int = 0) -> dict[str, str]:
    """The attributes an IAL gives: those of the definitions it names, then its own (classes
    accumulate); nested too deep (a definition naming itself) is cut off."""
    result: dict[str, str] = {}
    if depth < 16:
        for ref in refs:
            if ref in alds:
                ald_attrs, ald_refs = alds[ref]
                _merge(result, resolve(ald_attrs, ald_refs, alds, depth + 1))
    _merge(result, attrs)
    return result


def _merge(into: dict[str, str], attrs: Mapping[str, str]) -> None:
    for key, value in attrs.items():
        into[key] = f"{into.get(key, '')} {value}".lstrip() if key == "class" else value
