// "Preview" buttons of formatted text fields: show the preview under the field instead of
// opening a new tab (without JavaScript the button opens it in a new tab).
(function () {
  if (window.previewReady) { return; }
  window.previewReady = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-preview]");
    if (!button || !window.fetch || !window.FormData) { return; }
    event.preventDefault();
    var data = new FormData(button.form);
    data.set("preview", button.value);
    var box = document.getElementById(button.dataset.preview);
    fetch(button.formAction, { method: "POST", body: data, credentials: "same-origin",
                                headers: { "X-Preview": "fragment" } })
      .then(function (response) { if (!response.ok) { throw response; } return response.text(); })
      .then(function (html) { box.innerHTML = html; box.hidden = false; box.focus(); })
      .catch(function () { button.form.target = "_blank"; });
  });
})();
