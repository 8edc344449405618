"""Composition root: wires configuration, drivers, the kiosk core and the UI into the `kiosk` command."""
