"""The designations an educator holds, as a section of their license statement."""

from lattice.selectors import educator_designations


def statement_designations(educator) -> dict | None:
    designations = educator_designations(educator=educator)
    if not designations:
        return None
    return {
        "heading": "Advanced teacher role designations",
        "columns": ["Role", "Awarded on", "Route", "Credential id"],
        "rows": [
            [
                d.role.name,
                d.awarded_on.isoformat(),
                d.get_route_kind_display(),
                d.credential.public_id if d.credential else "",
            ]
            for d in designations
        ],
    }
