"""Hardware drivers: one package per device kind, each split into protocol (pure bytes <-> values),
driver (the transport: pyserial, pyscard, OpenCV, pycups) and an emulator that speaks the real wire
protocol. Imports nothing of ours above it."""
