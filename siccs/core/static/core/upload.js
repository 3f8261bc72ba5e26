/* File fields with a size limit (siccs.core.uploads.BoundedFileInput):
   - a file over the limit is refused as soon as it is chosen, before anything is sent;
   - a form sending a file shows the upload's progress, then the page the server answers.
   The limit and the messages come from the field's data attributes, in the page's
   language. Without this script the form posts as usual and the server refuses. */
(function () {
  "use strict";

  function note(input, className) {
    var id = input.id + "-" + className;
    var element = document.getElementById(id);
    if (!element) {
      element = document.createElement("p");
      element.id = id;
      element.className = className;
      element.setAttribute("role", className === "upload-error" ? "alert" : "status");
      input.insertAdjacentElement("afterend", element);
    }
    return element;
  }

  function check(input) {
    var file = input.files && input.files[0];
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    var tooLarge = Boolean(file) && file.size > limit;
    var message = tooLarge ? input.getAttribute("data-too-large") : "";
    input.setCustomValidity(message);
    if (tooLarge || document.getElementById(input.id + "-upload-error")) {
      var error = note(input, "upload-error");
      error.textContent = message;
      error.hidden = !tooLarge;
    }
    return !tooLarge;
  }

  function show(html, url) {
    // The answer is a whole page (the next page after a redirect, or the form with its
    // errors): it replaces this one, as a normal submission would.
    document.open();
    document.write(html);
    document.close();
    if (url && url !== window.location.href) {
      window.history.replaceState(null, "", url);
    }
  }

  function send(form, inputs, submitter) {
    var input = inputs[0];
    var status = note(input, "upload-progress");
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var label = document.createElement("span");
    status.replaceChildren(bar, label);
    status.hidden = false;
    var buttons = form.querySelectorAll("button, input[type=submit]");
    buttons.forEach(function (button) { button.disabled = true; });
    function progress(percent) {
      bar.value = percent;
      label.textContent = " " + input.getAttribute("data-sending").replace("{percent}", percent);
    }
    progress(0);
    var data = new FormData(form, submitter || undefined);
    var request = new XMLHttpRequest();
    request.open((form.getAttribute("method") || "post").toUpperCase(), form.action);
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        progress(Math.floor((event.loaded / event.total) * 100));
      }
    });
    request.addEventListener("load", function () {
      progress(100);
      show(request.responseText, request.responseURL);
    });
    request.addEventListener("error", function () {
      status.textContent = input.getAttribute("data-failed");
      buttons.forEach(function (button) { button.disabled = false; });
    });
    request.send(data);
  }

  function setUp() {
    document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      input.addEventListener("change", function () { check(input); });
    });
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var chosen = Array.prototype.filter.call(
          form.querySelectorAll("input[type=file][data-max-bytes]"),
          function (input) { return input.files && input.files.length; }
        );
        if (!chosen.length || !window.FormData) { return; }
        if (!chosen.every(check)) { event.preventDefault(); return; }
        event.preventDefault();
        send(form, chosen, event.submitter);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
