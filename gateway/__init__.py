"""The HTTP gateway: the HR frontend's API, uploads, accounts and starting workflows."""
