// In-browser search of the site, run from the home page. Everything stays on this host.
//
// The search lives in the URL (?q=&place=&outlet=&from=&to=&sort=&page=): a search can be
// bookmarked or shared, and Back restores it.
// - Words go to Pagefind (the article texts only: no metadata, no lists of spellings).
// - A place's name in any spelling ("Kharkov", «Харків») is looked up in a small table of the
//   places the site's articles name (assets/spellings/, the files of the query's first letters) and
//   becomes a filter on the places an article names, as the index folds spellings.
// - With no other words, nothing is asked of Pagefind: a catalog of the articles
//   (assets/catalog.json) answers and counts, and the opening lines of the results shown come
//   from assets/leads/. Pagefind would fetch its whole index for a search without words.
// - Each story (an article and its copies, see searcher/stories.py) is listed once, as its
//   best-ranked article, with a line "+N similar: ..." as on the command line, and the facets
//   count stories. Pagefind's results are mapped to catalog rows for this (and for the counts).
// Results are built from text nodes only: titles, outlets and excerpts never become HTML,
// except the <mark> elements around matched words.

const form = document.getElementById("search");
const output = document.getElementById("results");
const PAGE = 10; // results a page: each Pagefind result costs a download
const FACET_VALUES = 12;
const cache = {};
let pagefind = null;

function asset(path) {
  return new URL(path, new URL("assets/", document.baseURI)).href;
}

async function json(name) {
  if (!cache[name]) {
    cache[name] = fetch(asset(name)).then((r) => {
      if (!r.ok) throw new Error(`${name}: ${r.status}`);
      return r.json();
    });
  }
  return cache[name];
}

async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL(form.dataset.pagefind, document.baseURI).href);
    await pagefind.options({ baseUrl: new URL(".", document.baseURI).pathname, excerptLength: 30 });
    await pagefind.init();
  }
  return pagefind;
}

// As site.py's fold(): lower case, no marks, no apostrophes.
function fold(text) {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['’ʼ`]/g, "").split(/\s+/).filter(Boolean).join(" ");
}

// The search in the URL and the form

const FIELDS = ["q", "place", "outlet", "language", "from", "to", "sort"]; // language: a site of several

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const state = {};
  for (const name of FIELDS) state[name] = (params.get(name) || "").trim();
  state.page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  return state;
}

function stateFromForm() {
  const data = new FormData(form);
  const state = {};
  for (const name of FIELDS) state[name] = String(data.get(name) || "").trim();
  state.page = 1;
  return state;
}

function fillForm(state) {
  for (const name of FIELDS) if (form.elements[name]) form.elements[name].value = state[name] || "";
}

function urlOf(state) {
  const params = new URLSearchParams();
  for (const name of FIELDS) if (state[name]) params.set(name, state[name]);
  if (state.page > 1) params.set("page", String(state.page));
  const query = params.toString();
  return location.pathname + (query ? `?${query}` : "");
}

function go(state) {
  history.pushState(null, "", urlOf(state));
  show(state).catch(report);
}

// The query: place names become filters, the other words go to Pagefind

async function parseQuery(q) {
  if (!q) return { words: "", places: [], highlight: [] };
  if (/["*:()]/.test(q)) return { words: q, places: [], highlight: q.split(/\s+/) }; // phrases: text only
  // Words without the punctuation around them: «Ізюм», "Izyum," and Izyum are one word.
  const tokens = q.split(/\s+/).map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter(Boolean);
  const table = await spellingsFor(tokens);
  const words = [], places = [], highlight = [];
  for (let i = 0; i < tokens.length; ) {
    let found = null;
    for (let n = Math.min(4, tokens.length - i); n >= 1 && !found; n--) {
      const names = table.keys[fold(tokens.slice(i, i + n).join(" "))];
      if (names) found = { names, n };
    }
    if (found) {
      places.push(found.names);
      for (const name of found.names) highlight.push(...(table.written[name] || [name]));
      i += found.n;
    } else {
      words.push(tokens[i]);
      highlight.push(tokens[i]);
      i += 1;
    }
  }
  return { words: words.join(" "), places, highlight: [...new Set(highlight)] };
}

// The shards of the spelling table for the first letters of these words (missing: no place).
async function spellingsFor(tokens) {
  const codes = [...new Set(tokens.map((t) => fold(t)).filter(Boolean).map((t) => t.codePointAt(0).toString(16)))];
  const table = { keys: {}, written: {} };
  const shards = await Promise.all(codes.map((code) => json(`spellings/${code}.json`).catch(() => null)));
  for (const shard of shards) if (shard) { Object.assign(table.keys, shard.keys); Object.assign(table.written, shard.written); }
  return table;
}

function monthsBetween(from, to) {
  const months = [];
  let [y, m] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return months;
}

function monthRange(state) {
  if (!state.from && !state.to) return null;
  return [state.from || "0000-01", state.to || "9999-12"];
}

// Stories: copies of one report (searcher/stories.py) are shown once, as on the command line

// A matched article: its catalog row, its places with the regions and countries they lie in,
// its month.
function hitOf(catalog, index) {
  const row = catalog.articles[index];
  const levels = new Set();
  for (const i of row[4]) { levels.add(catalog.places[i][0]); for (const j of catalog.places[i][1]) levels.add(catalog.places[j][0]); }
  return { index, row, levels, month: row[2].slice(0, 7) || "undated" };
}

// Each story once, as its first hit in the order given, with the story's other hits as its
// copies (by date) and its origin's outlet and date.
function onePerStory(hits, catalog) {
  const kept = [], byStory = new Map();
  for (const h of hits) {
    const story = h.row[6] ?? -1;
    if (story < 0) kept.push({ ...h, copies: [] });
    else if (byStory.has(story)) byStory.get(story).copies.push(h);
    else { const k = { ...h, copies: [], first: catalog.stories[story] }; byStory.set(story, k); kept.push(k); }
  }
  for (const k of kept) k.copies.sort((a, b) => (a.row[2] || "~").localeCompare(b.row[2] || "~"));
  return kept;
}

// Facet counts in stories: a story once for each value any of its matched members has.
function facetCounts(hits, catalog) {
  const facets = { place: {}, outlet: {}, month: {} };
  const seen = new Set();
  const add = (facet, value, unit) => {
    const key = JSON.stringify([facet, value, unit]);
    if (seen.has(key)) return;
    seen.add(key);
    facets[facet][value] = (facets[facet][value] || 0) + 1;
  };
  for (const h of hits) {
    const unit = h.row[6] >= 0 ? `s${h.row[6]}` : `a${h.index}`;
    for (const name of h.levels) add("place", name, unit);
    const outlet = catalog.outlets[h.row[3]];
    if (outlet) add("outlet", outlet, unit);
    add("month", h.month, unit);
  }
  return facets;
}

// The "+N similar" of a shown story: the outlets of its copies, the outlet and date of its origin.
function similarOf(kept, catalog) {
  return { copies: kept.copies.map((c) => catalog.outlets[c.row[3]] || "unknown outlet"), first: kept.first };
}

// Answered from the catalog: filters and place names only

async function fromCatalog(state, parsed) {
  const catalog = await json("catalog.json");
  const names = catalog.places.map((p) => p[0]);
  const range = monthRange(state);
  const wanted = parsed.places.map((set) => new Set(set));
  const hits = [];
  catalog.articles.forEach((row, index) => {
    const [, , date, outlet, named] = row;
    if (state.outlet && catalog.outlets[outlet] !== state.outlet) return;
    if (state.language && row[5] !== state.language) return;
    const month = date.slice(0, 7);
    if (range && (!month || month < range[0] || month > range[1])) return;
    const hit = hitOf(catalog, index);
    if (state.place && !hit.levels.has(state.place)) return;
    const namedNames = named.map((i) => names[i]);
    if (!wanted.every((set) => namedNames.some((n) => set.has(n)))) return;
    hits.push(hit);
  });
  if (state.sort === "oldest") hits.sort((a, b) => (a.row[2] || "9999").localeCompare(b.row[2] || "9999"));
  else if (!state.sort && parsed.places.length) {
    // Relevance, with no words to rank by: articles whose title names the place first, then
    // newest first (the catalog's order; the sort is stable).
    const spellings = parsed.highlight.map(fold);
    const named = (title) => { const t = fold(title); return spellings.some((s) => t.includes(s)); };
    hits.sort((a, b) => named(b.row[1]) - named(a.row[1]));
  }
  const stories = onePerStory(hits, catalog);
  const start = (state.page - 1) * PAGE;
  const shown = stories.slice(start, start + PAGE);
  const chunks = [...new Set(shown.map((h) => Math.floor(h.index / catalog.chunk)))];
  const leads = {};
  await Promise.all(chunks.map(async (c) => { leads[c] = await json(`leads/${c}.json`); }));
  const items = shown.map((h) => ({
    url: new URL(`articles/${h.row[0]}/index.html`, document.baseURI).href,
    title: h.row[1],
    date: h.row[2],
    outlet: catalog.outlets[h.row[3]],
    excerpt: markWords(leads[Math.floor(h.index / catalog.chunk)][h.index % catalog.chunk], parsed.highlight),
    ...similarOf(h, catalog),
  }));
  return { total: stories.length, articles: hits.length, facets: facetCounts(hits, catalog), items };
}

// Answered by Pagefind: words, with the filters and place names as Pagefind filters. Its
// results are mapped to catalog rows (assets/pagefind-rows.json), to collapse them into stories
// and count them without fetching every result.

async function fromPagefind(state, parsed) {
  const pf = await engine();
  const all = [];
  if (state.place) all.push({ place: state.place });
  if (state.outlet) all.push({ outlet: state.outlet });
  if (state.language) all.push({ language: state.language });
  const range = monthRange(state);
  if (range) {
    const first = form.elements.from.min || "1900-01", last = form.elements.to.max || "2099-12";
    all.push({ month: { any: monthsBetween(range[0] < first ? first : range[0], range[1] > last ? last : range[1]) } });
  }
  for (const set of parsed.places) all.push({ named: { any: set } });
  const sort = state.sort === "newest" ? { date: "desc" } : state.sort === "oldest" ? { date: "asc" } : undefined;
  const [search, catalog, rows] = await Promise.all([
    pf.search(parsed.words, { filters: all.length ? { all } : {}, sort }),
    json("catalog.json"),
    json("pagefind-rows.json"),
  ]);
  const hits = search.results.filter((r) => r.id in rows).map((r) => ({ ...hitOf(catalog, rows[r.id]), result: r }));
  const stories = onePerStory(hits, catalog);
  const start = (state.page - 1) * PAGE;
  const shown = stories.slice(start, start + PAGE);
  const data = await Promise.all(shown.map((h) => h.result.data()));
  const items = data.map((d, i) => ({
    url: d.url,
    title: d.meta.title || d.url,
    date: d.meta.date,
    outlet: d.meta.outlet,
    excerpt: excerptNodes(d.excerpt || ""),
    ...similarOf(shown[i], catalog),
  }));
  return { total: stories.length, articles: hits.length, facets: facetCounts(hits, catalog), items };
}

// Pagefind's excerpt is HTML: keep its text and its <mark>s, nothing else.
function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  return [...doc.body.firstChild.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    return element("mark", node.textContent);
  });
}

function markWords(text, words) {
  const escape = (w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const usable = words.filter((w) => w.length > 1);
  if (!usable.length) return [document.createTextNode(text)];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${usable.map(escape).join("|")})`, "giu");
  return text.split(pattern).map((part, i) => (i % 2 ? element("mark", part) : document.createTextNode(part)));
}

// Showing the results

function element(tag, text, className) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

function plural(n, word, words = word + "s") {
  return `${n.toLocaleString("en")} ${n === 1 ? word : words}`;
}

function resultItem(item, highlight) {
  const li = element("li", undefined, "article");
  const heading = element("h3");
  const link = element("a", item.title);
  const url = new URL(item.url, document.baseURI);
  for (const word of highlight.slice(0, 40)) url.searchParams.append("hl", word);
  link.href = url.href;
  heading.append(link);
  const meta = element("p", [item.date || "undated", item.outlet || "unknown outlet"].join(" · "), "meta");
  const excerpt = element("p", undefined, "lead");
  excerpt.append(...item.excerpt);
  li.append(heading, meta, excerpt);
  if (item.copies.length) li.append(element("p", similarLine(item), "similar meta"));
  return li;
}

// As the command line's: "+3 similar: Mash, SHOT, Топор Live (first: РИА Новости, 2024-11-26)".
function similarLine(item, shown = 5) {
  const more = item.copies.length > shown ? `, … ${item.copies.length - shown} more` : "";
  const first = item.first ? ` (first: ${item.first[0] || "unknown outlet"}, ${item.first[1] || "undated"})` : "";
  return `+${item.copies.length} similar: ${item.copies.slice(0, shown).join(", ")}${more}${first}`;
}

function facetList(name, label, counts, state) {
  let entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (name === "month") entries.sort((a, b) => a[0].localeCompare(b[0]));
  else entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const chosen = name === "month" ? (state.from && state.from === state.to ? state.from : "") : state[name];
  if (!entries.length || (entries.length === 1 && entries[0][0] === chosen)) return null;
  const section = element("section", undefined, "facet");
  section.dataset.facet = name;
  section.append(element("h3", label));
  const list = element("ul", undefined, "values");
  const shown = name === "month" ? entries : entries.slice(0, FACET_VALUES);
  for (const [value, count] of shown) {
    const li = element("li");
    const next = { ...state, page: 1 };
    if (name === "month") { if (value === "undated") continue; next.from = value; next.to = value; } else next[name] = value;
    const link = element("a", value);
    link.href = urlOf(next);
    link.addEventListener("click", (event) => { event.preventDefault(); go(next); });
    li.append(link, " ", element("span", count.toLocaleString("en"), "count"));
    list.append(li);
  }
  section.append(list);
  if (entries.length > shown.length) section.append(element("p", `and ${plural(entries.length - shown.length, "other")}`, "meta"));
  return section;
}

function pager(state, total) {
  const pages = Math.ceil(total / PAGE);
  if (pages <= 1) return null;
  const nav = element("nav", undefined, "pages");
  nav.setAttribute("aria-label", "Result pages");
  const link = (label, page, rel) => {
    const a = element("a", label);
    const next = { ...state, page };
    a.href = urlOf(next);
    a.rel = rel;
    a.addEventListener("click", (event) => { event.preventDefault(); go(next); window.scrollTo(0, output.offsetTop); });
    return a;
  };
  if (state.page > 1) nav.append(link("← Previous", state.page - 1, "prev"));
  nav.append(element("span", `Page ${state.page} of ${pages}`));
  if (state.page < pages) nav.append(link("Next →", state.page + 1, "next"));
  return nav;
}

async function show(state) {
  fillForm(state);
  if (!state.q && !state.place && !state.outlet && !state.language && !state.from && !state.to) {
    output.replaceChildren();
    return;
  }
  output.replaceChildren(element("p", "Searching…"));
  const parsed = await parseQuery(state.q);
  const answer = parsed.words ? await fromPagefind(state, parsed) : await fromCatalog(state, parsed);
  const first = (state.page - 1) * PAGE + 1;
  const collapsed = answer.articles > answer.total; // copies were collapsed: say so, as the CLI does
  const found = collapsed ? `${plural(answer.total, "story", "stories")} in ${plural(answer.articles, "article")}` : plural(answer.total, "article");
  const summary = element("p", answer.total
    ? `${found}${answer.total > PAGE ? `, ${first}–${first + answer.items.length - 1} shown` : ""}${collapsed ? ": each story once" : ""}.`
    : "No articles found.");
  summary.id = "result-count";
  const list = element("ol", undefined, "articles");
  list.start = first;
  list.append(...answer.items.map((item) => resultItem(item, parsed.highlight)));
  const facets = element("aside", undefined, "facets");
  facets.setAttribute("aria-label", "Narrow the results");
  if (collapsed) facets.append(element("p", "Counts are of stories:", "meta counted"));
  for (const [name, label] of [["place", "Places"], ["outlet", "Outlets"], ["month", "Months"]]) {
    const section = facetList(name, label, answer.facets[name], state);
    if (section) facets.append(section);
  }
  const body = element("div", undefined, "found");
  body.append(list);
  const nav = pager(state, answer.total);
  if (nav) body.append(nav);
  output.replaceChildren(summary, body, facets);
}

function report(error) {
  const message = element("p", `The search failed: ${error && error.message ? error.message : error}`);
  message.id = "result-count";
  output.replaceChildren(message);
  console.error(error);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const state = stateFromForm();
  history.pushState(null, "", urlOf(state));
  show(state).catch(report);
});
window.addEventListener("popstate", () => show(stateFromUrl()).catch(report));
show(stateFromUrl()).catch(report);
