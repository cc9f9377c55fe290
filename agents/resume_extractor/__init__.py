"""resume-extractor: uploaded resume files (PDF, DOCX, DOC, TXT) → plain text."""
