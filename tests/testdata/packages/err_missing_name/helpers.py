import math

defined = math.pi
