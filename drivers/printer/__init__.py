"""Printers: A4 through CUPS (cups_printer.py); the 80 mm thermal receipt printer over ESC/POS comes
with issue 7's next step."""
