"""The e-book edition: EPUB 3 from the same chapters, its page list tied to the print folios."""
