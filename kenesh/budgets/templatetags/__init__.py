"""Template tags of the public budget pages."""
