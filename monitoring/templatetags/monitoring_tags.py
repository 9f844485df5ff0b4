"""Small template filters of the monitoring views."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping is not None else None


@register.filter
def num(value):
    """A figure without useless decimals ("12", "3.5"), localised; a dash when missing."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(int(value), force_grouping=True)
    return number_format(value.quantize(Decimal("0.1")), decimal_pos=1, force_grouping=True)
