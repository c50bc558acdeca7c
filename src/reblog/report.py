"""What a build did, for CI: the job summary's Markdown and the same facts as JSON (``--format json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .ci import md_table, md_text
from .errors import ReblogError
from .log import Logger, Message

if TYPE_CHECKING:
    from .pipeline import BuildResult


def build_facts(result: BuildResult, log: Logger) -> dict[str, Any]:
    """A finished build: counts, time per phase, images, warnings by kind and every warning."""
    site, images = result.site, result.images
    read = result.how != "up to date"   # an up-to-date build reads nothing, so it cannot count pages
    return {
        "command": "build", "ok": True,
        "source": str(site.source), "destination": str(site.dest),
        "pages": len(site.pages) if read else None,
        "posts": len(site.posts) if read else None,
        "files": result.written, "files_written": result.changed, "rendered": result.rendered,
        "how": result.how, "seconds": round(result.seconds, 3),
        "phases": {name: round(seconds, 3) for name, seconds in
                   (result.profile.phases.items() if result.profile else ())},
        "images": None if images is None or not images.responsive else {
            "images": images.images, "variants": images.variants, "encoded": images.encoded,
            "cached": images.cached, "problems": images.problems,
            "original_bytes": images.original_bytes, "bytes_saved": images.bytes_saved,
        },
        "social_cards": None if images is None or not images.cards else {
            "published": images.cards, "drawn": images.cards_drawn,
        },
        "warnings": log.counts(),
        "messages": [m.as_dict() for m in log.messages],
    }


def failed_facts(err: ReblogError, log: Logger) -> dict[str, Any]:
    """A build that stopped: the error and the warnings before it."""
    return {
        "command": "build", "ok": False,
        "error": Message("error", err.message, "error", err.file, err.line).as_dict(),
        "warnings": log.counts(),
        "messages": [m.as_dict() for m in log.messages],
    }


def build_markdown(facts: dict[str, Any]) -> str:
    """The job summary's section for ``reblog build`` (GitHub-flavoured Markdown)."""
    if not facts["ok"]:
        error = facts["error"]
        parts = [f"## ❌ reblog build failed\n\n{_where(error)}{md_text(error['message'])}"]
        parts += _warnings(facts)
        return "\n\n".join(parts)
    pages = "—" if facts["pages"] is None else str(facts["pages"])
    posts = "—" if facts["posts"] is None else str(facts["posts"])
    parts = [f"## ✅ reblog build: {facts['files']} files in {facts['seconds']:.2f} s ({facts['how']})"]
    parts.append(md_table(("Pages", "Posts", "Files in the site", "Files written", "Rendered"),
                          [(pages, posts, str(facts["files"]), str(facts["files_written"]),
                            str(facts["rendered"]))], right=5))
    if facts["phases"]:
        rows = [(md_text(name), f"{seconds:.3f}") for name, seconds in facts["phases"].items()]
        parts.append(md_table(("Phase", "Seconds"), rows))
    images = facts["images"]
    if images is not None:
        parts.append(md_table(
            ("Images", "Variants", "Encoded", "From the cache", "Problems", "Bytes saved"),
            [(str(images["images"]), str(images["variants"]), str(images["encoded"]),
              str(images["cached"]), str(images["problems"]),
              f"{_size(images['bytes_saved'])} of {_size(images['original_bytes'])}")], right=6))
    cards = facts.get("social_cards")
    if cards:
        parts.append(f"Social preview cards: {cards['published']} ({cards['drawn']} drawn in this build).")
    parts += _warnings(facts)
    return "\n\n".join(parts)


def _warnings(facts: dict[str, Any]) -> list[str]:
    counts: dict[str, int] = facts["warnings"]
    if not counts:
        return ["No warnings."]
    total = sum(counts.values())
    listed = "\n".join(f"- {_where(m)}{md_text(m['message'])}"
                       for m in facts["messages"] if m["level"] == "warning")
    return [md_table(("Warnings", "Count"), [(md_text(k), str(n)) for k, n in counts.items()]
                     + [("**total**", f"**{total}**")]),
            f"<details><summary>Every warning</summary>\n\n{listed}\n\n</details>"]


def _where(message: dict[str, Any]) -> str:
    if not message.get("file"):
        return ""
    line = f":{message['line']}" if message.get("line") else ""
    return f"`{md_text(str(message['file']))}{line}`: "


def _size(count: int) -> str:
    """Bytes as people read them (binary units, as ``ls -h``)."""
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count / (1024 * 1024):.1f} MiB"
