"""Cleaning: raw page bytes -> article text and metadata, or a reject with its reason (`clean`); the
page metadata read from the markup (`page_meta`), the language identifier's model (`language_model`)
and the MinHash signature of each article's text (`minhash`)."""
