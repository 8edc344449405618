"""The open kiosk <-> platform API, version 1.

The one thing `kiosk/` and `platform_server/` share: wire models (pydantic), the field types of
the standardized form schema and their validators (GB 11643, GB 32100, mobile numbers). A field
type is part of the standard ("the same item, the same standard everywhere"), so its check lives
here once and both sides run the same code.
"""

API_VERSION = "v1"
