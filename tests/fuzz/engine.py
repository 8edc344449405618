"""A small mutation fuzzer: valid inputs mutated (bit flips, interesting bytes, inserts, deletes,
duplicated and spliced ranges; for text, characters that trip parsers: other scripts' digits,
full-width forms, letters whose upper case is longer, lone surrogates, format characters).

Why our own and not atheris: atheris builds against a matching clang/libFuzzer and has no wheel for
every Python we meet; these parsers are small, their states are reached from mutated valid frames, and
a crash is any exception outside the target's documented error — which this finds in seconds
(tests/security/test_fuzz.py replays the four crash sites atheris found before they were fixed).
"""

from __future__ import annotations

import random
import time
import traceback
from dataclasses import dataclass, field

from .targets import Target

_BYTES = (0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0A, 0x0D, 0x1B, 0x1D, 0x20, 0x30, 0x39, 0x90)
_CHARS = ("۵", "٣", "５", "¹", "①", "𝟘", "Ⅻ", "〇", "ß", "ﬀ", "İ", "\u0301", "\u202e", "\ufeff", "\u3000", "\x85",
          "\x00", "\ud800", "X", "x", " ", "-", "+", "\n", "é", "汉", "🀄")


@dataclass
class Crash:
    where: str               # file:line of the innermost frame, and the exception type
    error: str
    data: bytes


@dataclass
class Result:
    target: str
    inputs: int
    crashes: dict[str, Crash] = field(default_factory=dict)
    slowest_ms: float = 0.0
    seconds: float = 0.0


def _mutate_bytes(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    op = rng.randrange(9)
    n = len(data)
    if op == 0 and n:
        data[rng.randrange(n)] ^= 1 << rng.randrange(8)
    elif op == 1 and n:
        data[rng.randrange(n)] = rng.choice(_BYTES)
    elif op == 2:
        pos = rng.randrange(n + 1)
        data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))
    elif op == 3 and n:
        start = rng.randrange(n)
        del data[start:start + rng.randrange(1, 33)]
    elif op == 4 and n:
        start = rng.randrange(n)
        chunk = data[start:start + rng.randrange(1, 65)]
        pos = rng.randrange(n + 1)
        data[pos:pos] = chunk
    elif op == 5 and n:
        del data[rng.randrange(n):]                                        # cut short
    elif op == 6:
        other = rng.choice(seeds)
        if other:
            start = rng.randrange(len(other))
            pos = rng.randrange(n + 1)
            data[pos:pos] = other[start:start + rng.randrange(1, 129)]
    elif op == 7 and n >= 2:                                                # a UCS-2 character (card text)
        pos = rng.randrange(n // 2) * 2
        data[pos:pos + 2] = rng.choice(_CHARS)[0].encode("utf-16-le", "surrogatepass")[:2]
    elif n >= 2:                                                            # a 16-bit length field
        pos = rng.randrange(n - 1)
        data[pos:pos + 2] = rng.choice((0, 1, 0xFF, 0x7FFF, 0xFFFF, min(n, 0xFFFF), min(n + 1, 0xFFFF), n - 1)).to_bytes(2, "big")


def _mutate_text(data: bytearray, rng: random.Random) -> bytes:
    text = list(data.decode("utf-8", "replace"))
    pos = rng.randrange(len(text) + 1)
    char = rng.choice(_CHARS)
    if text and rng.random() < 0.5:
        text[min(pos, len(text) - 1)] = char
    else:
        text.insert(pos, char)
    return "".join(text).encode("utf-8", "surrogatepass")


def mutate(seed: bytes, rng: random.Random, seeds: list[bytes], text: bool) -> bytes:
    data = bytearray(seed)
    for _ in range(1 + min(int(rng.expovariate(0.7)), 8)):
        if text and rng.random() < 0.5:
            data = bytearray(_mutate_text(data, rng))
        else:
            _mutate_bytes(data, rng, seeds)
    return bytes(data)


def _where(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{frame.filename.rsplit('/', 2)[-2:][-1]}:{frame.lineno} {type(exc).__name__}"


def run_one(target: Target, data: bytes) -> Crash | None:
    """None when the target accepted the input or refused it with its documented error."""
    try:
        target.run(data)
    except target.expected:
        return None
    except Exception as exc:      # noqa: BLE001 - anything else is exactly what we look for
        return Crash(_where(exc), f"{type(exc).__name__}: {exc}"[:200], data)
    return None


def fuzz(target: Target, inputs: int, seed: int = 0, corpus_max: int = 64) -> Result:
    """`inputs` mutated inputs; mutants that took a new path out (a new error message) join the corpus."""
    rng = random.Random(seed)
    seeds = target.seeds()
    corpus = list(seeds)
    seen: set[str] = set()
    result = Result(target.name, inputs)
    start = time.perf_counter()
    for _ in range(inputs):
        data = mutate(rng.choice(corpus), rng, seeds, target.text)
        t0 = time.perf_counter()
        try:
            target.run(data)
            outcome = "ok"
        except target.expected as exc:
            outcome = str(exc)[:40]
        except Exception as exc:  # noqa: BLE001
            crash = Crash(_where(exc), f"{type(exc).__name__}: {exc}"[:200], data)
            result.crashes.setdefault(crash.where, crash)
            outcome = crash.where
        result.slowest_ms = max(result.slowest_ms, (time.perf_counter() - t0) * 1000)
        if outcome not in seen:
            seen.add(outcome)
            if len(corpus) < corpus_max and len(data) < 65536:
                corpus.append(data)
    result.seconds = time.perf_counter() - start
    return result
