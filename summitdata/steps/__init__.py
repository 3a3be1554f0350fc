"""The pipeline's steps as plain functions over a data directory, one module per step; each Dagster asset
calls one (`versions` holds the stage code versions they share)."""
