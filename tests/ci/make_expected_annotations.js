// Writes expected_annotations.txt: the workflow commands GitHub's own toolkit (@actions/core)
// prints for the problems the site in test_ci_annotations.py has. reblog's output must match.
//
//   npm install --prefix /tmp/actions-core @actions/core@1.11.1
//   NODE_PATH=/tmp/actions-core/node_modules node tests/ci/make_expected_annotations.js
//
// Each problem is stated here by hand (file relative to the repository, line, message); the
// toolkit does the formatting and the escaping (% , : in properties; % CR LF in messages).
"use strict";
const fs = require("fs");
const path = require("path");
const command = require("@actions/core/lib/command");
const core = require("@actions/core");

const lines = [];
const original = process.stdout.write.bind(process.stdout);
process.stdout.write = (text) => { lines.push(String(text).replace(/\n$/, "")); return true; };

const annotate = (level, file, line, message) =>
  command.issueCommand(level, { file, line, title: "reblog" }, message);

lines.push("# build 1: the post with the missing include stops the build");
annotate("error", "site/_posts/2024-01-03-50%, off: now.md", 7,
  "Liquid Exception: Could not locate the included file 'nope.html' in any of [\"_includes\"]. " +
  "Ensure it exists in one of those directories and, if it is a symlink, does not point outside " +
  "your site source. in _posts/2024-01-03-50%, off: now.md");

lines.push("# build 2: that post removed; the bad image is a warning, inside the phase's group");
core.startGroup("reblog build: images, plugins, static files");
annotate("warning", "site/_posts/2024-01-02-first.md", 9,
  "image '/assets/bad.png' (assets/bad.png) is not a readable image (corrupt or not an image); " +
  "used by _posts/2024-01-02-first.md; kept the original <img>");
core.endGroup();

lines.push("# check: the layout's broken link once (it is on two pages), the post's, the stylesheet's");
annotate("error", "site/_layouts/default.html", 4, "broken link /archive/");
annotate("error", "site/_posts/2024-01-02-first.md", 7, "broken link /sale/100%25-off/");
annotate("error", "site/assets/site.css", 2, "broken CSS url img/hero.png");

lines.push("# escaping alone: a message with CR, LF and %; a property with , and :");
annotate("warning", "a,b:c%.md", 3, "50% done\r\nnext line");

process.stdout.write = original;
fs.writeFileSync(path.join(__dirname, "expected_annotations.txt"), lines.join("\n") + "\n");
