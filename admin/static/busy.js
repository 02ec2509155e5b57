// Long imports: once a form marked data-busy is sent, its button is disabled (no second
// submission) and its note saying the work is under way is shown until the next page.
document.querySelectorAll("form[data-busy]").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    form.querySelectorAll(".busy-note").forEach(function (n) { n.classList.remove("d-none"); });
  });
});
