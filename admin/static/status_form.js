// The status form asks only what the chosen status needs: the dissolution kind for the two
// dissolution statuses, and marks the decision's number and date required for the statuses a
// decision brings (the server refuses them without; this only says so before sending).
(function ($) {
  var decided = ["revoked", "awaiting_dissolution", "dissolved"];
  var dissolution = ["awaiting_dissolution", "dissolved"];
  function update() {
    var status = $("#status").val();
    $("#dissolution_kind").closest(".form-group").toggle(dissolution.indexOf(status) >= 0);
    $("#decision_no, #decision_on").closest(".form-group")
      .toggleClass("required", decided.indexOf(status) >= 0);
  }
  $(function () {
    $("#status").on("change", update);
    update();
  });
})(window.jQuery);
