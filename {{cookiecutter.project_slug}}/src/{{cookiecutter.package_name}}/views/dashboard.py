"""The pages of a signed-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from {{ cookiecutter.package_name }}.views.auth import login_required

if TYPE_CHECKING:
    from flask.typing import ResponseReturnValue

blueprint = Blueprint("dashboard", __name__)


def home() -> ResponseReturnValue:
    return redirect(url_for(".index"))


def index() -> ResponseReturnValue:
    return render_template("views/dashboard.html", user=current_user)


# The routes, registered here rather than by decorators on the views: mutation testing
# (TESTING.md) makes mutants of undecorated functions only, so this way the views count.
blueprint.add_url_rule("/", view_func=home, methods=["GET"])
blueprint.add_url_rule("/dashboard", view_func=login_required(index), methods=["GET"])
