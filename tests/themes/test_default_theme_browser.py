"""The built-in theme in headless Chromium: the sample blog at phone and desktop widths.

Screenshots of each page and width are kept as test artifacts in the pytest temporary folder
(the path is printed; `pytest -s` shows it), never in the repository.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium "
                       "(apt-get install -y chromium)"),
    pytest.mark.skipif(sync_playwright is None, reason="needs Playwright for Python (pip install playwright)"),
]
TIMEOUT_MS = 20_000
ROOT = Path(__file__).resolve().parent.parent.parent
LONG_POST = "/2023/12/11/aws-reinvent-2023/"      # candid-image dialogs, many headings
IMAGE_POST = "/2023/05/08/dynamodb-capacity-modes/"  # a plain Markdown image
CODE_POST = "/2023/02/20/retries-with-backoff-and-jitter/"  # fenced code in several languages
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample blog at the repository root, built by reblog and served over HTTP."""
    dest = tmp_path_factory.mktemp("sample-site")
    subprocess.run([sys.executable, "-m", "reblog", "build", "-s", str(ROOT), "-d", str(dest), "-q"],
                   check=True, cwd=ROOT)
    handler = functools.partial(_Quiet, directory=str(dest))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go (printed, so a CI job can upload the folder)."""
    folder = tmp_path_factory.mktemp("theme-screenshots")
    print(f"theme screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=TIMEOUT_MS,
        )
        try:
            yield launched
        finally:
            launched.close()


def _open(browser: Browser, size: tuple[int, int], url: str, failed: list[str] | None = None) -> Page:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    if failed is not None:
        tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.goto(url, wait_until="load")
    return tab


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_pages_load_without_a_404_and_are_screenshotted(browser: Browser, site_url: str, shots: Path,
                                                        width: str) -> None:
    for name, path in (("home", "/"), ("long-post", LONG_POST), ("image-post", IMAGE_POST),
                       ("archive", "/archive/")):
        failed: list[str] = []
        tab = _open(browser, WIDTHS[width], site_url + path, failed)
        icon = tab.get_attribute('link[rel="icon"]', "href")
        assert icon and tab.request.get(site_url + icon).status == 200
        tab.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=False)
        tab.context.close()
        assert not failed, f"{path}: {failed}"


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_candid_dialog_shows_the_image_at_full_width(browser: Browser, site_url: str, shots: Path,
                                                     width: str) -> None:
    size = WIDTHS[width]
    tab = _open(browser, size, site_url + LONG_POST)
    assert tab.locator("script:not([src]):not([type])").count() == 2  # theme's head script + one dialog script
    link = tab.locator(".candid-image-link").first
    link.scroll_into_view_if_needed()
    link.click()
    dialog = tab.locator("dialog.candid-image-modal[open]")
    assert dialog.count() == 1
    image = dialog.locator("img.candid-image-full")
    tab.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    box = image.bounding_box()
    assert box is not None and box["width"] >= 0.85 * size[0], box
    if width == "desktop":
        # sizes="100vw" picks the widest variant, where the inline sizes would pick 960 px.
        assert "-1600." in image.evaluate("img => img.currentSrc")
    tab.screenshot(path=str(shots / f"candid-dialog-{width}.png"))
    tab.keyboard.press("Escape")
    assert tab.locator("dialog.candid-image-modal[open]").count() == 0
    tab.context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_markdown_images_enlarge_in_one_shared_dialog(browser: Browser, site_url: str, shots: Path,
                                                      width: str) -> None:
    size = WIDTHS[width]
    tab = _open(browser, size, site_url + IMAGE_POST)
    image = tab.locator(".post-content img.zoomable").first
    image.scroll_into_view_if_needed()
    image.click()
    enlarged = tab.locator("dialog.lightbox[open] img.lightbox-image")
    assert enlarged.get_attribute("sizes") == "100vw"
    tab.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=enlarged.element_handle())
    box = enlarged.bounding_box()
    assert box is not None and box["width"] >= 0.85 * size[0], box
    tab.screenshot(path=str(shots / f"lightbox-{width}.png"))
    tab.locator(".lightbox-close").click()
    assert tab.locator("dialog.lightbox[open]").count() == 0
    tab.context.close()


def test_code_blocks_have_a_language_label_and_a_working_copy_button(browser: Browser, site_url: str) -> None:
    tab = _open(browser, WIDTHS["desktop"], site_url + CODE_POST)
    assert tab.locator("div.highlighter-rouge .code-copy").count() == tab.locator("div.highlighter-rouge").count()
    block = tab.locator("div.highlighter-rouge.language-python").first
    assert block.locator(".code-lang").inner_text().lower() == "python"
    expected = block.locator("pre").inner_text().rstrip("\n")
    block.locator(".code-copy").click()
    tab.wait_for_function("b => b.textContent === 'Copied'", arg=block.locator(".code-copy").element_handle())
    assert tab.evaluate("() => navigator.clipboard.readText()") == expected
    tab.context.close()


def test_a_post_without_images_shares_its_generated_card(browser: Browser, site_url: str, shots: Path) -> None:
    import io
    from urllib.parse import urlsplit

    from PIL import Image

    tab = _open(browser, WIDTHS["phone"], site_url + CODE_POST)
    card = tab.get_attribute('meta[property="og:image"]', "content")
    assert card and "/assets/cards/" in card
    assert tab.get_attribute('meta[name="twitter:image"]', "content") == card
    assert tab.get_attribute('meta[name="twitter:card"]', "content") == "summary_large_image"
    response = tab.request.get(site_url + urlsplit(card).path)   # the site's url: is example.github.io
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    body = response.body()
    with Image.open(io.BytesIO(body)) as image:
        assert image.size == (1200, 630)
    (shots / "social-card-code-post.png").write_bytes(body)    # the card itself, as an artifact
    tab.context.close()
    # The seed post has pictures of its own: it shares its first one, not a card.
    tab = _open(browser, WIDTHS["phone"], site_url + LONG_POST)
    image = tab.get_attribute('meta[property="og:image"]', "content")
    assert image and "/assets/cards/" not in image
    tab.context.close()


def test_theme_toggle_switches_and_is_remembered(browser: Browser, site_url: str) -> None:
    tab = _open(browser, WIDTHS["phone"], site_url + "/")
    background = "() => getComputedStyle(document.body).backgroundColor"
    before = tab.evaluate(background)
    tab.locator("#theme-toggle").click()
    assert tab.evaluate("() => document.documentElement.dataset.theme") == "dark"
    after = tab.evaluate(background)
    assert after != before
    tab.reload(wait_until="load")
    assert tab.evaluate("() => document.documentElement.dataset.theme") == "dark"
    assert tab.evaluate(background) == after
    assert tab.locator("#theme-toggle").get_attribute("aria-pressed") == "true"
    tab.locator("#theme-toggle").click()
    tab.reload(wait_until="load")
    assert tab.evaluate(background) == before
    tab.context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_long_post_has_a_toc_and_headings_below_the_title(browser: Browser, site_url: str, width: str) -> None:
    tab = _open(browser, WIDTHS[width], site_url + LONG_POST)
    toc = tab.locator("nav.toc")
    assert toc.is_visible()
    links = toc.locator("a")
    assert links.count() >= 3
    target = links.first.get_attribute("href")
    assert target and tab.locator(target).count() == 1
    sizes = tab.evaluate("""() => {
        const px = el => parseFloat(getComputedStyle(el).fontSize);
        const title = px(document.querySelector('.post-title'));
        const biggest = Math.max(...[...document.querySelectorAll('.post-content :is(h1,h2,h3,h4)')].map(px));
        return [title, biggest];
    }""")
    assert sizes[1] < sizes[0], sizes
    tab.context.close()
