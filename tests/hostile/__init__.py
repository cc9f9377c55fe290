"""Hostile input and abuse: bad requests, a schema fuzz run, parser properties."""
