"""What the kiosk hands over on paper, as data: the acceptance receipt (受理回执), the one-time
checklist of materials (一次性告知单), the cover of a certificate. Rendering (PDF, ESC/POS) and
printing live elsewhere."""

from .certificate_cover import certificate_cover
from .checklist import material_checklist
from .model import Block, Document, Heading, Line, PageFormat, Paragraph, QrBlock
from .receipt import acceptance_receipt, mask_name
from .status_slip import SlipDevice, status_slip
from .test_page import test_page

__all__ = ["certificate_cover", "Block", "Document", "Heading", "Line", "PageFormat", "Paragraph", "QrBlock", "acceptance_receipt",
           "mask_name", "material_checklist", "SlipDevice", "status_slip", "test_page"]
