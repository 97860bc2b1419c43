"""The report's HTML pages: one shell each, the same but for its view, which the report's
script (assets/report.js) fills from the run's data.

The Content-Security-Policy lets the page run only the report's own script files (no inline
script, no eval, no plugin), load no image, font or frame and connect nowhere: were page text
ever to reach the markup, it could neither run nor call out.
"""

from __future__ import annotations

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'none'; "
    "connect-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)

# file name → (view, title)
VIEWS = {
    "index.html": ("overview", "Overview"),
    "clusters.html": ("clusters", "Clusters"),
    "cluster.html": ("cluster", "A cluster"),
    "page.html": ("page", "A page"),
}

_SHELL = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · copydesk report</title>
<link rel="stylesheet" href="report.css">
<script src="report.js" defer></script>
</head>
<body data-view="{view}">
<a class="skip" href="#main">Skip to the content</a>
<header class="topbar">
<span class="brand">copydesk report</span>
<nav aria-label="Report">
<a href="index.html">Overview</a> <a href="clusters.html">Clusters</a>
</nav>
</header>
<main id="main" tabindex="-1"><p class="note" role="status">Loading…</p></main>
<noscript><p>This report is drawn by its script (report.js, beside this page): allow
JavaScript for this file. It reads only the files beside it and connects nowhere.</p></noscript>
</body>
</html>
"""

PAGES = {
    file_name: _SHELL.format(policy=POLICY, title=title, view=view)
    for file_name, (view, title) in VIEWS.items()
}
