# A variable first bound inside a loop nested in another loop is reported
# unbound after the loops. CPython returns 5; the engine raises
# UnboundLocalError. (One loop level works; two do not, for and while alike.)


def main():
    for _k in range(1):
        for _i in range(1):
            u = 5
    return u
