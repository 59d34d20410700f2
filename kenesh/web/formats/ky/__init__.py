"""Kyrgyz formats."""
