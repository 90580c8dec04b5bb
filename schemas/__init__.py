"""JSON Schemas, shipped as package data (see pyproject.toml)."""
