"""Scheduled jobs (APScheduler): each job is a thin call into a core service."""
