# ruff: noqa
# fmt: off
class Point:  ### "'class' is not supported"
    def norm(self):
        return self.x  ### "unknown attribute 'x'"


class Child(Point):  ### "'class' is not supported"
    pass


def main():
    return Point()
