"""Credential stock: import, list, revoke, replace (``StockService``) and import parsing."""

from core.services.stock.importer import ImportLine, LineProblem, detect_format, parse_import
from core.services.stock.service import ImportReport, StockEntry, StockService

__all__ = ["ImportLine", "ImportReport", "LineProblem", "StockEntry",
           "StockService", "detect_format", "parse_import"]
