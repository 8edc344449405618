"""Real test peers, started by the test session and stopped by PID: a private cupsd with a
cups-pdf queue, pcscd with the vsmartcard virtual reader, an Xvfb display, a PostgreSQL server.

Facts behind the choices: shared/reference/real-test-peers.md. (pcscd: drivers/smartcard/pcscd.py, shared
with the demo.)
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from drivers.children import stop_process
from drivers.printer.ipp_emulator import PaperSim


class PeerError(RuntimeError):
    pass




def _require(binary: str, package: str) -> str:
    path = shutil.which(binary) or (f"/usr/sbin/{binary}" if os.path.exists(f"/usr/sbin/{binary}") else None)
    if not path:
        raise PeerError(f"{binary} not found: install the Debian package {package} (./dev setup does)")
    return path


# ---------------------------------------------------------------- CUPS

@dataclass
class Cups:
    socket: Path
    proc: subprocess.Popen
    root: Path
    pdf_queue: str = "KioskPDF"
    # cups-pdf's output directory comes from its compiled-in /etc/cups/cups-pdf.conf: $HOME/PDF of the
    # submitting user. Tests match their file by job id and time.
    pdf_dir: Path = Path.home() / "PDF"

    def env(self) -> dict[str, str]:
        return {"CUPS_SERVER": str(self.socket)}

    def stop(self) -> None:
        stop_process(self.proc)
        shutil.rmtree(self.root, ignore_errors=True)

    def add_paper_queue(self, name: str, trays: dict[str, int] | None = None) -> PaperSim:
        """A raw queue on the paper simulator backend (tests/papersim_backend.py); its paper and faults
        are set through the returned state, which the printer's IPP face (IppPrinterEmulator) reads too."""
        paper = PaperSim(Path(tempfile.mkdtemp(prefix="papersim-", dir=self.root))).create(trays or {"tray-1": 250})
        subprocess.run(["lpadmin", "-p", name, "-v", f"papersim:{paper.directory}", "-m", "raw", "-E"],
                       env={**os.environ, **self.env()}, check=True, capture_output=True)
        return paper


def start_cupsd() -> Cups:
    """A private scheduler (own ServerRoot, unix socket): the machine's CUPS is never touched.
    Its directory must be traversable by user lp, which runs filters and backends."""
    cupsd = _require("cupsd", "cups")
    root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    root.chmod(0o755)
    for sub in ("spool", "cache", "state", "tmp", "log"):
        (root / sub).mkdir()
    (root / "tmp").chmod(0o1777)
    sock = root / "cups.sock"
    (root / "cupsd.conf").write_text(
        f"Listen {sock}\nLogLevel warn\nWebInterface No\nDefaultAuthType None\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order allow,deny\n    Allow all\n  </Limit>\n</Policy>\n")
    # Its own ServerBin: the system's filters and backends, plus the tests' paper-out simulator.
    serverbin = root / "serverbin"
    serverbin.mkdir()
    system_bin = Path("/usr/lib/cups")
    for entry in system_bin.iterdir():
        if entry.name != "backend":
            (serverbin / entry.name).symlink_to(entry)
    (serverbin / "backend").mkdir()
    for backend in (system_bin / "backend").iterdir():
        (serverbin / "backend" / backend.name).symlink_to(backend)
    shutil.copy(Path(__file__).with_name("papersim_backend.py"), serverbin / "backend" / "papersim")
    (serverbin / "backend" / "papersim").chmod(0o755)
    (root / "cups-files.conf").write_text(
        f"ServerRoot {root}\nServerBin {serverbin}\nRequestRoot {root}/spool\nCacheDir {root}/cache\nStateDir {root}/state\n"
        f"TempDir {root}/tmp\nErrorLog {root}/log/error_log\nAccessLog {root}/log/access_log\n"
        f"PageLog {root}/log/page_log\nSystemGroup root\n")
    proc = subprocess.Popen([cupsd, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cups = Cups(sock, proc, root)
    env = {**os.environ, **cups.env()}
    deadline = time.monotonic() + 10
    while subprocess.run(["lpstat", "-r"], env=env, capture_output=True, text=True).stdout.strip() \
            != "scheduler is running":
        if proc.poll() is not None or time.monotonic() > deadline:
            cups.stop()
            raise PeerError("cupsd did not start")
        time.sleep(0.05)
    ppd = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
    subprocess.run(["lpadmin", "-p", cups.pdf_queue, "-v", "cups-pdf:/", "-P", ppd, "-E"], env=env, check=True,
                   capture_output=True)
    return cups


# ---------------------------------------------------------------- Xvfb

@dataclass
class Xvfb:
    display: str
    proc: subprocess.Popen

    def stop(self) -> None:
        stop_process(self.proc)


def start_xvfb(width: int = 1280, height: int = 800) -> Xvfb:
    xvfb = _require("Xvfb", "xvfb")
    read_fd, write_fd = os.pipe()
    # -displayfd: Xvfb picks a free display number and writes it when it is ready to accept clients.
    proc = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24",
                             "-nolisten", "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        number = fh.readline().strip()
    if not number:
        stop_process(proc)
        raise PeerError("Xvfb did not start")
    return Xvfb(f":{number}", proc)


# ---------------------------------------------------------------- PostgreSQL

@dataclass
class Postgres:
    """A private PostgreSQL server (Debian's postgresql package) on 127.0.0.1, its data in a temporary
    directory; a database per test module (`database()`), all gone with the server."""
    root: Path
    proc: subprocess.Popen
    port: int
    command: list[str]
    user: str = "kiosk"

    def url(self, dbname: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def database(self) -> str:
        """A new empty database; its URL."""
        import psycopg
        name = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def halt(self) -> None:
        """Stopped, its data kept (a database that dies under the platform): the fast shutdown, which
        ends the platform's open connections (SIGTERM would wait for them)."""
        if self.proc.poll() is None:          # the postmaster itself (runuser does not pass SIGINT on)
            os.kill(int((self.root / "data" / "postmaster.pid").read_text().split()[0]), signal.SIGINT)
            self.proc.wait(timeout=60)

    def resume(self) -> None:
        """Started again on the same data and port."""
        self.proc = subprocess.Popen(self.command, stdout=subprocess.DEVNULL,
                                     stderr=open(self.root / "server.log", "ab"))
        self._wait_ready()

    def _wait_ready(self) -> None:
        import psycopg
        deadline = time.monotonic() + 60
        while True:
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    log = (self.root / "server.log").read_text(errors="replace")[-2000:]
                    self.stop()
                    raise PeerError(f"PostgreSQL did not start:\n{log}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        stop_process(self.proc)
        shutil.rmtree(self.root, ignore_errors=True)


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not found:
        raise PeerError("PostgreSQL not found: install the Debian package postgresql (./dev setup does)")
    return found[-1].parent


def start_postgres(*, durable: bool = False) -> Postgres:
    """`durable=False` (the tests): no fsync — the data dies with the test run anyway; a benchmark that
    measures writes passes True (PostgreSQL's defaults)."""
    from platform_server.runner import free_port
    bindir = _postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    # PostgreSQL refuses to run as root: as root, the server runs as Debian's postgres user
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(root, "postgres", "postgres")
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(root / "data"), "-U", "kiosk", "--auth=trust",
                    "-E", "UTF8", "--no-locale"], check=True, capture_output=True, timeout=120)
    port = free_port()
    options = [] if durable else ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    command = [*as_user, str(bindir / "postgres"), "-D", str(root / "data"), "-p", str(port), "-h", "127.0.0.1",
               "-k", str(root), "-c", "max_connections=200", *options]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=open(root / "server.log", "ab"))
    server = Postgres(root, proc, port, command)
    server._wait_ready()
    return server
