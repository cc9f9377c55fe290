"""The tracker's HTTP API."""
