"""The platform keeps its OpenAPI document: schemathesis with all its checks, a bounded run (the long
one is part of `python -m bench.attack`)."""

from __future__ import annotations

from ..signed import SignedKiosk
from .contract import run


def test_the_platform_answers_as_its_document_says(platform):
    kiosk = SignedKiosk(platform.url, platform.pairing_code(), "contract")
    result = run(platform.url, kiosk, platform.admin_token, max_examples=25, budget_s=120)
    assert result.cases > 300
    assert not result.failures, "\n".join(f"{k}: {v}" for k, v in result.failures.items())
