/* Progressive enhancement of the offer search (htmx does the requests; see search.html).
   - after new results arrive from a page link, move the focus to the results heading, so
     keyboard and screen-reader users land on the new page rather than on a vanished link;
   - the "busy" text is shown by CSS on .htmx-request (no inline style: CSP). */
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "search-results") { return; }
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
