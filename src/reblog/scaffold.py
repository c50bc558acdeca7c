"""New sites, themes and posts: ``reblog new``, ``new-theme``, ``post``, ``draft`` and ``publish``."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from string import Template

import yaml

from . import __version__
from .errors import ReblogError
from .log import Logger
from .theme import THEMES_DIR
from .urls import slugify

TEMPLATE_DIR = Path(__file__).parent / "site_template"

# Template file -> where it goes in the new site. Dot-files are stored without the dot
# because packaging tools skip hidden files.
SITE_FILES: dict[str, str] = {
    "_config.yml": "_config.yml",
    "index.md": "index.md",
    "about.md": "about.md",
    "404.md": "404.md",
    "gitignore": ".gitignore",
    "github/workflows/pages.yml": ".github/workflows/pages.yml",
}
THEME_PARTS = ("_layouts", "_includes", "assets")
_DRAFT_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}-)?(?P<slug>.+)$")


def now() -> datetime:
    """The current local time with its UTC offset."""
    return datetime.now().astimezone()


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML value: plain when YAML reads it back unchanged, else double-quoted."""
    try:
        plain_ok = yaml.safe_load(f"v: {text}") == {"v": text}
    except yaml.YAMLError:
        plain_ok = False
    # JSON strings are valid YAML double-quoted scalars.
    return text if plain_ok and text.strip() == text else json.dumps(text, ensure_ascii=False)


def local_timezone() -> str:
    """The machine's tz database name (for ``timezone:``), or UTC when it cannot be told."""
    name = os.environ.get("TZ", "").lstrip(":")
    if "/" in name and not name.startswith("/"):
        return name
    try:
        text = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if text:
            return text
    except OSError:
        pass
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return "UTC"
    marker = "/zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else "UTC"


def format_date(when: datetime) -> str:
    """A front matter date as Jekyll writes it: ``2024-05-01 09:30:00 +0200``."""
    return when.strftime("%Y-%m-%d %H:%M:%S %z")


def _check_target(path: Path, force: bool) -> None:
    if path.exists() and not path.is_dir():
        raise ReblogError(f"{path} exists and is not a folder")
    if path.is_dir() and any(path.iterdir()) and not force:
        raise ReblogError(f"{path} is not empty; use --force to create the site there anyway")


def new_site(path: Path, *, theme_copy: bool = False, force: bool = False,
             when: datetime | None = None) -> list[Path]:
    """Create a blog at ``path`` that builds at once; returns the files written."""
    _check_target(path, force)
    when = when or now()
    path.mkdir(parents=True, exist_ok=True)
    values = {"title": yaml_scalar(_site_title(path)), "timezone": local_timezone()}
    written = []
    for name, target in SITE_FILES.items():
        text = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
        if name == "_config.yml":
            text = Template(text).substitute(values)
            if theme_copy:
                text = _drop_theme_line(text)
        elif name.endswith("pages.yml"):
            text = workflow_text(text)
        written.append(_write(path / target, text))
    written.append(_first_post(path, when))
    if theme_copy:
        written.extend(copy_theme(path))
    return written


# ``reblog new PATH --blank``: Jekyll's blank scaffold, the folders and a few minimal files.
BLANK_DIRS = ("_data", "_drafts", "_includes", "_layouts", "_posts", "_sass", "assets/css")
BLANK_FILES: dict[str, str] = {
    "_config.yml": (
        'url: ""      # the scheme and host the site is published at, e.g. https://example.com\n'
        'baseurl: ""  # the path under it, if any, e.g. /blog\n'
        'title: ""    # the site\'s name\n'
    ),
    "_layouts/default.html": (
        "<!DOCTYPE html>\n<html lang=\"{{ site.lang | default: 'en' }}\">\n  <head>\n"
        "    <meta charset=\"utf-8\">\n"
        "    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "    <title>{{ page.title }} | {{ site.title }}</title>\n"
        "    <link rel=\"stylesheet\" href=\"{{ '/assets/css/main.css' | relative_url }}\">\n"
        "  </head>\n  <body>\n    {{ content }}\n  </body>\n</html>\n"
    ),
    "_sass/main.scss": (
        "$page-background: #fff;\n$text-color: #111;\n"
        "$text-font: system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif;\n\n"
        "body {\n  background: $page-background;\n  color: $text-color;\n  font-family: $text-font;\n}\n"
    ),
    "assets/css/main.scss": "---\n---\n\n@import \"main\";\n",
    "index.md": "---\nlayout: default\ntitle: Home\n---\n\n## It works\n\nEdit index.md to start.\n",
}


def new_blank_site(path: Path, *, force: bool = False) -> list[Path]:
    """``reblog new PATH --blank``: the folders of a site and a minimal layout, stylesheet and page."""
    _check_target(path, force)
    for folder in BLANK_DIRS:
        (path / folder).mkdir(parents=True, exist_ok=True)
    return [_write(path / name, text) for name, text in BLANK_FILES.items()]


# ``reblog new-theme NAME``: the scaffold of a gem theme, laid out as ``jekyll new-theme`` lays it out
# so that ``gem build`` packages it and Jekyll (or reblog) can use it as ``theme: NAME``.
THEME_DIRS = ("assets", "_data", "_layouts", "_includes", "_sass")
THEME_IGNORE = "*.gem\n.bundle\n.jekyll-cache\n.jekyll-metadata\n.sass-cache\n_site\nGemfile.lock\n"


def theme_name(words: list[str]) -> str:
    """Jekyll's theme name: the words joined with ``_``, spaces to ``_``, runs of ``_`` squeezed."""
    return re.sub(r"_+", "_", "_".join(words).replace(" ", "_"))


def _git_config(key: str, cwd: Path) -> str:
    try:
        done = subprocess.run(["git", "config", key], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return done.stdout.strip()


def _theme_files(name: str, author: str, email: str, year: int, code_of_conduct: bool) -> dict[str, str]:
    dirs = "|".join(re.escape(d) for d in THEME_DIRS)
    files = {
        "_layouts/default.html": "{{ content }}\n",
        "_layouts/page.html": "---\nlayout: default\n---\n\n{{ content }}\n",
        "_layouts/post.html": "---\nlayout: default\n---\n\n{{ content }}\n",
        "Gemfile": '# frozen_string_literal: true\n\nsource "https://rubygems.org"\ngemspec\n',
        f"{name}.gemspec": (
            "# frozen_string_literal: true\n\n"
            "Gem::Specification.new do |spec|\n"
            f"  spec.name     = {json.dumps(name)}\n"
            '  spec.version  = "0.1.0"\n'
            f"  spec.authors  = [{json.dumps(author)}]\n"
            f"  spec.email    = [{json.dumps(email)}]\n"
            '  spec.summary  = "A Jekyll theme (describe it here)."\n'
            f'  spec.homepage = "https://example.com/{name}"\n'
            '  spec.license  = "MIT"\n\n'
            "  # Only the theme's own folders and files go into the gem.\n"
            '  spec.files = `git ls-files -z`.split("\\x0").select do |f|\n'
            f"    f.match(%r!^({dirs}|LICENSE|README|_config\\.yml)!i)\n"
            "  end\n\n"
            '  spec.add_runtime_dependency "jekyll", "~> 4.3"\n'
            "end\n"
        ),
        "README.md": (
            f"# {name}\n\nA theme for Jekyll and reblog sites. Its layouts are in `_layouts`, its includes in\n"
            "`_includes`, its Sass partials in `_sass` and its other files in `assets`.\n\n"
            "## Using it\n\nWith Jekyll, add it to the site's `Gemfile`:\n\n"
            f"```ruby\ngem {json.dumps(name)}\n```\n\n"
            f"and to the site's `_config.yml` (reblog needs only this line):\n\n```yaml\ntheme: {name}\n```\n\n"
            "## Packaging it\n\n"
            f"Commit the files, then `gem build {name}.gemspec` makes the gem.\n\n"
            "## License\n\nMIT: see LICENSE.txt.\n"
        ),
        "LICENSE.txt": (
            "The MIT License (MIT)\n\n"
            f"Copyright (c) {year} {author}\n\n"
            "Permission is hereby granted, free of charge, to any person obtaining a copy\n"
            'of this software and associated documentation files (the "Software"), to deal\n'
            "in the Software without restriction, including without limitation the rights\n"
            "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
            "copies of the Software, and to permit persons to whom the Software is\n"
            "furnished to do so, subject to the following conditions:\n\n"
            "The above copyright notice and this permission notice shall be included in\n"
            "all copies or substantial portions of the Software.\n\n"
            'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n'
            "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
            "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
            "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
            "LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
            "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN\n"
            "THE SOFTWARE.\n"
        ),
    }
    if code_of_conduct:
        files["CODE_OF_CONDUCT.md"] = (
            "# Code of Conduct\n\n"
            "This project follows the Contributor Covenant, version 1.4:\n"
            "https://www.contributor-covenant.org/version/1/4/code-of-conduct/\n\n"
            "Be welcoming, considerate and respectful; harassment is not tolerated.\n\n"
            f"Report unacceptable behaviour to the maintainer{f' at {email}' if email else ''}; every\n"
            "report is reviewed and kept confidential.\n"
        )
    return files


def new_theme(parent: Path, words: list[str], *, code_of_conduct: bool = False,
              when: datetime | None = None) -> tuple[Path, list[Path]]:
    """Scaffold a gem theme in ``parent/NAME`` (a git repository, as ``jekyll new-theme`` makes it)."""
    if not words:
        raise ReblogError("You must specify a theme name.")
    name = theme_name(words)
    path = parent / name
    if path.exists():
        raise ReblogError(f"Conflict: {path.resolve()} already exists.")
    when = when or now()
    for folder in THEME_DIRS:
        (path / folder).mkdir(parents=True, exist_ok=True)
    author, email = _git_config("user.name", parent), _git_config("user.email", parent)
    written = [_write(path / rel, text)
               for rel, text in _theme_files(name, author, email, when.year, code_of_conduct).items()]
    try:
        # The gemspec lists the gem's files with `git ls-files`, so the theme starts as a repository.
        subprocess.run(["git", "init", "-q"], cwd=path, capture_output=True, check=False)
    except OSError:
        pass
    written.append(_write(path / ".gitignore", THEME_IGNORE))
    return path, written


def workflow_text(template: str, version: str = __version__) -> str:
    """The Pages workflow pinned to ``version``: CI builds with the reblog that made the site."""
    # safe_substitute: the workflow's own ``${{ ... }}`` expressions are not placeholders.
    return Template(template).safe_substitute(reblog_version=version)


def _site_title(path: Path) -> str:
    """A starting title from the folder's name: ``my-blog`` -> ``My Blog``."""
    words = re.split(r"[-_\s]+", path.resolve().name)
    title = " ".join(w[:1].upper() + w[1:] for w in words if w)
    return title or "My Blog"


def _drop_theme_line(config: str) -> str:
    """Remove ``theme:`` (the copied layouts replace it) and say why in its place.

    The copied head still asks for social preview cards, which are on by default only with
    ``theme:``, so the copy turns them on itself.
    """
    note = ("# The theme's layouts, includes and assets were copied into this site to edit.\n"
            "# Posts without an image share a generated preview card (false: none).\n"
            "social_cards: true\n")
    return re.sub(r"(?m)^theme:.*\n", note, config, count=1)


def _first_post(site: Path, when: datetime) -> Path:
    filename = f"{when:%Y-%m-%d}-welcome.md"
    text = (TEMPLATE_DIR / "first-post.md").read_text(encoding="utf-8")
    text = Template(text).safe_substitute(date=format_date(when), filename=filename)
    return _write(site / "_posts" / filename, text)


def copy_theme(site: Path) -> list[Path]:
    """Copy the built-in theme's layouts, includes and assets into ``site``."""
    theme = THEMES_DIR / "default"
    written = []
    for part in THEME_PARTS:
        for src in sorted((theme / part).rglob("*")):
            if src.is_file():
                target = site / src.relative_to(theme)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target)
                written.append(target)
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _refuse_existing(path: Path, source: Path) -> None:
    if path.exists():
        raise ReblogError(f"{path.relative_to(source).as_posix()} already exists; not overwriting it")


def _slug(title: str) -> str:
    slug = slugify(title) or ""
    if not slug:
        raise ReblogError(f"cannot make a file name from the title {title!r}")
    return slug


def post_front_matter(title: str, when: datetime | None) -> str:
    """The front matter of a new post or draft (drafts have no date until published)."""
    lines = ["---", f"title: {yaml_scalar(title)}"]
    if when is not None:
        lines.append(f"date: {format_date(when)}")
    lines += ["tags: []", "---", "", ""]
    return "\n".join(lines)


def new_post(source: Path, title: str, *, draft: bool = False, when: datetime | None = None) -> Path:
    """Create ``_posts/YYYY-MM-DD-slug.md`` (or ``_drafts/slug.md``); refuses to overwrite."""
    when = when or now()
    slug = _slug(title)
    if draft:
        path = source / "_drafts" / f"{slug}.md"
    else:
        path = source / "_posts" / f"{when:%Y-%m-%d}-{slug}.md"
    _refuse_existing(path, source)
    return _write(path, post_front_matter(title, None if draft else when))


def publish_draft(source: Path, draft: Path, *, when: datetime | None = None) -> Path:
    """Move a draft into ``_posts/`` dated ``when`` in its name and front matter."""
    when = when or now()
    if not draft.is_file():
        alt = source / draft
        if not alt.is_file():
            raise ReblogError(f"no draft at {draft}")
        draft = alt
    slug = _DRAFT_NAME.match(draft.stem)["slug"]  # type: ignore[index]
    target = source / "_posts" / f"{when:%Y-%m-%d}-{slug}{draft.suffix}"
    _refuse_existing(target, source)
    text = set_front_matter_date(draft.read_text(encoding="utf-8"), format_date(when))
    _write(target, text)
    draft.unlink()
    return target


def set_front_matter_date(text: str, date: str) -> str:
    """Set ``date:`` in the front matter (replacing one that is there), keeping everything else."""
    match = re.match(r"---[ \t]*\r?\n(.*?)(^---[ \t]*\r?$)", text, re.DOTALL | re.MULTILINE)
    if match is None:
        return f"---\ndate: {date}\n---\n\n{text}"
    body = match.group(1)
    if re.search(r"(?m)^date:", body):
        body = re.sub(r"(?m)^date:.*$", f"date: {date}", body, count=1)
    else:
        body = _insert_after_title(body, f"date: {date}\n")
    return text[: match.start(1)] + body + text[match.start(2):]


def _insert_after_title(body: str, line: str) -> str:
    title = re.search(r"(?m)^title:.*\n", body)
    at = title.end() if title else len(body)
    return body[:at] + line + body[at:]


def run_new(args: argparse.Namespace, log: Logger) -> int:
    """``reblog new PATH``."""
    path = Path(args.path)
    if args.blank:
        written = new_blank_site(path, force=args.force)
        log.info(f"Created a blank site in {path} ({len(written)} files).")
        return 0
    written = new_site(path, theme_copy=args.theme_copy, force=args.force)
    log.info(f"Created a new site in {path} ({len(written)} files).")
    log.info(f"Next: cd {path} && reblog build && reblog serve")
    return 0


def run_new_theme(args: argparse.Namespace, log: Logger) -> int:
    """``reblog new-theme NAME``."""
    path, written = new_theme(Path.cwd(), args.name, code_of_conduct=args.code_of_conduct)
    log.info(f"Created the theme {path.name} in {path} ({len(written)} files); see its README.md.")
    return 0


def run_post(args: argparse.Namespace, log: Logger) -> int:
    """``reblog post TITLE`` and ``reblog draft TITLE``."""
    source = Path(args.source)
    path = new_post(source, args.title, draft=args.draft)
    log.info(f"Created {path.relative_to(source).as_posix()}")
    return 0


def run_publish(args: argparse.Namespace, log: Logger) -> int:
    """``reblog publish _drafts/x.md``."""
    source = Path(args.source)
    path = publish_draft(source, Path(args.draft))
    log.info(f"Published {path.relative_to(source).as_posix()}")
    return 0
