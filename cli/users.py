"""`hrflow users ...`: operators create accounts (the first admin included) non-interactively."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from common.auth import ROLES
from common.db import Mongo
from common.settings import get_settings
from gateway.collections import INDEXES
from gateway.services import users

app = typer.Typer(help="Manage gateway user accounts.", no_args_is_help=True)


async def _create(
    email: str, password: str, role: str, first: str, last: str, exists_ok: bool
) -> int:
    mongo = Mongo(get_settings())
    try:
        await mongo.ensure_indexes(INDEXES)
        try:
            doc = await users.create_user(
                mongo, email=email, password=password, role=role, first_name=first, last_name=last
            )
        except users.EmailTaken as exc:
            typer.echo(str(exc), err=True)
            return 0 if exists_ok else 1
        typer.echo(f"created {doc['role']} {doc['email']} (id {doc['_id']})")
        return 0
    finally:
        mongo.close()


@app.command("create")
def create(
    email: Annotated[str, typer.Option(help="Login email (stored lower-case).")],
    password: Annotated[str, typer.Option(help="Initial password (8+ characters).")],
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")] = "recruiter",
    first_name: Annotated[str, typer.Option("--first-name")] = "",
    last_name: Annotated[str, typer.Option("--last-name")] = "",
    exists_ok: Annotated[
        bool,
        typer.Option(
            "--exists-ok", help="Exit 0 when the email is already registered (for scripts)."
        ),
    ] = False,
) -> None:
    """Create an account, e.g. `hrflow users create --email a@b.c --password ... --role admin`."""
    if role not in ROLES:
        raise typer.BadParameter(f"role must be one of {', '.join(ROLES)}", param_hint="--role")
    if len(password) < 8:
        raise typer.BadParameter("password must have 8+ characters", param_hint="--password")
    if not users.EMAIL_RE.match(users.normalise_email(email)):
        raise typer.BadParameter("not a valid email address", param_hint="--email")
    code = asyncio.run(_create(email, password, role, first_name, last_name, exists_ok))
    raise typer.Exit(code)
