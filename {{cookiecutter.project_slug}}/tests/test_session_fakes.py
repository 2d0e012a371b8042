"""The fakes in place for the whole run keep their promise in every test.

The fake email service (put in by the ``app`` fixture) and the ``responses`` mock (started by
pytest_configure) are installed once, and by no autouse fixture, so that a test which asks
for nothing pays nothing for them. These tests check what that must not cost: a test that
asks for no fake still cannot send real mail nor an unregistered request, and a test that asks
for ``fake_email`` or ``mocked_responses`` starts from a clean state, whatever ran before it.
"""

from __future__ import annotations

import pytest
import requests

from {{ cookiecutter.package_name }}.services.email import EmailDeliveryError, email_service

from tests.fakes import FakeEmailService


def test_a_test_that_asks_for_nothing_sets_up_none_of_the_projects_fixtures(request):
    ours = {"app", "app_context", "session_fake_email", "session_responses"}

    assert ours & set(request.fixturenames) == set()


def test_a_test_that_asks_for_no_fake_sends_no_real_mail(app_context):
    assert isinstance(email_service(), FakeEmailService)


def test_a_test_that_asks_for_nothing_sends_no_unregistered_request():
    with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
        requests.get("https://weather.example.com/v1/current", timeout=1)


def test_fake_email_starts_each_test_empty(session_fake_email, request):
    """What an earlier test left behind, as if it had not asked for fake_email."""
    session_fake_email.send("ada@example.com", "Left over", "by an earlier test")
    session_fake_email.fail_with = EmailDeliveryError("left over by an earlier test")

    fake_email = request.getfixturevalue("fake_email")

    assert fake_email is session_fake_email
    assert (fake_email.sent, fake_email.fail_with) == ([], None)


def test_mocked_responses_starts_each_test_empty(session_responses, request):
    session_responses.get("https://weather.example.com/v1/current", json={})
    session_responses.add_passthru("http://127.0.0.1:1")

    mocked_responses = request.getfixturevalue("mocked_responses")

    assert mocked_responses.registered() == []
    with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
        requests.get("https://weather.example.com/v1/current", timeout=1)
