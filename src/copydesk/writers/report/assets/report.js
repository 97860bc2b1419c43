// copydesk report: draws each view from the run's data files (data/*.js, written by
// copydesk.writers.report). All text from the crawl is untrusted: it only ever becomes DOM
// text (text nodes, textContent), never markup, a script or a link of its own; a link's
// target is built here from a key checked to be hex, or is a page's URL shown only if it is
// http(s).
"use strict";

const received = new Map();
window.copydesk = {
  take(name, value) {
    if (!received.has(name)) received.set(name, []);
    received.get(name).push(value);
  },
};

// A data file's statements, by loading it as a script (the browser blocks fetch() from
// file://); resolves to [] when the file does not exist.
function load(name) {
  return new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = "data/" + name + ".js";
    const done = () => {
      script.remove();
      const values = received.get(name) || [];
      received.delete(name);
      resolve(values);
    };
    script.onload = done;
    script.onerror = done;
    document.head.appendChild(script);
  });
}

// An element: el("p", {class: "note"}, "text", child, ...). Strings become text nodes.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const KEY = /^[0-9a-f]{16}$/;
const hashKey = () => {
  const k = location.hash.slice(1);
  return KEY.test(k) ? k : null;
};
const clusterLink = (k, ...text) =>
  KEY.test(k) ? el("a", { href: "cluster.html#" + k }, ...text) : el("span", {}, ...text);
const pageLink = (k, ...text) =>
  KEY.test(k) ? el("a", { href: "page.html#" + k }, ...text) : el("span", {}, ...text);

// A cluster's or page's parts, from the data file that holds it with a few dozen others:
// the file is named by the first digits of the key, how many the layout says.
let layout = null;
async function parts(kind, k) {
  if (!layout) [layout] = await load("layout");
  const values = await load(kind + "/" + k.slice(0, layout[kind]));
  return values.filter((v) => v.key === k);
}

// A page's URL as a link only if it is a web address; anything else (javascript:, data:)
// is shown as text.
function urlNode(url) {
  if (!url) return null;
  let parsed = null;
  try {
    parsed = new URL(url);
  } catch (e) {
    parsed = null;
  }
  if (parsed && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
    return el("a", { href: parsed.href, rel: "noopener noreferrer", class: "url" }, url);
  }
  return el("span", { class: "url" }, url);
}

const fmt = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en"));
const pct = (x) => (x === null || x === undefined ? "–" : (100 * x).toFixed(0) + "%");
const plural = (n, one, many) => fmt(n) + " " + (n === 1 ? one : many || one + "s");

function show(...nodes) {
  const main = document.getElementById("main");
  main.replaceChildren(...nodes.flat().filter(Boolean));
}

function setTitle(text) {
  document.title = text + " · copydesk report";
}

// A bar chart as a table (label, bar, count): readable without the bars, by a screen reader
// too. The bars' widths are set through the style object, which the policy allows.
function chart(caption, rows, labelHead) {
  const most = Math.max(1, ...rows.map((r) => r[1]));
  return el(
    "div",
    { class: "scroll" },
    el(
      "table",
      { class: "chart" },
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, labelHead), el("th", { scope: "col" }, "count"))),
      el(
        "tbody",
        {},
        rows.map(([label, n]) => {
          const fill = el("span", { class: "fill" });
          fill.style.width = ((100 * n) / most).toFixed(2) + "%";
          return el(
            "tr",
            {},
            el("th", { scope: "row" }, label),
            el("td", {}, el("span", { class: "bar", "aria-hidden": "true" }, fill), el("span", { class: "n" }, fmt(n))),
          );
        }),
      ),
    ),
  );
}

// ---- the overview ----

async function overview() {
  const [o] = await load("overview");
  if (!o) return show(el("p", { class: "note" }, "This report has no data: run `copydesk report OUT/` again."));
  setTitle("Overview");
  const f = o.figures;
  const figure = (n, label) => el("div", { class: "figure" }, el("strong", {}, fmt(n)), el("span", {}, label));
  const lines = Object.entries(o.lines);
  const fates = {};
  const removed = [];
  for (const [k, n] of lines) {
    if (k.startsWith("removed:")) {
      removed.push([k.slice(8), n]);
      fates.removed = (fates.removed || 0) + n;
    } else fates[k] = n;
  }
  removed.sort((a, b) => b[1] - a[1]);
  // Stories by day, or by month once the days are too many to read.
  let dates = o.dates;
  let by = "date";
  if (dates.length > 62) {
    const months = new Map();
    for (const [d, n] of dates) months.set(d.slice(0, 7), (months.get(d.slice(0, 7)) || 0) + n);
    dates = [...months.entries()];
    by = "month";
  }
  show(
    el("h1", {}, "The run"),
    el(
      "section",
      { class: "figures", "aria-label": "The run's figures" },
      figure(f.records_in, "records read"),
      figure(f.pages_with_stories, "pages with stories"),
      figure(f.pages_without_stories, "pages without a story"),
      figure(f.stories, "stories"),
      figure(f.clusters, "clusters"),
      figure(f.rejects, "rejects"),
      figure(f.input_mb, "MB read"),
    ),
    el(
      "section",
      { class: "charts" },
      chart("Input lines by what became of them", Object.entries(fates).sort((a, b) => b[1] - a[1]), "fate"),
      chart("Removed lines by reason", removed, "reason"),
      chart("Clusters by size (copies)", Object.entries(o.sizes).map(([k, n]) => [k, n]), "copies"),
      chart("Stories by " + by, dates, by),
    ),
    el("h2", {}, "Largest clusters"),
    el(
      "ol",
      { class: "largest" },
      o.largest.map((c) => el("li", {}, clusterLink(c.cluster, c.headline || "(no headline)"), " ", el("span", { class: "muted" }, plural(c.size, "copy", "copies")))),
    ),
    el("p", {}, el("a", { href: "clusters.html" }, "All clusters: sort and filter")),
    el("h2", {}, "Largest outlets"),
    el(
      "div",
      { class: "scroll" },
      el(
        "table",
        { class: "outlets" },
        el("caption", {}, "Outlets by stories; chrome: the share of their pages' text removed" + (o.audit ? "" : " (needs a run with --audit)")),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "outlet"), el("th", { scope: "col" }, "stories"), el("th", { scope: "col" }, "chrome"))),
        el(
          "tbody",
          {},
          o.outlets.map(([name, n, chrome]) => {
            const fill = el("span", { class: "fill chrome" });
            fill.style.width = chrome === null ? "0" : (100 * chrome).toFixed(1) + "%";
            return el("tr", {}, el("th", { scope: "row" }, name), el("td", {}, fmt(n)), el("td", {}, el("span", { class: "bar", "aria-hidden": "true" }, fill), el("span", { class: "n" }, pct(chrome))));
          }),
        ),
      ),
    ),
    el("h2", {}, "Rejects by reason"),
    o.rejects.length === 0
      ? el("p", { class: "note" }, "No rejects: every record read gave a story.")
      : o.rejects.map(([reason, n, examples]) =>
          el(
            "details",
            { class: "rejects" },
            el("summary", {}, reason, " ", el("span", { class: "muted" }, fmt(n))),
            el(
              "ul",
              {},
              examples.map((x) =>
                el("li", {}, x.page ? pageLink(x.page, x.doc_id) : el("code", {}, x.doc_id || x.origin), ": ", x.reason),
              ),
            ),
          ),
        ),
    Object.keys(o.skipped).length
      ? el("p", { class: "note" }, "Archive records passed over: ", Object.entries(o.skipped).map(([r, n]) => r + " " + fmt(n)).join(", "))
      : null,
  );
}

// ---- the cluster list ----

const SORTS = {
  size: (e) => e[1],
  first: (e) => e[2] || "",
  spread: (e) => (e[4] === null ? -1 : e[4]),
};

async function clusters() {
  setTitle("Clusters");
  const [meta] = await load("list/top");
  if (!meta) return show(el("p", { class: "note" }, "This report has no cluster list."));
  const state = { sort: "size", desc: true, outlet: "", from: "", to: "", words: "", page: 0 };
  let all = null; // every entry, once its chunks are loaded
  const status = el("p", { class: "note", role: "status" });
  const body = el("tbody");
  const pager = el("nav", { class: "pager", "aria-label": "Pages of the list" });

  const input = (label, attrs, key) => {
    const field = el("input", attrs);
    field.addEventListener("input", () => {
      state[key] = field.value.trim();
      state.page = 0;
      draw();
    });
    return el("label", {}, label, field);
  };
  const sort = el("select", {}, el("option", { value: "size" }, "size"), el("option", { value: "first" }, "first date"), el("option", { value: "spread" }, "spread in time"));
  sort.addEventListener("change", () => {
    state.sort = sort.value;
    state.page = 0;
    draw();
  });
  const order = el("button", { type: "button" }, "largest first");
  order.addEventListener("click", () => {
    state.desc = !state.desc;
    state.page = 0;
    draw();
  });

  const row = (e) =>
    el(
      "tr",
      {},
      el("td", { class: "num" }, fmt(e[1])),
      el("td", {}, clusterLink(e[0], e[5] || "(no headline)")),
      el("td", { class: "date" }, e[2] || "undated", e[3] && e[3] !== e[2] ? " – " + e[3] : ""),
      el("td", {}, e[6].length > 3 ? e[6].slice(0, 3).join(", ") + " and " + (e[6].length - 3) + " more" : e[6].join(", ")),
    );

  function matching() {
    const words = state.words.toLowerCase().split(/\s+/).filter(Boolean);
    const outlet = state.outlet.toLowerCase();
    return all.filter(
      (e) =>
        (!outlet || e[6].some((o) => o.toLowerCase().includes(outlet))) &&
        (!state.from || (e[3] || e[2] || "") >= state.from) &&
        (!state.to || (e[2] && e[2] <= state.to)) &&
        (!words.length || words.every((w) => (e[5] || "").toLowerCase().includes(w))),
    );
  }

  function draw() {
    order.textContent = { size: ["smallest first", "largest first"], first: ["earliest first", "latest first"], spread: ["shortest first", "longest first"] }[state.sort][state.desc ? 1 : 0];
    if (all === null) {
      status.textContent = "Loading the whole list to sort and filter it…";
      body.replaceChildren(...meta.first.map(row));
      return;
    }
    const key = SORTS[state.sort];
    const rows = matching();
    // Ties keep the first date, then the list's order, so that paging is stable.
    rows.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x !== y) return (x < y ? -1 : 1) * (state.desc ? -1 : 1);
      return (a[2] || "~") < (b[2] || "~") ? -1 : (a[2] || "~") > (b[2] || "~") ? 1 : 0;
    });
    const pages = Math.max(1, Math.ceil(rows.length / meta.page));
    state.page = Math.min(state.page, pages - 1);
    const shown = rows.slice(state.page * meta.page, (state.page + 1) * meta.page);
    body.replaceChildren(...shown.map(row));
    status.textContent = plural(rows.length, "cluster") + (rows.length === all.length ? "" : " of " + fmt(all.length)) + "; page " + (state.page + 1) + " of " + pages;
    const go = (label, page, disabled) => {
      const b = el("button", { type: "button", disabled }, label);
      b.addEventListener("click", () => {
        state.page = page;
        draw();
        document.getElementById("main").focus();
      });
      return b;
    };
    pager.replaceChildren(go("← previous", state.page - 1, state.page === 0), go("next →", state.page + 1, state.page >= pages - 1));
  }

  show(
    el("h1", {}, "Clusters"),
    el(
      "form",
      { class: "filters", role: "search" },
      el("label", {}, "Sort by ", sort),
      order,
      input("Outlet ", { type: "search", placeholder: "name" }, "outlet"),
      input("From ", { type: "date" }, "from"),
      input("To ", { type: "date" }, "to"),
      input("Headline ", { type: "search", placeholder: "words" }, "words"),
    ),
    status,
    el("div", { class: "scroll" }, el("table", { class: "list" }, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "copies"), el("th", { scope: "col" }, "headline"), el("th", { scope: "col" }, "dates"), el("th", { scope: "col" }, "outlets"))), body)),
    pager,
  );
  document.querySelector("form.filters").addEventListener("submit", (e) => e.preventDefault());
  draw();
  // The list has opened (the time is taken once it is drawn: after the next frame, for the
  // tests and benches); the rest of it loads behind.
  requestAnimationFrame(() => setTimeout(() => (window.copydeskListShown = performance.now())));
  const chunks = [];
  for (let i = 0; i < meta.chunks; i++) chunks.push(load("list/" + String(i).padStart(4, "0")));
  all = (await Promise.all(chunks)).flat(2);
  window.copydeskListLoaded = performance.now();
  draw();
}

// ---- a cluster ----

function storyText(story) {
  if (!story) return el("p", { class: "note" }, "The canonical copy's text is not in the run's stories.");
  const dl = story.dateline;
  return el(
    "article",
    { class: "story" },
    el("h3", {}, story.headline || "(no headline)"),
    el(
      "p",
      { class: "muted" },
      [story.source, story.date, story.byline, dl ? dl.place + (dl.agency ? " (" + dl.agency + ")" : "") : null].filter(Boolean).join(" · "),
    ),
    story.url ? el("p", {}, urlNode(story.url)) : null,
    story.body.split("\n\n").map((p) => el("p", {}, p)),
    story.captions.length ? el("ul", { class: "captions" }, story.captions.map((c) => el("li", {}, "Caption: " + c.text + (c.credit ? " (" + c.credit + ")" : "")))) : null,
    story.corrections.length ? el("ul", { class: "corrections" }, story.corrections.map((c) => el("li", {}, "Correction: " + c))) : null,
  );
}

function diffView(blocks) {
  return el(
    "div",
    { class: "diff" },
    blocks.map(([kind, value]) => {
      if (kind === "same") return el("p", { class: "same" }, plural(value, "paragraph") + " the same");
      if (kind === "cut") return el("p", { class: "cut" }, el("span", { class: "label" }, "cut: "), el("del", {}, value));
      if (kind === "added") return el("p", { class: "added" }, el("span", { class: "label" }, "added: "), el("ins", {}, value));
      return el(
        "p",
        { class: "changed" },
        el("span", { class: "label" }, "changed: "),
        value.map(([mark, words]) => [mark === "-" ? el("del", {}, words) : mark === "+" ? el("ins", {}, words) : el("span", {}, words), " "]),
      );
    }),
  );
}

async function cluster() {
  const k = hashKey();
  const [c] = k ? await parts("c", k) : [];
  if (!c) return show(el("h1", {}, "No such cluster"), el("p", {}, el("a", { href: "clusters.html" }, "The list of clusters")));
  setTitle(c.headline || "A cluster");
  const timeline = [...c.members].sort((a, b) => ((a.date || "~") < (b.date || "~") ? -1 : (a.date || "~") > (b.date || "~") ? 1 : 0));
  show(
    el("h1", {}, c.headline || "(no headline)"),
    el("p", { class: "muted" }, plural(c.size, "copy", "copies") + " · " + (c.first_date || "undated") + (c.last_date && c.last_date !== c.first_date ? " to " + c.last_date : "") + " · " + plural(c.outlets.length, "outlet") + " · cluster " + c.cluster_id),
    el("h2", {}, "Timeline"),
    el(
      "div",
      { class: "scroll" },
      el(
        "table",
        { class: "timeline" },
        el("thead", {}, el("tr", {}, ["date", "outlet", "copy", "similarity", "page"].map((h) => el("th", { scope: "col" }, h)))),
        el(
          "tbody",
          {},
          timeline.map((m) =>
            el(
              "tr",
              { class: m.relation ? "" : "canon" },
              el("td", { class: "date" }, m.date || "undated"),
              el("td", {}, m.source || "unknown outlet"),
              el("td", {}, m.relation ? el("a", { href: "#copy-" + m.story_id.replace(/[^0-9a-zA-Z]/g, "") }, m.relation) : el("strong", {}, "canonical")),
              el("td", { class: "num" }, pct(m.similarity)),
              el("td", {}, pageLink(m.page, m.doc_id)),
            ),
          ),
        ),
      ),
    ),
    el("h2", {}, "The canonical copy"),
    storyText(c.canonical),
    el("h2", {}, "Each copy against it"),
    c.members.length === 1 ? el("p", { class: "note" }, "The only copy.") : null,
    c.members.slice(1).map((m) =>
      el(
        "section",
        { class: "copy", id: "copy-" + m.story_id.replace(/[^0-9a-zA-Z]/g, "") },
        el("h3", {}, (m.source || "unknown outlet") + ", " + (m.date || "undated") + ": ", el("span", { class: "relation " + m.relation }, m.relation), " · " + pct(m.similarity) + " of its text in the canonical copy"),
        el("p", { class: "muted" }, pageLink(m.page, m.doc_id), m.url ? [" · ", urlNode(m.url)] : null),
        m.diff ? diffView(m.diff) : el("p", { class: "note" }, "Its text is not in the run's stories."),
      ),
    ),
    el("p", { class: "legend muted" }, "Legend: ", el("del", {}, "cut from the canonical copy"), " ", el("ins", {}, "added by this copy"), "; words compared without case and punctuation."),
  );
}

// ---- a page ----

async function page() {
  const k = hashKey();
  const found = k ? await parts("p", k) : [];
  if (!found.length) return show(el("h1", {}, "No such page"), el("p", { class: "note" }, "No story of this run came from it, and the run kept no audit of it."));
  const stories = found.filter((p) => p.story).map((p) => p.story);
  const lines = found.filter((p) => p.lines).flatMap((p) => p.lines);
  const head = found.find((p) => p.source !== undefined) || found[0];
  setTitle("A page");
  const headlines = new Map(stories.map((s) => [s.story_id, s]));
  let blank = 0;
  const rows = [];
  for (const [n, fate, why, storyId, text] of lines) {
    if (fate === "blank") {
      blank += 1;
      continue;
    }
    const story = storyId ? headlines.get(storyId) : null;
    rows.push(
      el(
        "tr",
        { class: "fate-" + fate },
        el("td", { class: "num" }, n + 1),
        el("td", {}, fate, why ? el("span", { class: "why" }, " " + why) : null),
        el("td", {}, story ? clusterLink(story.cluster, "story " + (story.position + 1)) : storyId ? "story" : ""),
        el("td", { class: "text" }, text),
      ),
    );
  }
  show(
    el("h1", {}, "Page ", el("code", {}, head.doc_id)),
    head.source || head.url ? el("p", { class: "muted" }, head.source || "", head.url ? [" · ", urlNode(head.url)] : null) : null,
    el("h2", {}, stories.length ? "Its stories" : "No story"),
    stories.length
      ? el(
          "ul",
          {},
          stories.map((s) => el("li", {}, clusterLink(s.cluster, s.headline || "(no headline)"), " ", el("span", { class: "muted" }, (s.primary ? "the page's own story" : "another story") + " · " + (s.canonical ? "the canonical copy" : s.relation) + (s.date ? " · " + s.date : "")))),
        )
      : el("p", { class: "note" }, "The page gave no story: every line was removed (see rejects.jsonl)."),
    el("h2", {}, "Every line and what became of it"),
    lines.length
      ? [
          el("p", { class: "muted" }, plural(rows.length, "line") + " with text; " + plural(blank, "blank line") + " not shown."),
          el("div", { class: "scroll" }, el("table", { class: "audit" }, el("thead", {}, el("tr", {}, ["line", "fate", "story", "text"].map((h) => el("th", { scope: "col" }, h)))), el("tbody", {}, rows))),
        ]
      : el("p", { class: "note" }, "This run kept no audit of its lines. Run it again with --audit (copydesk run ... --audit --report) to see every line of every page and why it was kept or removed."),
  );
}

const VIEWS = { overview, clusters, cluster, page };
function route() {
  const view = VIEWS[document.body.dataset.view];
  if (view) view();
}
// Another cluster or page (its key in the hash) is drawn anew; an anchor within the page
// (a copy of the cluster) is only scrolled to.
window.addEventListener("hashchange", () => hashKey() && route());
route();
