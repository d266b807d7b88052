"""The realistic panel of the tests: 3 scorers, 20 applications, two stages, by hand.

Preselection grid: experience (weight 1, 0–5, knock-out below 2) and motivation (weight 3, 0–5),
so a member's total is 5 × (experience + 3 × motivation). Interview grid: expertise and
motivation, both weight 1 on 0–10, so a total is 5 × (expertise + motivation). Member B declared
a conflict for application 4. Every expected figure below was worked out by hand.
"""

from __future__ import annotations

from typing import Any

PRESELECTION_GRID: dict[str, Any] = {
    "stage": "preselection", "pass_threshold": 60, "spread_threshold": 20,
    "criteria": [
        {"id": "experience", "label": "Relevant experience", "weight": 1, "scale_min": 0,
         "scale_max": 5, "step": 1, "knockout_min": 2},
        {"id": "motivation", "label": "Motivation for the post", "weight": 3, "scale_min": 0,
         "scale_max": 5, "step": 1},
    ]}
INTERVIEW_GRID: dict[str, Any] = {
    "stage": "interview", "pass_threshold": 60, "spread_threshold": 20,
    "criteria": [
        {"id": "expertise", "label": "Expertise shown", "weight": 1, "scale_min": 0,
         "scale_max": 10, "step": 1},
        {"id": "motivation", "label": "Motivation", "weight": 1, "scale_min": 0,
         "scale_max": 10, "step": 1},
    ]}

CONFLICTED_APP = 4
# (experience, motivation) by chair, member A, member B; None = abstains (conflict).
PRESELECTION: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int] | None]] = [
    ((5, 5), (5, 5), (5, 5)),  # 0: 100 100 100
    ((3, 5), (3, 5), (3, 5)),  # 1: 90
    ((4, 4), (4, 5), (5, 4)),  # 2: 80 95 85
    ((4, 4), (4, 4), (4, 4)),  # 3: 80
    ((3, 3), (2, 3), None),    # 4: 60 55, B abstains
    ((5, 5), (2, 3), (3, 4)),  # 5: 100 55 75 (spread 45: discuss)
    ((1, 5), (1, 5), (1, 5)),  # 6: 80, but experience 1 < 2: knock-out
    ((3, 4), (3, 4), (3, 4)),  # 7: 75
    ((2, 4), (2, 4), (2, 4)),  # 8: 70
    ((5, 3), (5, 3), (5, 3)),  # 9: 70
    ((4, 3), (4, 3), (4, 3)),  # 10: 65
    ((3, 3), (3, 3), (3, 3)),  # 11: 60 (passes: ≥ threshold)
    ((3, 3), (2, 3), (3, 3)),  # 12: 60 55 60
    ((2, 3), (2, 3), (2, 3)),  # 13: 55
    ((1, 3), (1, 3), (1, 3)),  # 14: 50, knock-out
    ((3, 2), (3, 2), (3, 2)),  # 15: 45
    ((2, 2), (2, 2), (2, 2)),  # 16: 40
    ((1, 1), (2, 2), (1, 1)),  # 17: 20 40 20 (spread exactly 20: no flag), knock-out 1.33
    ((1, 1), (1, 1), (1, 1)),  # 18: 20, knock-out
    ((0, 0), (0, 0), (0, 0)),  # 19: 0, knock-out
]
# app: (mean, median, spread, rank, passed, knock-outs, discuss, scorers, abstentions)
PRESELECTION_EXPECTED: dict[int, tuple[float, float, float, int, bool, list[str], bool, int,
                                       int]] = {
    0: (100.0, 100.0, 0.0, 1, True, [], False, 3, 0),
    1: (90.0, 90.0, 0.0, 2, True, [], False, 3, 0),
    2: (86.6667, 85.0, 15.0, 3, True, [], False, 3, 0),
    3: (80.0, 80.0, 0.0, 4, True, [], False, 3, 0),
    6: (80.0, 80.0, 0.0, 4, False, ["experience"], False, 3, 0),
    5: (76.6667, 75.0, 45.0, 6, True, [], True, 3, 0),
    7: (75.0, 75.0, 0.0, 7, True, [], False, 3, 0),
    8: (70.0, 70.0, 0.0, 8, True, [], False, 3, 0),
    9: (70.0, 70.0, 0.0, 8, True, [], False, 3, 0),
    10: (65.0, 65.0, 0.0, 10, True, [], False, 3, 0),
    11: (60.0, 60.0, 0.0, 11, True, [], False, 3, 0),
    12: (58.3333, 60.0, 5.0, 12, False, [], False, 3, 0),
    4: (57.5, 57.5, 5.0, 13, False, [], False, 2, 1),
    13: (55.0, 55.0, 0.0, 14, False, [], False, 3, 0),
    14: (50.0, 50.0, 0.0, 15, False, ["experience"], False, 3, 0),
    15: (45.0, 45.0, 0.0, 16, False, [], False, 3, 0),
    16: (40.0, 40.0, 0.0, 17, False, [], False, 3, 0),
    17: (26.6667, 20.0, 20.0, 18, False, ["experience"], False, 3, 0),
    18: (20.0, 20.0, 0.0, 19, False, ["experience"], False, 3, 0),
    19: (0.0, 0.0, 0.0, 20, False, ["experience"], False, 3, 0),
}
# Population standard deviations worked out by hand for the uneven rows.
PRESELECTION_SD = {2: 6.2361, 5: 18.4089, 12: 2.357, 4: 2.5, 17: 9.4281}
PASSED_PRESELECTION = [0, 1, 2, 3, 5, 7, 8, 9, 10, 11]

# (expertise, motivation) by chair, A, B for the ten who passed.
INTERVIEW: dict[int, tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = {
    0: ((9, 9), (8, 9), (9, 8)),  # 90 85 85 → 86.6667
    1: ((7, 8), (8, 8), (7, 7)),  # 75 80 70 → 75
    2: ((8, 8), (7, 8), (8, 7)),  # 80 75 75 → 76.6667
    3: ((6, 6), (6, 7), (5, 6)),  # 60 65 55 → 60
    5: ((9, 8), (8, 8), (9, 9)),  # 85 80 90 → 85
    7: ((5, 5), (6, 5), (5, 4)),  # 50 55 45 → 50
    8: ((7, 7), (7, 6), (6, 6)),  # 70 65 60 → 65
    9: ((4, 5), (5, 5), (4, 4)),  # 45 50 40 → 45
    10: ((6, 7), (7, 7), (6, 6)),  # 65 70 60 → 65
    11: ((3, 4), (4, 4), (3, 3)),  # 35 40 30 → 35
}
# app: (mean, rank, passed)
INTERVIEW_EXPECTED = {0: (86.6667, 1, True), 5: (85.0, 2, True), 2: (76.6667, 3, True),
                      1: (75.0, 4, True), 8: (65.0, 5, True), 10: (65.0, 5, True),
                      3: (60.0, 7, True), 7: (50.0, 8, False), 9: (45.0, 9, False),
                      11: (35.0, 10, False)}


def totals(table: list[tuple[Any, ...]] | dict[int, tuple[Any, ...]], *, weights: tuple[int, int]
           ) -> list[list[float | None]]:
    """Members × applications matrix of hand totals (5 × weighted sum), None for abstentions."""
    rows = table if isinstance(table, list) else list(table.values())
    matrix: list[list[float | None]] = [[], [], []]
    for scores in rows:
        for member, pair in enumerate(scores):
            matrix[member].append(None if pair is None
                                  else 5.0 * (weights[0] * pair[0] + weights[1] * pair[1]))
    return matrix
