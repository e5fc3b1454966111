import first


def main():
    return first.VALUE
