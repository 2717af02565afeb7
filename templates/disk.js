// Opened from a folder on disk (file://), browsers block the search's module and data files:
// say so before anyone types, with the command that serves the folder. A classic script, as
// module scripts do not run from file:// either.
if (location.protocol === "file:") {
  const note = document.getElementById("file-note");
  const folder = decodeURIComponent(location.pathname).replace(/\/[^/]*$/, "") || ".";
  for (const span of note.querySelectorAll(".folder")) span.textContent = folder;
  note.hidden = false;
  document.addEventListener("DOMContentLoaded", () => {
    const button = document.querySelector("#search button[type=submit]");
    if (button) button.disabled = true;
  });
}
