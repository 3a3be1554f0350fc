"""Domain code of summit-coverage: fetching, cleaning, NLP, storage and publishing.

Nothing in this package imports Dagster, so every stage can be tested and reused directly.
"""
