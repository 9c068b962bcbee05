"""gunicorn settings for the drills: the production line's sync workers, plus a hook that
can hold one request in the middle of its transaction so the drill can SIGKILL it there.

The drill writes $DRILL_DIR/pause holding the start of a SQL statement (e.g. "insert into
statement_revision"); the first worker to run such a statement takes the file (an atomic
rename, so one request only), writes its pid to $DRILL_DIR/paused and sleeps, its
transaction open and the rows written but not committed.
"""

import os
import time

workers = 3
worker_class = "sync"
timeout = 120
graceful_timeout = 5


def post_worker_init(worker):
    import sqlalchemy as sa

    folder = os.environ["DRILL_DIR"]
    pause, taken = os.path.join(folder, "pause"), os.path.join(folder, "pause.taken")

    @sa.event.listens_for(sa.engine.Engine, "after_cursor_execute")
    def _hold(conn, cursor, statement, parameters, context, executemany):
        if not os.path.exists(pause):
            return
        with open(pause) as f:
            prefix = f.read().strip().lower()
        if not statement.lstrip().lower().replace('"', "").startswith(prefix):
            return
        try:
            os.rename(pause, taken)
        except OSError:
            return  # another request took it
        with open(os.path.join(folder, "paused.tmp"), "w") as f:
            f.write(str(os.getpid()))
        os.rename(os.path.join(folder, "paused.tmp"), os.path.join(folder, "paused"))
        time.sleep(100)  # the drill kills it long before
