"""The `hrflow` operator command line."""
