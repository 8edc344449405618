"""Every attack we know of, tried against running parts (issue 19):

    python -m bench.attack [--examples N] [--budget-s S]

The catalogue of tests/security/attacks.py against a reference platform as a province runs it (no
stand-ins) and one with the demo's stand-ins (to read SMS codes), two enrolled kiosks on each (a
victim's and an attacker's), the kiosk's own PIN check, IPP client and typed fields; then schemathesis
with all its checks against the platform's OpenAPI document, signed as a kiosk signs, time-bounded.
Baseline in the same run: the same catalogue's requests made by the victim's own kiosk with its own
grant (the rightful reads must still work: a platform that refused everything would "pass").
Leaves out: TLS and the network below HTTP, denial of service by volume, the kiosk's Qt side, a kiosk
whose key is stolen (it can vouch for anyone: docs/security.md says what limits it).
Last line: one JSON object."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from tests.helpers import ID_NUMBER
from tests.security import contract
from tests.security.attacks import ATTACKS, start
from tests.signed import SignedKiosk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="schemathesis examples per operation")
    parser.add_argument("--budget-s", type=float, default=600.0, help="schemathesis time budget")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rig = start(Path(tmp))
        try:
            start_s = time.perf_counter()
            succeeded = [name for name, attack in ATTACKS.items() if attack(rig)]
            attacks_s = time.perf_counter() - start_s
            rightful = [rig.victim.get(f"/v1/applications/{rig.number}/certificate", grant=rig.victim_grant),
                        rig.victim.post("/v1/applications/query", json={"id_number": ID_NUMBER}, grant=rig.victim_grant),
                        rig.victim.post(f"/v1/applications/{rig.number}/pickup", grant=rig.victim_grant)]
            kiosk = SignedKiosk(rig.prod.url, rig.prod.pairing_code(), "schemathesis")
            start_s = time.perf_counter()
            result = contract.run(rig.prod.url, kiosk, rig.prod.admin_token, max_examples=args.examples,
                                  budget_s=args.budget_s)
            contract_s = time.perf_counter() - start_s
        finally:
            rig.stop()
    for name, example in result.failures.items():
        print(f"schemathesis: {name}: {example}")
    print(json.dumps({"attacks": len(ATTACKS), "succeeded": len(succeeded), "succeeded_names": succeeded,
                      "rightful_reads_ok": sum(r.status_code == 200 for r in rightful), "rightful_reads": len(rightful),
                      "attacks_s": round(attacks_s, 1), "schemathesis_cases": result.cases,
                      "schemathesis_failures": len(result.failures), "schemathesis_s": round(contract_s, 1),
                      "notes": rig.notes}, ensure_ascii=False))


if __name__ == "__main__":
    main()
