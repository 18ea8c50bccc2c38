"""Services: one module per capability. They take a Store and plain values, return models."""
