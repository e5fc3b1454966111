# except-as name unbound when a break leaves the handler (review finding).

def main():
    for i in range(2):
        try:
            raise ValueError("v")
        except ValueError as e:
            break
    return str(e)
