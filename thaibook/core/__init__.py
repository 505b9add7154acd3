"""The core every stage rests on: errors, the book's types and settings, files, the cache store.

Nothing here imports another part of thaibook."""
