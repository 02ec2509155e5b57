// What Flask-Admin's pages did with inline handlers, which the Content Security Policy
// forbids: a confirmation before a delete or an undo (data-confirm on a button or a form),
// the "with selected" actions (data-model-action), and menu items that only open something
// (href="#": heard while the click comes down, since some of Flask-Admin's menus stop it on
// its way back up).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm], [data-model-action], a[href='#']");
    if (!target) { return; }
    if (target.hasAttribute("data-confirm") && target.tagName !== "FORM") {
      if (!window.confirm(target.getAttribute("data-confirm"))) { event.preventDefault(); }
      return;
    }
    event.preventDefault();
    if (target.hasAttribute("data-model-action") && window.modelActions) {
      window.modelActions.execute(target.getAttribute("data-model-action"));
    }
  }, true);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
