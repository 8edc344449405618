"""ID card read: find + select + read against the GA 467 emulator paced at 115200 8N1, vs the time
the frames themselves need on the wire (both directions, 10 bits a byte). The emulator's modelled
card-processing delay is zero, so the ratio is the driver's own overhead. Also: card placed ->
`Identity` delivered through the monitor thread and the core's translation.

    python -m bench.idcard [--reads N] [--poll S]
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import time

from drivers.idcard.emulator import Ga467Emulator, sample_card
from drivers.idcard.protocol import Command, encode_command, encode_read, encode_response, encode_text
from drivers.idcard.reader import IdCardMonitor, IdCardReader
from drivers.ptypair import PtyPair
from kiosk.cards import DocumentPresented, from_reader_event

BAUD = 115200


def wire_seconds() -> float:
    card = sample_card()
    frames = [encode_command(Command.FIND_CARD), encode_response(0x9F, bytes(4)),
              encode_command(Command.SELECT_CARD), encode_response(0x90, bytes(8)),
              encode_command(Command.READ_TEXT_PHOTO),
              encode_response(0x90, encode_read(encode_text(card.text), card.photo_wlt))]
    return sum(len(f) for f in frames) * 10 / BAUD


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reads", type=int, default=30)
    parser.add_argument("--poll", type=float, default=0.1, help="monitor poll interval for to_identity_s")
    args = parser.parse_args()

    with PtyPair() as pair:
        emu = Ga467Emulator(str(pair.device_path), BAUD, processing_delay_s=0.0).start()
        reader = IdCardReader(str(pair.host_path), BAUD)
        reader.open()
        reads = []
        for _ in range(args.reads):
            emu.remove()
            emu.place(sample_card())
            start = time.perf_counter()
            assert reader.find_card()
            reader.read_card()
            reads.append(time.perf_counter() - start)
        reader.close()

        events: queue.Queue = queue.Queue()
        monitor = IdCardMonitor(str(pair.host_path), lambda e: events.put((time.perf_counter(), from_reader_event(e))),
                                BAUD, poll_interval_s=args.poll)
        monitor.start()
        to_identity = []
        time.sleep(0.5)
        for _ in range(max(5, args.reads // 3)):
            emu.remove()
            time.sleep(args.poll * 3)                    # the monitor sees the card leave
            while not events.empty():
                events.get()
            placed = time.perf_counter()
            emu.place(sample_card())
            while True:
                at, event = events.get(timeout=10)
                if isinstance(event, DocumentPresented):
                    to_identity.append(at - placed)
                    break
        monitor.stop()
        emu.stop()

    read_s, wire_s = statistics.median(reads), wire_seconds()
    print(json.dumps({"read_s": round(read_s, 4), "wire_s": round(wire_s, 4), "ratio": round(read_s / wire_s, 3),
                      "read_p95_s": round(sorted(reads)[int(len(reads) * 0.95) - 1], 4),
                      "to_identity_s": round(statistics.median(to_identity), 4), "poll_interval_s": args.poll,
                      "reads": len(reads)}))


if __name__ == "__main__":
    main()
