"""`kiosk`: run the appliance (`kiosk run`) or the demo with emulated devices (`kiosk demo`)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kiosk.config import ConfigError, load_config

from .qtloop import require_display
from .options import RunOptions
from .startup import run_kiosk


def _logging() -> None:
    # stderr → the journal under systemd. Nothing personal is ever logged (see kiosk/identity.py).
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="the appliance: fullscreen, devices and platform from the configuration")
    run.add_argument("--config", type=Path, help="TOML file (default: $KIOSK_CONFIG or /etc/kiosk/kiosk.toml)")
    demo = sub.add_parser("demo", help="a window with every device emulated and the reference platform embedded")
    demo.add_argument("--no-panel", action="store_true", help="without the device emulator control panel")
    demo.add_argument("--fullscreen", action="store_true", help="locked down like the appliance (leave with SIGTERM)")
    for p in (run, demo):
        p.add_argument("--first-frame-exit", action="store_true", help=argparse.SUPPRESS)
    queue = sub.add_parser("queue", help="the outbox: what waits to be delivered, what needs a technician")
    queue_sub = queue.add_subparsers(dest="queue_cmd", required=True)
    leaves = [queue_sub.add_parser("status", help="queued items, oldest age, last good sync"),
              queue_sub.add_parser("parked", help="items a technician must look at")]
    for leaf in leaves:
        leaf.add_argument("--json", action="store_true")
    sync = sub.add_parser("sync", help="deliver the outbox: now (--once) or as a service (--loop)")
    when = sync.add_mutually_exclusive_group(required=True)
    when.add_argument("--once", action="store_true")
    when.add_argument("--loop", action="store_true")
    oos = sub.add_parser("out-of-service", help="only the out-of-service screen (after a crash loop)")
    oos.add_argument("--reason", default="crash_loop")
    oos.add_argument("--config", type=Path, help="TOML file (default: $KIOSK_CONFIG or /etc/kiosk/kiosk.toml)")
    oos.add_argument("--exit-after", type=float, default=0, help=argparse.SUPPRESS)
    for leaf in (*leaves, sync):
        leaf.add_argument("--config", type=Path, help="TOML file (default: $KIOSK_CONFIG or /etc/kiosk/kiosk.toml)")
    audit = sub.add_parser("audit", help="the audit log of sessions")
    audit_sub = audit.add_subparsers(dest="audit_cmd", required=True)
    verify = audit_sub.add_parser("verify", help="check the hash chain: exit 1 at the first changed line")
    verify.add_argument("--config", type=Path, help="TOML file (default: $KIOSK_CONFIG or /etc/kiosk/kiosk.toml)")
    args = parser.parse_args(argv)
    _logging()

    if args.cmd == "audit":
        return audit_verify(args.config)

    if args.cmd in ("queue", "sync"):
        from kiosk.storage import StoreUnavailable

        from . import queue_cli
        try:
            return queue_cli.main(load_config(args.config), args)
        except (ConfigError, StoreUnavailable) as exc:
            sys.stderr.write(f"错误 / error: {exc}\n")
            return 2

    if not require_display():
        return 2
    if args.cmd == "out-of-service":
        from .out_of_service import run_out_of_service
        try:
            return run_out_of_service(load_config(args.config), args.reason, args.exit_after)
        except ConfigError as exc:
            sys.stderr.write(f"配置错误 / configuration error: {exc}\n")
            return 2
    if args.cmd == "run":
        try:
            return run_kiosk(load_config(args.config), RunOptions(first_frame_exit=args.first_frame_exit))
        except ConfigError as exc:
            sys.stderr.write(f"配置错误 / configuration error: {exc}\n")
            return 2

    from .demo import DemoSetupError, DemoWorld, attach_panel, facing_the_camera
    try:
        world = DemoWorld(fullscreen=args.fullscreen)
    except DemoSetupError as exc:
        sys.stderr.write(f"演示环境无法启动 / the demo could not start: {exc}\n")
        return 2
    try:
        panel = None if args.no_panel else attach_panel(world)
        opts = RunOptions(start_screen=False, first_frame_exit=args.first_frame_exit, camera_source=world.person,
                          after_window=facing_the_camera(world, panel))
        return run_kiosk(world.config, opts)
    finally:
        world.close()


def audit_verify(config: Path | None) -> int:
    from kiosk.audit import AuditError, AuditLog
    try:
        cfg = load_config(config)
        log = AuditLog.open(Path(cfg.kiosk.state_dir))
        try:
            check = log.verify()
        finally:
            log.close()
    except (ConfigError, AuditError) as exc:
        sys.stderr.write(f"错误 / error: {exc}\n")
        return 2
    if check.ok:
        print(f"审计链完整：{check.lines} 行 / audit chain intact: {check.lines} lines, head {check.head[:16]}")
        return 0
    print(f"审计链在第 {check.first_bad_line} 行断开：{check.problem} / "
          f"audit chain broken at line {check.first_bad_line}: {check.problem}")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
