"""The domain of opstui: pydantic models and pure rules.

Nothing here imports Textual or SQLite; the storage layer and the UI both build on it.
"""
