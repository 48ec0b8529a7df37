/* Progressive enhancement: suggest communes under inputs marked data-commune-autocomplete.
   Without this script the field still works: the server resolves what is typed. */
(function () {
  "use strict";
  function attach(input, index) {
    var list = document.createElement("datalist");
    list.id = "communes-suggestions-" + index;
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var lastQuery = "";

    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (query.length < 2 || query === lastQuery) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        lastQuery = query;
        fetch(input.dataset.communeAutocomplete + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { "Accept": "application/json" }
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (commune) {
              var option = document.createElement("option");
              option.value = commune.label;
              option.textContent = commune.postcode;
              list.appendChild(option);
            });
          })
          .catch(function () { /* the server-side lookup still works */ });
      }, 200);
    });
  }

  document.querySelectorAll("input[data-commune-autocomplete]").forEach(attach);
})();
