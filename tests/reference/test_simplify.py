"""Douglas–Peucker simplification of rings for the map display copy."""

from __future__ import annotations

import math

from satudata.reference.simplify import (
    simplify_line,
    simplify_polygons,
    simplify_ring,
    vertex_count,
)


def test_points_near_the_line_are_dropped_and_far_ones_kept() -> None:
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, -0.01), (3.0, 5.0), (4.0, 0.0)]
    assert simplify_line(line, 0.1) == [(0.0, 0.0), (2.0, -0.01), (3.0, 5.0), (4.0, 0.0)]
    assert simplify_line(line, 10) == [(0.0, 0.0), (4.0, 0.0)]
    assert simplify_line(line, 0) == line


def test_a_dense_circle_keeps_its_shape_with_fewer_points() -> None:
    ring = [(math.cos(t / 500 * 2 * math.pi), math.sin(t / 500 * 2 * math.pi)) for t in range(500)]
    ring.append(ring[0])
    out = simplify_ring(ring, 0.01)
    assert out is not None and 8 < len(out) < 60
    assert out[0] == out[-1] == ring[0]
    assert all(abs(math.hypot(x, y) - 1) < 1e-9 for x, y in out)  # only original points


def test_tiny_islands_and_holes_collapse_but_the_region_stays() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
    hole = [(5.0, 5.0), (5.001, 5.0), (5.001, 5.001), (5.0, 5.0)]
    island = [(20.0, 20.0), (20.001, 20.0), (20.001, 20.001), (20.0, 20.0)]
    out = simplify_polygons([[square, hole], [island]], 0.5)
    assert out == [[square]]
    assert vertex_count(out) == 5
    # Everything tiny: the largest exterior is kept as it was.
    assert simplify_polygons([[island]], 0.5) == [[island]]
