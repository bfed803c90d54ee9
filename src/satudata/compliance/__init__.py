"""Compliance: the Daftar Data (what each OPD owes), scores, the board, reminders, reports."""
