"""Book sources: ``book.yaml``, the chapters and their front matter, page markers."""
