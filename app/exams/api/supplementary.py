"""补报 in the API: a county admin's applicant accounts for people without a social-security
record, on the platform's 系统管理 blueprint (``api_admin``: its URLs and its tag)."""

from __future__ import annotations

from app.exams.schemas.supplementary import (
    SupplementaryOut,
    SupplementarySchema,
    SupplementaryUpdateSchema,
)
from app.exams.services import supplementary
from app.extensions import db
from app.platform.api.admin import blp
from app.platform.api.blueprint import current_api_user
from app.platform.context import initial_passwords
from app.platform.schemas.admin import (
    UserOut,
)


@blp.post("/supplementary")
@blp.arguments(SupplementarySchema)
@blp.response(201, UserOut)
def create_supplementary(data: dict):
    """补报: applicant account created by the county; it logs in with the ID number and the
    补报 initial password (SUPPLEMENTARY_INITIAL_PASSWORD, else DEFAULT_PASSWORD), to change
    at first login."""
    return supplementary.create_supplementary(
        db.session(), current_api_user(), data, initial_passwords()
    )


@blp.get("/supplementary")
@blp.response(200, SupplementaryOut(many=True))
def list_supplementary():
    return supplementary.list_supplementary(db.session(), current_api_user())


@blp.patch("/supplementary/<id:user_id>")
@blp.arguments(SupplementaryUpdateSchema)
@blp.response(200, SupplementaryOut)
def update_supplementary(data: dict, user_id: int):
    """Correct a 补报 entry (ID number, name, phone, unit) while its person has not submitted
    an application (409 after); audited with the values before and after."""
    return supplementary.update_supplementary(db.session(), current_api_user(), user_id, data)


@blp.delete("/supplementary/<id:user_id>")
@blp.response(204)
def delete_supplementary(user_id: int):
    """Delete a wrong 补报 entry nothing was written under (409 once its person has filled in
    an application: correct it instead); audited."""
    supplementary.delete_supplementary(db.session(), current_api_user(), user_id)
