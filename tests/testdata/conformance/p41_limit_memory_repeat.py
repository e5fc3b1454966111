# limits: memory=50000000
# raises: MemoryLimitExceeded
# oracle: none
"""MemoryLimitExceeded: a list of 10**9 items is charged before it is allocated."""


def main():
    small = [0] * 1000
    huge = [0] * 10**9
    return len(small) + len(huge)
