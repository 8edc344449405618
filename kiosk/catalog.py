"""The service catalog as the kiosk uses it: lookup by code, by audience and department, and search
in Chinese, English or pinyin (full syllables or initials: "sbzm" finds 社保参保证明打印)."""

from __future__ import annotations

from dataclasses import dataclass, field

from api_schema.models import Audience, Catalog, ServiceItem


@dataclass(frozen=True)
class _Spelling:
    """How a Chinese phrase can be typed on a Latin keyboard."""
    full: str          # "shebaocanbaozhengmingdayin"
    initials: str      # "sbcbzmdy"

    def matches(self, word: str) -> bool:
        if word in self.full or word in self.initials:
            return True
        # Initials with syllables left out ("sbzm" for 社保参保证明): in order, from the first character.
        return len(word) >= 3 and word[0] == self.initials[:1] and _is_subsequence(word, self.initials)


def _is_subsequence(word: str, text: str) -> bool:
    rest = iter(text)
    return all(ch in rest for ch in word)


def _spell(phrase: str) -> _Spelling:
    # pypinyin loads its dictionary on import (~0.2 s): the catalog is built on a worker thread.
    from pypinyin import Style, lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(phrase, errors="ignore")]
    initials = [s.lower() for s in lazy_pinyin(phrase, style=Style.FIRST_LETTER, errors="ignore")]
    return _Spelling("".join(syllables), "".join(initials))


@dataclass(frozen=True)
class _Entry:
    item: ServiceItem
    name: str                   # Chinese and English name, lower case
    text: str                   # everything searchable, lower case
    name_spelling: _Spelling
    other_spellings: tuple[_Spelling, ...]


@dataclass(frozen=True)
class CatalogView:
    catalog: Catalog
    _index: tuple[_Entry, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        entries = tuple(_Entry(
            item=i, name=f"{i.name} {i.name_en}".lower(),
            text=" ".join([i.name, i.name_en, i.department, i.theme, i.summary, *i.keywords]).lower(),
            name_spelling=_spell(i.name),
            other_spellings=tuple(_spell(k) for k in (*i.keywords, i.department, i.theme)),
        ) for i in self.catalog.items)
        object.__setattr__(self, "_index", entries)

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
        """Items matching every word of `text` (case-insensitive) in their name, English name,
        department, theme, summary or keywords, or in those written in pinyin; an empty query lists
        everything. Hits in the name come first, then the catalog's order."""
        words = text.lower().split()
        entries = [e for e in self._index if audience is None or e.item.audience is audience]
        if not words:
            return [e.item for e in entries]
        hits: list[tuple[int, int, ServiceItem]] = []
        for pos, e in enumerate(entries):
            in_name = all(w in e.name or e.name_spelling.matches(w) for w in words)
            if in_name or all(w in e.text or any(s.matches(w) for s in e.other_spellings) for w in words):
                hits.append((0 if in_name else 1, pos, e.item))
        return [item for _, _, item in sorted(hits, key=lambda h: (h[0], h[1]))]
