"""The operations console at `/console/`: server-rendered pages over the gateway's own services.

`session` signs people in with a cookie and guards forms with a CSRF token; `render` holds the
templates and their filters; `charts` draws inline SVG; the page modules (`workflows`,
`queues`, `reports`) read through the same tracker client and dead-letter code as the API.
"""
