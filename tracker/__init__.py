"""The tracker: applies workflow events to `workflow_executions` and serves them over HTTP."""
