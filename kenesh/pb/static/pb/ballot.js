// The ballot's live tally: money left (knapsack), points left (cumulative) or projects chosen as the voter
// marks, with a warning as soon as a limit is passed (too many projects, points or money).
// The page works without it: "Check my choice" shows the same numbers and warnings from the server.
(function () {
  "use strict";
  var form = document.querySelector("form[data-ballot]");
  if (!form) { return; }
  var kind = form.getAttribute("data-ballot");
  var maxChoices = Number(form.getAttribute("data-max-choices") || 0);
  // "1 234 567 сом" or "1,234,567 som", rendered by the server for 1234567: its separator and unit.
  var sample = form.getAttribute("data-money-sample") || "1 234 567 som";
  var separator = sample.charAt(1);
  var unit = sample.substring(9);
  function money(amount) {
    var digits = String(Math.abs(Math.round(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
    return (amount < 0 ? "-" : "") + digits + unit;
  }
  function show(name, text) {
    var node = form.querySelector('[data-tally="' + name + '"]');
    if (node) { node.textContent = text; }
    return node;
  }
  function warn(name, on) {
    var node = form.querySelector('[data-tally="' + name + '"]');
    if (node) { node.hidden = !on; }
  }
  function chosenCount() {
    var chosen = 0;
    form.querySelectorAll("input[name=choice]:checked, select").forEach(function (field) {
      if (field.tagName !== "SELECT" || field.value) { chosen += 1; }
    });
    return chosen;
  }
  function update() {
    var chosen = chosenCount();
    var tooMany = maxChoices > 0 && chosen > maxChoices;
    if (kind === "knapsack") {
      var budget = Number(form.getAttribute("data-budget"));
      var spent = 0;
      form.querySelectorAll("input[data-cost]:checked").forEach(function (box) { spent += Number(box.getAttribute("data-cost")); });
      show("spent", money(spent));
      var left = show("left", money(budget - spent));
      if (left) { left.classList.toggle("pb-over", spent > budget); }
      warn("over", spent > budget);
    } else if (kind === "cumulative") {
      var total = Number(form.getAttribute("data-points"));
      var given = 0;
      form.querySelectorAll("input.pb-points").forEach(function (input) { given += Math.max(0, parseInt(input.value, 10) || 0); });
      show("points", String(given));
      var pointsLeft = show("points-left", String(total - given));
      if (pointsLeft) { pointsLeft.classList.toggle("pb-over", given > total); }
      warn("points-over", given > total);
      return;
    } else {
      var count = show("chosen", String(chosen));
      if (count) { count.classList.toggle("pb-over", tooMany); }
    }
    warn("too-many", tooMany);
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
})();
