"""Kenesh: citizens' voice in local budgets."""
