"""osallisuus: clean, score and report participation surveys (THL Osallisuusindikaattori)."""

__version__ = "0.1.0"
