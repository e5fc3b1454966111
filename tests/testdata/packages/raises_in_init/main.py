print("main: before")
import broken


def main():
    return broken.VALUE
