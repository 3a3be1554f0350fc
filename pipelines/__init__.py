"""Dagster layer: definitions, jobs, schedules, sensors, resources and the `summits` CLI."""
