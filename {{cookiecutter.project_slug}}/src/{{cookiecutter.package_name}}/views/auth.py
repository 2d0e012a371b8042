"""Signing in, signing out and registering, with the user kept in the session by Flask-Login."""

from __future__ import annotations

from typing import TYPE_CHECKING

import flask_login
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from {{ cookiecutter.package_name }}.extensions import db, login_manager
from {{ cookiecutter.package_name }}.models import User
from {{ cookiecutter.package_name }}.security import authenticate, hash_password
from {{ cookiecutter.package_name }}.views.forms import LoginForm, RegistrationForm
from {{ cookiecutter.package_name }}.views.redirects import local_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from flask.typing import ResponseReturnValue

# One message for every failure, so the page does not reveal which emails have accounts.
INVALID_CREDENTIALS = "Invalid email or password."

blueprint = Blueprint("auth", __name__)


def load_user(user_id: str) -> User | None:
    """The user a session belongs to; a deactivated or deleted user is signed out."""
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active else None


# A call rather than a decorator: Flask-Login ships no type information.
login_manager.user_loader(load_user)


# Runs at import: mutmut is told to make no mutants of it (api/auth.py says why).
def login_required(
    view: Callable[..., ResponseReturnValue],
) -> Callable[..., ResponseReturnValue]:  # pragma: no mutate block
    """Flask-Login's decorator, typed: visitors go to the login page, with ?next= to return."""
    guarded: Callable[..., ResponseReturnValue] = flask_login.login_required(view)
    return guarded


def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("views.dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(INVALID_CREDENTIALS)
        else:
            login_user(user)
            flash(f"Welcome back, {user.name}.", "success")
            next_path = local_path(request.args.get("next"))
            return redirect(next_path or url_for("views.dashboard.index"))
    return render_template("views/login.html", form=form)


def logout() -> ResponseReturnValue:
    # POST only, behind the CSRF check: a link or an image on another site cannot sign you out.
    logout_user()
    flash("You have signed out.", "info")
    return redirect(url_for(".login"))


def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("views.dashboard.index"))
    form = RegistrationForm()
    if form.validate_on_submit():
        user = User(
            name=form.name.data.strip(),
            email=form.email.data.strip().lower(),
            password_hash=hash_password(form.password.data),
        )
        db.session.add(user)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.email.errors.append("This email is taken.")
        else:
            login_user(user)
            flash(f"Welcome, {user.name}: your account is ready.", "success")
            return redirect(url_for("views.dashboard.index"))
    return render_template("views/register.html", form=form)


# The routes, registered here rather than by decorators on the views: mutation testing
# (TESTING.md) makes mutants of undecorated functions only, so this way the views count.
blueprint.add_url_rule("/login", view_func=login, methods=["GET", "POST"])
blueprint.add_url_rule("/logout", view_func=logout, methods=["POST"])
blueprint.add_url_rule("/register", view_func=register, methods=["GET", "POST"])
