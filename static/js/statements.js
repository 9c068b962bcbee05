// Statements: quote the passage selected in the text into a new comment (optional help;
// without JavaScript the passage can be pasted by hand).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-quote-selection]");
  var body = document.getElementById("statement-body");
  var quote = document.getElementById("quote");
  if (!button || !body || !quote || !window.getSelection) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var selection = window.getSelection();
    var text = selection ? selection.toString().trim() : "";
    if (text && selection.anchorNode && body.contains(selection.anchorNode)) {
      quote.value = text;
      var comment = document.getElementById("body");
      if (comment) { comment.focus(); }
    } else {
      quote.focus();
    }
  });
});
