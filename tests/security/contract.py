"""The platform against its own OpenAPI document: schemathesis generates requests for every operation
(valid and invalid ones) and checks every answer with all its checks — status codes and error shapes
that are documented, response schemas, headers, content types, that authentication is not ignored,
that invalid data is rejected and valid data accepted. Requests are signed as a kiosk signs them
(tests/signed.py), so the operations are reached, not refused at the gate.

Used by tests/security/test_contract.py (a bounded run) and `python -m bench.attack` (longer)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import requests
from hypothesis import HealthCheck, Phase, given, settings

import schemathesis
from schemathesis.checks import CHECKS, FailureGroup

from ..signed import Signer, SignedKiosk


@dataclass
class ContractResult:
    cases: int = 0
    failures: dict[str, str] = field(default_factory=dict)      # "METHOD path: check" -> one example


MARK = "sign-me"


class _MarkedSigner(Signer):
    """Signs only requests schemathesis marked as authenticated (its auth provider below), and gives them
    the token only where the mark asks for one: so its "ignored auth" check, which removes what the auth
    provider set, sends a request that is really unauthenticated."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        if r.headers.get("Signature") != MARK:
            return r
        wants_token = r.headers.get("Authorization") == f"Bearer {MARK}"
        r.headers.pop("Authorization", None)
        self.token = wants_token
        return super().__call__(r)


def run(url: str, kiosk: SignedKiosk, service_token: str, *, max_examples: int = 50,
        budget_s: float = 120.0) -> ContractResult:
    schema = schemathesis.openapi.from_url(url + "/openapi.json")

    @schema.auth()
    class _Marks:
        def get(self, case, context) -> str:  # noqa: ANN001
            return MARK

        def set(self, case, data: str, context) -> None:  # noqa: ANN001
            path = case.operation.path
            if path.startswith("/v1/admin/"):
                case.headers["Authorization"] = f"Bearer {service_token}"
            elif path != "/v1/enrol":
                case.headers["Signature"] = data
                if path != "/v1/auth/token":
                    case.headers["Authorization"] = f"Bearer {data}"

    session = requests.Session()
    session.auth = _MarkedSigner(kiosk)
    checks = CHECKS.get_all()
    result = ContractResult()
    deadline = time.monotonic() + budget_s
    operations = [op.ok() for op in schema.get_all_operations()]
    per_op = budget_s / max(len(operations), 1)
    for operation in operations:
        if time.monotonic() > deadline:
            break
        op_deadline = time.monotonic() + per_op

        @given(case=operation.as_strategy())
        @settings(max_examples=max_examples, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        def check(case) -> None:  # noqa: ANN001
            if time.monotonic() > op_deadline:
                return
            response = case.call(base_url=url, session=session)
            result.cases += 1
            try:
                case.validate_response(response, checks=checks)
            except (FailureGroup, Exception) as exc:  # noqa: BLE001 - counted, not raised
                for failure in getattr(exc, "exceptions", [exc]):
                    name = f"{operation.method.upper()} {operation.path}: {getattr(failure, 'title', type(failure).__name__)}"
                    result.failures.setdefault(name, f"{response.status_code} {response.text[:200]}"
                                                     f" <- {case.method} {case.formatted_path} {str(case.body)[:200]}")

        check()
    return result
