/* Application form: show the grade-1 conditions only when grade 1 is declared, and the
   破格 reason only when 破格申报 is ticked. Progressive: without JS everything is shown and
   the server ignores what does not apply. */
document.querySelectorAll("form[data-application-form]").forEach(function (form) {
  var grade = form.querySelector("select[name=declared_grade]");
  function sync() {
    form.querySelectorAll("[data-when-grade]").forEach(function (el) {
      el.hidden = grade.value !== el.dataset.whenGrade;
    });
    form.querySelectorAll("[data-when-checked]").forEach(function (el) {
      var box = form.querySelector("input[type=checkbox][name=" + el.dataset.whenChecked + "]");
      el.hidden = !box.checked;
    });
  }
  form.addEventListener("change", sync);
  sync();
});

/* 全选 checkbox of a table: ticks every row box of the same form. */
document.querySelectorAll("input[data-check-all]").forEach(function (all) {
  all.addEventListener("change", function () {
    all.form.querySelectorAll("input[name=" + all.dataset.checkAll + "]").forEach(function (box) {
      box.checked = all.checked;
    });
  });
});

/* Forms that change something for good (delete, reset a password) ask first: the question is
   the form's data-confirm. A listener rather than onsubmit="", which the CSP forbids. */
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
});
