// Small behaviours without inline scripts (a strict CSP stays possible).
document.addEventListener("click", function (event) {
  // "Thêm dòng": clone the empty form of a Django formset.
  var button = event.target.closest("[data-formset-add]");
  if (!button) return;
  event.preventDefault();
  var prefix = button.getAttribute("data-formset-add");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var template = document.getElementById(prefix + "-empty");
  var target = document.getElementById(prefix + "-rows");
  var index = parseInt(total.value, 10);
  var html = template.innerHTML.replace(/__prefix__/g, String(index));
  target.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
});
document.addEventListener("submit", function (event) {
  // Ask before irreversible actions (data-confirm on the form).
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
