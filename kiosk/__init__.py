"""The kiosk's application core: what a kiosk *is*, with no Qt and no hardware imports.

Driven by `ui/` in the appliance and headless by tests and CLIs.
"""

__version__ = "0.1.0"
