"""hr-comparator: scores a resume profile against the workflow's JD profile, with evidence."""
