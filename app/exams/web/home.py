"""Where an account of the exam lands (``auth.home``): an applicant on their own page, staff on
the 首页 (each queue with its waiting count, then the usual shortcuts)."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.platform.models.users import User


def home(user: User) -> ResponseReturnValue:
    if user.is_applicant:
        return redirect(url_for("applicant.me_page"))
    return render_template("home/index.html", title="首页")
