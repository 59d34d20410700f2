"""Participatory budgeting: processes, proposals, ballots on every channel, results and implementation."""
