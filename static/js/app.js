// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("click", function (event) {
  var printer = event.target.closest("[data-print]");
  if (printer) { window.print(); }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
});
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});
