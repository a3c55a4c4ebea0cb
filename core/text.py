"""Vietnamese text helpers: NFC on input, a diacritic-free form for search, and the
one way the portal writes dates, times, shares, money and paragraphs."""

import functools
import os
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

DATE_FORMAT = "%d/%m/%Y"  # how people write a date here, on screen, paper and input
_PLAIN = str.maketrans({"đ": "d", "Đ": "D"})

# Characters that change how text is shown without being seen: bidi embeddings, overrides
# and isolates (a name "‮fdp.exe" shows as "exe.pdf"), marks, zero-width characters, the
# BOM, the soft hyphen, and C0/C1 controls other than tab and line breaks (NUL included).
_INVISIBLE = {
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x200E,
    0x200F,
    0x061C,
    *range(0x200B, 0x200E),
    0x2060,
    0xFEFF,
    0x00AD,
    *(c for c in range(0x00, 0x20) if c not in (0x09, 0x0A, 0x0D)),
    *range(0x7F, 0xA0),
}
_STRIP = dict.fromkeys(_INVISIBLE)


def nfc(value):
    """Return `value` in Unicode NFC (what we store) without bidi overrides or invisible
    characters; non-strings are left alone."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).translate(_STRIP)
    return value


def clean_file_name(name, max_length):
    """A client's file name as shown to users: NFC, no invisible or bidi characters, no
    path, at most `max_length` characters with its extension kept."""
    name = nfc(os.path.basename(str(name or "").replace("\\", "/"))).strip()
    if len(name) <= max_length:
        return name
    stem, extension = os.path.splitext(name)
    if len(extension) > 16:
        extension = ""
    return stem[: max_length - len(extension)].rstrip() + extension


def plain(value):
    """Lower-case `value` without diacritics: 'Lùng Vai' -> 'lung vai', 'Đ' -> 'd'."""
    if value is None:
        return ""
    decomposed = unicodedata.normalize("NFD", str(value).translate(_PLAIN))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def same_name(value):
    """A person's name compared as people read it: NFC, case and spacing ignored, accents kept."""
    return " ".join(unicodedata.normalize("NFC", value or "").casefold().split())


def number(value, places=0):
    """A number the Vietnamese way, rounded to `places` decimals without useless zeros:
    '.' between thousands, ',' before decimals: 1234 -> '1.234', 85.70 -> '85,7',
    Decimal('40.00') -> '40'."""
    text = f"{value:.{places}f}"
    if places:
        text = text.rstrip("0").rstrip(".")
    integer, _sep, fraction = text.partition(".")
    sign = "-" if integer.startswith("-") else ""
    integer = f"{int(integer.lstrip('-') or 0):,}".replace(",", ".")
    return f"{sign}{integer},{fraction}" if fraction else f"{sign}{integer}"


def money(amount):
    """Format an integer amount of đồng the Vietnamese way: 1800000 -> '1.800.000 đồng'."""
    return number(int(amount)) + " đồng"


# Vietnamese alphabetical order (the letters Vietnamese lacks in their Latin places), then
# tones as a secondary difference in the dictionary order CLDR's "vi" collation uses:
# none, huyền, hỏi, ngã, sắc, nặng; lower case before upper case at the third level.
_LETTERS = {letter: rank for rank, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@functools.lru_cache(maxsize=4096)
def vietnamese_key(value):
    """A sort key giving the order of ICU's vi collation: 'Tả Gia Khâu' < 'Thanh Bình'."""
    primary, secondary, tertiary = [], [], []
    for char in unicodedata.normalize("NFC", value or ""):
        decomposed = unicodedata.normalize("NFD", char)
        tone = next((_TONES[mark] for mark in decomposed if mark in _TONES), 0)
        letter = unicodedata.normalize(
            "NFC", "".join(mark for mark in decomposed if mark not in _TONES)
        )
        lower = letter.lower()
        if lower in _LETTERS:
            primary.append((2, _LETTERS[lower]))
        elif lower.isdigit():
            primary.append((1, ord(lower)))
        elif lower.isalpha():
            primary.append((3, ord(lower)))
        else:
            primary.append((0, ord(lower)))
        secondary.append(tone)
        tertiary.append(0 if letter == lower else 1)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def vietnamese_compare(left, right):
    """-1, 0 or 1 as `left` sorts before, with or after `right` (a SQLite collation)."""
    a, b = vietnamese_key(left), vietnamese_key(right)
    return (a > b) - (a < b)


def time_left_phrase(elapsed_seconds, done, total):
    """How long a job still needs at its pace so far, in words: "còn khoảng 2 phút".

    `done` of `total` steps took `elapsed_seconds`; before the first step nothing is known.
    """
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    if total <= 0 or done <= 0:
        return _("đang ước tính thời gian còn lại…")
    if done >= total:
        return _("sắp xong")
    seconds = elapsed_seconds / done * (total - done)
    if seconds < 60:
        return _("còn dưới 1 phút")
    minutes = round(seconds / 60)
    return ngettext("còn khoảng %(n)s phút", "còn khoảng %(n)s phút", minutes) % {"n": minutes}


def short_date(day):
    """A date as dd/mm/yyyy ('05/02/2024'); '' for no date."""
    return day.strftime(DATE_FORMAT) if day else ""


def local_time(moment):
    """An aware datetime in the portal's time zone as 'HH:MM dd/mm/yyyy'; '' for none."""
    return timezone.localtime(moment).strftime(f"%H:%M {DATE_FORMAT}") if moment else ""


def percent(value, places=1):
    """A percentage the way Vietnamese official documents write it: rounded half up to
    `places` decimals without useless zeros, a comma before the decimals, the sign right
    after the number: 85.7 -> '85,7%', Decimal('87.50') -> '87,5%', 100.0 -> '100%';
    '' for None. `value` is already in percent (85.7, not 0.857)."""
    if value is None:
        return ""
    step = Decimal(1).scaleb(-places)
    return number(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP), places) + "%"


def share_text(part, whole):
    """`part` of `whole` as a `percent`: 1 of 8 -> '12,5%'; '0%' of nothing."""
    if not whole:
        return "0%"
    return percent(Decimal(100 * part) / Decimal(whole))


def lower_first(text):
    """'Phong trào …' -> 'phong trào …', to run a title on inside a sentence."""
    return text[:1].lower() + text[1:]


def upper_first(text):
    """'số lượt tuyên truyền' -> 'Số lượt tuyên truyền', a label starting a line or cell."""
    return text[:1].upper() + text[1:]


def paragraphs(text):
    """The non-blank lines of `text`, stripped: a textarea as printed paragraphs."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
