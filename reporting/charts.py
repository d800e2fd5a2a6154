"""Server-rendered SVG charts of the quarterly report, readable without colour.

Enrolment is drawn as hatched bars and percent passing as a line of labelled points, so
the two series differ by pattern and shape, and every value is written on the chart.
Each chart carries a title and a description that state its data in words; the page
also shows the same figures as a table (the text alternative).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

from reporting.selectors import QuarterlyReport

INK = "#1b1b1b"
BLUE = "#005ea2"
DARK = "#162e51"
GRID = "#dfe1e2"
FONT = "Public Sans, Source Sans Pro, Helvetica, Arial, sans-serif"


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int
    left: int = 64
    right: int = 56
    top: int = 40
    bottom: int = 44

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    def y(self, fraction: float) -> float:
        return self.top + self.plot_height * (1 - fraction)


def _nice_ceiling(value: int) -> int:
    """A round axis maximum at or above ``value`` (100, 200, 250, 500, 1000, ...)."""
    value = max(value, 1)
    step = 1
    while True:
        for factor in (1, 2, 2.5, 5):
            if step * factor * 10 >= value:
                return int(step * factor * 10)
        step *= 10


def describe(report: QuarterlyReport, *, enrolment: bool = True) -> str:
    """The chart's data in one paragraph (its text alternative)."""
    parts = []
    for column in report.columns:
        bits = []
        if enrolment:
            bits.append(f"{column.total_enrollment} enrolled")
        if not column.closed:
            bits.append("quarter still open")
        elif not column.recorded:
            bits.append("outcomes not yet recorded")
        elif column.percent_passing is None:
            bits.append("no percent passing (no enrollments)")
        else:
            bits.append(f"{column.percent_passing}% passing")
        parts.append(f"{column.quarter}: {', '.join(bits)}")
    return "; ".join(parts) + "."


def quarter_chart(
    report: QuarterlyReport,
    *,
    enrolment: bool = True,
    id_prefix: str = "chart",
    width: int = 720,
    height: int = 300,
) -> SafeString:
    """Enrolment (hatched bars, left axis) and percent passing (points, right axis)."""
    frame = _Frame(width, height)
    columns = report.columns
    band = frame.plot_width / max(len(columns), 1)
    top_enrolment = _nice_ceiling(max((c.total_enrollment for c in columns), default=0))
    title = (
        f"{report.programme}: enrollment and percent passing by quarter"
        if enrolment
        else f"{report.programme}: percent passing by quarter"
    )
    ids = {"title": f"{id_prefix}-title", "desc": f"{id_prefix}-desc", "hatch": f"{id_prefix}-h"}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="apl-chart" '
        f'aria-labelledby="{ids["title"]} {ids["desc"]}" font-family="{FONT}" font-size="12">',
        f'<title id="{ids["title"]}">{escape(title)}</title>',
        f'<desc id="{ids["desc"]}">{escape(describe(report, enrolment=enrolment))}</desc>',
        f'<defs><pattern id="{ids["hatch"]}" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BLUE}" stroke-width="3"/></pattern></defs>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    out += _axes(frame, top_enrolment, enrolment)
    points = []
    for i, column in enumerate(columns):
        centre = frame.left + band * (i + 0.5)
        if enrolment:
            out += _bar(frame, centre, band, column.total_enrollment, top_enrolment, ids["hatch"])
        if column.closed and column.recorded and column.percent_passing is not None:
            points.append((centre, frame.y(column.percent_passing / 100), column.percent_passing))
        elif not (column.closed and column.recorded):
            note = "open" if not column.closed else "not yet recorded"
            out.append(
                f'<text x="{centre:.1f}" y="{frame.top - 6}" text-anchor="middle" '
                f'fill="{INK}" font-style="italic">{note}</text>'
            )
        out.append(
            f'<text x="{centre:.1f}" y="{frame.height - frame.bottom + 18}" '
            f'text-anchor="middle" fill="{INK}">{column.quarter}</text>'
        )
    out += _percent_line(points)
    out += _legend(frame, enrolment, ids["hatch"])
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - built from numbers and escaped text only


def _axes(frame: _Frame, top_enrolment: int, enrolment: bool) -> list[str]:
    out = []
    right = frame.width - frame.right
    for tick in range(5):
        fraction = tick / 4
        y = frame.y(fraction)
        out.append(
            f'<line x1="{frame.left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{right + 6}" y="{y + 4:.1f}" fill="{INK}">{int(fraction * 100)}%</text>'
        )
        if enrolment:
            out.append(
                f'<text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">'
                f"{int(top_enrolment * fraction)}</text>"
            )
    base = frame.y(0)
    out.append(
        f'<line x1="{frame.left}" y1="{base:.1f}" x2="{right}" y2="{base:.1f}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    return out


def _bar(frame, centre, band, value, top, hatch) -> list[str]:
    bar_width = band * 0.5
    height = frame.plot_height * value / top
    y = frame.y(0) - height
    return [
        f'<rect x="{centre - bar_width / 2:.1f}" y="{y:.1f}" width="{bar_width:.1f}" '
        f'height="{height:.1f}" fill="url(#{hatch})" stroke="{BLUE}" stroke-width="1"/>',
        *_label(centre, frame.y(0) - 4, str(value), INK),
    ]


def _percent_line(points) -> list[str]:
    if not points:
        return []
    out = []
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{DARK}" stroke-width="2.5"/>')
    for x, y, value in points:
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" '
            f'stroke="{DARK}" stroke-width="2.5"/>'
        )
        out += _label(x, y - 10, f"{value}%", DARK)
    return out


def _label(x: float, y: float, text: str, colour: str) -> list[str]:
    """A bold value label on a white halo. The halo is a text of its own drawn first, not
    ``paint-order``, which WeasyPrint ignores (the white stroke then hid the label)."""
    place = f'x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-weight="bold"'
    return [
        f'<text {place} fill="#ffffff" stroke="#ffffff" stroke-width="3" '
        f'aria-hidden="true">{text}</text>',
        f'<text {place} fill="{colour}">{text}</text>',
    ]


def _legend(frame: _Frame, enrolment: bool, hatch: str) -> list[str]:
    out = []
    x = frame.left
    y = 14
    if enrolment:
        out.append(
            f'<rect x="{x}" y="{y - 9}" width="14" height="12" fill="url(#{hatch})" '
            f'stroke="{BLUE}"/><text x="{x + 20}" y="{y + 1}" fill="{INK}">Enrollment '
            "(bars, left axis)</text>"
        )
        x += 200
    out.append(
        f'<line x1="{x}" y1="{y - 3}" x2="{x + 18}" y2="{y - 3}" stroke="{DARK}" '
        f'stroke-width="2.5"/><circle cx="{x + 9}" cy="{y - 3}" r="4" fill="#ffffff" '
        f'stroke="{DARK}" stroke-width="2"/><text x="{x + 24}" y="{y + 1}" fill="{INK}">'
        "Percent passing (points, right axis)</text>"
    )
    return out
