/* Progressive enhancement of the offer search (htmx does the requests; see search.html).
   - after new results arrive from a page link, move the focus to the results heading, so
     keyboard and screen-reader users land on the new page rather than on a vanished link;
   - after new results arrive, give the sort menu the options of the new search (its
     default follows the keyword and the place: "Les plus pertinentes" once a keyword is
     typed), unless it has the focus or already has them;
   - the "busy" text is shown by CSS on .htmx-request (no inline style: CSP). */
(function () {
  "use strict";
  function syncSortMenu() {
    var menu = document.getElementById("id_tri");
    var source = document.getElementById("sort-options");
    if (!menu || !source || menu === document.activeElement) { return; }
    var wanted = Array.prototype.map.call(source.content.querySelectorAll("option"), function (o) {
      return o.value + "\n" + o.textContent;
    }).join("\n\n");
    var current = Array.prototype.map.call(menu.options, function (o) {
      return o.value + "\n" + o.textContent;
    }).join("\n\n");
    if (wanted === current) { return; }
    var value = menu.value;
    menu.replaceChildren(source.content.cloneNode(true));
    menu.value = value;
    if (menu.selectedIndex < 0) { menu.selectedIndex = 0; }
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "search-results") { return; }
    syncSortMenu();
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.closest && source.closest(".pagination")) {
      var heading = document.getElementById("titre-resultats");
      if (heading) {
        heading.focus();
        heading.scrollIntoView({ block: "start" });
      }
    }
  });
})();
