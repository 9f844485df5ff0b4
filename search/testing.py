"""Throwaway OpenSearch nodes and a slow TCP proxy, for failure tests and local experiments.

The nodes are real OpenSearch 2.19 nodes started from the jars that ``scripts/services.sh``
installs (``.run/opensearch/lib`` and its small launcher), on ports and data paths of their own,
so stopping or slowing them never touches the shared services. Nothing here is a mock.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from django.conf import settings

RUN_DIR = Path(os.environ.get("SERVICES_RUN_DIR") or settings.BASE_DIR / ".run")
OPENSEARCH_DIR = RUN_DIR / "opensearch"
LAUNCHER_CLASS = "cybersudoe.search.Launcher"


def free_port_block(size: int, start: int = 28600, stop: int = 32600) -> int:
    """A port ``p`` such that ``p .. p+size-1`` and ``p+100 .. p+100+size-1`` are free.

    Below Linux's ephemeral range (32768-60999): a port there can be taken by any outgoing
    connection between this check and the node's bind. The scan starts at a random block, so
    two test processes starting nodes at once rarely pick the same one."""
    blocks = list(range(start, stop, 10))
    first = random.randrange(len(blocks))
    for base in blocks[first:] + blocks[:first]:
        ports = [base + i for i in range(size)] + [base + 100 + i for i in range(size)]
        if all(_port_free(p) for p in ports):
            return base
    raise RuntimeError("no free port block for a throwaway OpenSearch node")


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _find_java() -> str:
    candidates = [os.environ.get("OPENSEARCH_JAVA_HOME", "")]
    candidates += sorted(str(p) for p in Path("/usr/lib/jvm").glob("java-17-openjdk*"))
    for home in candidates:
        if home and Path(home, "bin", "java").exists():
            return str(Path(home, "bin", "java"))
    return shutil.which("java") or "java"


def engine_installed() -> bool:
    return (OPENSEARCH_DIR / "lib").is_dir() and (
        OPENSEARCH_DIR / "classes" / "cybersudoe" / "search" / "Launcher.class"
    ).exists()


class EngineCluster:
    """One JVM running ``nodes`` real OpenSearch nodes on loopback ports of its own."""

    def __init__(self, nodes: int = 1, heap: str = "512m", name: str = "throwaway"):
        self.nodes = nodes
        self.heap = heap
        self.base = free_port_block(nodes)
        self.http_ports = [self.base + i for i in range(nodes)]
        self.transport_ports = [self.base + 100 + i for i in range(nodes)]
        (RUN_DIR / "tmp").mkdir(parents=True, exist_ok=True)
        self.home = Path(tempfile.mkdtemp(prefix=f"os-{name}-", dir=RUN_DIR / "tmp"))
        self.cluster_name = f"{name}-{self.base}"
        self.process: subprocess.Popen | None = None
        self.log_path = self.home / "launcher.log"

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.http_ports]

    def _write_configs(self) -> None:
        seeds = ", ".join(f'"127.0.0.1:{p}"' for p in self.transport_ports)
        for n in range(1, self.nodes + 1):
            conf = self.home / f"node_{n}" / "config"
            conf.mkdir(parents=True, exist_ok=True)
            lines = [
                f"cluster.name: {self.cluster_name}",
                f'node.name: "Node {n}"',
                "network.host: 127.0.0.1",
                f"http.port: {self.http_ports[n - 1]}",
                f"transport.port: {self.transport_ports[n - 1]}",
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.auto_create_index: true",
            ]
            if self.nodes == 1:
                lines += ["discovery.type: single-node", "cluster.default_number_of_replicas: 0"]
            else:
                lines += [
                    f"discovery.seed_hosts: [{seeds}]",
                    'cluster.initial_cluster_manager_nodes: ["Node 1"]',
                    "discovery.initial_state_timeout: 0s",
                ]
            (conf / "opensearch.yml").write_text("\n".join(lines) + "\n")

    def start(self, timeout: float = 180) -> EngineCluster:
        if not engine_installed():
            raise RuntimeError(
                "OpenSearch jars missing: run `scripts/services.sh install opensearch` first"
            )
        self._write_configs()
        (self.home / "tmp").mkdir(exist_ok=True)
        cmd = [
            _find_java(),
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            "-XX:+UseSerialGC",
            "-Djava.awt.headless=true",
            "-Dfile.encoding=UTF-8",
            f"-Djava.io.tmpdir={self.home / 'tmp'}",
            "-Djava.locale.providers=SPI,COMPAT",
            "-Dlog4j2.formatMsgNoLookups=true",
            "-Dlog4j.shutdownHookEnabled=false",
            "-Dopensearch.set.netty.runtime.available.processors=false",
            "-Dio.netty.allocator.numDirectArenas=0",
            "-Dio.netty.noUnsafe=true",
            f"-Dcybersudoe.control={self.home / 'control'}",
            "-cp",
            f"{OPENSEARCH_DIR / 'classes'}:{OPENSEARCH_DIR / 'lib'}/*",
            LAUNCHER_CLASS,
            "-basePath",
            str(self.home),
            "-numOfNode",
            str(self.nodes),
            "-clusterName",
            self.cluster_name,
            "-baseHttpPort",
            str(self.base - 1),
        ]
        if list((OPENSEARCH_DIR / "lib").glob("analysis-icu-client-*.jar")):
            cmd += ["-pluginTypes", "org.opensearch.plugin.analysis.icu.AnalysisICUPlugin"]
        log = open(self.log_path, "w")  # noqa: SIM115 (kept open for the JVM's lifetime)
        self.process = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, cwd=self.home, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"OpenSearch exited early; see {self.log_path}")
            health = self.health(self.http_ports[0])
            if health and health.get("number_of_nodes") == self.nodes:
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"OpenSearch not healthy after {timeout}s; see {self.log_path}")

    @staticmethod
    def health(port: int) -> dict | None:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/_cluster/health", timeout=2
            ) as response:
                return json.loads(response.read())
        except OSError:
            return None

    def stop_node(self, n: int, timeout: float = 60) -> None:
        """Stop node ``n`` (1-based) inside the running JVM, through the launcher's control dir."""
        self._control(f"stop-node-{n}", timeout)

    def start_node(self, n: int, timeout: float = 120) -> None:
        self._control(f"start-node-{n}", timeout)

    def _control(self, name: str, timeout: float) -> None:
        control = self.home / "control"
        control.mkdir(exist_ok=True)
        flag = control / name
        flag.touch()
        deadline = time.monotonic() + timeout
        while flag.exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"launcher did not act on {name}")
            time.sleep(0.1)

    def kill(self) -> None:
        """Kill the JVM (the engine "crashes"); its data stays, so ``start()`` brings it back."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        for lock in self.home.glob("node_*/data/**/node.lock"):
            lock.unlink(missing_ok=True)

    def stop(self) -> None:
        """Kill the JVM we started (only ours: its own process group) and remove its data."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        shutil.rmtree(self.home, ignore_errors=True)


class SlowProxy:
    """A loopback TCP proxy that delays every chunk of the engine's answers by ``delay`` seconds.

    Used to simulate a slow engine: the engine behind it is real, only the network is slow.
    """

    def __init__(self, target_port: int, delay: float):
        self.target_port = target_port
        self.delay = delay
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(32)
        self.port = self._server.getsockname()[1]
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> SlowProxy:
        self._thread.start()
        return self

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _addr = self._server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._pipe, args=(client, upstream, 0), daemon=True).start()
            threading.Thread(
                target=self._pipe, args=(upstream, client, self.delay), daemon=True
            ).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, delay: float) -> None:
        try:
            while not self._closed.is_set():
                data = source.recv(65536)
                if not data:
                    break
                if delay:
                    time.sleep(delay)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.close()
                except OSError:
                    pass

    def stop(self) -> None:
        self._closed.set()
        self._server.close()
