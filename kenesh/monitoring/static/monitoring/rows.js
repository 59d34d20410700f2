/* "Add another" rows in place. Without JavaScript the button submits the form and the server re-renders it,
   with everything typed, one row longer; with it, the button copies the blank row of a <template> (where
   __n__ stands for the row's index and __number__ for its number), counts it in the hidden input the
   server reads, and moves the focus into it. No inline script (CSP). draft.js calls KeneshRows.ensure to
   make room for a draft's rows before restoring it. */
(function () {
  "use strict";
  function parts(container) {
    var form = container.closest("form");
    var template = document.getElementById(container.getAttribute("data-rows-template"));
    var count = form && form.elements.namedItem(container.getAttribute("data-rows-count"));
    var button = form && form.querySelector("[data-rows-add='" + container.id + "']");
    var most = parseInt(container.getAttribute("data-rows-max"), 10) || 1;
    return { template: template, count: count, button: button, most: most };
  }
  function add(container) {
    var found = parts(container);
    if (!found.template || !found.count) {
      return null;
    }
    var index = parseInt(found.count.value, 10) || 0;
    if (index >= found.most) {
      return null;
    }
    var html = found.template.innerHTML
      .split("__n__").join(String(index))
      .split("__number__").join(String(index + 1));
    container.insertAdjacentHTML("beforeend", html);
    found.count.value = String(index + 1);
    if (index + 1 >= found.most && found.button) {
      found.button.hidden = true;
    }
    return container.lastElementChild;
  }
  function ensure(container, rows) {
    var found = parts(container);
    while (found.count && (parseInt(found.count.value, 10) || 0) < rows) {
      if (!add(container)) {
        break;
      }
    }
  }
  window.KeneshRows = { ensure: ensure };
  document.querySelectorAll("[data-rows-add]").forEach(function (button) {
    var container = document.getElementById(button.getAttribute("data-rows-add"));
    if (!container) {
      return;
    }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var row = add(container);
      var first = row && row.querySelector("textarea, input, select");
      if (first) {
        first.focus();
      }
    });
  });
})();
