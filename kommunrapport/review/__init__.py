"""The review page: every fact of a report drawn on the page it came from, so a person can check it.

Sits above find (it reads an Extraction and the file), beside corpus. See build.py.
"""
from kommunrapport.review.build import (
    ReviewError,
    ReviewResult,
    review_extraction,
    review_html,
    review_report,
)

__all__ = ["ReviewError", "ReviewResult", "review_extraction", "review_html", "review_report"]
