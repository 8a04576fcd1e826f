"""The SparkSession a Spark scan runs on: the running application's, or a new one for `scan.spark.master`.

pyspark is an optional dependency (`jejak[spark]`), imported only when a scan asks for Spark. A session
already active in this process is used as it is. Otherwise one is built: for the configured master, else for
the master spark-submit chose when jejak runs under it (a Databricks or Dataproc job), else for local[2].
Local masters stay on the loopback interface with no web UI (a scan must not open ports to the network by
surprise), and their Python workers run this very interpreter, so they import the same jejak.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

from jejak.config import SparkConfig
from jejak.errors import UsageError

APP_NAME = "jejak-scan"
DEFAULT_MASTER = "local[2]"
GATEWAY_ENV = "PYSPARK_GATEWAY_PORT"  # set by spark-submit for the Python program it runs
MISSING_PYSPARK = "the Spark engine needs pyspark: pip install 'jejak[spark]'"
#: Settings for every session jejak builds: jejak draws its own progress bar.
COMMON_CONF = {"spark.ui.showConsoleProgress": "false"}
#: Settings for local masters: loopback only, no UI.
LOCAL_CONF = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
}


def require_pyspark() -> None:
    """Fail with one line (exit 2) before a run starts when pyspark is not installed."""
    try:
        import pyspark.sql  # noqa: F401
    except ImportError as exc:
        raise UsageError(MISSING_PYSPARK) from exc


@dataclass
class OwnedSession:
    """A session and whether jejak owns it: jejak stops a session it started when the scan ends, never
    one it found running or one of the application spark-submit started for it."""

    spark: Any  # pyspark.sql.SparkSession
    owned: bool

    def stop(self) -> None:
        if self.owned:
            self.spark.stop()


def is_local(master: str | None) -> bool:
    return master is not None and (master == "local" or master.startswith(("local[", "local-cluster[")))


def under_spark_submit() -> bool:
    """Whether this process was started by spark-submit (or a platform's job runner built on it), which
    hands Python the gateway to its JVM and has already chosen the master."""
    return GATEWAY_ENV in os.environ


def effective_master(settings: SparkConfig) -> str | None:
    """The master to ask the builder for; None leaves the choice to spark-submit."""
    if settings.master is not None:
        return settings.master
    return None if under_spark_submit() else DEFAULT_MASTER


def session_conf(settings: SparkConfig) -> dict[str, str]:
    """What the builder is given: jejak's defaults, under the user's `scan.spark.conf`."""
    defaults = {**COMMON_CONF, **(LOCAL_CONF if is_local(effective_master(settings)) else {})}
    return {**defaults, **settings.conf}


def open_session(settings: SparkConfig) -> OwnedSession:
    """The active session if there is one, else a new one for `settings.master`."""
    require_pyspark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return OwnedSession(active, owned=False)
    master = effective_master(settings)
    if is_local(master):
        # read by the JVM and the Python workers it starts; values already set win
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder: Any = SparkSession.builder.appName(APP_NAME)
    if master is not None:
        builder = builder.master(master)
    for key, value in session_conf(settings).items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: no Java, a bad master URL, an unreachable cluster
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        shown = master or "from spark-submit"
        raise UsageError(f"cannot start Spark (master {shown}): {first}") from exc
    return OwnedSession(spark, owned=not under_spark_submit())  # a platform's session is not jejak's to stop
