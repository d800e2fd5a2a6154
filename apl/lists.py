"""Long lists, one way: sort by column, a page size, first/previous/next/last and a jump to a
page, with every choice (and the page's filters) kept in the URL.

A list view declares its sort keys and calls ``listing``; its template renders the rows
inline and uses ``{% load lists %}`` for the column headers and
``templates/lists/_pages.html`` for the page controls. Reading a page costs two queries
(the count, the rows), whatever the list's length.

    SORTS = {"name": ("user__last_name", "user__first_name"), "email": ("user__email",)}
    page = listing(request, queryset, sorts=SORTS, default="name")
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.html import format_html, format_html_join

from apl.forms import filter_form

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = PAGE_SIZES[0]
# Parameters that move within one list; everything else in the URL is its filter.
LIST_PARAMS = ("page", "per_page", "sort")


def order(queryset: QuerySet, sorts: Mapping, key: str, default: str) -> tuple[QuerySet, str]:
    """Order by a whitelisted key ("-key" reverses), the primary key breaking ties, so
    that pages never repeat or skip a row; return the queryset and the key used."""
    name = (key or "").lstrip("-")
    if name not in sorts:
        key, name = default, default.lstrip("-")
    fields = sorts[name]
    descending = key.startswith("-")
    if descending:
        fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
    return queryset.order_by(*fields, "-pk" if descending else "pk"), key


def page_size(value) -> int:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return DEFAULT_PAGE_SIZE
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE


class CountedPaginator(Paginator):
    """A paginator whose count may come from a cheaper query than the rows' own."""

    def __init__(self, object_list, per_page, *, count_queryset=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count_queryset = count_queryset

    @property
    def count(self):
        if "_count" not in self.__dict__:
            source = self._count_queryset
            self.__dict__["_count"] = source.count() if source is not None else super().count
        return self.__dict__["_count"]


@dataclass(frozen=True)
class Listing:
    """One page of a list and the URL state around it."""

    page: Page
    sort: str
    per_page: int
    params: QueryDict
    label: str = "rows"

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def num_pages(self) -> int:
        return self.page.paginator.num_pages

    def url(self, **changes) -> str:
        """This list's query string with ``changes`` applied (None removes a parameter)."""
        params = self.params.copy()
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = str(value)
        return "?" + params.urlencode() if params else "?"

    def page_url(self, number: int) -> str:
        return self.url(page=None if number == 1 else number)

    @property
    def filter_query(self) -> str:
        """The filters alone (no page, size or sort): what a bulk action re-evaluates."""
        params = self.params.copy()
        for name in LIST_PARAMS:
            params.pop(name, None)
        return params.urlencode()

    def hidden_inputs(self, *keep_out: str):
        """Hidden inputs for the URL's parameters, so that a GET form keeps them."""
        pairs = [
            (name, value)
            for name, values in self.params.lists()
            if name not in keep_out
            for value in values
        ]
        return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)

    def sort_header(self, key: str, label: str):
        """A column header that sorts by ``key`` and says how the list is sorted."""
        descending = f"-{key}"
        state = ""
        if self.sort == key:
            state, target, arrow, next_way = "ascending", descending, "▲", "descending"
        elif self.sort == descending:
            state, target, arrow, next_way = "descending", key, "▼", "ascending"
        else:
            target, arrow, next_way = key, "", "ascending"
        return format_html(
            '<th scope="col"{}><a class="usa-link apl-sort" href="{}">{}'
            '<span class="usa-sr-only">, sort {}</span></a>{}</th>',
            format_html(' aria-sort="{}"', state) if state else "",
            self.url(sort=target, page=None),
            label,
            next_way,
            format_html(' <span aria-hidden="true">{}</span>', arrow) if arrow else "",
        )

    @property
    def page_sizes(self) -> tuple[int, ...]:
        return PAGE_SIZES

    @property
    def links(self) -> dict:
        """First, previous, next and last page URLs (None where there is none)."""
        page, last = self.page, self.num_pages
        return {
            "first": self.page_url(1) if page.number > 1 else None,
            "previous": self.page_url(page.number - 1) if page.has_previous() else None,
            "next": self.page_url(page.number + 1) if page.has_next() else None,
            "last": self.page_url(last) if page.number < last else None,
        }


def listing(
    request,
    queryset: QuerySet,
    *,
    sorts: Mapping,
    default: str,
    label: str = "rows",
    count_queryset: QuerySet | None = None,
) -> Listing:
    """The page of ``queryset`` the request asks for, sorted and sized as it asks.

    The query string goes through a ``FilterForm`` first: a NUL byte in any of its
    parameters, the list's filters included, is refused (400) before any is used."""
    filter_form(request)
    params = request.GET.copy()
    queryset, sort = order(queryset, sorts, params.get("sort", ""), default)
    size = page_size(params.get("per_page"))
    paginator = CountedPaginator(queryset, size, count_queryset=count_queryset)
    page = paginator.get_page(params.get("page"))
    return Listing(page=page, sort=sort, per_page=size, params=params, label=label)
