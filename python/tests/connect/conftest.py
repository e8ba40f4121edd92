"""A Spark Connect server started from the installed pyspark, with the bundled LazyNet jar, on 127.0.0.1,
and a Connect session to it; the server is stopped after the suite."""

import os
import pathlib
import socket
import subprocess
import time

import pyspark
import pytest
from pyspark.sql import SparkSession

import lazynet

SERVER_START_SECONDS = 180


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(server, port, log):
    """Returns once the server accepts connections; fails with its log if it exits or never listens."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"The Connect server exited with {server.returncode}:\n{log.read_text()[-4000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"The Connect server did not listen on port {port} in {SERVER_START_SECONDS} s:\n"
                f"{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    spark_home = pathlib.Path(pyspark.__file__).parent
    port = free_port()
    log = tmp_path_factory.mktemp("connect-server") / "server.log"
    command = [str(spark_home / "bin" / "spark-submit"),
               "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
               "--master", "local[2]", "--jars", lazynet.jar_path(),
               "--conf", "spark.ui.enabled=false",
               "--conf", "spark.sql.shuffle.partitions=2",
               "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
               "--conf", f"spark.connect.grpc.binding.port={port}"]
    environment = dict(os.environ, SPARK_HOME=str(spark_home), SPARK_LOCAL_IP="127.0.0.1")
    with open(log, "w") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=environment)
    try:
        wait_until_listening(server, port, log)
        session = SparkSession.builder.remote(f"sc://127.0.0.1:{port}").getOrCreate()
        yield session
        session.stop()
    finally:
        server.terminate()
        server.wait(timeout=60)
