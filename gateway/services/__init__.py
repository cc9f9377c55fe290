"""Plain async services and repositories the routes call."""
