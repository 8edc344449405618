"""`kiosk-platform`: run the reference platform, mint pairing codes, write the OpenAPI document."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

OPENAPI_PATH = Path(__file__).with_name("openapi.json")


def openapi_document() -> str:
    import tempfile

    from .app import create_app
    with tempfile.TemporaryDirectory() as tmp:
        doc = create_app(Path(tmp) / "p.db").openapi()
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk-platform", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    serve = sub.add_parser("serve", help="run the platform with uvicorn")
    serve.add_argument("--db", type=Path, default=Path("platform.db"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8710)
    serve.add_argument("--admin-token", default=os.environ.get("KIOSK_PLATFORM_ADMIN_TOKEN"),
                       help="enables /v1/admin (also KIOSK_PLATFORM_ADMIN_TOKEN)")
    serve.add_argument("--tls-cert", type=Path, help="serve HTTPS with this certificate chain (PEM)")
    serve.add_argument("--tls-key", type=Path, help="the certificate's private key (PEM)")
    serve.add_argument("--public-url", help="the address phones reach the platform at (pickup links); "
                                            "default: the address a kiosk used")
    code = sub.add_parser("pairing-code", help="mint a one-time pairing code into the database")
    code.add_argument("--db", type=Path, default=Path("platform.db"))
    sub.add_parser("openapi", help="print the OpenAPI document")
    args = parser.parse_args(argv)

    if args.cmd == "openapi":
        sys.stdout.write(openapi_document())
        return 0
    if args.cmd == "pairing-code":
        from .app import create_app
        store = create_app(args.db).state.store
        value, expires = store.create_pairing_code()
        print(f"{value}  (valid until {expires.isoformat()})")
        return 0
    import uvicorn

    from .app import create_app
    app = create_app(args.db, admin_token=args.admin_token, public_url=args.public_url)
    tls = {"ssl_certfile": str(args.tls_cert), "ssl_keyfile": str(args.tls_key)} if args.tls_cert else {}
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False, **tls)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
