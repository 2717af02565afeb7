// In-browser full-text search of the site with Pagefind, run from the home page.
// Everything stays on this host: the Pagefind bundle is part of the site.
// Results are built from text nodes only: titles, outlets and excerpts never become HTML,
// except the <mark> elements Pagefind puts around matched words.

const form = document.getElementById("search");
const output = document.getElementById("results");
const siteRoot = new URL(".", document.baseURI);
let pagefind = null;

async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL(form.dataset.pagefind, document.baseURI).href);
    await pagefind.options({ baseUrl: siteRoot.pathname });
    await pagefind.init();
  }
  return pagefind;
}

// Every month from `from` to `to` ("2022-09"), for Pagefind's "any of" month filter.
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

function filters() {
  const data = new FormData(form);
  const chosen = {};
  const place = (data.get("place") || "").trim();
  const outlet = data.get("outlet") || "";
  if (place) chosen.place = place;
  if (outlet) chosen.outlet = outlet;
  const language = data.get("language") || "";
  if (language) chosen.language = language;
  const from = data.get("from") || "", to = data.get("to") || "";
  if (from || to) {
    const first = form.elements.from.min || "1900-01", last = form.elements.to.max || "2099-12";
    chosen.month = { any: monthsBetween(from || first, to || last) };
  }
  return chosen;
}

// Pagefind's excerpt is HTML: keep its text and its <mark>s, nothing else.
function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const nodes = [];
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function element(tag, text, className) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

const PAGE = 10;  // results fetched at a time: each costs a download

function resultItem(data) {
  const item = element("li", undefined, "article");
  const heading = element("h3");
  const link = element("a", data.meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  const meta = element("p", [data.meta.date || "undated", data.meta.outlet || "unknown outlet"].join(" · "), "meta");
  const excerpt = element("p", undefined, "lead");
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(heading, meta, excerpt);
  return item;
}

async function showMore(results, list, summary, more) {
  const next = results.slice(list.children.length, list.children.length + PAGE);
  const data = await Promise.all(next.map((r) => r.data()));
  list.append(...data.map(resultItem));
  const shown = list.children.length;
  summary.textContent = `${results.length} articles${results.length > shown ? `, first ${shown} shown` : ""}.`;
  more.hidden = shown >= results.length;
}

async function run(event) {
  if (event) event.preventDefault();
  const query = form.elements.q.value.trim();
  const chosen = filters();
  if (!query && Object.keys(chosen).length === 0) { output.replaceChildren(); return; }
  output.replaceChildren(element("p", "Searching…"));
  const pf = await engine();
  const search = await pf.search(query || null, { filters: chosen, sort: query ? undefined : { date: "desc" } });
  const list = element("ol", undefined, "articles");
  const summary = element("p", search.results.length ? "" : "No articles found.");
  summary.id = "result-count";
  const more = element("button", "More results");
  more.type = "button";
  more.hidden = true;
  more.addEventListener("click", () => showMore(search.results, list, summary, more));
  if (search.results.length) await showMore(search.results, list, summary, more);
  output.replaceChildren(summary, list, more);
}

form.addEventListener("submit", (event) => {
  run(event).catch((error) => {
    const message = element("p", `The search failed: ${error && error.message ? error.message : error}`);
    message.id = "result-count";
    output.replaceChildren(message);
    console.error(error);
  });
});
