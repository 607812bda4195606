"""A tmux server of the benchmark's own and one control-mode client to it (commands over a pipe)."""

from __future__ import annotations

import os
import subprocess


def tmux(socket: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run one tmux command on the server named `socket` (`tmux -L`), never the user's own."""
    return subprocess.run(
        ["tmux", "-L", socket, "-f", "/dev/null", "-u", *args],
        check=check,
        capture_output=True,
        text=True,
    )


class Control:
    """One tmux control-mode client: commands over a pipe, replies between %begin and %end, so a
    poll of the pane is a round trip on a socket, not a new process."""

    def __init__(self, socket: str, session: str) -> None:
        self.session = session
        self.process = subprocess.Popen(
            # no-output: pane output is not needed (capture-pane reads the screen), so not streamed.
            ["tmux", "-L", socket, "-f", "/dev/null", "-u", "-C"]
            + ["attach-session", "-f", "no-output", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in = self.process.stdin
        self._out = self.process.stdout.fileno()
        self._buffer = b""
        # Attaching answers with a block of its own first: send one marker and read replies up to
        # its own, so that from then on every command reads its own reply (not the one before).
        marker = f"sync-{os.getpid()}"
        self._in.write(f"display-message -p {marker}\n".encode())
        while marker not in "\n".join(self._reply(f"display-message -p {marker}")):
            pass

    def _line(self) -> bytes:
        while b"\n" not in self._buffer:
            chunk = os.read(self._out, 1 << 16)
            if not chunk:
                raise RuntimeError("the tmux control client exited")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def command(self, command: str) -> list[str]:
        """Run one tmux command; return its output lines (raise on %error)."""
        self._in.write(command.encode() + b"\n")
        return self._reply(command)

    def _reply(self, command: str) -> list[str]:
        """Read the next reply block: the lines between %begin and %end."""
        lines: list[str] = []
        inside = False
        while True:
            line = self._line()
            if not inside:
                if line.startswith(b"%begin "):
                    inside = True
                continue  # notifications between replies
            if line.startswith((b"%end ", b"%error ")):
                if line.startswith(b"%error "):
                    raise RuntimeError(f"tmux {command!r}: {' '.join(lines)}")
                return lines
            lines.append(line.decode("utf-8", errors="replace"))

    def screen(self) -> str:
        """The pane's text now."""
        return "\n".join(self.command(f"capture-pane -p -t {self.session}"))

    def pane_dead(self) -> bool:
        """Whether the program in the pane has exited (the pane stays: remain-on-exit)."""
        return self.command(f"display-message -p -t {self.session} '#{{pane_dead}}'") == ["1"]

    def close(self) -> None:
        try:
            self._in.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
