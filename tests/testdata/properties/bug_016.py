# f-string literal pieces: escaped quotes, \x7b braces, raw pieces (review finding).

def main():
    x = 5
    return [f"a\"b", f"{1}\"", f"\x7b\x7b", f'it\'s {x}', f"""tri"ple {x}""", f"tab\tx{x!r:>4}", rf"raw\n{x}", f"{{x}} {x}", f"\N{BULLET} {x}", f"""a"{x}""", f"é{x}ü"]
