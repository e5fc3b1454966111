# 73 nested calls: CPython returns 1 (its parser allows 200 nesting levels).
# The engine rejects the program: "syntax error: too deeply nested" (72 load;
# nested parentheses or list displays fail from 145). No nesting limit is
# listed among LANGUAGE.md's deliberate differences.


# fmt: off
def main():
    return abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
# fmt: on
