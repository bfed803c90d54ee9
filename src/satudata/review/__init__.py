"""The walidata review workflow: submit, review (with checklist and diff), return or approve,
pembina review for priority data, publish, roll back."""
