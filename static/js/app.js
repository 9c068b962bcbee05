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
// The header's menu: a <details> button on a phone, always open on a wide screen.
document.documentElement.classList.add("js");
(function () {
  var menu = document.querySelector("[data-menu]");
  if (!menu || !window.matchMedia) { return; }
  var wide = window.matchMedia("(min-width: 48em)");
  function sync() { menu.open = wide.matches; }
  sync();
  if (wide.addEventListener) { wide.addEventListener("change", sync); }
})();
// Tables wider than the screen become stacked "label : value" rows.
(function () {
  function label(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) { return; }
    var names = [];
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i++) { names.push(cell.textContent.trim()); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && names[column]) { cell.setAttribute("data-label", names[column]); }
          column += cell.colSpan || 1;
        });
      });
    });
  }
  function stack() {
    document.querySelectorAll("main table").forEach(function (table) {
      table.classList.remove("stacked");
      if (table.scrollWidth > table.clientWidth + 1 ||
          table.getBoundingClientRect().right > document.documentElement.clientWidth + 1) {
        label(table);
        table.classList.add("stacked");
      }
    });
  }
  stack();
  var timer;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(stack, 100); });
})();
