/* Step form: show the date that matches the chosen status (completion date for "done",
   start or blockage date otherwise), so that a start date is never sent as a completion
   date. Without this script both fields show, each with its own label. */
(function () {
  "use strict";
  var status = document.querySelector("select.step-status");
  if (!status) { return; }
  var dated = document.querySelectorAll("[data-when-status]");
  function show() {
    dated.forEach(function (input) {
      var wanted = input.getAttribute("data-when-status").split(" ");
      var row = input.closest("div") || input;
      var visible = wanted.indexOf(status.value) !== -1;
      row.hidden = !visible;
      input.disabled = !visible;
    });
  }
  status.addEventListener("change", show);
  show();
})();
