"""Print editions: PDF/X, PDF/A and PDF/UA options, conformance, CMYK, validation."""
