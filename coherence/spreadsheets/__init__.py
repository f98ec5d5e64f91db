"""Bulk work in spreadsheets: export a selection of records to XLSX or CSV, and import
corrections back, validated like every other write, with a dry run first
(docs/decisions/0010-spreadsheet-import.md)."""
