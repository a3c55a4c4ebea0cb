"""Reading rendered HTML the way a browser lays it out, not the way a template is indented.

djlint (`make lint`) breaks long tags over lines and puts block elements on their own lines:
tests that look for a piece of markup compare both sides through `tight`.
"""

import re


def tight(html):
    """`html` with whitespace runs collapsed and none left beside a tag.

    `<td>\\n  truong\\n</td>` and `<td>truong</td>` read alike, and so do a tag with its
    attributes on one line or over several; the text and the attributes stay as written.
    """
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r" ?(<[^<>]*>) ?", r"\1", html)
    return html.replace(" >", ">").strip()


def holds(page, markup):
    """Whether `markup` appears in `page`, both read through `tight`."""
    return tight(markup) in tight(page)
