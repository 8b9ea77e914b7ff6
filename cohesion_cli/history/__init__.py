"""The engagement's history: every ``check`` run recorded in SQLite, so that each run can say
what changed since the last one (``store`` the file and its schema, ``runs`` recording and
reading runs)."""
