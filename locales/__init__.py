"""Translations: one folder per language of Fluent ``.ftl`` files, shipped inside the install.

A package so that ``importlib.resources.files("locales")`` finds them wherever subvault is
installed (a wheel, pipx, or ``pip install -e .``); ``core.i18n`` reads them from there.
"""
