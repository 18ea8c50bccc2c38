"""Telegram bots of subvault."""
