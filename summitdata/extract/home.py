"""The outlet's home country, read from its address: the country of a country-code top-level domain.

`vovworld.vn` is Vietnamese, `aa.com.tr` Turkish, `bbc.co.uk` British; `.com`, `.org` and the country codes
sold as generic names (`data/lexicons/home_domains.yaml`) say nothing. Country codes are ISO 3166-1 alpha-2
(through pycountry), but for `uk`.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from summitdata.extract.lexicon import lexicon


@cache
def _generic() -> frozenset[str]:
    return frozenset(lexicon("home_domains")["generic_country_codes"])


def home_country(url: str | None) -> str | None:
    """ISO alpha-3 of the country whose top-level domain `url`'s host has; None for generic domains."""
    import pycountry

    host = (urlsplit(url if "//" in (url or "") else f"//{url}").hostname or "") if url else ""
    tld = host.rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or tld in _generic():
        return None
    country = pycountry.countries.get(alpha_2="GB" if tld == "uk" else tld.upper())
    return country.alpha_3 if country else None
