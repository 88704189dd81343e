"""Field validators for people's data."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2 over the first 15 digits, as ORCID specifies."""
    digits = orcid.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    remainder = total % 11
    result = (12 - remainder) % 11
    expected = "X" if result == 10 else str(result)
    return digits[-1] == expected


def normalise_orcid(value: str) -> str:
    value = value.strip()
    for prefix in ("https://orcid.org/", "http://orcid.org/", "orcid.org/"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.upper()


def validate_orcid(value: str) -> None:
    orcid = normalise_orcid(value)
    if not ORCID_PATTERN.match(orcid):
        raise ValidationError(
            _("An ORCID iD has the form 0000-0002-1825-0097 (four groups of four characters)."),
            code="orcid_format",
        )
    if not orcid_checksum_ok(orcid):
        raise ValidationError(
            _("This ORCID iD's check digit is wrong; please copy it again from your ORCID record."),
            code="orcid_checksum",
        )
