"""People, their roles in each municipality, verification and permissions."""
