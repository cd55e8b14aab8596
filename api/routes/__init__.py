"""Routers, one module per resource; each has a prefix and tags."""
