"""Second-generation ID card reader: a GA 467 (GA/T 467-2019) SAM module on a serial line."""
