"""Offline cache (issue: offline cache and sync): SQLite outbox, catalog cache, sync worker. Imports nothing of ours above it."""
