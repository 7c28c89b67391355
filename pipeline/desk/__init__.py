"""The collection desk's records, without the web: each unit's link, the sessions it opens, every upload and
its verdict, and an audit chain, kept in SQLite under ``inputs/.desk/`` (a record, backed up with inputs/).
``serve/`` puts a web server in front of it; the ``links`` command uses it directly."""
