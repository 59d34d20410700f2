"""Operations: the request log, the demo loader and the command that runs the whole platform."""
