# hubconn.py: a hub store for the tests' Python readers, SQLite or
# PostgreSQL (tests/lib/hubstore.sh, hub_where):
#
#   hub = hubconn.connect(WHERE)   WHERE: the hub.db file, or a
#                                  postgresql:// URL (psycopg2; the
#                                  password from PGPASSWORD)
#   hub.execute(SQL, PARAMS)       SQL with ? parameters, on either; an
#                                  iterable cursor (fetchone, fetchall)
#   hub.kind                       "sqlite" or "postgresql"
import sqlite3


class _PG:
    kind = "postgresql"

    def __init__(self, url):
        import psycopg2
        self.conn = psycopg2.connect(url)
        self.conn.set_session(readonly=True, autocommit=True)

    def execute(self, sql, params=()):
        cur = self.conn.cursor()
        cur.execute(sql.replace("%", "%%").replace("?", "%s"), params)
        return cur


class _SQLite:
    kind = "sqlite"

    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def execute(self, sql, params=()):
        return self.conn.execute(sql, params)


def connect(where):
    if where.startswith(("postgresql://", "postgres://")):
        return _PG(where)
    return _SQLite(where)
