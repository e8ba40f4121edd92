"""Joins two TAP devices into one link that holds every Ethernet frame for a set delay, both ways.

The kernels these tests run on have no netem queueing discipline, so a slow link is made one layer up:
the host's interface is a TAP device in its network namespace, its peer a TAP device on the test bridge,
and this process copies each frame read from one to the other once it has been held for the delay, in
the order frames arrived. Standard library only.

Usage: python3 tap_delay.py OUTER_TAP HOST_NETNS_PATH INNER_TAP

It opens OUTER_TAP in the network namespace it starts in (the bridge's), then enters the host's network
namespace at HOST_NETNS_PATH (e.g. /run/netns/NAME) and opens INNER_TAP there; it stays in the host's
namespace, so that whatever stops the host's processes stops it too. Commands, one a line on standard
input, each answered by one line on standard output:

    delay MS   holds frames arriving from now on for MS milliseconds ("delay MS ms")
    stats      frames forwarded each way and the shortest and longest hold since the last stats,
               in milliseconds ("stats in=N out=N min_ms=X max_ms=Y")

It prints "ready" once both devices are open, and ends when standard input does.
"""

import collections
import ctypes
import fcntl
import os
import select
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000
MAX_FRAME = 65536


def open_tap(name):
    """Attaches to the TAP device NAME of the current network namespace, without blocking reads."""
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def enter_netns(path):
    """Moves this (single-threaded) process into the network namespace at PATH."""
    libc = ctypes.CDLL(None, use_errno=True)
    with open(path, "rb") as namespace:
        if libc.setns(namespace.fileno(), CLONE_NEWNET) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, "setns(%s): %s" % (path, os.strerror(errno)))


class Link:
    """The frames in flight: a FIFO of (due, destination, frame), due times never decreasing."""

    def __init__(self, inner, outer):
        self.peer = {inner: outer, outer: inner}
        self.inner = inner
        self.queue = collections.deque()
        self.delay = 0.0
        self.last_due = 0.0
        self.forwarded = {inner: 0, outer: 0}
        self.shortest = None
        self.longest = None

    def receive(self, source, now):
        """Reads every frame waiting on SOURCE and queues each for the other side."""
        while True:
            try:
                frame = os.read(source, MAX_FRAME)
            except BlockingIOError:
                return
            # A shorter delay set while frames wait must not let new frames overtake them.
            due = max(now + self.delay, self.last_due)
            self.last_due = due
            self.queue.append((due, now, self.peer[source], frame))

    def send_due(self, now):
        """Writes the frames whose time has come; returns the seconds until the next one, or None."""
        while self.queue and self.queue[0][0] <= now:
            _, arrived, destination, frame = self.queue.popleft()
            try:
                os.write(destination, frame)
            except BlockingIOError:
                pass  # the device's queue is full: the frame is lost, as on a congested wire
            self.forwarded[destination] += 1
            held = now - arrived
            self.shortest = held if self.shortest is None else min(self.shortest, held)
            self.longest = held if self.longest is None else max(self.longest, held)
        return self.queue[0][0] - now if self.queue else None

    def stats(self):
        """The counters as a line, and restarts the hold times."""
        line = "stats in=%d out=%d min_ms=%.1f max_ms=%.1f" % (
            self.forwarded[self.inner], self.forwarded[self.peer[self.inner]],
            (self.shortest or 0.0) * 1e3, (self.longest or 0.0) * 1e3)
        self.shortest = self.longest = None
        return line


def answer(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def command(link, words):
    """Runs one command line, split into WORDS, and answers it."""
    if words[:1] == ["delay"] and len(words) == 2:
        link.delay = float(words[1]) / 1e3
        answer("delay %s ms" % words[1])
    elif words == ["stats"]:
        answer(link.stats())
    else:
        answer("unknown command: %s" % " ".join(words))


def main(outer_name, host_netns, inner_name):
    outer = open_tap(outer_name)
    enter_netns(host_netns)
    inner = open_tap(inner_name)
    link = Link(inner, outer)
    commands = sys.stdin.fileno()
    pending = b""
    answer("ready")
    wait = None
    while True:
        readable, _, _ = select.select([inner, outer, commands], [], [], wait)
        now = time.monotonic()
        for source in readable:
            if source != commands:
                link.receive(source, now)
        if commands in readable:
            read = os.read(commands, 4096)
            if not read:
                return
            *lines, pending = (pending + read).split(b"\n")
            for line in lines:
                command(link, line.decode().split())
        wait = link.send_due(time.monotonic())


if __name__ == "__main__":
    main(*sys.argv[1:])
