"""POST /api/users/<id>/avatar: multipart uploads, judged by their bytes, stored in tmp_path."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.api.avatars import upload_folder

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
FIVE_MB = 5 * 1024 * 1024


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):
    """The upload folder, moved to the test's own tmp_path; the real one is put back after."""
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    return tmp_path


def avatar(data: bytes, filename: str = "me.png") -> dict[str, tuple[io.BytesIO, str]]:
    """A multipart form with one file field, as a browser would send it."""
    return {"avatar": (io.BytesIO(data), filename)}


@pytest.mark.parametrize(
    ("data", "extension"),
    [
        pytest.param(PNG, ".png", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"\x00" * 32, ".jpg", id="jpeg"),
        pytest.param(b"GIF89a" + b"\x00" * 32, ".gif", id="gif"),
        pytest.param(b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32, ".webp", id="webp"),
    ],
)
def test_upload_own_avatar(client, uploads, regular_user, user_headers, data, extension):
    response = client.post(
        f"/api/users/{regular_user.id}/avatar", data=avatar(data), headers=user_headers
    )

    assert response.status_code == 200
    filename = response.get_json()["avatar"]
    assert filename.endswith(extension)
    assert filename != "me.png"  # the server names the file, never the client
    assert (uploads / filename).read_bytes() == data


def test_new_avatar_replaces_the_old_file(client, uploads, regular_user, user_headers):
    url = f"/api/users/{regular_user.id}/avatar"
    first = client.post(url, data=avatar(PNG), headers=user_headers).get_json()["avatar"]

    second = client.post(url, data=avatar(PNG), headers=user_headers).get_json()["avatar"]

    assert [path.name for path in uploads.iterdir()] == [second]
    assert second != first


def test_an_old_file_that_is_gone_does_not_stop_a_new_one(
    client, uploads, regular_user, user_headers
):
    """Someone cleaned the folder by hand: the new avatar is saved all the same."""
    url = f"/api/users/{regular_user.id}/avatar"
    first = client.post(url, data=avatar(PNG), headers=user_headers).get_json()["avatar"]
    (uploads / first).unlink()

    response = client.post(url, data=avatar(PNG), headers=user_headers)

    assert response.status_code == 200
    assert [path.name for path in uploads.iterdir()] == [response.get_json()["avatar"]]


def test_the_upload_folder_is_made_with_its_parents(
    client, uploads, regular_user, user_headers, monkeypatch, app
):
    folder = uploads / "not" / "there" / "yet"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))

    response = client.post(
        f"/api/users/{regular_user.id}/avatar", data=avatar(PNG), headers=user_headers
    )

    assert response.status_code == 200
    assert [path.name for path in folder.iterdir()] == [response.get_json()["avatar"]]


def test_admin_may_upload_for_another_user(client, uploads, make_user, admin_headers):
    user = make_user()

    response = client.post(f"/api/users/{user.id}/avatar", data=avatar(PNG), headers=admin_headers)

    assert response.status_code == 200


def test_user_may_not_upload_for_another_user(client, uploads, make_user, user_headers):
    other = make_user()

    response = client.post(f"/api/users/{other.id}/avatar", data=avatar(PNG), headers=user_headers)

    assert response.status_code == 403
    assert response.get_json()["error"]["detail"] == (
        "Only the user themself or an admin may change an avatar."
    )
    assert list(uploads.iterdir()) == []


def test_upload_over_five_megabytes_is_a_413(client, uploads, regular_user, user_headers):
    too_big = PNG + b"\x00" * (FIVE_MB - len(PNG) + 1)

    response = client.post(
        f"/api/users/{regular_user.id}/avatar", data=avatar(too_big), headers=user_headers
    )
    # werkzeug's client spools a body this big to a temporary file that it leaves open.
    response.request.input_stream.close()

    assert response.status_code == 413
    assert response.get_json()["error"]["title"] == "Request Entity Too Large"
    assert list(uploads.iterdir()) == []


def test_file_that_is_not_an_image_is_a_415(client, uploads, regular_user, user_headers):
    # Named and typed like a PNG, but the bytes say otherwise.
    fake_png = {"avatar": (io.BytesIO(b"#!/bin/sh\necho hi\n"), "me.png", "image/png")}

    response = client.post(
        f"/api/users/{regular_user.id}/avatar", data=fake_png, headers=user_headers
    )

    assert response.status_code == 415
    assert response.get_json()["error"]["detail"] == (
        "The avatar must be a PNG, JPEG, GIF or WebP image."
    )
    assert list(uploads.iterdir()) == []


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32, id="riff-but-wave"),
        pytest.param(b"RIFX\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32, id="webp-but-not-riff"),
    ],
)
def test_webp_needs_both_of_its_signatures(client, uploads, regular_user, user_headers, data):
    """A RIFF container holds sound and video too: "WEBP" at byte 8 is what makes it a picture."""
    response = client.post(
        f"/api/users/{regular_user.id}/avatar", data=avatar(data), headers=user_headers
    )

    assert response.status_code == 415


def test_upload_without_a_file_is_a_422(client, uploads, regular_user, user_headers):
    response = client.post(
        f"/api/users/{regular_user.id}/avatar", data={"name": "me"}, headers=user_headers
    )

    assert response.status_code == 422
    assert response.get_json()["error"]["detail"] == "The request has no picture."
    assert response.get_json()["error"]["fields"] == {
        "avatar": ["Attach an image file as 'avatar'."]
    }


def test_avatar_of_a_missing_user_is_a_404(client, uploads, admin_headers):
    response = client.post("/api/users/999999/avatar", data=avatar(PNG), headers=admin_headers)

    assert response.status_code == 404


def test_upload_folder_defaults_to_the_instance_folder(app, app_context, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", None)

    assert upload_folder() == Path(app.instance_path, "uploads")
