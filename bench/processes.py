"""Pieces the bench scripts share: progress lines, and servers started and stopped by their pid, on 127.0.0.1 only."""

import socket
import subprocess
import sys
import time


def progress(message):
    print(time.strftime("[%H:%M:%S] ") + message, file=sys.stderr, flush=True)


def port_in_use(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, timeout=60):
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited at start with status {process.returncode}")
        if port_in_use(port):
            return
        time.sleep(0.05)
    raise RuntimeError("the server did not open its port in time")


def start(command, log_path, cpu=None):
    """Starts the command with its output in log_path; pinned to one core with taskset when cpu is given."""
    if cpu is not None:
        command = ["taskset", "-c", str(cpu), *command]   # taskset execs the command: the pid is the server's
    with open(log_path, "w") as log:
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)


def stop(process, grace=10):
    """SIGTERM to the process by its pid, SIGKILL if it is still there after the grace seconds."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
