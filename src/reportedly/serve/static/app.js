// Claim cards and sortable tables. Article data is untrusted: it is read from a JSON block and
// written only with textContent, never as HTML.
(function () {
  "use strict";
  const dataNode = document.getElementById("claim-data");
  if (dataNode) {
    const cards = JSON.parse(dataNode.textContent);
    const card = document.getElementById("card");
    const set = (id, value) => { document.getElementById(id).textContent = value; };
    const show = (el) => {
      const ids = (el.dataset.claims || "").split(" ").filter(Boolean);
      const claim = cards[ids[ids.length - 1]];  // the innermost claim under the pointer
      if (!claim) return;
      document.querySelectorAll("[data-claims].active").forEach((n) => n.classList.remove("active"));
      document.querySelectorAll("[data-claims]").forEach((n) => {
        if (n.dataset.claims.split(" ").includes(claim.id)) n.classList.add("active");
      });
      set("card-id", claim.id);
      set("card-text", claim.text);
      set("card-chain", claim.chain.map((l) => l.source + (l.cue ? " (" + l.cue + ")" : "") +
        (l.kind !== "named" ? " [" + l.kind + "]" : "")).join(" ← "));
      set("card-certainty", claim.certainty);
      set("card-hedges", claim.hedges.join(", ") || "none");
      set("card-quantities", claim.quantities.join("; ") || "none");
      set("card-voice", claim.voice);
      set("card-confirmations", claim.confirmations.join("; ") || "none");
      const story = document.getElementById("card-story");
      story.textContent = "";
      if (claim.story) {
        const a = document.createElement("a");
        a.href = "/stories/" + encodeURIComponent(claim.story);
        a.textContent = "story " + claim.story;
        story.appendChild(a);
      } else {
        story.textContent = "not matched yet";
      }
      card.hidden = false;
    };
    document.querySelectorAll("[data-claims]").forEach((el) => {
      el.addEventListener("mouseenter", () => show(el));
      el.addEventListener("click", () => show(el));
      el.addEventListener("focus", () => show(el));
    });
  }
  document.querySelectorAll("table.sortable th").forEach((th, col) => {
    th.addEventListener("click", () => {
      const body = th.closest("table").tBodies[0];
      const asc = th.dataset.order !== "asc";
      th.dataset.order = asc ? "asc" : "desc";
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = a.cells[col] ? a.cells[col].textContent.trim() : "";
        const y = b.cells[col] ? b.cells[col].textContent.trim() : "";
        const nx = Number(x), ny = Number(y);
        const cmp = (!Number.isNaN(nx) && !Number.isNaN(ny) && x && y) ? nx - ny : x.localeCompare(y);
        return asc ? cmp : -cmp;
      });
      rows.forEach((r) => body.appendChild(r));
    });
  });
})();
