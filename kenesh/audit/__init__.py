"""The audit log: who changed what, when, in the back office."""
