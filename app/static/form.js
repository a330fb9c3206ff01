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

/* 性别 and 出生年月 as the ID number states them (GB 11643: birth date in positions 7-14, the
   17th digit odd for men), the rule the server checks: filled in as soon as a whole ID number
   is typed (the county's 破格申报; the applicant's own form comes pre-filled). */
function statedByIdNumber(value) {
  var match = /^[0-9]{6}([0-9]{4})([0-9]{2})[0-9]{2}[0-9]{2}([0-9])[0-9Xx]$/.exec(value.trim());
  if (!match) return null;
  return { gender: Number(match[3]) % 2 ? "male" : "female", birthMonth: match[1] + "-" + match[2] };
}
document.querySelectorAll("form[data-application-form]").forEach(function (form) {
  var idNumber = form.querySelector("input[name=id_number]");
  if (!idNumber) return;
  idNumber.addEventListener("input", function () {
    var stated = statedByIdNumber(idNumber.value);
    if (!stated) return;
    var radio = form.querySelector("input[name=gender][value=" + stated.gender + "]");
    if (radio) radio.checked = true;
    var month = form.querySelector("input[name=birth_month]");
    if (month) month.value = stated.birthMonth;
  });
});

/* 全选 checkbox of a table: ticks every row box of the same form. */
document.querySelectorAll("input[data-check-all]").forEach(function (all) {
  all.addEventListener("change", function () {
    all.form.querySelectorAll("input[name=" + all.dataset.checkAll + "]").forEach(function (box) {
      box.checked = all.checked;
    });
  });
});

/* Upload size, checked in the browser before anything is sent: the server cannot read a body
   over its limit (not even the other fields), so a too-large file would cost the user the
   page. File inputs carry data-max-bytes (MAX_UPLOAD_BYTES); the message is the server's. The
   whole request has that same limit, so the files chosen in one form must also fit together. */
function megabytes(bytes) {
  return Math.round(bytes / 104857.6) / 10 + "MB";
}
document.querySelectorAll("form").forEach(function (form) {
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=file][data-max-bytes]"));
  if (!inputs.length) return;
  var max = Number(inputs[0].dataset.maxBytes);
  function sizes(input) {
    return Array.prototype.map.call(input.files, function (file) { return file.size; });
  }
  form.addEventListener("change", function (event) {
    if (inputs.indexOf(event.target) < 0) return;
    var total = 0;
    inputs.forEach(function (input) {
      var each = sizes(input);
      total += each.reduce(function (a, b) { return a + b; }, 0);
      input.setCustomValidity(Math.max.apply(null, each.concat(0)) > max ? "文件过大：单个文件不能超过" + megabytes(max) : "");
    });
    if (total > max && event.target.validity.valid && event.target.files.length) {
      event.target.setCustomValidity("所选文件合计超过" + megabytes(max) + "，请分次上传");
    }
    event.target.reportValidity();
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
