"""Technician provisioning CLI (kiosk-provision): detect, selftest, enrol, configure, install."""
