"""Company identifiers of the SUDOE countries, checked with python-stdnum.

France: SIREN (9 digits) or SIRET (14); Spain: CIF or NIF; Portugal: NIPC/NIF (9 digits).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.es import cif as es_cif
from stdnum.es import nif as es_nif
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret
from stdnum.pt import nif as pt_nif

SCHEMES = {
    "siren": fr_siren,
    "siret": fr_siret,
    "cif": es_cif,
    "nif": es_nif,
    "nipc": pt_nif,
}
#: The schemes accepted for a company of each country, tried in this order.
SCHEMES_BY_COUNTRY = {"FR": ("siren", "siret"), "ES": ("cif", "nif"), "PT": ("nipc",)}

INVALID_IDENTIFIER = _("%(identifier)s is not a valid company identifier for %(country)s.")


def identifier_normalise(*, identifier: str, country: str, scheme: str = "") -> tuple[str, str]:
    """The compact identifier and its scheme, or ``ValidationError`` when the number is not
    valid for the country (checksums included). An empty identifier is allowed ("", "")."""
    identifier = (identifier or "").strip()
    if not identifier:
        return "", ""
    schemes = (scheme,) if scheme else SCHEMES_BY_COUNTRY.get(country.upper(), ())
    for name in schemes:
        module = SCHEMES.get(name)
        if module is not None and module.is_valid(identifier):
            return module.compact(identifier), name
    raise ValidationError(
        INVALID_IDENTIFIER, code="invalid", params={"identifier": identifier, "country": country}
    )
