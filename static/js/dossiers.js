// Vote grid: fill the empty cells with one choice (the secretary then corrects the few others).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-fill-votes]");
  if (!button) return;
  event.preventDefault();
  var value = button.getAttribute("data-fill-votes");
  button.form.querySelectorAll("#vote-grid select").forEach(function (select) {
    if (!select.value) select.value = value;
  });
});
