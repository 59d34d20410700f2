"""The commands of the ops app."""
