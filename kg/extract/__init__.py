"""Extraction: entities, metrics and relations from a Document."""
