"""`kiosk-provision`: a technician turns a fresh box into a working kiosk.

    kiosk-provision detect [--scan-wait 10]          what the box sees
    kiosk-provision selftest [--cups-queue Q]        a real test per device, pass/fail table
    kiosk-provision enrol --code XXXX-XXXX           pairing code -> device id, token, key pair
    kiosk-provision configure --name N --platform U  /etc/kiosk/kiosk.toml and udev rules
    kiosk-provision install                          user, directories, systemd units, enabled
    kiosk-provision status-slip                      the kiosk's state on the receipt printer
    kiosk-provision all --code … --name … --platform …   all of it in order, with a summary
    kiosk-provision update FILE [--reboot]           a signed system update (RAUC bundle), e.g. from a USB stick

Interactive when run on a terminal (asks for what is missing, asks to scan a code); `--yes` never
asks. `--root DIR` provisions a directory instead of / (tests, image builds).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from kiosk.config import Config, ConfigError, load_config
from kiosk.technician import MIN_DIGITS, WeakPin, hash_pin

from .configure import CONFIG, Choices, configure, host_view, write_udev_rules
from .detect import Found, SerialKind, detect
from .enrol import EnrolError, enrol
from .install import InstallError, install
from .selftest import TestResult, selftest

_KIND_WORDS = {SerialKind.IDCARD: "身份证读卡模块 ID card module", SerialKind.RECEIPT_PRINTER: "凭条打印机 receipt printer",
               SerialKind.QR_SCANNER: "扫码器 QR scanner", SerialKind.UNKNOWN: "未识别 unknown"}


class Console:
    def __init__(self, interactive: bool, as_json: bool) -> None:
        self.interactive, self.as_json = interactive, as_json

    def say(self, text: str = "") -> None:
        if not self.as_json:
            print(text, flush=True)

    def ask(self, prompt: str, default: str = "", *, secret: bool = False) -> str:
        if not self.interactive:
            return default
        if secret:                                   # not echoed: a PIN on a screen is a PIN seen
            import getpass
            return getpass.getpass(f"{prompt}: ").strip() or default
        answer = input(f"{prompt}{f' [{default}]' if default else ''}: ").strip()
        return answer or default


def show_found(c: Console, found: Found) -> None:
    c.say("串口设备 serial devices:")
    for d in found.serial or []:
        c.say(f"  {_KIND_WORDS[d.kind]:<28} {d.path}  {f'{d.baud} bd' if d.baud else ''} {d.detail}")
    if not found.serial:
        c.say("  (none)")
    c.say(f"社保卡读卡器 PC/SC readers: {', '.join(found.pcsc_readers) or '(none)'}")
    c.say(f"摄像头 cameras: {', '.join(x.source for x in found.cameras) or '(none)'}")
    c.say("打印队列 CUPS queues: " + (", ".join(f"{q.name} ({q.state}{' ' + ','.join(q.reasons) if q.reasons else ''})"
                                             for q in found.cups_queues) or "(none)"))
    for p in found.problems:
        c.say(f"  注意 note: {p}")


def show_results(c: Console, results: list[TestResult]) -> None:
    c.say(f"  {'结果':<4} {'设备 device':<16} {'对象 target':<44} {'秒':>6}  说明 detail")
    for r in results:
        mark = "通过 PASS" if r.ok else "失败 FAIL"
        c.say(f"  {mark:<9} {r.device:<16} {r.target[-44:]:<44} {r.seconds:>6.2f}  {r.detail}")


def _config_at(root: Path) -> Config:
    path = root / CONFIG
    return load_config(path) if path.exists() else Config()


def _detect(args: argparse.Namespace, c: Console) -> Found:
    wait = args.scan_wait
    if wait == 0 and c.interactive:
        c.say("如有扫码器，请在 10 秒内扫描任意二维码 / if there is a QR scanner, scan any code within 10 s")
        wait = 10.0
    return detect(args.root, cups_server=args.cups_server, scan_wait_s=wait, extra_cameras=tuple(args.camera))


def cmd_detect(args: argparse.Namespace, c: Console) -> int:
    found = _detect(args, c)
    if c.as_json:
        print(json.dumps(asdict(found), ensure_ascii=False, default=str))
    else:
        show_found(c, found)
    return 0


def _selftest(args: argparse.Namespace, c: Console, found: Found) -> list[TestResult]:
    from kiosk.platform_client import PlatformClient
    cfg = _config_at(args.root)
    host = host_view(cfg, args.root)
    client = PlatformClient(host.platform)
    queues = tuple(args.cups_queue) or ((cfg.printer.queue,) if cfg.printer.queue else ())
    try:
        return selftest(found, cfg, args.root, cups_server=args.cups_server, cups_queues=queues,
                        client=client if client.is_enrolled() else None)
    finally:
        client.close()


def cmd_selftest(args: argparse.Namespace, c: Console) -> int:
    results = _selftest(args, c, _detect(args, c))
    if c.as_json:
        print(json.dumps([asdict(r) for r in results], ensure_ascii=False))
    else:
        show_results(c, results)
    return 0 if all(r.ok for r in results) else 1


def _choices(args: argparse.Namespace, c: Console, cfg: Config) -> Choices:
    name = args.name or c.ask("终端名称 kiosk name", cfg.kiosk.name)
    url = args.platform or c.ask("平台地址 platform URL", cfg.platform.url)
    # Never an argument (a command line is visible to every user in `ps`): the environment or the terminal.
    pin = os.environ.get("KIOSK_TECHNICIAN_PIN", "") or (
        c.ask(f"技术人员 PIN，至少 {MIN_DIGITS} 位数字 (留空不变) technician PIN, {MIN_DIGITS}+ digits (empty: keep)",
              secret=True) if c.interactive else "")
    try:
        pin_hash = hash_pin(pin) if pin else ""
    except WeakPin as exc:
        raise ConfigError(f"{exc} / 技术人员 PIN 至少 {MIN_DIGITS} 位数字，且不能是重复或连续数字") from None
    return Choices(kiosk_name=name, platform_url=url, cups_queue=(args.cups_queue or [""])[0],
                   camera=(args.camera or [""])[0], technician_pin_hash=pin_hash)


def cmd_configure(args: argparse.Namespace, c: Console, found: Found | None = None) -> int:
    found = found or _detect(args, c)
    written = configure(args.root, found, _choices(args, c, _config_at(args.root)))
    rules = write_udev_rules(args.root, found)
    for w in (written, rules):
        c.say(f"  {'已写入 written' if w.changed else '未变 unchanged'}: {w.path}"
              + (f"  (旧文件 backup: {w.backup.name})" if w.backup else ""))
    return 0


def cmd_enrol(args: argparse.Namespace, c: Console) -> int:
    code = args.code or c.ask("配对码 pairing code (XXXX-XXXX)")
    if not code:
        c.say("需要配对码 / a pairing code is required (--code)")
        return 2
    cfg = _config_at(args.root)
    if args.platform:
        from kiosk.config import with_overrides
        cfg = with_overrides(cfg, platform={"url": args.platform})
    try:
        done = enrol(host_view(cfg, args.root), args.root, code, force=args.force)
    except EnrolError as exc:
        c.say(f"注册失败 / enrolment failed: {exc}")
        return 1
    c.say(f"  已注册 enrolled: {done.device_id}   密钥指纹 key fingerprint: {done.key_fingerprint}")
    return 0


def cmd_install(args: argparse.Namespace, c: Console) -> int:
    result = install(args.root, getattr(args, "kiosk_bin", None))
    for w in result.written:
        c.say(f"  {'已写入 written' if w.changed else '未变 unchanged'}: {w.path}")
    c.say(f"  开机启动 enabled: {', '.join(result.enabled)}")
    for note in result.notes:
        c.say(f"  注意 note: {note}")
    return 0


def cmd_status_slip(args: argparse.Namespace, c: Console) -> int:
    from .slip import print_status_slip
    cfg = _config_at(args.root)
    outcome = print_status_slip(cfg, host_view(cfg, args.root), args.root, args.cups_server)
    c.say(f"  状态单 status slip: {outcome.message_code}")
    return 0 if outcome.ok else 1


def _live_system(root: Path) -> bool:
    """Provisioning the running system (not an image or a test's root) with systemd as PID 1."""
    return root.resolve() == Path("/") and Path("/run/systemd/system").is_dir()


def _systemctl(*args: str) -> None:
    subprocess.run(["systemctl", *args], capture_output=True, timeout=120)


def cmd_all(args: argparse.Namespace, c: Console) -> int:
    """Every step in order, timed; the summary as a table or JSON."""
    times: dict[str, float] = {}
    start = time.monotonic()
    live = _live_system(args.root)
    if live:                  # the running kiosk lets go of its devices while they are probed and tested
        _systemctl("stop", "kiosk.service", "kiosk-out-of-service.service")

    def step(n: int, words: str) -> float:
        c.say(f"[{n}/5] {words}")
        return time.monotonic()
    t = step(1, "检测设备 detect")
    found = _detect(args, c)
    times["detect_s"] = time.monotonic() - t
    show_found(c, found)
    t = step(2, "写配置 configure")
    cmd_configure(args, c, found)
    times["configure_s"] = time.monotonic() - t
    t = step(3, "安装服务 install")
    cmd_install(args, c)
    times["install_s"] = time.monotonic() - t
    t = step(4, "注册到平台 enrol")
    enrolled = cmd_enrol(args, c) == 0
    times["enrol_s"] = time.monotonic() - t
    t = step(5, "逐项自检 selftest")
    results = _selftest(args, c, found)
    times["selftest_s"] = time.monotonic() - t
    show_results(c, results)
    times["total_s"] = time.monotonic() - start
    ok = enrolled and all(r.ok for r in results)
    if live:                  # and comes back with what was just written (a crash loop's count forgotten)
        _systemctl("reset-failed", "kiosk.service")
        _systemctl("start", "kiosk.service")
    c.say(f"\n{'完成 DONE' if ok else '未完成 NOT DONE'}: {sum(r.ok for r in results)}/{len(results)} 项通过, "
          f"用时 {times['total_s']:.1f} s")
    if c.as_json:
        print(json.dumps({"ok": ok, **{k: round(v, 3) for k, v in times.items()},
                          "results": [asdict(r) for r in results]}, ensure_ascii=False))
    return 0 if ok else 1


def cmd_update(args: argparse.Namespace) -> int:
    from .updates import UpdateRefused, enrolled, install
    print(f"校验并写入另一个系统槽 checking and writing the other slot: {args.bundle}", flush=True)
    # an unenrolled box has no platform to hear it: drawing its screen is the proof then
    needs_platform = not args.offline and enrolled()
    try:
        trial = install(args.bundle, allow_downgrade=args.allow_downgrade, needs_platform=needs_platform)
    except UpdateRefused as exc:
        sys.stderr.write(f"未更新 not updated ({exc.code}): {exc}\n")
        return 1
    print(f"已写入 installed: release {trial.version} in slot {trial.slot}; "
          f"它在下次启动时证明自己 it proves itself at the next boot, else the box goes back to {trial.from_version}")
    if args.reboot:
        from .updates import reboot
        reboot()
    return 0


def cmd_boot_check(args: argparse.Namespace) -> int:
    from .bootcheck import check_boot
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    print(f"kiosk-boot-check: {check_boot()}", flush=True)
    return 0


def cmd_carry_config(args: argparse.Namespace) -> int:
    from .bootcheck import carry_to_target_slots
    print(f"carried into the new slot: {', '.join(carry_to_target_slots()) or 'nothing'}", flush=True)
    return 0


def cmd_update_check(args: argparse.Namespace) -> int:
    from kiosk.config import load_config
    from kiosk.platform_client import PlatformClient
    from .updater import check
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    cfg = load_config()
    client = PlatformClient(cfg.platform)
    if not client.is_enrolled():
        print("kiosk-update: not enrolled: updates come from a technician's stick (kiosk-provision update FILE)")
        return 0
    try:
        print(f"kiosk-update: {check(cfg, client)}", flush=True)
    finally:
        client.close()
    return 0


UPDATE_COMMANDS = {"update": cmd_update, "boot-check": cmd_boot_check, "carry-config": cmd_carry_config,
                   "update-check": cmd_update_check}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk-provision", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    # The common options go before or after the subcommand (`kiosk-provision install --yes` as well as
    # `kiosk-provision --yes install`): the subcommands repeat them with defaults that leave a value
    # given before the subcommand alone.
    common = argparse.ArgumentParser(add_help=False)
    for target, defaults in ((parser, True), (common, False)):
        keep = {} if defaults else {"default": argparse.SUPPRESS}
        target.add_argument("--root", type=Path, help="provision this directory instead of /",
                            **(keep or {"default": Path("/")}))
        target.add_argument("--yes", "-y", action="store_true", help="never ask (non-interactive)", **keep)
        target.add_argument("--json", action="store_true", help="machine-readable output", **keep)
        target.add_argument("--cups-server", help="CUPS server or socket (default: the system's)", **keep)
        target.add_argument("--scan-wait", type=float, help="seconds to listen for a scanned code",
                            **(keep or {"default": 0.0}))
        target.add_argument("--camera", action="append", help="a camera source spec to add (e.g. video:/x.mp4)",
                            **(keep or {"default": []}))
        target.add_argument("--cups-queue", action="append", help="the A4 queue (test page in selftest)",
                            **(keep or {"default": []}))
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("detect", "selftest", "status-slip"):
        sub.add_parser(name, parents=[common])
    sub.add_parser("install", parents=[common]).add_argument(
        "--kiosk-bin", help="the path of `kiosk` inside the provisioned root (an image build: not this host's venv)")
    for name in ("enrol", "configure", "all"):
        p = sub.add_parser(name, parents=[common])
        p.add_argument("--name", default="")
        p.add_argument("--platform", default="")
        p.add_argument("--code", default="")
        p.add_argument("--force", action="store_true", help="enrol again although enrolled")
    p = sub.add_parser("update", parents=[common], help="install a signed system update into the other slot")
    p.add_argument("bundle", type=Path)
    p.add_argument("--reboot", action="store_true", help="reboot into it when installed")
    p.add_argument("--allow-downgrade", action="store_true", help="an older release (the platform's decision)")
    p.add_argument("--offline", action="store_true",
                   help="the new system proves itself without reaching the platform (a box offline in a park)")
    sub.add_parser("update-check", help="(kiosk-update.timer) the platform's release: download, install and "
                                        "reboot when quiet")
    sub.add_parser("boot-check", help="(kiosk-boot-check.service) mark this boot's slot good or roll back")
    sub.add_parser("carry-config", help="(RAUC's post-install handler) this box's configuration into the new slot")
    args = parser.parse_args(argv)
    if args.cmd in UPDATE_COMMANDS:
        return UPDATE_COMMANDS[args.cmd](args)
    console = Console(interactive=sys.stdin.isatty() and not args.yes and not args.json, as_json=args.json)
    commands = {"detect": cmd_detect, "selftest": cmd_selftest, "enrol": cmd_enrol, "configure": cmd_configure,
                "install": cmd_install, "status-slip": cmd_status_slip, "all": cmd_all}
    try:
        return commands[args.cmd](args, console)
    except (ConfigError, InstallError) as exc:
        sys.stderr.write(f"错误 / error: {exc}\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
