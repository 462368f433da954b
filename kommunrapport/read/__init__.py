"""Readers: a file -> Document (blocks; words with positions). One module per rendition."""
