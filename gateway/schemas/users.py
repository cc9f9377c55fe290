"""Accounts: login, registration and the public view of a user."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from gateway.services.users import EMAIL_RE, normalise_email

SelfRole = Literal["admin", "hr_manager", "recruiter"]


def _email(value: str) -> str:
    value = normalise_email(value)
    if not EMAIL_RE.match(value):
        raise ValueError("not a valid email address")
    return value


class UserPublic(BaseModel):
    """A user as the app reads it."""

    id: str
    email: str
    firstName: str = ""  # noqa: N815 - the frontend's field names
    lastName: str = ""  # noqa: N815
    role: str
    company: str | None = None


class LoginRequest(BaseModel):
    """`POST /auth/login` body."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class ChangePasswordRequest(BaseModel):
    """`POST /auth/change-password` body."""

    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=8, max_length=256)


class Token(BaseModel):
    """A bearer token and the user it belongs to."""

    access_token: str
    token_type: str = "bearer"
    user: UserPublic


class UserRegister(BaseModel):
    """`POST /auth/register` body. `role` may be `hr_manager` or `recruiter`, never `admin`."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=8, max_length=256)
    firstName: str = Field(default="", max_length=100)  # noqa: N815
    lastName: str = Field(default="", max_length=100)  # noqa: N815
    company: str | None = Field(default=None, max_length=200)
    role: SelfRole | None = None

    _check_email = field_validator("email")(_email)


class RegisteredData(BaseModel):
    """The new account's id."""

    user_id: str


class RegisterResponse(BaseModel):
    """`{success, message, data: {user_id}}`."""

    success: bool = True
    message: str
    data: RegisteredData
