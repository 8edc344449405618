"""A printed document as a list of blocks, the same for an A4 page and an 80 mm receipt."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Union


class PageFormat(str, Enum):
    A4 = "a4"
    RECEIPT_80MM = "receipt_80mm"      # 72 mm printable, as long as the content


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Line:
    label: str
    value: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class QrBlock:
    payload: str                       # what the code carries (a tracking reference, never personal data)
    caption: str


Block = Union[Heading, Line, Paragraph, QrBlock]


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    footer: str = ""                   # kiosk and time, on every document
    kind: str = "document"             # "receipt", "checklist": for job titles and logs
    page: PageFormat = PageFormat.A4
    meta: dict[str, str] = field(default_factory=dict, compare=False)

    def text(self) -> str:
        """Everything a person would read, in order (for tests and the ESC/POS renderer)."""
        parts = [self.title]
        for b in self.blocks:
            if isinstance(b, Heading):
                parts.append(b.text)
            elif isinstance(b, Line):
                parts.append(f"{b.label}：{b.value}")
            elif isinstance(b, Paragraph):
                parts.append(b.text)
            else:
                parts.append(b.caption)
        if self.footer:
            parts.append(self.footer)
        return "\n".join(parts)
