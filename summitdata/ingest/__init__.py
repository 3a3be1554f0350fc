"""Ingest: the first stage of the data flow. Which pages a run reads (`sources`), how they are fetched
politely (`fetch/`), where their bytes are kept (`rawstore`) and the run over all sources that stores
every page and logs every attempt (`ingest`)."""
