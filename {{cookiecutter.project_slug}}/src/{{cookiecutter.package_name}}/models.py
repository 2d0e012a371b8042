"""Database models, typed with SQLAlchemy 2's ``Mapped`` annotations."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import {% if cookiecutter.examples %}CheckConstraint, {% endif %}DateTime, Enum, ForeignKey, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect


# The largest value of an INTEGER column on PostgreSQL (SQLite's reach further): ids, prices
# and stock levels. A larger number from a request would fail in the database, so the edges
# (URL converters, the CLI) refuse it first.
INTEGER_MAX = 2**31 - 1


class Base(DeclarativeBase):
    """Declarative base of every model, handed to Flask-SQLAlchemy in extensions.py."""


def utcnow() -> datetime:
    """The current time in UTC; a callable so each row gets its own timestamp."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment stored in UTC that reads back timezone-aware, from SQLite as from PostgreSQL.

    SQLite keeps no offset: a plain DateTime(timezone=True) comes back naive there and aware
    from PostgreSQL, so the API would write times two ways, and comparing them with
    ``utcnow()`` would fail on one database only. A naive value is refused on the way in:
    which zone it means is anyone's guess.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime has no place in a UTC column: {value!r}")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Role(enum.StrEnum):
    """What a user may do through the API."""

    ADMIN = "admin"
    USER = "user"


class User(Base):
    """Someone who can sign in."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, values_callable=lambda roles: [role.value for role in roles]),
        default=Role.USER,
    )
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
{%- if cookiecutter.examples %}
    # File name of the uploaded picture inside UPLOAD_FOLDER; None until one is uploaded.
    avatar: Mapped[str | None] = mapped_column(String(64), default=None)
{%- endif %}

    posts: Mapped[list[Post]] = relationship(
        back_populates="author", cascade="all, delete-orphan", order_by="Post.id"
    )

    @property
    def is_admin(self) -> bool:
        """Whether the user may create and delete other users."""
        return self.role is Role.ADMIN

    # What Flask-Login asks of a user (its UserMixin, typed); is_active is the column above.
    @property
    def is_authenticated(self) -> bool:
        """Always true: a visitor who is not signed in is Flask-Login's anonymous user."""
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What the session stores to find the user again (views/auth.py: load_user)."""
        return str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class Post(Base):
    """A piece of writing by a user."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    author: Mapped[User] = relationship(back_populates="posts")

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.title!r}>"
{%- if cookiecutter.examples %}


# The longest sku and product name the products table holds: order requests are checked
# against the first, `flask add-product` against both.
SKU_MAX_LENGTH = 32
PRODUCT_NAME_MAX_LENGTH = 200


class Product(Base):
    """Something customers can buy, and how many of it are in stock."""

    __tablename__ = "products"
    __table_args__ = (CheckConstraint("stock >= 0", name="ck_products_stock_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(SKU_MAX_LENGTH), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(PRODUCT_NAME_MAX_LENGTH))
    # Whole cents: exact arithmetic, and the same type on SQLite (which has no true decimal)
    # and PostgreSQL. Format for people only at the edge.
    price_cents: Mapped[int]
    stock: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<Product {self.sku} stock={self.stock}>"


class OrderStatus(enum.StrEnum):
    """Where an order is in its life: placed by the customer, then confirmed by a job."""

    PLACED = "placed"
    CONFIRMED = "confirmed"


class Order(Base):
    """A customer's purchase; transaction_id makes placing it twice impossible."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Chosen by the client, so that retrying a request cannot buy the same things twice.
    transaction_id: Mapped[str] = mapped_column(String(64), unique=True)
    # Orders are business records: deleting a customer who has some must fail, not erase them.
    customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(
        Enum(OrderStatus, values_callable=lambda statuses: [status.value for status in statuses]),
        default=OrderStatus.PLACED,
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    customer: Mapped[User] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )

    @property
    def total_cents(self) -> int:
        """What the customer pays for the whole order."""
        return sum(line.total_cents for line in self.lines)

    def __repr__(self) -> str:
        return f"<Order {self.id} {self.transaction_id!r} {self.status.value}>"


class OrderLine(Base):
    """So many of one product in an order, at the price it had when the order was placed."""

    __tablename__ = "order_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="ck_order_lines_quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    quantity: Mapped[int]
    # Copied from the product: a later price change must not rewrite what was paid.
    unit_price_cents: Mapped[int]

    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()

    @property
    def total_cents(self) -> int:
        """The line's quantity times its unit price."""
        return self.quantity * self.unit_price_cents

    def __repr__(self) -> str:
        return f"<OrderLine {self.quantity} x {self.product_id}>"
{%- endif %}
