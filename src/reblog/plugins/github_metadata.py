"""jekyll-github-metadata 2.15, offline: ``site.github`` from the config and the git remote.

The real plugin asks GitHub's API for most values; reblog never goes on the network, so it
fills what can be known locally (names, URLs built from them, environment) and leaves what only
the API knows (description, license, contributors, releases...) empty, as the real plugin does
when it has no connection. ``github:`` in the config is merged over the result.
"""

from __future__ import annotations

import configparser
import os
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

from liquid.context import RenderContext

from ..config import deep_merge
from ..errors import ReblogError
from ..model import Site
from ..templates.registry import TemplateRegistry
from .api import Plugin, PluginContext

_DEFAULTS = {
    "PAGES_API_URL": "https://api.github.com",
    "PAGES_HELP_URL": "https://help.github.com",
    "PAGES_GITHUB_HOSTNAME": "github.com",
    "PAGES_PAGES_HOSTNAME": "github.io",
}


def _env(key: str, fallback: str | None = None) -> str:
    value = os.environ.get(key, "")
    return value if value else (fallback or _DEFAULTS.get(key, ""))


def pages_env() -> str:
    """``PAGES_ENV``, else ``JEKYLL_ENV``, else development."""
    return _env("PAGES_ENV", os.environ.get("JEKYLL_ENV") or "development")


def github_hostname() -> str:
    """The GitHub host (``PAGES_GITHUB_HOSTNAME``, ``GITHUB_HOSTNAME``, github.com)."""
    return _env("PAGES_GITHUB_HOSTNAME", os.environ.get("GITHUB_HOSTNAME")).rstrip("/")


def origin_url(source: Path) -> str:
    """The ``origin`` remote's URL from ``.git/config`` of the source or a folder above it."""
    for folder in [source, *source.parents]:
        git = folder / ".git"
        if git.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = git.read_text(encoding="utf-8", errors="replace")
            if text.startswith("gitdir:"):
                git = (folder / text.split(":", 1)[1].strip()).resolve()
                common = git / "commondir"
                if common.is_file():
                    git = (git / common.read_text().strip()).resolve()
        config = git / "config"
        if config.is_file():
            parser = configparser.ConfigParser(strict=False, interpolation=None)
            try:
                parser.read(config, encoding="utf-8")
            except configparser.Error:
                return ""
            return parser.get('remote "origin"', "url", fallback="")
    return ""


def nwo_from_remote(url: str) -> str | None:
    """``owner/name`` when the remote points at the GitHub host."""
    host = re.escape(github_hostname())
    match = re.search(rf"{host}(:|/)([\w-]+)/([\w.-]+)", url.removesuffix(".git"))
    return f"{match.group(2)}/{match.group(3)}" if match else None


def find_nwo(site: Site) -> str:
    """$PAGES_REPO_NWO, ``repository:`` with a slash, or the origin remote (development only)."""
    if os.environ.get("PAGES_REPO_NWO"):
        return os.environ["PAGES_REPO_NWO"]
    repo = site.config.get("repository")
    if isinstance(repo, str) and "/" in repo:
        return repo
    if pages_env() in ("development", "test"):
        found = nwo_from_remote(origin_url(site.source))
        if found:
            return found
    raise ReblogError(
        "No repo name found. Specify using PAGES_REPO_NWO environment variables, 'repository' "
        "in your configuration, or set up an 'origin' git remote pointing to your github.com "
        "repository."
    )


def _build_revision(source: Path) -> str:
    if os.environ.get("JEKYLL_BUILD_REVISION"):
        return os.environ["JEKYLL_BUILD_REVISION"]
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True,
            timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def metadata(site: Site, nwo: str) -> dict[str, Any]:
    """The offline ``site.github`` values for a repository ``owner/name``."""
    env = pages_env()
    owner, name = nwo.split("/")[0], nwo.split("/")[-1]
    host = github_hostname()
    pages_host = _env("PAGES_PAGES_HOSTNAME", os.environ.get("PAGES_HOSTNAME")
                      or ("localhost:4000" if env == "development" else None)).rstrip("/")
    ssl = _env("SSL") == "true" or env == "test"
    github_url = "https://github.com" if env == "dotcom" or host == "github.com" else (
        f"{'https' if ssl else 'http'}://{host}")
    owner_url = f"{github_url}/{owner}"
    repository_url = f"{owner_url}/{name}"
    if owner == "github" and env != "enterprise":
        user_domain = f"{owner}.{host}".lower()
    elif env == "enterprise":
        user_domain = pages_host.lower()
    else:
        user_domain = f"{owner}.{pages_host}".lower()
    user_domains = [user_domain] + ([f"{owner}.github.com".lower()] if env != "enterprise" else [])
    user_page = name.lower() in user_domains
    branch = "master" if user_page else "gh-pages"
    # Without the API (which knows the CNAME), the pages URL is the "enterprise" form.
    path = owner if user_page else nwo
    if _env("SUBDOMAIN_ISOLATION") == "true":
        html_url = f"{'https' if ssl else 'http'}://{pages_host}/{path}"
    else:
        html_url = f"{github_url}/pages/{path}"
    html_url = html_url.rstrip("/")
    baseurl = re.sub(r"^[a-z]+://[^/]*", "", html_url)
    return {
        "environment": env, "pages_env": env, "hostname": host, "pages_hostname": pages_host,
        "api_url": _env("PAGES_API_URL", os.environ.get("API_URL")).rstrip("/"),
        "help_url": _env("PAGES_HELP_URL", os.environ.get("HELP_URL")).rstrip("/"),
        "versions": {}, "build_revision": _build_revision(site.source),
        "project_title": name, "project_tagline": None, "owner": None, "owner_name": owner,
        "owner_display_name": None, "owner_url": owner_url,
        "owner_gravatar_url": f"{owner_url}.png", "repository_url": repository_url,
        "repository_nwo": nwo, "repository_name": name,
        "zip_url": f"{repository_url}/zipball/{branch}",
        "tar_url": f"{repository_url}/tarball/{branch}",
        "clone_url": f"{repository_url}.git", "releases_url": f"{repository_url}/releases",
        "issues_url": None, "wiki_url": None, "language": None, "is_user_page": user_page,
        "is_project_page": not user_page, "show_downloads": None, "url": html_url,
        "baseurl": baseurl, "contributors": [], "releases": [], "latest_release": None,
        "private": None, "archived": None, "disabled": None, "license": None,
        "source": {"branch": branch, "path": "/"}, "public_repositories": [],
        "organization_members": None,
    }


# EditLinkTag::LINK_TEXT_REGEX
_LINK_TEXT = re.compile(r"(?:\"(.*)\"|'(.*)')")
# What Addressable's normalize keeps unescaped in a path (unreserved, sub-delims, ":@/", "%").
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def _key(value: Any, key: str, default: Any = None) -> Any:
    # def_hash_delegator: hash[key] || default, for anything that answers [] (a Hash here).
    if isinstance(value, dict) or hasattr(value, "__getitem__") and not isinstance(value, str):
        try:
            found = value[key]
        except (KeyError, IndexError, TypeError):
            found = None
        return default if found is None or found is False else found
    return default


def edit_link(github: Any, page_path: Any, markup: str) -> tuple[str, bool]:
    """``{% github_edit_link ["text"] %}``: the URL (or a link), and whether data was missing."""
    source = _key(github, "source", {})
    parts = [_key(github, "repository_url"), "edit/", _key(source, "branch"), _key(source, "path"),
             page_path]
    missing = any(part is None for part in parts)
    uri = ""
    if not missing:
        normalized = []
        for index, part in enumerate(str(p) for p in parts):
            part = part[1:] if part.startswith("/") else part
            if index != len(parts) - 1 and not part.endswith("/"):
                part += "/"
            normalized.append("" if part == "/" else part)
        joined = normalized[0]
        for part in normalized[1:]:
            joined = urljoin(joined, part)
        scheme, sep, rest = joined.partition("://")
        host, slash, path = rest.partition("/")
        uri = f"{scheme.lower()}{sep}{host.lower()}{slash}{quote(path, safe=_PATH_SAFE)}"
    text = _LINK_TEXT.search(markup)
    link_text = (text.group(1) if text.group(1) is not None else text.group(2)) if text else None
    return (f'<a href="{uri}">{link_text}</a>' if link_text else uri), missing


class GitHubMetadata(Plugin):
    """The jekyll-github-metadata generator, without network access, and its edit link tag."""

    name = "jekyll-github-metadata"

    def register_templates(self, templates: TemplateRegistry, context: PluginContext) -> None:
        """Add ``{% github_edit_link %}``."""

        def render(ctx: RenderContext, markup: str) -> str:
            github = ctx.get(["site", "github"], token=None, default=None)
            page_path = ctx.get(["page", "path"], token=None, default=None)
            output, missing = edit_link(github if github is not None else {}, page_path, markup)
            if missing:
                context.warn("JekyllEditLink:  Cannot generate edit URLs due to missing site.github data")
            return output

        templates.liquid_inline_tag("github_edit_link", render)

    def generate(self, site: Site, context: PluginContext) -> None:
        """Fill ``site.github`` and the ``title`` fallback."""
        log = context.log
        given = site.config.get("github")
        if given is not None and not isinstance(given, dict):
            return  # a scalar ``github:`` replaces the whole namespace, as in the plugin
        try:
            nwo = find_nwo(site)
        except ReblogError as err:
            log.warn(f"GitHub Metadata: {err.message}", kind="github-metadata")
            return
        values = metadata(site, nwo)
        if site.config.get("name") and not site.config.get("title"):
            log.warn("GitHub Metadata: site.name is set in _config.yml, but many plugins and "
                     "themes expect site.title to be used instead.", kind="github-metadata")
        elif not site.config.get("title"):
            site.config["title"] = name_for_title(values)
        site.config["github"] = deep_merge(values, given or {})


def name_for_title(values: dict[str, Any]) -> str:
    """The title fallback: the repository's name, or the owner's for a user page."""
    if values["is_project_page"]:
        return str(values["repository_name"])
    return str(values["owner_display_name"] or values["owner_name"])
