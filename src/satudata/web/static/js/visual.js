/* Charts and maps: redraw in place when the builder form changes (the form works without this). */
(function () {
  "use strict";
  function target(form) {
    var section = form.closest("section");
    var scope = (section && section.parentNode) || document;
    return scope.querySelector('[data-visual-target="' + form.getAttribute("data-visual-form") + '"]');
  }
  function query(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { params.append(key, value); });
    return params.toString();
  }
  function redraw(form) {
    var box = target(form);
    if (!box || !window.fetch) { form.submit(); return; }
    var search = query(form);
    box.setAttribute("aria-busy", "true");
    fetch(form.action + "?" + search + (search ? "&" : "") + "fragment=1", {
      headers: { "Accept": "text/html" }, credentials: "same-origin"
    }).then(function (response) {
      return response.text();
    }).then(function (html) {
      box.innerHTML = html;
      box.removeAttribute("aria-busy");
      if (location.pathname === new URL(form.action, location.href).pathname) {
        history.replaceState(null, "", "?" + search);
      }
    }).catch(function () { form.submit(); });
  }
  document.querySelectorAll("form[data-visual-form]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      // A new measure starts from its own sensible aggregation (sum counts, average rates).
      var field = event.target;
      if (field.name === "ukuran" && form.elements.agregasi) {
        var chosen = field.options[field.selectedIndex];
        if (chosen && chosen.getAttribute("data-agregasi")) {
          form.elements.agregasi.value = chosen.getAttribute("data-agregasi");
        }
      }
      redraw(form);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); redraw(form); });
  });
})();
