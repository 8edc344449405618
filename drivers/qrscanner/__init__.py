"""QR code scanner on a serial line (USB-CDC or RS-232): one code per line."""
