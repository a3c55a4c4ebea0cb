"""Vietnamese text helpers: NFC on input, a diacritic-free form for search, and the
one way the portal writes dates, times, shares, money and paragraphs."""

import unicodedata

from django.utils import timezone

DATE_FORMAT = "%d/%m/%Y"  # how people write a date here, on screen, paper and input
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


def short_date(day):
    """A date as dd/mm/yyyy ('05/02/2024'); '' for no date."""
    return day.strftime(DATE_FORMAT) if day else ""


def local_time(moment):
    """An aware datetime in the portal's time zone as 'HH:MM dd/mm/yyyy'; '' for none."""
    return timezone.localtime(moment).strftime(f"%H:%M {DATE_FORMAT}") if moment else ""


def share_text(part, whole):
    """`part` of `whole` in percent, one decimal at most, comma-separated: 12,5% (0% of 0)."""
    if not whole:
        return "0%"
    return f"{100 * part / whole:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def lower_first(text):
    """'Phong trào …' -> 'phong trào …', to run a title on inside a sentence."""
    return text[:1].lower() + text[1:]


def paragraphs(text):
    """The non-blank lines of `text`, stripped: a textarea as printed paragraphs."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
