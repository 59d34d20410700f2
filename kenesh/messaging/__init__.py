"""Email and SMS: a gateway interface with a database outbox/inbox and an HTTP gateway for production."""
