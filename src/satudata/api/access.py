"""Which policy rule guards each API route: the table the permission test checks.

The services enforce the rules (`satudata.auth.policy`); this table names, for every
route, who should get through, so that a test can call every route as every role and
compare. A new route without an entry here fails that test.

Rules:
- `anyone`: no sign-in needed (reads still see only what the access level allows);
- `reader`: whoever may read the dataset (terbuka: everyone; tertutup: its OPD, the
  walidata, leaders, administrators, and the pembina once a version is put before it,
  which the test's tertutup dataset never is);
- `org-write`: producers of the owning OPD and administrators;
- `commenter`: `org-write`, the walidata and the pembina;
- `reviewer`: the walidata (custodian, delegate) and administrators;
- `publisher`: the custodian and administrators;
- `audit`: the walidata and administrators;
- `signed-in`: any signed-in user (each sees only their own things);
- `admin`: administrators (org admins for their OPD's producers);
- `credentials`: open to all; what counts is the e-mail and password sent.
"""

from __future__ import annotations

V = "/api/v1/datasets/{slug}/versions/{number}"

ROUTE_RULES: dict[tuple[str, str], str] = {
    ("GET", "/api/v1/organizations"): "anyone",
    ("GET", "/api/v1/datasets"): "anyone",
    ("GET", "/api/v1/checks"): "anyone",
    ("GET", "/api/v1/datasets/{slug}"): "reader",
    ("GET", "/api/v1/datasets/{slug}/rows"): "reader",
    ("GET", "/api/v1/datasets/{slug}/aggregate"): "reader",
    ("GET", "/api/v1/datasets/{slug}/download"): "reader",
    ("PATCH", "/api/v1/datasets/{slug}"): "org-write",
    ("POST", "/api/v1/datasets/{slug}/versions"): "org-write",
    ("POST", "/api/v1/datasets/{slug}/validate"): "org-write",
    ("PUT", "/api/v1/datasets/{slug}/checks/{check_type}"): "org-write",
    ("PUT", "/api/v1/datasets/{slug}/schema"): "org-write",
    ("GET", "/api/v1/uploads/{upload_id}"): "org-write",
    ("GET", "/api/v1/uploads/{upload_id}/annotated"): "org-write",
    ("POST", f"{V}/submit"): "org-write",
    ("POST", f"{V}/withdraw"): "org-write",
    ("POST", f"{V}/take"): "reviewer",
    ("POST", f"{V}/return"): "reviewer",
    ("POST", f"{V}/approve"): "reviewer",
    ("POST", f"{V}/publish"): "publisher",
    ("POST", f"{V}/republish"): "publisher",
    ("POST", f"{V}/unpublish"): "publisher",
    ("GET", f"{V}/review"): "reader-of-drafts",
    ("POST", f"{V}/comments"): "commenter",
    ("GET", "/api/v1/review/queue"): "reviewer",
    ("POST", "/api/v1/datasets/{slug}/metadata/approve"): "reviewer",
    ("POST", "/api/v1/datasets/{slug}/metadata/refuse"): "reviewer",
    ("GET", "/api/v1/audit"): "audit",
    ("GET", "/api/v1/audit.csv"): "audit",
    ("GET", "/api/v1/datasets/{slug}/history"): "audit",
    ("POST", "/api/v1/auth/login"): "credentials",
    ("POST", "/api/v1/auth/logout"): "anyone",
    ("GET", "/api/v1/me"): "anyone",  # says who you are, "anonymous" included
    ("GET", "/api/v1/jobs/{job_id}"): "signed-in",
    ("GET", "/api/v1/tokens"): "signed-in",
    ("POST", "/api/v1/tokens"): "signed-in",
    ("DELETE", "/api/v1/tokens/{token_id}"): "signed-in",
    ("GET", "/api/v1/users"): "admin",
    ("POST", "/api/v1/users"): "admin",
    ("POST", "/api/v1/users/{email}/roles"): "admin",
    ("DELETE", "/api/v1/users/{email}/roles/{role_name}"): "admin",
    ("GET", "/api/v1/inbox"): "signed-in",
    ("POST", "/api/v1/inbox/{notification_id}/read"): "signed-in",
    # compliance: the walidata keeps the Daftar Data; services show an OPD only its own items
    ("GET", "/api/v1/daftar-data"): "signed-in",
    ("POST", "/api/v1/daftar-data"): "reviewer",
    ("PATCH", "/api/v1/daftar-data/{item_id}"): "reviewer",
    ("DELETE", "/api/v1/daftar-data/{item_id}"): "reviewer",
    ("GET", "/api/v1/daftar-data/{item_id}/gaps"): "signed-in",
    ("GET", "/api/v1/daftar-data.xlsx"): "signed-in",
    ("POST", "/api/v1/daftar-data/import"): "reviewer",
    ("GET", "/api/v1/compliance/board"): "signed-in",
    ("GET", "/api/v1/compliance/organizations/{code}"): "reader",
    ("GET", "/api/v1/compliance/reports"): "signed-in",
    ("POST", "/api/v1/compliance/reports"): "reviewer",
    ("GET", "/api/v1/compliance/reports/{month}"): "signed-in",
    ("GET", "/api/v1/compliance/reports/{month}/download"): "signed-in",
}
