"""subvault core: domain, services and storage. Knows nothing of Telegram or HTTP."""
