from django.test import RequestFactory
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.paging import LazyRows, html_rows, page_table, paginate


def test_html_rows_escapes_values_but_the_views_markup():
    rows = [
        {"name": 'Xã "A" & <B>', "badge_html": '<span class="badge">1</span>'},
        {"name": mark_safe("<i>đã an toàn</i>"), "badge_html": ""},
    ]

    html = html_rows("<tr><td>{name}</td><td>{badge_html}</td></tr>", rows)

    assert isinstance(html, SafeString)
    assert html == (
        f'<tr><td>{escape(rows[0]["name"])}</td><td><span class="badge">1</span></td></tr>'
        "<tr><td><i>đã an toàn</i></td><td></td></tr>"
    )


def test_html_rows_reads_attributes_of_objects():
    class Row:
        name = "UBND xã Lùng Vai"

    assert html_rows("<td>{name}</td>", [Row()]) == "<td>UBND xã Lùng Vai</td>"


def test_lazy_rows_are_built_only_when_a_page_is_read():
    built = []

    def build():
        built.append(1)
        return list(range(120))

    page = paginate(RequestFactory().get("/", {"page": 2}), LazyRows(build), count=120)

    assert built == [] and page.start_index() == 51
    assert list(page.object_list) == list(range(50, 100)) and built == [1]


def test_a_page_table_is_kept_only_for_the_parameters_it_depends_on(db):
    renders = []

    def table(query):
        page = paginate(RequestFactory().get("/", query), LazyRows(lambda: list(range(3))), count=3)

        def context(page):
            renders.append(query)
            return {"page": page}

        return page_table(
            page, "includes/_pagination.html", context, key="test:table", params={"nam": {"2024"}}
        )

    for query in ({"nam": "2024"}, {"nam": "2024"}, {"nam": "1999"}, {"nam": "1999"}, {"x": "1"}):
        rows, _html = table(query)
        assert rows == [0, 1, 2]

    # The second request of 2024 reads the cache; an unknown year or parameter is not kept.
    assert renders == [{"nam": "2024"}, {"nam": "1999"}, {"nam": "1999"}, {"x": "1"}]
