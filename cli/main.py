"""`hrflow`: operator commands (users, dead letters, executions, evaluation, runs).

Each sub-command group lives in its own module beside this one.
"""

from __future__ import annotations

import typer

from cli import run
from cli.dlq import app as dlq_app
from cli.eval import app as eval_app
from cli.executions import app as executions_app
from cli.users import app as users_app

app = typer.Typer(help="hrflow operator commands.", no_args_is_help=True)
app.add_typer(dlq_app, name="dlq")
app.add_typer(executions_app, name="executions")
app.add_typer(eval_app, name="eval")
app.command("run")(run.command)
app.add_typer(users_app, name="users")
