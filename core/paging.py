"""Server-side pagination of long lists (issue 10: a province has some 2,000 units)."""

from html import escape

from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from core.datacache import cached

PER_PAGE = 50


def paginate(request, rows, *, per_page=None, count=None):
    """The requested page of `rows` (a lazy queryset: only that page is fetched).

    `count` is the number of rows when the caller already knows it (from the aggregate it
    shows anyway): the paginator then runs no COUNT query. The page carries `query`, the
    request's other parameters (filters), for its links.
    """
    paginator = Paginator(rows, per_page or PER_PAGE)
    if count is not None:
        paginator.count = count  # a cached_property: setting it skips the COUNT query
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    page.query = params.urlencode()
    return page


class LazyRows:
    """Rows for paginate() whose queryset is built only when a page of them is read:
    building a wide queryset (joins, annotations) costs milliseconds that a page served
    from the cache does not need. `build` returns the queryset; pass `count` to
    paginate(), which this cannot count."""

    def __init__(self, build):
        self.build = build

    def __getitem__(self, index):  # the paginator's slice: still not built
        return LazyRows(lambda: self.build()[index])

    def __iter__(self):  # no __len__: list() would ask it first and read the rows twice
        return iter(self.build())


def page_table(page, template, context, *, key=None, params=None):
    """(the page's rows as a list, `template` rendered with `context(page)`): the table
    of a page of rows. With `key` (what the rows depend on besides the page: the list
    and its filters), computed once per change of the data (core.datacache) — only for
    rows that every change goes through a service for (transitions, imports); the page's
    number, size and links (the request's other parameters) complete the key.

    `params`: {name: the values it may take} of the parameters the table depends on. A
    page asked with any other parameter or value is rendered but not kept: the cache
    holds a bounded number of tables whatever a visitor types in the address."""

    def compute():
        page.object_list = list(page.object_list)
        html = render_to_string(template, context(page))
        return page.object_list, html  # as `context` may have made them (entries of rows)

    if key is None or not _only(page.query, params or {}):
        return compute()
    return cached(f"{key}:{page.number}:{page.paginator.per_page}:{page.query}", compute)


def page_params_only(page, params):
    """Whether the request of `page` (paginate()) carries only `params` ({name: the
    values it may take}), besides the page number: for a view that keeps a page's rows
    in the cache itself, as page_table does, and the same bound on what it keeps."""
    return _only(page.query, params)


def _only(query, params):
    """Whether `query` carries only `params`, once each, with one of their values."""
    return all(
        name in params and len(values) == 1 and values[0] in params[name]
        for name, values in QueryDict(query).lists()
    )


def paginate_by_ids(request, rows, *, order, per_page=None, count=None):
    """paginate() for wide rows joined and sorted across tables (a nominee with its
    proposal, unit and award form): the page's ids are chosen by a narrow subquery (the
    joins and the sort carry ids and sort keys, not whole rows) inside the one query that
    then reads those rows whole. Same rows, same order, same number of queries; at 10,000
    units about half the time of sorting the wide rows (issue 10)."""
    page = paginate(request, rows.order_by(*order).values("pk"), per_page=per_page, count=count)
    page.object_list = rows.filter(pk__in=page.object_list).order_by(*order)
    return page


def link_for(view_name):
    """pk -> the URL of `view_name` (a pattern ending in `<int:pk>/`), reversed once for a
    page of rows rather than by a {% url %} tag per row."""
    prefix = reverse(view_name, args=[0])[: -len("0/")]
    return lambda pk: f"{prefix}{pk}/"


class _Escaped:
    """A row's values for str.format_map: HTML-escaped (as Django's escape), except the
    fields named `*_html`, the view's own markup, inserted as they are. A row is a dict
    (values()) or an object (attributes)."""

    __slots__ = ("row",)

    def __init__(self, row):
        self.row = row

    def __getitem__(self, key):
        row = self.row
        value = row[key] if isinstance(row, dict) else getattr(row, key)
        if key.endswith("_html") or hasattr(value, "__html__"):
            return value
        # html.escape directly: django.utils.html.escape is the same text, but its lazy
        # check per call costs more than the whole row's formatting.
        return escape(str(value))


def html_rows(pattern, rows):
    """A page of table rows as one safe string: `pattern` (an HTML row whose str.format
    fields name the row's keys or attributes) filled once per row with its values,
    escaped (but `*_html` fields). A template {% for %} spends more per row on its nodes
    (variables, tags, filters) than this spends on the whole row's HTML (issue 10): the
    view prepares each row's texts, the pattern lays them out."""
    return mark_safe("".join([pattern.format_map(_Escaped(row)) for row in rows]))
