"""Which materials a person hands over through the document camera, and their pages as the
application's attachments."""

from __future__ import annotations

from api_schema.models import Material, ServiceItem

from .scan import MaterialScans

ID_DOCUMENT = "M-ID"        # the identity document: read on the card reader, never photographed


def capturable_materials(item: ServiceItem) -> list[Material]:
    """Paper the person brings (原件 / 复印件); electronic ones the platform fetches itself."""
    return [m for m in item.materials if m.code != ID_DOCUMENT and m.form != "电子"]


def attachments(scans: dict[str, MaterialScans]) -> list[tuple[str, str, str, bytes]]:
    """(material code, file name, content type, bytes) per page, materials in the order given."""
    return [(code, f"{code}-{n}.jpg", "image/jpeg", page.jpeg)
            for code, pages in scans.items() for n, page in enumerate(pages.pages, 1)]
