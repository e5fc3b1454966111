# Lambdas in a comprehension that runs twice get fresh cells per run (review finding).

def main():
    fs = []
    for j in range(2):
        fs.append([lambda: i for i in range(j, j + 2)])
    return [f() for g in fs for f in g]
