"""Models of the territory app."""
