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

// Tables: one pattern for every table of the portal (see portal.css). Each table is put in
// a scroll container (focusable when it scrolls, so the keyboard can scroll it); a simple
// list table (one header row, no merged cells) becomes stacked cards on phones, each cell
// labelled with its column header.
function portalTables(root) {
  root.querySelectorAll("table.table").forEach(function (table) {
    if (table.closest(".print-only")) return;
    var box = table.parentElement;
    if (!box.classList.contains("table-scroll") && !box.classList.contains("table-responsive")) {
      box = document.createElement("div");
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    box.classList.add("table-scroll");
    var caption = table.querySelector("caption");
    var card = box.closest(".card, section");
    var heading = card && card.querySelector("h2, h3, h4");
    for (var el = box.previousElementSibling; el && !heading; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) heading = el;
    }
    box.setAttribute(
      "data-region-label",
      (caption && caption.textContent.trim()) || (heading && heading.textContent.trim()) || "Bảng"
    );
    // A header cell left empty (an actions column) still names its column.
    table.querySelectorAll("thead th").forEach(function (th) {
      if (!th.textContent.trim()) {
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = "Thao tác";
        th.appendChild(hidden);
      }
    });
    var heads = table.tHead ? table.tHead.rows : [];
    var simple =
      !table.hasAttribute("data-no-stack") &&
      heads.length === 1 &&
      !table.querySelector("[colspan]:not([colspan='1']), [rowspan]:not([rowspan='1'])");
    if (simple) {
      var labels = Array.prototype.map.call(heads[0].cells, function (cell) {
        return cell.textContent.replace(/\s+/g, " ").trim();
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          Array.prototype.forEach.call(row.cells, function (cell, index) {
            if (labels[index] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", labels[index]);
            // One box for the cell's content, beside its label on phones.
            if (!cell.querySelector(":scope > .cell-value")) {
              var value = document.createElement("div");
              value.className = "cell-value";
              while (cell.firstChild) value.appendChild(cell.firstChild);
              cell.appendChild(value);
            }
          });
        });
      });
      table.classList.add("table-stack");
    }
  });
  portalScrollFocus();
}
function portalScrollFocus() {
  // Only a container that scrolls is a landmark the keyboard can reach and scroll.
  document.querySelectorAll(".table-scroll").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", box.getAttribute("data-region-label") || "Bảng");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}

// File inputs: the browser's own button and "No file chosen" follow the browser's language,
// not the page's; a Vietnamese button and file name replace them (the input stays, hidden
// visually, reachable by keyboard and by its label).
function portalFilePickers(root) {
  root.querySelectorAll("input[type=file]:not([data-picker])").forEach(function (input) {
    input.setAttribute("data-picker", "");
    var box = document.createElement("div");
    box.className = "file-picker";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    input.classList.add("file-picker-input");
    var button = document.createElement("label");
    button.className = "btn btn-outline-secondary btn-sm file-picker-button";
    button.setAttribute("for", input.id);
    button.setAttribute("aria-hidden", "true");
    button.textContent = input.multiple ? "Chọn các tệp" : "Chọn tệp";
    var name = document.createElement("span");
    name.className = "file-picker-name";
    name.setAttribute("aria-live", "polite");
    name.textContent = "Chưa chọn tệp";
    box.appendChild(button);
    box.appendChild(name);
    input.addEventListener("change", function () {
      var files = Array.prototype.map.call(input.files, function (f) { return f.name; });
      name.textContent = files.length ? files.join(", ") : "Chưa chọn tệp";
    });
  });
}

// Validation messages in Vietnamese instead of the browser's ("Please fill out this field.").
function portalValidationMessage(field) {
  var v = field.validity;
  if (v.valueMissing) {
    if (field.type === "checkbox") return "Vui lòng đánh dấu ô này.";
    if (field.type === "radio") return "Vui lòng chọn một trong các lựa chọn.";
    if (field.type === "file") return "Vui lòng chọn tệp.";
    if (field.tagName === "SELECT") return "Vui lòng chọn một mục trong danh sách.";
    return "Vui lòng điền vào trường này.";
  }
  if (v.typeMismatch) return field.type === "email" ? "Vui lòng nhập địa chỉ email hợp lệ." : "Giá trị không đúng định dạng.";
  if (v.badInput) return "Vui lòng nhập một số.";
  if (v.rangeUnderflow) return "Giá trị phải lớn hơn hoặc bằng " + field.min + ".";
  if (v.rangeOverflow) return "Giá trị phải nhỏ hơn hoặc bằng " + field.max + ".";
  if (v.stepMismatch) return "Vui lòng nhập một giá trị hợp lệ.";
  if (v.tooLong) return "Vui lòng nhập không quá " + field.maxLength + " ký tự.";
  if (v.tooShort) return "Vui lòng nhập ít nhất " + field.minLength + " ký tự.";
  if (v.patternMismatch) return "Giá trị không đúng định dạng yêu cầu.";
  return "Giá trị không hợp lệ.";
}
document.addEventListener("invalid", function (event) {
  var field = event.target;
  field.setCustomValidity("");
  if (!field.validity.valid) field.setCustomValidity(portalValidationMessage(field));
}, true);
document.addEventListener("input", function (event) {
  if (event.target.setCustomValidity) event.target.setCustomValidity("");
}, true);
document.addEventListener("change", function (event) {
  if (event.target.setCustomValidity) event.target.setCustomValidity("");
}, true);

function portalEnhance(root) {
  portalTables(root);
  portalFilePickers(root);
}
document.addEventListener("DOMContentLoaded", function () { portalEnhance(document); });
document.addEventListener("htmx:load", function (event) { portalEnhance(event.target); });
window.addEventListener("resize", portalScrollFocus);
