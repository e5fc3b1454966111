"""The hashing kernel."""


def seed_of(job):
    seed = 0
    for ch in job:
        seed = (seed * 131 + ord(ch)) % 4294967296
    return seed


def scan(job, start, count, difficulty):
    """The first nonce in [start, start + count) whose hash the difficulty divides, or -1."""
    seed = seed_of(job)
    found = -1
    for nonce in range(start, start + count):
        h = ((seed ^ nonce) * 747796405) % 4294967296
        h = ((h ^ (h >> 16)) * 277803737) % 4294967296
        if found < 0 and h % difficulty == 0:
            found = nonce
    return found
