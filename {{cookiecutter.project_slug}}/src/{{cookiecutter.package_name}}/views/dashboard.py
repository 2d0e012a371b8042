"""The pages of a signed-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from {{ cookiecutter.package_name }}.views.auth import login_required

if TYPE_CHECKING:
    from flask.typing import ResponseReturnValue

blueprint = Blueprint("dashboard", __name__)


@blueprint.get("/")
def home() -> ResponseReturnValue:
    return redirect(url_for(".index"))


@blueprint.get("/dashboard")
@login_required
def index() -> ResponseReturnValue:
    return render_template("views/dashboard.html", user=current_user)
