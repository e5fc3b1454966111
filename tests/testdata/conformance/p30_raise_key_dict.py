# raises: KeyError
"""KeyError from reading a key that was deleted."""


def main():
    inventory = {"apples": 3, "pears": 5}
    del inventory["pears"]
    inventory["plums"] = 1
    return inventory["apples"] + inventory["pears"]
