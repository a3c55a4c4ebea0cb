"""Vietnamese text helpers: NFC on input, a diacritic-free form for search."""

import unicodedata

_PLAIN = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(value):
    """Return `value` in Unicode NFC (what we store), leaving non-strings alone."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def plain(value):
    """Lower-case `value` without diacritics: 'Lùng Vai' -> 'lung vai', 'Đ' -> 'd'."""
    if value is None:
        return ""
    decomposed = unicodedata.normalize("NFD", str(value).translate(_PLAIN))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def money(amount):
    """Format an integer amount of đồng the Vietnamese way: 1800000 -> '1.800.000 đồng'."""
    return f"{int(amount):,}".replace(",", ".") + " đồng"
