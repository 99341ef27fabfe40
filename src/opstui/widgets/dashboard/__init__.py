"""The dashboard's parts: its rows and columns, table, filters and detail line.

The dashboard screen (``opstui.screens.home``) reads the initiatives and their
summaries and hands them to these widgets; none of them reads the database.
"""
