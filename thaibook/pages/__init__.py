"""Pages: pagination against page markers, agreement with the original, revision report, import, proofs."""
