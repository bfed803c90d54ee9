"""Douglas–Peucker simplification of polygon rings, for drawing boundaries on a page."""

from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # exterior ring first, then holes


def _distance2(p: Point, a: Point, b: Point) -> float:
    """Return the squared distance from p to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return (p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    x, y = a[0] + t * dx, a[1] + t * dy
    return (p[0] - x) ** 2 + (p[1] - y) ** 2


def simplify_line(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Keep the points of a line that lie farther than `tolerance` from the simplified line.

    Iterative (no recursion limit on long rings); the first and last points are kept.
    """
    if len(points) < 3 or tolerance <= 0:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    limit = tolerance * tolerance
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, far_index = -1.0, -1
        for i in range(first + 1, last):
            d = _distance2(points[i], points[first], points[last])
            if d > far:
                far, far_index = d, i
        if far > limit:
            keep[far_index] = True
            stack.append((first, far_index))
            stack.append((far_index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: Sequence[Point], tolerance: float) -> Ring | None:
    """Simplify a closed ring; return None when it collapses below a triangle."""
    if len(ring) < 4:
        return None
    # Split at the point farthest from the start: a closed ring's first and last points
    # coincide, so simplifying it as one line would measure against a zero-length segment.
    start = ring[0]
    split = max(range(len(ring)), key=lambda i: (ring[i][0] - start[0]) ** 2
                + (ring[i][1] - start[1]) ** 2)  # fmt: skip
    head = simplify_line(ring[: split + 1], tolerance)
    tail = simplify_line(ring[split:], tolerance)
    out = head + tail[1:]
    return out if len(out) >= 4 else None


def simplify_polygons(polygons: Sequence[Polygon], tolerance: float) -> list[Polygon]:
    """Simplify every ring; drop holes and islands that collapse, never the whole shape."""
    result: list[Polygon] = []
    for polygon in polygons:
        exterior = simplify_ring(polygon[0], tolerance)
        if exterior is None:
            continue
        holes = [h for h in (simplify_ring(r, tolerance) for r in polygon[1:]) if h]
        result.append([exterior, *holes])
    if not result and polygons:
        # Everything collapsed (a tiny region at a coarse tolerance): keep the largest
        # exterior as it was, so the region still shows.
        largest = max(polygons, key=lambda p: len(p[0]))
        result.append([list(largest[0])])
    return result


def vertex_count(polygons: Sequence[Polygon]) -> int:
    """Return the number of points in all rings."""
    return sum(len(ring) for polygon in polygons for ring in polygon)
