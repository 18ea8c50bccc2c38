"""The ``subvault`` command: starts any part of the system and runs operator tasks."""
