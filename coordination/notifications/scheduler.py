"""The one scheduler process: `flask scheduler run`.

APScheduler 3 (a BlockingScheduler in the foreground) runs the jobs of tasks.py:

- heartbeat: every third of the lease, take or renew the database lock (lock.py);
- sweep: every few minutes (NOTIFICATIONS_SWEEP_MINUTES), settle due decisions, create
  due reminders, send what is due;
- digest: daily at NOTIFICATIONS_DIGEST_TIME (Paris time), the daily digests;
- daily: daily at NOTIFICATIONS_DAILY_TIME, the slow reminder kinds (staleness).

Every job first renews the lock; a scheduler that does not hold it does nothing (it
stays idle, ready to take over when the holder's lease expires). Jobs use coalesce=True
(missed runs collapse into one), max_instances=1 and a misfire grace time.

The web application never creates a scheduler: under gunicorn every worker would run
every job. Only this command does.
"""

import logging
import signal
import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from coordination.db import utcnow
from coordination.notifications import lock, tasks, timing
from coordination.notifications.delivery import worker_name

log = logging.getLogger("coordination.scheduler")


class ReminderScheduler:
    def __init__(self, app: Flask, holder: str | None = None, scheduler_class=BlockingScheduler):
        self.app = app
        self.holder = holder or worker_name()
        config = app.config
        self.lease = timedelta(seconds=config["SCHEDULER_LEASE_SECONDS"])
        # Missed runs collapse into one, a job never overlaps itself, a run late by less
        # than the grace time still happens (e.g. after the machine slept).
        self.job_options = {
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": config["SCHEDULER_MISFIRE_GRACE_SECONDS"],
        }
        self.scheduler = scheduler_class(
            timezone=ZoneInfo(config["DISPLAY_TIMEZONE"]), job_defaults=self.job_options
        )
        self.runs: dict[str, int] = {}  # job name -> runs that did work (tests, status)
        self.idle: dict[str, int] = {}  # job name -> runs skipped for not holding the lock
        self._counts_lock = threading.Lock()
        self.holding: bool | None = None
        self._add_jobs()

    def _add_jobs(self) -> None:
        config = self.app.config
        start = utcnow()
        digest_at = timing.parse_hhmm(config["NOTIFICATIONS_DIGEST_TIME"])
        daily_at = timing.parse_hhmm(config["NOTIFICATIONS_DAILY_TIME"])
        heartbeat = max(1, int(self.lease.total_seconds() // 3))
        sweep = config["NOTIFICATIONS_SWEEP_MINUTES"]
        add = self.scheduler.add_job
        options = self.job_options
        add(
            self.heartbeat,
            "interval",
            seconds=heartbeat,
            id="heartbeat",
            next_run_time=start,
            **options,
        )
        add(self.run_sweep, "interval", minutes=sweep, id="sweep", next_run_time=start, **options)
        for job, at, name in (
            (self.run_digest, digest_at, "digest"),
            (self.run_daily, daily_at, "daily"),
        ):
            add(job, "cron", hour=at.hour, minute=at.minute, id=name, **options)

    # --- jobs -----------------------------------------------------------------------------

    def _count(self, table: dict, name: str) -> None:
        with self._counts_lock:
            table[name] = table.get(name, 0) + 1

    def _note(self, holding: bool) -> None:
        if holding != self.holding:
            self.holding = holding
            if holding:
                log.info("scheduler %s holds the lock: it runs the jobs", self.holder)
            else:
                log.warning("another scheduler holds the lock: %s stands by, idle", self.holder)

    def _guarded(self, name: str, task) -> None:
        with self.app.app_context():
            try:
                holding = lock.hold(self.holder, self.lease)
                self._note(holding)
                if not holding:
                    self._count(self.idle, name)
                    return
                report = task(worker=self.holder)
                self._count(self.runs, name)
                if report is not None:
                    log.info("%s: %s", name, report)
            except Exception:
                log.exception("%s failed", name)

    def heartbeat(self) -> None:
        self._guarded("heartbeat", lambda worker: None)

    def run_sweep(self) -> None:
        self._guarded("sweep", tasks.sweep)

    def run_digest(self) -> None:
        self._guarded("digest", tasks.digest)

    def run_daily(self) -> None:
        self._guarded("daily", tasks.daily)

    # --- process ----------------------------------------------------------------------------

    def start(self) -> None:
        """Run until stopped (blocks with a BlockingScheduler); releases the lock after."""
        log.info("scheduler %s starting", self.holder)
        try:
            self.scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            self.stop()
        finally:
            self.release()

    def stop(self, wait: bool = True) -> None:
        """Stop scheduling; with `wait`, let the running jobs finish first."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)

    def release(self) -> None:
        with self.app.app_context():
            if lock.release(self.holder):
                log.info("scheduler %s released the lock", self.holder)

    def run_forever(self) -> None:
        """The command's entry point: SIGTERM and Ctrl-C stop it cleanly."""

        def _terminate(signum, _frame):
            log.info("signal %s: stopping the scheduler", signum)
            self.stop()

        signal.signal(signal.SIGTERM, _terminate)
        logging.getLogger("apscheduler").setLevel(logging.WARNING)  # our jobs log their work
        self.start()
