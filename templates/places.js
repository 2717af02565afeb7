// The places index: a filter box that hides the places (and empty regions) not matching.
(function () {
  const box = document.getElementById("place-filter");
  if (!box) return;
  const fold = (s) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['’ʼ`]/g, "");
  box.addEventListener("input", () => {
    const wanted = fold(box.value.trim());
    let any = false;
    for (const sub of document.querySelectorAll("div.subgroup")) {
      const heading = sub.querySelector("h3");
      const subHit = !wanted || (heading && fold(heading.textContent).includes(wanted));
      let shown = 0;
      for (const li of sub.querySelectorAll("li")) {
        const hit = subHit || fold(li.textContent).includes(wanted);
        li.hidden = !hit;
        if (hit) shown += 1;
      }
      sub.hidden = shown === 0 && !subHit;
    }
    for (const section of document.querySelectorAll("section.group")) {
      const open = [...section.querySelectorAll("div.subgroup")].some((s) => !s.hidden);
      section.hidden = !open;
      any = any || open;
    }
    document.querySelector("nav.jump").hidden = Boolean(wanted);
    document.getElementById("filter-none").hidden = any;
  });
})();
