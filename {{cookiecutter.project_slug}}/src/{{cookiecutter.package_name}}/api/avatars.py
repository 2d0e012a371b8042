"""POST /api/users/<id>/avatar: upload a user's picture (multipart field "avatar")."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, request

from {{ cookiecutter.package_name }}.api.auth import current_user, token_required
from {{ cookiecutter.package_name }}.api.errors import ApiError
from {{ cookiecutter.package_name }}.api.schemas import user_document
from {{ cookiecutter.package_name }}.api.users import user_or_404
from {{ cookiecutter.package_name }}.extensions import db

blueprint = Blueprint("avatars", __name__, url_prefix="/users")

# The first bytes of each accepted format, and the extension its files get.
IMAGE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
)


def image_extension(data: bytes) -> str | None:
    """The extension for PNG, JPEG, GIF or WebP data, judged by content; None otherwise."""
    # WebP is a RIFF container: "RIFF", four bytes of length, then "WEBP".
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return next((ext for magic, ext in IMAGE_SIGNATURES if data.startswith(magic)), None)


def upload_folder() -> Path:
    """Where uploads are kept: UPLOAD_FOLDER, else "uploads" in the instance folder."""
    configured = current_app.config["UPLOAD_FOLDER"]
    return Path(configured) if configured else Path(current_app.instance_path, "uploads")


def upload_avatar(user_id: int) -> dict[str, Any]:
    user = user_or_404(user_id)
    if current_user() != user and not current_user().is_admin:
        raise ApiError(403, "Only the user themself or an admin may change an avatar.")
    # Set before request.files is touched: a larger body is then refused with a 413 unparsed.
    request.max_content_length = current_app.config["AVATAR_MAX_BYTES"]
    upload = request.files.get("avatar")
    if upload is None:
        raise ApiError(
            422, "The request has no picture.", {"avatar": ["Attach an image file as 'avatar'."]}
        )
    data = upload.read()
    # The client's file name and content type are claims; the bytes are the evidence.
    extension = image_extension(data)
    if extension is None:
        raise ApiError(415, "The avatar must be a PNG, JPEG, GIF or WebP image.")

    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    # A generated name: nothing the client sent ends up in a path on this server.
    filename = f"{uuid.uuid4().hex}{extension}"
    (folder / filename).write_bytes(data)
    previous, user.avatar = user.avatar, filename
    db.session.commit()
    if previous:
        (folder / previous).unlink(missing_ok=True)
    return user_document(user)


# The routes, registered here rather than by decorators on the views: mutation testing
# (TESTING.md) makes mutants of undecorated functions only, so this way the views count.
blueprint.add_url_rule(
    "/<id:user_id>/avatar", view_func=token_required(upload_avatar), methods=["POST"]
)
