"""One-shot program: n-body with the bodies as lists of lists (ordinary Python), run once."""

import math

SOLAR_MASS = 4 * math.pi * math.pi
DAYS_PER_YEAR = 365.24


def bodies():
    pos = [
        [0.0, 0.0, 0.0],
        [4.84143144246472090e00, -1.16032004402742839e00, -1.03622044471123109e-01],
        [8.34336671824457987e00, 4.12479856412430479e00, -4.03523417114321381e-01],
        [1.28943695621391310e01, -1.51111514016986312e01, -2.23307578892655734e-01],
        [1.53796971148509165e01, -2.59193146099879641e01, 1.79258772950371181e-01],
    ]
    vel = [
        [0.0, 0.0, 0.0],
        [1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05],
        [-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05],
        [2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05],
        [2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05],
    ]
    for v in vel:
        v[0] *= DAYS_PER_YEAR
        v[1] *= DAYS_PER_YEAR
        v[2] *= DAYS_PER_YEAR
    mass = [
        SOLAR_MASS,
        9.54791938424326609e-04 * SOLAR_MASS,
        2.85885980666130812e-04 * SOLAR_MASS,
        4.36624404335156298e-05 * SOLAR_MASS,
        5.15138902046611451e-05 * SOLAR_MASS,
    ]
    return pos, vel, mass


def energy(pos, vel, mass):
    e = 0.0
    n = len(mass)
    for i in range(n):
        v = vel[i]
        e += 0.5 * mass[i] * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
        for j in range(i + 1, n):
            dx = pos[i][0] - pos[j][0]
            dy = pos[i][1] - pos[j][1]
            dz = pos[i][2] - pos[j][2]
            e -= mass[i] * mass[j] / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


def advance(pos, vel, mass, dt, steps):
    n = len(mass)
    for _ in range(steps):
        for i in range(n):
            pi = pos[i]
            vi = vel[i]
            for j in range(i + 1, n):
                pj = pos[j]
                vj = vel[j]
                dx = pi[0] - pj[0]
                dy = pi[1] - pj[1]
                dz = pi[2] - pj[2]
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * math.sqrt(d2))
                vi[0] -= dx * mass[j] * mag
                vi[1] -= dy * mass[j] * mag
                vi[2] -= dz * mass[j] * mag
                vj[0] += dx * mass[i] * mag
                vj[1] += dy * mass[i] * mag
                vj[2] += dz * mass[i] * mag
        for i in range(n):
            p = pos[i]
            v = vel[i]
            p[0] += dt * v[0]
            p[1] += dt * v[1]
            p[2] += dt * v[2]


def main():
    pos, vel, mass = bodies()
    print(f"{energy(pos, vel, mass):.9f}")
    for _ in range(10):
        advance(pos, vel, mass, 0.01, 5000)
    print(f"{energy(pos, vel, mass):.9f}")
