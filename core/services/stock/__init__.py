"""Credential stock: import, list, revoke, replace (``StockService``) and import parsing."""

from core.services.stock.importer import ImportLine, LineProblem, detect_format, parse_import
from core.services.stock.service import ImportReport, StaffCredential, StockEntry, StockService

__all__ = ["ImportLine", "ImportReport", "LineProblem", "StaffCredential", "StockEntry",
           "StockService", "detect_format", "parse_import"]
