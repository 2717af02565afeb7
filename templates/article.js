// After following a search result (article page ?hl=word&hl=word), mark those words in the text.
(function () {
  const words = new URLSearchParams(location.search).getAll("hl").map((w) => w.trim()).filter((w) => w.length > 1);
  const text = document.querySelector("div.text");
  if (!words.length || !text) return;
  const escape = (w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // A word at the start of a word, in any script: "Izyum" marks "Izyum's" but not "anIzyum".
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${words.map(escape).join("|")})`, "giu");
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  let first = null;
  for (const node of nodes) {
    const parts = node.nodeValue.split(pattern);
    if (parts.length < 2) continue;
    const fragment = document.createDocumentFragment();
    parts.forEach((part, i) => {
      if (i % 2) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        fragment.append(mark);
        first = first || mark;
      } else if (part) {
        fragment.append(document.createTextNode(part));
      }
    });
    node.replaceWith(fragment);
  }
  if (first) first.scrollIntoView({ block: "center" });
})();
