"""Taking data in: read exports, map them through codebooks, clean, pseudonymise, score and
keep them in the processed store (every input row kept or rejected with a reason)."""
