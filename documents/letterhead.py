"""The Decree 30/2020 header and signature block of a document, as frozen JSON.

Built once when a draft is requested and again when it is issued; the print template
and the DOCX writer only read it, so a rendered version never depends on data edited
later (an agency renamed after the 2025 merger keeps its old name on old papers).
"""

import re

NUMBER_GAP = "\u00a0" * 8  # room left for a hand-written number and date on a draft
COMMITTEE = "Ủy ban nhân dân"
_COMMITTEE_NAME = re.compile(r"^(?:UBND|Ủy ban nhân dân|ủy ban nhân dân)\s+(.+)$")


def committee_fields(name):
    """The issuing-body fields of a People's Committee named `name`, else just the name.

    "UBND xã Lùng Vai" issues under "Ủy ban nhân dân / xã Lùng Vai" with no parent line,
    its offices print "UBND xã Lùng Vai" above their own name, and its collective papers
    are signed "TM. Ủy ban nhân dân / Chủ tịch" (Decree 30/2020, Annex I). The result is
    stored on the body, where an administrator can still correct it.
    """
    match = _COMMITTEE_NAME.match(name.strip())
    if match is None:
        return {"name": name}
    place = match.group(1)
    return {
        "name": f"{COMMITTEE}\n{place}",
        "full_name": f"{COMMITTEE} {place}",
        "parent_line": f"UBND {place}",
        "shows_parent": False,
        "collective_name": COMMITTEE,
        "head_position": "Chủ tịch",
    }


def number_text(number):
    """'05' for 5, '12' for 12: numbers below 10 take a leading zero (Decree 30, Annex I)."""
    return f"{number:02d}"


def date_text(day):
    """'ngày 05 tháng 02 năm 2024': zero for days below 10 and for months 1 and 2 only."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def signature_block(*, authority="", authority_of="", position="", full_name=""):
    lines = []
    if authority:
        lines.extend(
            f"{authority} {line}".upper() if i == 0 else line.upper()
            for i, line in enumerate(authority_of.splitlines() or [""])
        )
    if position:
        lines.append(position.upper())
    return {"lines": lines, "name": full_name}


def build_letterhead(
    *, issuer, doc_type, title_caps, orientation, signature, number=None, issued_on=None, year
):
    """The header fields of a draft (no number, blank date) or of an issued document."""
    if number is None:
        reference = ""
        number_line = f"Số:{NUMBER_GAP}/{doc_type.abbreviation}-{issuer.abbreviation}"
        date_line = f"{issuer.place_name}, ngày{NUMBER_GAP}tháng{NUMBER_GAP}năm {year}"
    else:
        reference = f"{number_text(number)}/{doc_type.abbreviation}-{issuer.abbreviation}"
        number_line = f"Số: {reference}"
        date_line = f"{issuer.place_name}, {date_text(issued_on)}"
    return {
        "parent_lines": [line.upper() for line in issuer.heading_parent_lines],
        "issuer_lines": [line.upper() for line in issuer.name.splitlines()],
        "issuer_abbreviation": issuer.abbreviation,
        "archive": f"VT, {issuer.abbreviation}",
        "reference": reference,
        "number_line": number_line,
        "date_line": date_line,
        "type_title": title_caps,
        "signature": signature,
        "is_draft": number is None,
        "orientation": orientation,
    }
