"""Tell browsers what a rebuild changed: an event hub, and the script injected into served pages."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

EVENTS_PATH = "/__reblog/events"
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Event:
    """One message to browsers: ``reload`` (with what changed), ``builderror`` or ``ok``."""

    generation: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict)

    def encode(self) -> bytes:
        """The event as a Server-Sent Events frame."""
        payload = json.dumps({"generation": self.generation, **self.data})
        return f"event: {self.kind}\nid: {self.generation}\ndata: {payload}\n\n".encode()


class ReloadHub:
    """The latest build generation and error; SSE handlers wait here for the next one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._generation = 0
        self._last: Event | None = None
        self._error: dict[str, Any] | None = None
        self._closed = False

    @property
    def generation(self) -> int:
        """How many builds have been announced."""
        with self._cond:
            return self._generation

    @property
    def error(self) -> dict[str, Any] | None:
        """The error of the latest build, if it failed."""
        with self._cond:
            return self._error

    def publish(self, kind: str, data: dict[str, Any] | None = None) -> Event:
        """Announce a rebuild (``reload``), a failure (``builderror``) or an unchanged build (``ok``)."""
        with self._cond:
            self._generation += 1
            self._error = dict(data or {}) if kind == "builderror" else None
            self._last = Event(self._generation, kind, dict(data or {}))
            self._cond.notify_all()
            return self._last

    def wait(self, seen: int, timeout: float) -> Event | None:
        """The newest event after generation ``seen``, or None after ``timeout`` or on close."""
        with self._cond:
            self._cond.wait_for(lambda: self._closed or self._generation > seen, timeout)
            if self._closed or self._generation <= seen:
                return None
            return self._last

    @property
    def closed(self) -> bool:
        """Whether the server is shutting down."""
        with self._cond:
            return self._closed

    def close(self) -> None:
        """Release every waiting handler (the server is stopping)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()


def inject(html: bytes, generation: int) -> bytes:
    """Put the live-reload script before the last ``</body>`` (or at the end)."""
    script = client_script(generation).encode()
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + script
    at = matches[-1].start()
    return html[:at] + script + html[at:]


def client_script(generation: int) -> str:
    """The browser side: listen for events, reload keeping the scroll, show build errors."""
    return _SCRIPT.replace("__GENERATION__", str(int(generation))).replace("__EVENTS__", EVENTS_PATH)


# The script knows the build generation it was served with, so a rebuild that lands between
# loading the page and connecting is not missed.
_SCRIPT = """<script data-reblog-livereload>
(function () {
  "use strict";
  var loaded = __GENERATION__;
  var scrollKey = "reblog-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    var xy = JSON.parse(saved);
    var restore = function () { window.scrollTo(xy[0], xy[1]); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }
  function reload() {
    sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  }
  // An edit usually changes a few nodes of the page: fetch the new page and put just those in
  // place, which shows it far sooner than reloading everything. Whenever that could differ from
  // what a reload shows, reload: the head (as served) or the html/body attributes changed, the
  // changed part holds scripts, frames, styles or <noscript>, or the page runs scripts of its own
  // and the edit removes or changes an element they may have bound to (edits of text and new
  // elements are put in place; new elements do not go through the page's scripts until a reload).
  var servedHead = document.head ? document.head.cloneNode(true) : null;
  var UNSAFE = "script,noscript,iframe,frame,object,embed,template,style,link,meta,base";
  function ours(node) {
    return node.nodeType === 1 && node.hasAttribute("data-reblog-livereload");
  }
  function kids(parent) {
    return Array.prototype.filter.call(parent.childNodes, function (n) { return !ours(n); });
  }
  function sameAttributes(a, b) {
    if (a.attributes.length !== b.attributes.length) return false;
    for (var i = 0; i < a.attributes.length; i++) {
      var name = a.attributes[i].name;
      if (b.getAttribute(name) !== a.attributes[i].value) return false;
    }
    return true;
  }
  function pageScripts() {
    return Array.prototype.some.call(document.scripts, function (s) { return !ours(s); });
  }
  function safe(nodes, removing) {
    return nodes.every(function (n) {
      if (n.nodeType === 3 || n.nodeType === 8) return true;
      if (n.nodeType !== 1) return false;
      if (removing && pageScripts()) return false;
      return !n.matches(UNSAFE) && !n.querySelector(UNSAFE);
    });
  }
  function patchChildren(live, fresh, depth) {
    var a = kids(live), b = kids(fresh), start = 0, endA = a.length, endB = b.length;
    while (start < endA && start < endB && a[start].isEqualNode(b[start])) start++;
    while (endA > start && endB > start && a[endA - 1].isEqualNode(b[endB - 1])) { endA--; endB--; }
    if (start === endA && start === endB) return true;
    if (endA - start === 1 && endB - start === 1 && depth < 200 && a[start].nodeType === 1 &&
        a[start].nodeName === b[start].nodeName && sameAttributes(a[start], b[start]) &&
        !a[start].matches(UNSAFE)) {
      return patchChildren(a[start], b[start], depth + 1);
    }
    var gone = a.slice(start, endA), added = b.slice(start, endB);
    if (!safe(gone, true) || !safe(added, false)) return false;
    var before = endA < a.length ? a[endA] : null;
    if (before === null) {   // before our script, if it is there
      var mine = Array.prototype.filter.call(live.childNodes, ours);
      before = mine.length ? mine[0] : null;
    }
    gone.forEach(function (n) { n.remove(); });
    added.forEach(function (n) { live.insertBefore(document.importNode(n, true), before); });
    return true;
  }
  function patch(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    if (!servedHead || !fresh.head || !fresh.body || !document.body) return false;
    if (!servedHead.isEqualNode(fresh.head)) return false;
    if (!sameAttributes(document.documentElement, fresh.documentElement)) return false;
    if (!sameAttributes(document.body, fresh.body)) return false;
    return patchChildren(document.body, fresh.body, 0);
  }
  function update() {
    var asked = loaded;
    fetch(location.href, { cache: "no-store" }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error("not the same page");
      return response.text();
    }).then(function (html) {
      if (asked !== loaded) return;   // a newer build came meanwhile: its event updates
      if (!patch(html)) reload();
    }).catch(function () { reload(); });
  }
  function here(paths) {
    var path = decodeURIComponent(location.pathname);
    return paths.indexOf(path) >= 0;
  }
  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("reblog-reload", String(Date.now()));
      var fresh = links[i].cloneNode();
      fresh.href = url.href;
      var old = links[i];
      fresh.addEventListener("load", function (o) { return function () { o.remove(); }; }(old));
      old.parentNode.insertBefore(fresh, old.nextSibling);
    }
  }
  function overlay(info) {
    var box = document.getElementById("reblog-error-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "reblog-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,0,0,.92);" +
        "color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2em;overflow:auto;" +
        "white-space:pre-wrap";
      document.documentElement.appendChild(box);
    }
    box.textContent = "reblog: the site failed to build\\n\\n" + info.text +
      "\\n\\n(the last good build is still served; save a fix to continue)";
  }
  function clearOverlay() {
    var box = document.getElementById("reblog-error-overlay");
    if (box) box.remove();
  }
  var source = new EventSource("__EVENTS__?since=" + loaded);
  source.addEventListener("reload", function (e) {
    var info = JSON.parse(e.data);
    clearOverlay();
    if (info.generation <= loaded) return;
    loaded = info.generation;
    if (info.css_only) { swapStyles(); return; }
    if (info.all) reload(); else if (here(info.paths || [])) update();
  });
  source.addEventListener("builderror", function (e) {
    var info = JSON.parse(e.data);
    loaded = Math.max(loaded, info.generation);
    overlay(info);
  });
  source.addEventListener("ok", function (e) {
    loaded = Math.max(loaded, JSON.parse(e.data).generation);
    clearOverlay();
  });
})();
</script>"""
