import checks


def main():
    return checks.validate([3, 1, -2])


def caught():
    try:
        checks.validate([-1])
    except ValueError as err:
        return str(err)
