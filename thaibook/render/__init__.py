"""Rendering: the sandbox WeasyPrint reads through, and the PDF's post-processing."""
