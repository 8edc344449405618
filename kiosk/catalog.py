"""The service catalog as the kiosk uses it: lookup by code, by audience and department, and search."""

from __future__ import annotations

from dataclasses import dataclass

from api_schema.models import Audience, Catalog, ServiceItem


@dataclass(frozen=True)
class CatalogView:
    catalog: Catalog

    @property
    def items(self) -> list[ServiceItem]:
        return self.catalog.items

    def get(self, code: str) -> ServiceItem | None:
        return next((i for i in self.catalog.items if i.code == code), None)

    def departments(self, audience: Audience | None = None) -> list[str]:
        seen: dict[str, None] = {}
        for item in self.filter(audience=audience):
            seen.setdefault(item.department)
        return list(seen)

    def filter(self, audience: Audience | None = None, department: str | None = None) -> list[ServiceItem]:
        return [i for i in self.catalog.items
                if (audience is None or i.audience is audience) and (department is None or i.department == department)]

    def search(self, text: str, audience: Audience | None = None) -> list[ServiceItem]:
        """Items whose name, English name, department, theme or keywords contain every word of `text`
        (case-insensitive); an empty query lists everything. Name hits come first."""
        words = text.lower().split()
        candidates = self.filter(audience=audience)
        if not words:
            return candidates
        hits: list[tuple[int, int, ServiceItem]] = []
        for pos, item in enumerate(candidates):
            name = f"{item.name} {item.name_en}".lower()
            haystack = " ".join([name, item.department, item.theme, item.summary, *item.keywords]).lower()
            if all(w in haystack for w in words):
                hits.append((0 if all(w in name for w in words) else 1, pos, item))
        return [item for _, _, item in sorted(hits, key=lambda h: (h[0], h[1]))]
