"""Shared code for every hrflow service: settings, messages, broker runtime, Mongo access."""
