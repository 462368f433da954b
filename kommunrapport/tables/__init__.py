"""One table's structure and meaning, the same for every reader."""
