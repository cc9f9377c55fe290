"""The four hrflow agents: resume-extractor, jd-reader, resume-reader and hr-comparator."""
