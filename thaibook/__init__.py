"""thaibook: Thai books from Markdown chapters to print-ready PDF."""

__version__ = "0.1.0"
