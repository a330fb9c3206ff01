/* 职称申报 form: 添加一行 copies the section's <template> row with the next free index (the
   server reads <section>-<index>-<column> and drops blank rows), 删除 removes a row. Without
   JS the rows already saved stay editable; adding rows needs JS. Listens on the document from
   <head>, so the buttons work as soon as they are on screen. */
document.addEventListener("click", function (event) {
  var form = event.target.closest("form[data-declaration-form]");
  if (!form) return;
  var add = event.target.closest("[data-add-row]");
  if (add) {
    var section = add.dataset.addRow;
    var body = form.querySelector("tbody[data-rows=" + section + "]");
    var template = form.querySelector("template[data-row-template=" + section + "]");
    var index = Number(body.dataset.nextIndex);
    body.dataset.nextIndex = String(index + 1);
    var html = template.innerHTML.split("__i__").join(String(index));
    body.insertAdjacentHTML("beforeend", html);
    var first = body.lastElementChild.querySelector("input");
    if (first) first.focus();
    return;
  }
  var remove = event.target.closest("[data-remove-row]");
  if (remove) remove.closest("tr").remove();
});
