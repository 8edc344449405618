"""Printers: A4 through CUPS (cups_printer.py), the 80 mm thermal receipt printer over ESC/POS
(escpos.py bytes, escpos_printer.py the serial driver, escpos_emulator.py its stand-in)."""
