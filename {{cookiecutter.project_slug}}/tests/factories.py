"""Factory Boy factories, one per model, saving through the test's database session.

``UserFactory()`` creates and commits a user; ``UserFactory.build()`` makes one without
saving it. The commit only releases a savepoint: the ``db`` fixture rolls it back.
"""

from __future__ import annotations

import re
from typing import Any

import factory
from factory.alchemy import SQLAlchemyModelFactory

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import (
{%- if cookiecutter.examples %}
    Order,
    OrderLine,
{%- endif %}
    Post,
{%- if cookiecutter.examples %}
    Product,
{%- endif %}
    Role,
    User,
)
from {{ cookiecutter.package_name }}.security import hash_password

DEFAULT_PASSWORD = "correct horse battery staple"


def email_for(name: str, number: int) -> str:
    """A unique address that reads like the name: "Dr. Jo Smith", 3 -> dr.jo.smith.3@example.com"""
    local_part = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".")
    return f"{local_part}.{number}@example.com"


class BaseFactory(SQLAlchemyModelFactory):
    """Saves with the session of the current test, looked up each time an object is made."""

    class Meta:
        abstract = True
        # A callable, not db.session itself: the session belongs to the test's app context.
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        # "commit" behaves like the application; the db fixture rolls it all back.
        sqlalchemy_session_persistence = "commit"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    class Params:
        password = DEFAULT_PASSWORD

    name = factory.Faker("name")
    # Derived from the name so that test output reads naturally; the sequence keeps it unique.
    email = factory.LazyAttributeSequence(lambda user, n: email_for(user.name, n))
    role = Role.USER
    is_active = True

    @factory.lazy_attribute
    def password_hash(self: Any) -> str:
        return hash_password(self.password)


class AdminFactory(UserFactory):
    role = Role.ADMIN


class PostFactory(BaseFactory):
    class Meta:
        model = Post

    title = factory.Faker("sentence", nb_words=6)
    body = factory.Faker("paragraph", nb_sentences=5)
    author = factory.SubFactory(UserFactory)
{%- if cookiecutter.examples %}


class ProductFactory(BaseFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Faker("catch_phrase")
    price_cents = factory.Faker("random_int", min=100, max=10_000)
    stock = 10


class OrderFactory(BaseFactory):
    """An order as if placed: ``OrderFactory(lines__quantity=2)`` shapes its one line."""

    class Meta:
        model = Order

    transaction_id = factory.Sequence(lambda n: f"txn-{n:06d}")
    customer = factory.SubFactory(UserFactory)
    # The line is made after the order, and points back at it.
    lines = factory.RelatedFactoryList(
        "tests.factories.OrderLineFactory", factory_related_name="order", size=1
    )


class OrderLineFactory(BaseFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory, lines=[])
    product = factory.SubFactory(ProductFactory)
    quantity = 1
    # The price the product had when the order was placed.
    unit_price_cents = factory.SelfAttribute("product.price_cents")
{%- endif %}
