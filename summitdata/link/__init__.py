"""Linking across articles: one article per canonical URL (`identity`), near-duplicate groups
(`dedup`), the dictionary that resolves names to political actors and countries (`actors`), and
the events of many articles clustered into summits (`summits`)."""
