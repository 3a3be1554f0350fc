"""Dagster asset definitions: thin wrappers that call `summitdata` and record metadata."""
