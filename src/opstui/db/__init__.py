"""Storage: the SQLite file, its schema and migrations, and the store.

This is the only package that speaks SQL. It takes and returns domain models.
"""
