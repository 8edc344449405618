"""`kiosk-platform`: run the reference platform, manage operator accounts, mint pairing codes, write the
OpenAPI document. No secret is ever an argument (a command line is visible to every user in `ps`): the
service token comes from a file of mode 0600 or KIOSK_PLATFORM_SERVICE_TOKEN, a password from
KIOSK_OPERATOR_PASSWORD or the terminal."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

OPENAPI_PATH = Path(__file__).with_name("openapi.json")
DB_HELP = "a SQLite file (the demo, small sites) or postgresql://user@host/dbname (production)"


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
    serve.add_argument("--db", default="platform.db", help=DB_HELP)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8710)
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes (stateless: everything they share is in the database)")
    serve.add_argument("--service-token-file", type=Path,
                       help="the operators' service token for automation (administrator); the file must be 0600 "
                            "(or KIOSK_PLATFORM_SERVICE_TOKEN)")
    serve.add_argument("--stand-ins", action="store_true",
                       help="the demo's and tests' stand-ins for the e-ID issuer, the SMS gateway and the people "
                            "register, and their test verification; never on a real platform")
    serve.add_argument("--tls-cert", type=Path, help="serve HTTPS with this certificate chain (PEM)")
    serve.add_argument("--tls-key", type=Path, help="the certificate's private key (PEM)")
    serve.add_argument("--public-url", help="the address phones reach the platform at (pickup links); "
                                            "default: the address a kiosk used")
    code = sub.add_parser("pairing-code", help="mint a one-time pairing code into the database")
    code.add_argument("--db", default="platform.db", help=DB_HELP)
    op = sub.add_parser("operator", help="add an operator account (password: KIOSK_OPERATOR_PASSWORD or asked)")
    op.add_argument("action", choices=["add", "list"])
    op.add_argument("username", nargs="?")
    op.add_argument("--role", choices=["supervisor", "operator", "administrator"], default="supervisor")
    op.add_argument("--hall", default="", help="the hall they work for (default: the city centre, every hall)")
    op.add_argument("--db", default="platform.db", help=DB_HELP)
    migrate = sub.add_parser("migrate", help="bring the database's schema to this version's (serve does it too)")
    migrate.add_argument("--db", default="platform.db", help=DB_HELP)
    sub.add_parser("openapi", help="print the OpenAPI document")
    args = parser.parse_args(argv)

    if args.cmd == "openapi":
        sys.stdout.write(openapi_document())
        return 0
    if args.cmd == "migrate":
        from . import schema
        from .db import open_database
        db = open_database(args.db)
        try:
            print(f"schema at revision {schema.migrate(db)}")
        finally:
            db.close()
        return 0
    if args.cmd == "operator":
        return _operator(args)
    if args.cmd == "pairing-code":
        from .app import create_app
        store = create_app(args.db).state.store
        value, expires = store.create_pairing_code()
        print(f"{value}  (valid until {expires.isoformat()})")
        return 0
    import uvicorn

    from .app import create_app
    try:
        token = _service_token(args.service_token_file)
    except ValueError as exc:
        print(f"kiosk-platform: {exc}", file=sys.stderr)
        return 2
    tls = {"ssl_certfile": str(args.tls_cert), "ssl_keyfile": str(args.tls_key)} if args.tls_cert else {}
    run = {"host": args.host, "port": args.port, "log_level": "warning", "access_log": False, **tls}
    if args.workers <= 1:
        uvicorn.run(create_app(args.db, service_token=token, public_url=args.public_url, stand_ins=args.stand_ins),
                    **run)
        return 0
    # Workers are forked by uvicorn and build their app from the environment (a secret is never an
    # argument); the schema is migrated and the catalog seeded here, once, before they start.
    create_app(args.db).state.store.close()
    os.environ.update({WORKER_DB: args.db, WORKER_PUBLIC_URL: args.public_url or "",
                       WORKER_STAND_INS: "1" if args.stand_ins else "", "KIOSK_PLATFORM_SERVICE_TOKEN": token or ""})
    uvicorn.run("platform_server.cli:worker_app", factory=True, workers=args.workers, **run)
    return 0


WORKER_DB, WORKER_PUBLIC_URL, WORKER_STAND_INS = "KIOSK_PLATFORM_DB", "KIOSK_PLATFORM_PUBLIC_URL", "KIOSK_PLATFORM_STAND_INS"


def worker_app():  # noqa: ANN201 - FastAPI (imported lazily)
    """One worker's app (`serve --workers N`), configured by the parent through the environment."""
    from .app import create_app
    return create_app(os.environ[WORKER_DB], service_token=os.environ.get("KIOSK_PLATFORM_SERVICE_TOKEN") or None,
                      public_url=os.environ.get(WORKER_PUBLIC_URL) or None,
                      stand_ins=bool(os.environ.get(WORKER_STAND_INS)), migrate=False)


def _service_token(path: Path | None) -> str | None:
    if path is None:
        return os.environ.get("KIOSK_PLATFORM_SERVICE_TOKEN") or None
    if path.stat().st_mode & 0o077:
        raise ValueError(f"{path} is readable by others: chmod 600 it")
    return path.read_text().strip() or None


def _operator(args: argparse.Namespace) -> int:
    from .app import create_app
    from .operators import Role
    operators = create_app(args.db).state.platform.operators
    if args.action == "list":
        for name, role, disabled in operators.accounts():
            print("\t".join([name, role.name.lower()] + (["disabled"] if disabled else [])))
        return 0
    if not args.username:
        print("kiosk-platform: operator add needs a user name", file=sys.stderr)
        return 2
    password = os.environ.get("KIOSK_OPERATOR_PASSWORD")
    if password is None:
        import getpass
        password = getpass.getpass(f"password for {args.username}: ")
    from .store import StoreError
    try:
        operators.add(args.username, password, Role[args.role.upper()], args.hall)
    except StoreError as exc:
        print(f"kiosk-platform: {exc.message}", file=sys.stderr)
        return 2
    print(f"{args.username.lower()}: {args.role}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
