# ruff: noqa
# fmt: off
def main(command):
    match command:  ### "'match' is not supported"
        case "go":
            return 1
        case _:
            return 2


def other(match):
    match = match + 1
    return match
