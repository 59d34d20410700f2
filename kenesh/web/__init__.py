"""Base templates, static assets, shared UI pieces and the public pages that belong to no domain."""
