// quorum's web page: reads the page URL, asks the JSON API, draws the answer.
//
// The URL holds the whole state, so every view can be bookmarked and shared:
//   /?q=...&committee=...&from=...&sort=...&group=item&page=2   a search
//   /?passage=ID&q=...                                         a passage in its document,
//                                                              its references and its thread
//   /?view=archive                                             the archive overview
// Text from the index is inserted with textContent; the only HTML taken from the server is
// the search snippet, and only its text and <mark> elements are kept. Links to sources are
// kept only when they are http(s).
"use strict";

const PAGE_SIZE = 10;
const FACETS = [
  ["committee", "Committee"],
  ["council", "Council"],
  ["type", "Type"],
  ["role", "Role"],
  ["year", "Year"],
  ["municipal_year", "Municipal year"],
];
const SEARCH_KEYS = ["q", "from", "to", "sort", "group", "distinct", "matching", ...FACETS.map(([k]) => k)];

const $ = (id) => document.getElementById(id);

// el("a", {href: "/"}, "text", child) -> element; strings become text nodes.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// The snippet's text and <mark>s, nothing else.
function snippetNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = [];
  for (const node of template.content.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent);
    else if (node.nodeName === "MARK") out.push(el("mark", {}, node.textContent));
    else out.push(node.textContent);
  }
  return out;
}

function formatDate(iso) {
  if (!iso) return null;
  const d = new Date(iso + "T00:00:00Z");
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

// A published URL as a link target, only when it is http(s): never javascript: or data:.
function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (e) {
    return null;
  }
}

// ---- navigation --------------------------------------------------------------------------

function currentParams() {
  return new URLSearchParams(location.search);
}

function href(params) {
  const s = params.toString();
  return s ? "/?" + s : "/";
}

function go(params, replace) {
  const url = href(params);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

// Links inside the page navigate without a reload (and still work as plain links).
document.addEventListener("click", (event) => {
  const a = event.target.closest("a[data-nav]");
  if (!a || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  go(new URL(a.href).searchParams);
});
window.addEventListener("popstate", render);
document.addEventListener("keydown", (event) => {
  const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
  if (event.key === "/" && !typing) {
    event.preventDefault();
    $("q").focus();
    $("q").select();
  }
});

// The search parameters only (no page, passage or view).
function searchParams(params) {
  const out = new URLSearchParams();
  for (const [k, v] of params) if (SEARCH_KEYS.includes(k) && v !== "") out.append(k, v);
  return out;
}

function filterParams(params) {
  const out = searchParams(params);
  for (const k of ["sort", "group", "distinct"]) out.delete(k);
  return out;
}

// What an export takes: the search and its order; it lists every passage, copies included.
function exportParams(params) {
  const out = searchParams(params);
  for (const k of ["group", "distinct"]) out.delete(k);
  return out;
}

// How the words of the search shown matched ("all" or "most"), while its query is unchanged:
// narrowing by a facet keeps it, so the results are the ones the facet's count counted.
let shownMatching = null;

function keepMatching(params) {
  if (shownMatching && params.get("q") === shownMatching.q) params.set("matching", shownMatching.matching);
  return params;
}

// Read the form and facet boxes into a new search URL. A new query (the form submitted)
// starts over; a refinement (a facet, the dates, the order) keeps how the words matched.
function submitSearch(event) {
  if (event) event.preventDefault();
  const params = new URLSearchParams();
  const q = $("q").value.trim();
  if (q) params.set("q", q);
  if (!event) keepMatching(params);
  for (const box of document.querySelectorAll("#facets input[type=checkbox]:checked")) {
    params.append(box.name, box.value);
  }
  for (const id of ["from", "to"]) if ($(id).value) params.set(id, $(id).value);
  if ($("sort").value !== "relevance") params.set("sort", $("sort").value);
  if ($("group").checked) params.set("group", "item");
  if ($("distinct").checked) params.set("distinct", "true");
  go(params);
}

function initForm() {
  // On a phone the refinements fold away above the results.
  if (window.matchMedia("(max-width: 50rem)").matches) $("refine").open = false;
  $("search-form").addEventListener("submit", submitSearch);
  for (const id of ["sort", "from", "to", "group", "distinct"]) $(id).addEventListener("change", () => submitSearch());
  $("facets").addEventListener("change", () => submitSearch());
}

function fillForm(params) {
  $("q").value = params.get("q") || "";
  $("from").value = params.get("from") || "";
  $("to").value = params.get("to") || "";
  $("sort").value = params.get("sort") || "relevance";
  $("group").checked = params.get("group") === "item";
  $("distinct").checked = params.get("distinct") === "true";
}

// ---- talking to the API ------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" } });
  } catch (e) {
    throw new ApiError(0, "network", "The server could not be reached. Is quorum still running?");
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw new ApiError(response.status, error.code || "unknown", error.message || response.statusText);
  }
  return body;
}

function setStatus(text) {
  $("status").textContent = text;
}

function showError(error) {
  const content = $("content");
  const title =
    error.code === "bad_query" ? "That query could not be read" :
    error.code === "bad_parameter" ? "One of the search settings is not valid" :
    error.code === "not_found" ? "Not found" :
    error.code === "timeout" ? "That search took too long" : "Something went wrong";
  content.replaceChildren(
    el("div", { class: "error", role: "alert" }, el("h2", {}, title), el("p", {}, error.message))
  );
  setStatus(title);
}

// ---- views -------------------------------------------------------------------------------

let generation = 0; // a newer render makes older responses stale

async function render() {
  const params = currentParams();
  const mine = ++generation;
  fillForm(params);
  document.body.classList.toggle("reading", params.has("passage") || params.get("view") === "archive");
  try {
    if (params.has("passage")) await showPassage(params, mine);
    else if (params.get("view") === "archive") await showArchive(mine);
    else await showSearch(params, mine);
  } catch (error) {
    if (mine === generation) showError(error);
  }
}

async function showSearch(params, mine) {
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  const query = searchParams(params);
  query.set("limit", PAGE_SIZE);
  if (page > 1) query.set("offset", (page - 1) * PAGE_SIZE);
  setStatus("Searching…");
  const response = await api("/api/search?" + query);
  if (mine !== generation) return;
  shownMatching = params.get("q") ? { q: params.get("q"), matching: response.matching } : null;
  document.title = (params.get("q") ? params.get("q") + " – " : "") + "quorum";
  $("feed-head").href = "/api/feed.atom?" + filterParams(params);
  drawFacets(response.facets, params, response.facet_counts);
  const grouped = params.get("group") === "item";
  const noun = grouped ? (response.total === 1 ? "item" : "items") : response.total === 1 ? "passage" : "passages";
  const copies = !grouped && response.distinct_total < response.total
    ? ` (${response.distinct_total.toLocaleString("en-GB")} distinct)` : "";
  const summary = `${response.total.toLocaleString("en-GB")} ${noun} ${response.total === 1 ? "matches" : "match"}${copies}`;
  setStatus(response.total === 0 ? "No results" : summary);
  const content = $("content");
  content.replaceChildren(...[
    el("div", { class: "summary" },
      el("p", { class: "total" }, response.total === 0 ? "" : summary + (params.get("q") ? ` “${params.get("q")}”` : "")),
      el("p", { class: "tools" },
        el("a", { href: "/api/feed.atom?" + filterParams(params), class: "feed" }, "Atom feed of this search"),
        " · Export: ",
        el("a", { href: "/api/export?format=csv&" + exportParams(params) }, "CSV"), " ",
        el("a", { href: "/api/export?format=jsonl&" + exportParams(params) }, "JSON Lines"))),
    drawSuggestions(response, params),
    drawMatching(response, params),
    drawChart(response.facets.year, params),
    response.total === 0 ? noResults(params) : el("ol", { class: "results", start: (page - 1) * PAGE_SIZE + 1 },
      response.hits.map((hit) => drawHit(hit, params))),
    drawPager(page, response.total, params),
  ].filter(Boolean));
}

// "Did you mean": each word no passage has, with the index's nearest word, as a new search.
function drawSuggestions(response, params) {
  if (!response.suggestions.length) return null;
  // One suggestion's query replaces its word; with several, replace each in turn.
  const corrected = response.suggestions.length === 1
    ? response.suggestions[0].query
    : response.suggestions.reduce((q, s) => q.replace(s.word, s.suggestion), params.get("q") || "");
  const p = new URLSearchParams(params);
  p.set("q", corrected);
  p.delete("page");
  return el("p", { class: "suggestion", role: "note" },
    "Did you mean ", el("a", { href: href(p), class: "suggested" }, p.get("q")), "? ",
    response.suggestions.map((s) => `No passage has “${s.word}”.`).join(" "));
}

// Relaxed matching: say so, with a link to the strict search.
function drawMatching(response, params) {
  if (response.matching !== "most") return null;
  const strict = new URLSearchParams(params);
  strict.set("matching", "all");
  strict.delete("page");
  const n = response.all_words_total;
  const said = n === 0
    ? "No passage has every word; showing passages with most of them."
    : `Only ${n.toLocaleString("en-GB")} ${n === 1 ? "passage has" : "passages have"} every word; ` +
      "they come first, then passages with most of them.";
  return el("p", { class: "relaxed", role: "note" }, said, " ",
    el("a", { href: href(strict), class: "strict" }, "Search for every word"));
}

function noResults(params) {
  const filtered = [...filterParams(params).keys()].some((k) => k !== "q");
  return el("div", { class: "notice", role: "note" },
    el("h2", {}, "No results"),
    el("p", {}, "Nothing in the archive matches" + (params.get("q") ? ` “${params.get("q")}”` : " this search") + "."),
    el("ul", {},
      el("li", {}, "Check the spelling, or try other words for the same thing."),
      params.get("matching") === "all" ? el("li", {}, "Allow passages with most of the words: remove matching=all.") : null,
      filtered ? el("li", {}, "Untick a filter or widen the dates.") : null,
      el("li", {}, "Search a stem with a star: ", el("code", {}, "foster*"), ".")));
}

function hitTitle(hit) {
  if (hit.item) return `Item ${hit.item.number}: ${hit.item.title}`;
  return hit.section || hit.document.title;
}

function meetingLine(meeting) {
  return [meeting.committee, meeting.council, formatDate(meeting.date)].filter(Boolean).join(" · ");
}

function passageHref(id, params) {
  const p = new URLSearchParams({ passage: id });
  if (params && params.get("q")) p.set("q", params.get("q"));
  return href(p);
}

/** A badge saying a passage was read from a scanned page by OCR, or nothing. */
function ocrBadge(passage) {
  if (!passage.ocr) return null;
  const confidence = typeof passage.ocr_confidence === "number" ? Math.round(passage.ocr_confidence) : null;
  return [" ", el("span", {
    class: "badge ocr",
    title: "Read from a scanned page by OCR" + (confidence === null ? "" : `; Tesseract's mean word confidence ${confidence}%`),
  }, confidence === null ? "OCR" : `OCR ${confidence}%`)];
}

function drawHit(hit, params) {
  return el("li", { class: "hit" },
    el("h3", {}, el("a", { href: passageHref(hit.id, params), "data-nav": true }, hitTitle(hit))),
    el("p", { class: "meta" },
      meetingLine(hit.meeting) || hit.document.title,
      hit.page ? ` · page ${hit.page}` : "",
      " ",
      el("span", { class: "badge type-" + hit.type }, hit.type),
      " ",
      el("span", { class: "badge role-" + hit.role }, hit.role),
      ocrBadge(hit)),
    drawRepublished(hit, params),
    el("p", { class: "snippet" }, snippetNodes(hit.snippet)),
    hit.other_matches ? el("p", { class: "more" }, `and ${hit.other_matches} more matching passage${hit.other_matches === 1 ? "" : "s"} in this item`) : null,
    drawCopies(hit, params),
    hit.more_from_item ? el("p", { class: "more" }, `${hit.more_from_item} more from this item further down`) : null);
}

/** Where minutes shown as their own meeting's were published: reprinted in a later paper, or a
 * copy of an original the archive holds (a link to it). */
function drawRepublished(hit, params) {
  if (!hit.published_in && !hit.copy_of) return null;
  const parts = [];
  if (hit.published_in) {
    const when = formatDate(hit.published_in.date);
    parts.push(`Reprinted in ${hit.document.title}${when ? ` (${when})` : ""}`);
  }
  if (hit.copy_of) {
    parts.push(parts.length ? "; original: " : "Copy of ",
      el("a", { href: passageHref(hit.copy_of.id, params), "data-nav": true }, hit.copy_of.title || hit.copy_of.path));
  }
  return el("p", { class: "republished" }, parts);
}

/** "Also in N places": the same text elsewhere in the archive, each a link. */
function drawCopies(hit, params) {
  const total = hit.copies_total || 0;
  if (total === 0) return null;
  const places = hit.copies.map((c) => el("li", {},
    el("a", { href: passageHref(c.id, params), "data-nav": true }, c.title),
    [c.date ? ` · ${formatDate(c.date)}` : "", c.page ? ` · page ${c.page}` : ""].join("")));
  const unlisted = total - hit.copies.length;
  return el("details", { class: "copies" },
    el("summary", {}, `Also in ${total} other place${total === 1 ? "" : "s"}`),
    el("ul", {}, places, unlisted > 0 ? el("li", { class: "muted" }, `and ${unlisted} more`) : null));
}

function drawFacets(facets, params, counting) {
  const groups = FACETS.map(([key, label]) => {
    const chosen = params.getAll(key);
    const values = facets[key].slice();
    for (const v of chosen) if (!values.some((f) => f.value === v)) values.push({ value: v, count: 0 });
    if (values.length === 0) return null;
    return el("fieldset", { class: "facet" },
      el("legend", {}, label),
      el("ul", {}, values.map((f, i) => {
        const id = `facet-${key}-${i}`;
        return el("li", {},
          el("input", { type: "checkbox", id, name: key, value: f.value, checked: chosen.includes(f.value) }),
          el("label", { for: id }, f.value, " ", el("span", { class: "count" }, `(${f.count.toLocaleString("en-GB")})`)));
      })));
  });
  const shown = groups.filter(Boolean);
  if (shown.length && counting === "distinct") {
    shown.unshift(el("p", { class: "muted facet-counting" }, "Counts: each text once"));
  }
  $("facets").replaceChildren(...shown);
}

function drawChart(years, params) {
  const counts = new Map(years.map((f) => [parseInt(f.value, 10), f.count]));
  if (counts.size === 0) return el("div", { class: "chart empty" });
  const first = Math.min(...counts.keys());
  const last = Math.max(...counts.keys());
  const max = Math.max(...counts.values());
  const chosen = params.getAll("year");
  const bars = [];
  for (let y = first; y <= last && bars.length < 200; y++) {
    const n = counts.get(y) || 0;
    const target = keepMatching(filterParams(params));
    target.delete("year");
    target.append("year", String(y));
    const bar = el("span", { class: "bar" });
    bar.style.height = Math.max(n ? 4 : 0, Math.round((n / max) * 100)) + "%";
    bars.push(el("a", {
      href: href(target), "data-nav": true, class: chosen.includes(String(y)) ? "col chosen" : "col",
      title: `${y}: ${n} passages`, "aria-label": `${y}: ${n} matching passages; show only ${y}`,
    }, bar, el("span", { class: "year" }, String(y))));
  }
  return el("figure", { class: "chart" },
    el("figcaption", {}, "Matching passages per year"),
    el("div", { class: "bars" }, bars));
}

function drawPager(page, total, params) {
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) return el("nav", { class: "pager", "aria-label": "Pages" });
  const link = (n, text, rel) => {
    const p = new URLSearchParams(params);
    p.delete("passage");
    if (n > 1) p.set("page", n); else p.delete("page");
    return el("a", { href: href(p), "data-nav": true, rel }, text);
  };
  return el("nav", { class: "pager", "aria-label": "Pages" },
    page > 1 ? link(page - 1, "← Previous", "prev") : null,
    el("span", { "aria-current": "page" }, ` Page ${page} of ${pages.toLocaleString("en-GB")} `),
    page < pages ? link(page + 1, "Next →", "next") : null);
}

async function showPassage(params, mine) {
  setStatus("Opening the passage…");
  const id = params.get("passage");
  // The thread is extra: if it cannot be read, the passage still shows, with a note.
  const threadRequest = api("/api/items/" + encodeURIComponent(id) + "/thread").catch((error) => error);
  const view = await api("/api/passages/" + encodeURIComponent(id));
  const [doc, thread] = await Promise.all([
    api("/api/documents/" + encodeURIComponent(view.document.id)),
    threadRequest,
  ]);
  if (mine !== generation) return;
  const back = searchParams(params);
  const m = view.meeting;
  const heading = el("h2", { tabindex: "-1", id: "passage-heading" },
    view.passage.item ? `Item ${view.passage.item.number}: ${view.passage.item.title}` : doc.title);
  const sourceUrl = doc.url ? safeUrl(doc.url) : null;
  const source = sourceUrl
    ? el("a", { href: sourceUrl, rel: "noopener noreferrer" }, "Source document")
    : el("span", {}, "Source file: ", el("code", {}, doc.path));
  document.title = (view.passage.item ? view.passage.item.title : doc.title) + " – quorum";
  $("content").replaceChildren(
    el("p", { class: "back" }, el("a", { href: href(back), "data-nav": true }, back.toString() ? "← Back to the results" : "← Search")),
    el("article", { class: "document" },
      el("header", { class: "doc-head" },
        heading,
        el("p", { class: "meeting" }, [m.committee, m.council, formatDate(m.date), m.time, m.venue].filter(Boolean).join(" · ") || "Meeting not stated"),
        el("p", { class: "doc-title" }, doc.title, " · ", source, " · ",
          el("span", { class: "badge type-" + view.passage.type }, view.passage.type), " ",
          el("span", { class: "badge role-" + view.passage.role }, view.passage.role),
          ocrBadge(view.passage)),
        el("p", { class: "cite" }, el("strong", {}, "Cite as: "), view.citation, " ",
          el("a", { href: passageHref(view.passage.id) }, "Permalink"))),
      el("div", { class: "doc-body" },
        drawDocumentText(doc, view.passage.id),
        drawConnections(view, thread, params))));
  setStatus("Showing the passage in its document");
  const current = document.querySelector(".passage.current");
  const box = document.querySelector(".doc-text");
  if (current && box) box.scrollTop = Math.max(0, current.offsetTop - box.clientHeight / 4);
  heading.focus({ preventScroll: true });
}

// ---- references, citations and the thread ------------------------------------------------

// "Item 37: Title", or the paper's title for text outside any item.
function itemLabel(number, title, fallback) {
  if (number) return title ? `Item ${number}: ${title}` : `Item ${number}`;
  return title || fallback || "Untitled";
}

// Where a reference leads: the target item, its meeting date and paper.
function targetLink(target, params, text) {
  const where = [formatDate(target.date), target.path].filter(Boolean).join(" · ");
  return [
    el("a", { href: passageHref(target.id, params), "data-nav": true, class: "ref-target" },
      text || itemLabel(target.item, target.title, target.path)),
    where ? el("span", { class: "ref-where" }, " ", where) : null,
  ];
}

function drawReference(ref, params) {
  const status = ref.status || (ref.target ? "resolved" : "unresolved");
  const printed = el("span", { class: "ref-text" }, ref.text);
  let body;
  if (status === "resolved" && ref.target) {
    body = [
      el("a", { href: passageHref(ref.target.id, params), "data-nav": true, class: "ref-link" }, ref.text),
      el("span", { class: "ref-detail" }, " → ", itemLabel(ref.target.item, ref.target.title, ref.target.path),
        ref.target.date ? ` · ${formatDate(ref.target.date)}` : "",
        ref.target.path ? el("span", { class: "ref-where" }, ` · ${ref.target.path}`) : null),
    ];
  } else if (status === "ambiguous") {
    const candidates = ref.candidates || [];
    body = [
      printed,
      " ", el("span", { class: "badge ref-status" }, "ambiguous"),
      el("span", { class: "ref-detail" }, ` ${candidates.length} papers fit; quorum does not choose:`),
      el("ul", { class: "candidates" }, candidates.map((t) => el("li", {}, targetLink(t, params)))),
    ];
  } else if (status === "external") {
    body = [printed, " ", el("span", { class: "badge ref-status" }, "legislation")];
  } else {
    body = [
      printed,
      " ", el("span", { class: "badge ref-status" }, "unresolved"),
      ref.year ? el("span", { class: "ref-year" }, ` municipal year ${ref.year}`) : null,
      ref.reason ? el("span", { class: "ref-detail" }, ` (${ref.reason})`) : null,
    ];
  }
  return el("li", { class: "ref " + status, "data-status": status }, body);
}

function drawCitation(citation, params) {
  const item = citation.item ? `Item ${citation.item}` : "a passage";
  const when = formatDate(citation.date);
  return el("li", { class: "citation" },
    el("a", { href: passageHref(citation.id, params), "data-nav": true },
      [when, item].filter(Boolean).join(" · ")),
    el("span", { class: "ref-detail" }, ` cites it as “${citation.text}”`),
    el("span", { class: "ref-where" }, ` · ${citation.path}`));
}

// The matter across meetings, oldest first, the item being read highlighted.
function drawThread(thread, params) {
  if (thread instanceof Error) {
    return el("p", { class: "muted" }, "The thread of this matter could not be read: " + thread.message);
  }
  if (thread.steps.length <= 1) {
    return el("p", { class: "muted" }, "No other item is linked to this one.");
  }
  const steps = thread.steps.map((step) => {
    const m = step.meeting;
    const cites = step.links.filter((l) => l.direction === "cites").map((l) => `“${l.text}”`);
    const label = itemLabel(step.item && step.item.number, step.item && step.item.title, step.document.title);
    return el("li", { class: step.start ? "step current" : "step", "aria-current": step.start ? "step" : null },
      el("p", { class: "step-when" },
        m.date ? el("time", { datetime: m.date }, formatDate(m.date)) : "Undated",
        m.committee ? ` · ${m.committee}` : "", " ",
        el("span", { class: "badge type-" + step.document.type, title: step.document.title }, step.document.type)),
      el("p", { class: "step-item" },
        el("a", { href: passageHref(step.passage, params), "data-nav": true }, label),
        step.start ? el("span", { class: "visually-hidden" }, " (this item)") : null),
      step.excerpt ? el("p", { class: "excerpt" }, step.excerpt) : null,
      cites.length ? el("p", { class: "ref-detail" }, "cites ", cites.join(", ")) : null);
  });
  return [
    el("ol", { class: "timeline" }, steps),
    thread.truncated ? el("p", { class: "muted" }, "The thread is longer than shown here.") : null,
  ];
}

function drawConnections(view, thread, params) {
  const refs = view.references || [];
  const citedBy = view.cited_by || [];
  return el("aside", { class: "connections", "aria-label": "References and thread" },
    el("section", { class: "references" },
      el("h3", {}, "References"),
      refs.length
        ? el("ul", { class: "ref-list" }, refs.map((r) => drawReference(r, params)))
        : el("p", { class: "muted" }, "This passage cites nothing quorum recognises.")),
    el("section", { class: "cited-by" },
      el("h3", {}, "Cited by"),
      citedBy.length
        ? el("ul", { class: "ref-list" }, citedBy.map((c) => drawCitation(c, params)))
        : el("p", { class: "muted" }, "Nothing in the archive cites this passage or its item.")),
    el("section", { class: "thread" },
      el("h3", {}, "Thread of this matter"),
      drawThread(thread, params)));
}

// The document's text, passage by passage (offsets count Unicode scalar values).
function drawDocumentText(doc, currentId) {
  const chars = Array.from(doc.text);
  const parts = [];
  let at = 0;
  for (const span of doc.passages) {
    if (span.start > at) {
      const gap = chars.slice(at, span.start).join("").trim();
      if (gap) parts.push(el("div", { class: "gap" }, gap));
    }
    const isCurrent = span.id === currentId;
    parts.push(el("div", {
      class: isCurrent ? "passage current" : "passage", id: "p-" + span.id,
      "aria-current": isCurrent ? "true" : null,
    },
      el("a", { class: "pilcrow", href: passageHref(span.id), "aria-label": "Permalink to this passage" }, "¶"),
      chars.slice(span.start, span.end).join("")));
    at = Math.max(at, span.end);
  }
  const tail = chars.slice(at).join("").trim();
  if (tail) parts.push(el("div", { class: "gap" }, tail));
  return el("div", { class: "doc-text" }, parts);
}

async function showArchive(mine) {
  setStatus("Reading the archive overview…");
  const stats = await api("/api/stats");
  if (mine !== generation) return;
  document.title = "Archive overview – quorum";
  const range = stats.date_range.from
    ? `${formatDate(stats.date_range.from)} to ${formatDate(stats.date_range.to)}` : "no dated meetings";
  const n = (x) => x.toLocaleString("en-GB");
  const facts = [
    ["Documents", n(stats.documents)],
    ["Passages", n(stats.passages)],
    ["Meetings", n(stats.meetings)],
    ["Councils", stats.councils.map((c) => `${c.council} (${n(c.documents)})`).join(", ") || "none named"],
    ["Meetings from", range],
    ["Last indexed", stats.last_indexed ? new Date(stats.last_indexed).toLocaleString("en-GB") : "unknown"],
    ["Index size", (stats.index_bytes / 1048576).toFixed(1) + " MB"],
    ["Files that failed", n(stats.failed.length)],
    ["Scanned pages read by OCR", stats.scanned.pages_read === 0 ? "none" :
      `${n(stats.scanned.pages_read)} in ${n(stats.scanned.documents_read)} document${stats.scanned.documents_read === 1 ? "" : "s"}`],
  ];
  const unread = stats.scanned.unread;
  const committeeRows = stats.committees.map((c) => {
    const filter = new URLSearchParams();
    if (c.committee) filter.set("committee", c.committee);
    return el("tr", {},
      el("th", { scope: "row" }, c.committee ? el("a", { href: href(filter), "data-nav": true }, c.committee) : "Committee not stated"),
      el("td", {}, c.council || "–"),
      el("td", { class: "num" }, n(c.documents)),
      el("td", { class: "num" }, n(c.meetings)),
      el("td", {}, c.years.map((y) => `${y.year ?? "undated"}: ${y.documents} doc${y.documents === 1 ? "" : "s"}, ${y.meetings} meeting${y.meetings === 1 ? "" : "s"}`).join("; ")));
  });
  $("content").replaceChildren(
    el("section", { class: "archive" },
      el("h2", { tabindex: "-1", id: "archive-heading" }, "Archive overview"),
      el("p", {}, "What this archive holds, so you know what a search can and cannot find."),
      el("dl", { class: "facts" }, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      el("h3", {}, "Documents and meetings per committee"),
      el("div", { class: "table-wrap" }, el("table", {},
        el("thead", {}, el("tr", {}, ["Committee", "Council", "Documents", "Meetings", "By year"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, committeeRows))),
      el("h3", {}, "Files that could not be indexed"),
      stats.failed.length === 0 ? el("p", {}, "Every file found was indexed.") :
        el("div", { class: "table-wrap" }, el("table", {},
          el("thead", {}, el("tr", {}, ["File", "Problem", "Reason"].map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", {}, stats.failed.map((f) => el("tr", {}, el("td", {}, el("code", {}, f.path)), el("td", {}, f.kind), el("td", {}, f.reason)))))),
      unread.length === 0 ? null : [
        el("h3", {}, "Scanned pages not read"),
        el("p", {}, "These documents are indexed, but some of their pages are scans that could not be read, so their words cannot be found."),
        el("div", { class: "table-wrap" }, el("table", {},
          el("thead", {}, el("tr", {}, ["File", "Pages", "Reason"].map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", {}, unread.map((u) => el("tr", {}, el("td", {}, el("code", {}, u.path)), el("td", { class: "num" }, n(u.pages)), el("td", {}, u.reason))))))]));
  $("facets").replaceChildren();
  setStatus("Archive overview");
  $("archive-heading").focus({ preventScroll: true });
}

initForm();
render();
