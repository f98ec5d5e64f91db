"""Sets of practices as Python integers, one bit per practice (bit i: the practice at
position i of the facet index). Python's big integers do `&`, `|` and `bit_count()` in
C, a few microseconds for 100,000 practices; these helpers do the rest in C too (no
Python loop over the positions), which is what keeps a page or a count of 100,000
practices in a few milliseconds (`docs/decisions/0004-facet-index.md`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress

_FLAGS = bytes.maketrans(b"01", b"\x00\x01")
_SET = re.compile(b"\x01")
# Sets with fewer members than one position in FIND_BELOW are read by searching for
# their bytes; finding a set byte costs about ten times what stepping over one does.
FIND_BELOW = 10


def from_positions(positions: Iterable[int], size: int) -> int:
    """The bitset of these positions (each below `size`)."""
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def full(size: int) -> int:
    """Every position below `size`."""
    return (1 << size) - 1


def flags(bits: int, size: int) -> bytes:
    """One byte per position, 1 where the bit is set: `flags[position]` tests a bit in
    constant time, and `compress()` picks the set positions out of any order of them."""
    if size == 0:
        return b""
    return format(bits, f"0{size}b")[::-1].encode("ascii").translate(_FLAGS)


def _sparse(bits: int, size: int) -> bool:
    return bits.bit_count() * FIND_BELOW < size


def positions(bits: int, size: int) -> list[int]:
    """The set positions, ascending."""
    if _sparse(bits, size):
        return [match.start() for match in _SET.finditer(flags(bits, size))]
    return list(compress(range(size), flags(bits, size)))


def descending(bits: int, size: int) -> Iterator[int]:
    """The set positions, from the highest down."""
    backwards = flags(bits, size)[::-1]
    if _sparse(bits, size):
        return iter([size - 1 - match.start() for match in _SET.finditer(backwards)])
    return compress(range(size - 1, -1, -1), backwards)


def in_order(bits: int, size: int, order: Sequence[int]) -> Iterator[int]:
    """The set positions in the order of `order` (every position once), lazily."""
    return compress(order, map(flags(bits, size).__getitem__, order))
