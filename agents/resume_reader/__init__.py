"""resume-reader: resume text → structured `ResumeProfile`."""
