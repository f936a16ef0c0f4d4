from goals.selectors import goals_of


def numbers_of(obj) -> list[int]:
    return [goal.number for goal in goals_of(obj)]
