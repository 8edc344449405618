"""Reference central platform: FastAPI + its own SQLite file. Shares only `api_schema` with the kiosk."""
