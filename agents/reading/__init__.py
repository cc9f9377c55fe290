"""Text-reading helpers the jd-reader and resume-reader share: sections, dates, degrees."""
