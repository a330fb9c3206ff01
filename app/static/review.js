/* The review decision form: a decision that needs a written reason (the buttons marked
   data-needs-comment: 不通过, 退回 ...) is stopped here until the reason is typed — the server
   refuses it anyway (422 naming comment) — and a final refusal (data-confirm) asks once more,
   naming the applicant. A listener in a file: the CSP forbids inline scripts. */
document.querySelectorAll("form.review-form").forEach(function (form) {
  "use strict";
  var comment = form.querySelector("textarea[name=comment]");
  var missing = form.querySelector("[data-comment-missing]");
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button) { return; }
    if (button.dataset.needsComment && !comment.value.trim()) {
      event.preventDefault();
      missing.textContent = button.dataset.needsComment;
      missing.hidden = false;
      comment.focus();
      return;
    }
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
});
