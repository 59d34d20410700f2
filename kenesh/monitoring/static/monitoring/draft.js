/* The monitor's visit form keeps a draft on the phone (localStorage) while it is typed, and restores it when
   the page is opened again after a failed submission or a lost connection. Progressive enhancement: without
   JavaScript the server re-renders a rejected form with everything typed. No inline script (CSP). */
(function () {
  "use strict";
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("monitoring-probe", "1");
    storage.removeItem("monitoring-probe");
  } catch (error) {
    return;
  }
  document.querySelectorAll("[data-monitoring-draft-clear]").forEach(function (node) {
    storage.removeItem(node.getAttribute("data-monitoring-draft-clear"));
  });
  var form = document.getElementById("visit-form");
  if (!form) {
    return;
  }
  var key = form.getAttribute("data-draft-key");
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit";
    });
  }
  function save() {
    var draft = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        draft[el.name + "=" + el.value] = el.checked;
      } else {
        draft[el.name] = el.value;
      }
    });
    try {
      storage.setItem(key, JSON.stringify(draft));
    } catch (error) {
      /* storage full: the server still keeps what was typed on a rejected submission */
    }
  }
  function restore() {
    var draft;
    try {
      draft = JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      draft = null;
    }
    if (!draft) {
      return;
    }
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var stored = draft[el.name + "=" + el.value];
        if (typeof stored === "boolean") {
          el.checked = stored;
        }
      } else if (typeof draft[el.name] === "string" && !el.value) {
        el.value = draft[el.name];
      }
    });
  }
  // A page the server re-rendered with the submitted values is newer than the draft: keep it, save it.
  if (form.getAttribute("data-bound") !== "1") {
    restore();
  }
  save();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
