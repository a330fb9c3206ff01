"""Login, logout, password change, and the landing page: each account lands where the product
it works in says (the exam's 首页 or an applicant's own page, the title platform's 首页待办 or
a declarant's own page, policy staff's 流程库). Self-registration is the exam's
(``app.exams.web.registration``), on this blueprint."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from app.extensions import db
from app.platform.context import registry
from app.platform.schemas.accounts import LoginSchema, PasswordChangeSchema
from app.platform.services import auth as auth_service
from app.platform.services.errors import LoginThrottled
from app.platform.services.scope import require_personal_data
from app.platform.web.common import load_form, me, safe_next
from app.platform.web.errors import on_error

bp = Blueprint("auth", __name__)

# Reachable while a password change is pending: the change page itself, leaving, assets.
OPEN_WHILE_MUST_CHANGE = {"auth.password", "auth.logout", "auth.favicon", "static"}


@bp.before_app_request
def force_password_change() -> ResponseReturnValue | None:
    """Accounts on a default password (new org admins, resets) must pick their own first."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in OPEN_WHILE_MUST_CHANGE
        and not request.path.startswith("/api/")
    ):
        return redirect(url_for("auth.password"))
    return None


@bp.before_app_request
def personal_data_boundary() -> None:
    """Policy staff (流程管理 only) get the 403 page on every page that is not login or
    process governance, 下载材料 included; the API answers for itself."""
    if (
        current_user.is_authenticated
        and request.endpoint not in (None, "static")
        and request.blueprint not in registry().pages_without_personal_data
        and not request.path.startswith("/api/")
    ):
        require_personal_data(me())


@bp.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """For clients that ask the conventional place (pages link the SVG icon themselves)."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.get("/")
@login_required
def home() -> ResponseReturnValue:
    """The landing page of the product the account works in (the first one with a name)."""
    return registry().landing(me())


@bp.route("/login", methods=["GET", "POST"])
@on_error(
    render=lambda error: _login_page(error.fields or {"password": error.message}, 422),
    flashed=False,
)
@on_error(
    render=lambda error: _login_page({"password": error.message}, 429, error.retry_after),
    catch=(LoginThrottled,),
    flashed=False,
)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    if request.method == "GET":
        return _login_page({}, 200)
    data = load_form(LoginSchema(), request.form)
    user = auth_service.authenticate(
        db.session(),
        data["username"],
        data["password"],
        current_app.extensions["login_throttle"],
        request.remote_addr or "",
    )
    login_user(user)
    session.permanent = True  # ends after PERMANENT_SESSION_LIFETIME without a request
    return redirect(safe_next(request.args.get("next"), url_for("auth.home")))


def _login_page(errors: dict[str, str], status: int, retry_after: int | None = None) -> Response:
    page = make_response(render_template("auth/login.html", errors=errors, form=request.form))
    page.status_code = status
    if retry_after is not None:
        page.headers["Retry-After"] = str(retry_after)
    return page


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Ends this session and every other session and API token of the user."""
    if current_user.is_authenticated:
        auth_service.end_sessions(db.session(), me())
    logout_user()
    flash("已退出登录", "success")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
@on_error(
    render=lambda error: _password_page(error.fields or {"new_password": error.message}),
    flashed=False,
)
def password() -> ResponseReturnValue:
    if request.method == "POST":
        data = load_form(PasswordChangeSchema(), request.form)
        auth_service.change_password(db.session(), me(), data["old_password"], data["new_password"])
        login_user(me())  # this browser stays in, on the new version; all others end
        flash("密码已修改，其他设备上的登录已退出", "success")
        return redirect(url_for("auth.home"))
    return _password_page({})


def _password_page(errors: dict[str, str]) -> tuple[str, int]:
    return render_template("auth/password.html", errors=errors), 422 if errors else 200
