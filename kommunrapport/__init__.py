"""kommunrapport: Swedish municipal committee reports into one canonical set of tables.

    import kommunrapport
    ex = kommunrapport.extract("report.pdf")      # -> Extraction; ex.to_frames() -> dict of DataFrames
    db = kommunrapport.corpus.open("corpus.duckdb")

The names below are loaded on first use, so that `import kommunrapport` (and `kommunrapport --help`)
stays quick.
"""

__version__ = "0.1.0"

_API = {"extract", "extract_many", "load", "Extraction", "Batch", "parse_pages"}
__all__ = ["__version__", "UnreadableDocument", "VocabError", "corpus", *sorted(_API)]


def __getattr__(name: str):
    if name in _API:
        from kommunrapport import api

        return getattr(api, name)
    if name == "UnreadableDocument":
        from kommunrapport.read.errors import UnreadableDocument

        return UnreadableDocument
    if name == "VocabError":
        from kommunrapport.normalize.vocab import VocabError

        return VocabError
    if name == "corpus":
        import importlib

        return importlib.import_module("kommunrapport.corpus")
    raise AttributeError(f"module 'kommunrapport' has no attribute '{name}'")
