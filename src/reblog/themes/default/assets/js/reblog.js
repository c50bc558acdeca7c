/* reblog default theme: the small enhancements that need a script. Without it the
 * page still reads well: images stay inline, code stays selectable, the colour
 * scheme follows the OS. One deferred file for every page, no dependencies. */
(function () {
  "use strict";
  var STORE = "reblog-theme";
  var root = document.documentElement;

  /* Light/dark toggle: the choice is kept in localStorage and applied as
   * <html data-theme> (head.jinja applies it before the first paint). */
  function currentTheme() {
    return root.dataset.theme ||
      (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  }
  function labelToggle(button) {
    var dark = currentTheme() === "dark";
    button.setAttribute("aria-pressed", dark ? "true" : "false");
    button.title = dark ? "Switch to light mode" : "Switch to dark mode";
  }
  var toggle = document.getElementById("theme-toggle");
  if (toggle) {
    labelToggle(toggle);
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem(STORE, next); } catch (e) { /* private mode: this page only */ }
      labelToggle(toggle);
    });
  }

  /* Code blocks: a language label and a copy button. Kramdown writes
   * div.language-x.highlighter-rouge, the {% highlight %} tag figure.highlight
   * with code[data-lang]. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }
  document.querySelectorAll("div.highlighter-rouge, figure.highlight").forEach(function (block) {
    var pre = block.querySelector("pre");
    if (!pre) return;
    var code = block.querySelector("code[data-lang]");
    var match = /(?:^|\s)language-([\w+#.-]+)/.exec(block.className);
    var lang = code ? code.getAttribute("data-lang") : (match ? match[1] : "");
    var bar = document.createElement("div");
    bar.className = "code-bar";
    if (lang && lang !== "plaintext" && lang !== "text") {
      var label = document.createElement("span");
      label.className = "code-lang";
      label.textContent = lang;
      bar.appendChild(label);
      block.classList.add("has-code-lang");
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code" + (lang ? " (" + lang + ")" : ""));
    button.addEventListener("click", function () {
      // The line-number gutter of a linenos table is not part of the code.
      var source = pre.querySelector("td.code pre, td.rouge-code pre") || pre;
      copyText(source.innerText.replace(/\n$/, "")).then(function () {
        button.textContent = "Copied";
      }, function () {
        button.textContent = "Press Ctrl+C";
      });
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
    bar.appendChild(button);
    block.insertBefore(bar, block.firstChild);
  });

  /* Click to enlarge: every image of a post's content that is not already a
   * link opens in one shared <dialog> at the full width of the screen. The
   * enlarged copy gets sizes="100vw", so it loads the large responsive variant. */
  var images = document.querySelectorAll(".post-content img");
  var dialog = null;
  function lightbox() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", "Enlarged image");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "lightbox-close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { dialog.close(); });
    dialog.appendChild(close);
    dialog.appendChild(document.createElement("figure"));
    // The dialog fills the viewport: a click on it (not on the picture) is outside.
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () {
      document.body.classList.remove("lightbox-open");
      if (dialog.opener) dialog.opener.focus();
    });
    document.body.appendChild(dialog);
    return dialog;
  }
  function enlarge(img) {
    var box = lightbox();
    var figure = box.querySelector("figure");
    var holder = img.parentElement && img.parentElement.tagName === "PICTURE" ? img.parentElement : img;
    var copy = holder.cloneNode(true);
    [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("img, source"))).forEach(function (el) {
      if (el.tagName === "IMG" || el.tagName === "SOURCE") el.setAttribute("sizes", "100vw");
      if (el.tagName === "IMG") {
        el.removeAttribute("loading");
        el.removeAttribute("role");
        el.removeAttribute("tabindex");
        el.removeAttribute("aria-label");
        el.removeAttribute("width");
        el.removeAttribute("height");
        el.className = "lightbox-image";
      }
    });
    figure.replaceChildren(copy);
    if (img.alt) {
      var caption = document.createElement("figcaption");
      caption.textContent = img.alt;
      figure.appendChild(caption);
    }
    box.setAttribute("aria-label", img.alt || "Enlarged image");
    box.opener = img;
    box.showModal();
    document.body.classList.add("lightbox-open");
  }
  if (typeof HTMLDialogElement === "function") {
    images.forEach(function (img) {
      if (img.closest("a, .candid-image-figure, dialog")) return;
      img.classList.add("zoomable");
      img.tabIndex = 0;
      img.setAttribute("role", "button");
      img.setAttribute("aria-label", "Enlarge image" + (img.alt ? ": " + img.alt : ""));
      img.addEventListener("click", function () { enlarge(img); });
      img.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); enlarge(img); }
      });
    });
  }
})();
