/* Behaviour of the ordinary forms. Loaded in <head> without defer and listening on the
   document, so a control works from the moment it is on screen: a deferred script would leave
   a window, between the page being parsed and the script being run, in which a tick, a click or
   a submission goes by unseen (on a slow phone, or a busy machine, that window is long). */

/* Application form: show the grade-1 conditions only when grade 1 is declared, and the
   破格 reason only when 破格申报 is ticked. Progressive: without JS everything is shown and
   the server ignores what does not apply. */
function syncApplicationForm(form) {
  var grade = form.querySelector("select[name=declared_grade]");
  form.querySelectorAll("[data-when-grade]").forEach(function (el) {
    el.hidden = !grade || grade.value !== el.dataset.whenGrade;
  });
  form.querySelectorAll("[data-when-checked]").forEach(function (el) {
    var box = form.querySelector("input[type=checkbox][name=" + el.dataset.whenChecked + "]");
    el.hidden = !box || !box.checked;
  });
}
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-application-form]").forEach(syncApplicationForm);
});

/* 性别 and 出生年月 as the ID number states them (GB 11643: birth date in positions 7-14, the
   17th digit odd for men), the rule the server checks: filled in as soon as a whole ID number
   is typed (the county's 破格申报; the applicant's own form comes pre-filled). */
function statedByIdNumber(value) {
  var match = /^[0-9]{6}([0-9]{4})([0-9]{2})[0-9]{2}[0-9]{2}([0-9])[0-9Xx]$/.exec(value.trim());
  if (!match) return null;
  return { gender: Number(match[3]) % 2 ? "male" : "female", birthMonth: match[1] + "-" + match[2] };
}
document.addEventListener("input", function (event) {
  var idNumber = event.target;
  var form = idNumber.form;
  if (idNumber.name !== "id_number" || !form || !form.matches("[data-application-form]")) return;
  var stated = statedByIdNumber(idNumber.value);
  if (!stated) return;
  var radio = form.querySelector("input[name=gender][value=" + stated.gender + "]");
  if (radio) radio.checked = true;
  var month = form.querySelector("input[name=birth_month]");
  if (month) month.value = stated.birthMonth;
});

/* Upload size, checked in the browser before anything is sent: the server cannot read a body
   over its limit (not even the other fields), so a too-large file would cost the user the
   page. File inputs carry data-max-bytes (MAX_UPLOAD_BYTES); the message is the server's. The
   whole request has that same limit, so the files chosen in one form must also fit together. */
function megabytes(bytes) {
  return Math.round(bytes / 104857.6) / 10 + "MB";
}
function checkUploadSizes(changed) {
  var inputs = changed.form.querySelectorAll("input[type=file][data-max-bytes]");
  var max = Number(changed.dataset.maxBytes);
  var total = 0;
  inputs.forEach(function (input) {
    var each = Array.prototype.map.call(input.files, function (file) { return file.size; });
    total += each.reduce(function (a, b) { return a + b; }, 0);
    input.setCustomValidity(Math.max.apply(null, each.concat(0)) > max ? "文件过大：单个文件不能超过" + megabytes(max) : "");
  });
  if (total > max && changed.validity.valid && changed.files.length) {
    changed.setCustomValidity("所选文件合计超过" + megabytes(max) + "，请分次上传");
  }
  changed.reportValidity();
}

document.addEventListener("change", function (event) {
  var target = event.target;
  var form = target.form;
  if (!form) return;
  if (form.matches("[data-application-form]")) syncApplicationForm(form);
  /* 全选 checkbox of a table: ticks every row box of the same form. */
  if (target.matches("input[data-check-all]")) {
    form.querySelectorAll("input[name=" + target.dataset.checkAll + "]").forEach(function (box) {
      box.checked = target.checked;
    });
  }
  if (target.matches("input[type=file][data-max-bytes]")) checkUploadSizes(target);
});

/* A submission is held in the page when it cannot stand: a decision that needs a written
   reason (a button marked data-needs-comment: 不通过, 退回 ...) stops until the form's comment is
   typed — the server refuses it anyway (422 naming comment) — and what changes something for
   good (delete, reset a password, a final refusal) asks once more: the question is the
   button's or the form's data-confirm. A listener rather than onsubmit="", which the CSP
   forbids; the reason is checked first, so nobody confirms a decision that would not be sent. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  var comment = form.querySelector("textarea[name=comment]");
  if (button && button.dataset.needsComment && comment && !comment.value.trim()) {
    event.preventDefault();
    var missing = form.querySelector("[data-comment-missing]");
    if (missing) {
      missing.textContent = button.dataset.needsComment;
      missing.hidden = false;
    }
    comment.focus();
    return;
  }
  var question = (button && button.dataset.confirm) || form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

/* The opinion typed on a review task is kept in this tab (sessionStorage), one draft per
   form: if the session ended meanwhile, sending the decision leads to the login page, which
   comes back to the task, and the draft is put back into the empty box. The server's own
   value (a refused decision shows what was sent) wins over the draft. */
function opinionKey(form) {
  return "opinion:" + form.getAttribute("action");
}
document.addEventListener("input", function (event) {
  var box = event.target;
  if (box.name !== "comment" || !box.form || !box.form.matches(".review-form")) return;
  try {
    window.sessionStorage.setItem(opinionKey(box.form), box.value);
  } catch (error) { /* storage off: nothing kept */ }
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.review-form textarea[name=comment]").forEach(function (box) {
    var saved = null;
    try {
      saved = window.sessionStorage.getItem(opinionKey(box.form));
    } catch (error) { return; }
    if (saved && !box.value.trim()) box.value = saved;
  });
});
