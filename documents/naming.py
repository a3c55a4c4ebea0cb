"""File names a clerk recognises: Vietnamese words of the paper, never ids or codes.

`file_stem("Báo cáo thành tích", 2025, "Lò Văn Thắng")` gives
"bao-cao-thanh-tich-2025-lo-van-thang": the words of the paper, the unit, person, period
or tier, without diacritics (files travel through mail and the provincial portal, which
do not all keep them), joined by hyphens.
"""

import re

from core.text import plain

MAX_LENGTH = 120


def file_stem(*parts):
    words = "-".join(
        re.sub(r"[^a-z0-9]+", "-", plain(part)).strip("-") for part in parts if part != ""
    )
    stem = re.sub(r"-{2,}", "-", words).strip("-")
    return stem[:MAX_LENGTH].rstrip("-") or "van-ban"
