"""jd-reader: a workflow's job description → structured `JDProfile`."""
