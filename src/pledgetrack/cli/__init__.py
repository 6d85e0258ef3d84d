"""The command line: the only layer that imports Typer and Rich, reads the environment and the
clock, opens files from paths, prints, and turns errors into exit codes."""
