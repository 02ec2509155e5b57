// The organisation's file opens on the tab its address names (#tab-members, after adding a
// member, say), and a tab chosen is kept in the address, so reloading stays on it.
(function () {
  "use strict";
  function show(hash) {
    var link = hash && document.querySelector('.nav-tabs a[href="' + hash + '"]');
    if (link && window.jQuery) { window.jQuery(link).tab("show"); }
  }
  show(window.location.hash);
  document.querySelectorAll('.nav-tabs a[data-toggle="tab"]').forEach(function (link) {
    link.addEventListener("click", function () {
      history.replaceState(null, "", link.getAttribute("href"));
    });
  });
})();
