// Public pages: a "copy" button on the API snippets (the snippets stay selectable without it).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const labels = document.querySelector("[data-copy-label]");
  if (!labels || !navigator.clipboard) return;
  document.querySelectorAll("pre[data-copy]").forEach((pre) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy secondary";
    button.textContent = labels.dataset.copyLabel;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(pre.querySelector("code").textContent);
      button.textContent = labels.dataset.copiedLabel;
      setTimeout(() => { button.textContent = labels.dataset.copyLabel; }, 2000);
    });
    pre.appendChild(button);
  });
});
