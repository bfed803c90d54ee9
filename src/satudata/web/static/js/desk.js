// The walidata desk, a little smoother with JavaScript (every form works without it):
// an item marked "not fine" asks for its reason at once, and a destructive form asks to
// be confirmed.
(function () {
  "use strict";
  function noteOf(radio) {
    return document.getElementById(radio.name.replace(/^mark-/, "note-"));
  }
  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (!(radio instanceof HTMLInputElement) || radio.type !== "radio" || !/^mark-/.test(radio.name)) return;
    var note = noteOf(radio);
    if (!note) return;
    var notFine = radio.value === "tidak" && radio.checked;
    note.setAttribute("aria-required", notFine ? "true" : "false");
    if (notFine && !note.value.trim()) note.focus();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form instanceof HTMLFormElement && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
