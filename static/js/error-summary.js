/* A page sent back with form errors: the focus goes to the error summary, so that keyboard
   and screen-reader users hear what to fix first, and the title starts with "Erreur : "
   (the server writes it where it knows the form; this covers the others). Without
   JavaScript, the summary's autofocus attribute does the first half. */
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector(".error-summary[autofocus]");
    if (!summary) { return; }
    if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
    if (document.title.indexOf("Erreur : ") !== 0) { document.title = "Erreur : " + document.title; }
    if (!summary.contains(document.activeElement)) { summary.focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
