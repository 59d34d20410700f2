"""Citizens' appeals to an LSG body: registration, deadlines in working days, answers, public tracking."""
