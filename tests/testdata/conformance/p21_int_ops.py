"""Floor division and modulo signs; large integers that stay inside 64 bits."""


def main():
    signs = []
    for a in (17, -17, 6, -6, 0):
        for b in (5, -5, 3, -3, 1):
            signs.append([a // b, a % b, divmod(a, b)])
    floats = [7.0 // -2, -7.0 % 2, 7 % -2.5, -0.0 // 1, 0.0 % -3]
    big = 2**62
    max_int = big - 1 + big
    min_int = -big * 2
    large = [
        big,
        max_int,
        min_int,
        max_int // 7,
        max_int % 1000,
        min_int // 3,
        min_int % 7,
        -(big // 3) * 2,
        big + (big - 1),
        max_int - big,
        abs(-big),
        pow(3, 39),
        3**39 // 2**31,
        1 << 62,
        (1 << 62) >> 61,
        max_int >> 32,
        min_int >> 60,
        ~max_int,
        max_int & 0xFFFF,
        min_int | 1,
        big ^ (big - 1),
        pow(7, 21, 1000000007),
        -(2**31) * 2**31,
        int(float(big)),
        max_int == 9223372036854775807,
        min_int == -9223372036854775807 - 1,
    ]
    return [signs, floats, large]
