"""`kiosk`: run the appliance, or the demo."""
def main(argv=None) -> int:
    raise SystemExit("not yet")
