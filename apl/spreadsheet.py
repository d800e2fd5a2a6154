"""Cells that are safe to open in a spreadsheet.

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
run as a formula by Excel, LibreOffice and Google Sheets (CSV injection, ASVS 5.0
1.2.10). Every CSV and XLSX export passes its cells through ``safe_cell``; importers
pass what they read through ``read_cell``, so an export re-imports unchanged.
"""

import re
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value):
    """The value itself, or text prefixed with ``'`` where a spreadsheet would run it.

    Numbers stay numbers (also ``-5`` written as text); dates, booleans and None pass.
    """
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """Undo ``safe_cell`` on text read back from a file: ``'=x`` is read as ``=x``."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text
