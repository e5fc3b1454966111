# An if/elif chain of 95 branches: CPython returns 1. The engine fails to load
# it: "internal error in code generation: IndentationError: too many levels of
# indentation" (each elif becomes a nested else/if in the generated code).


def main():
    x = 1
    r = 0
    if x == 0:
        r = 0
    elif x == 1:
        r = 1
    elif x == 2:
        r = 2
    elif x == 3:
        r = 3
    elif x == 4:
        r = 4
    elif x == 5:
        r = 5
    elif x == 6:
        r = 6
    elif x == 7:
        r = 7
    elif x == 8:
        r = 8
    elif x == 9:
        r = 9
    elif x == 10:
        r = 10
    elif x == 11:
        r = 11
    elif x == 12:
        r = 12
    elif x == 13:
        r = 13
    elif x == 14:
        r = 14
    elif x == 15:
        r = 15
    elif x == 16:
        r = 16
    elif x == 17:
        r = 17
    elif x == 18:
        r = 18
    elif x == 19:
        r = 19
    elif x == 20:
        r = 20
    elif x == 21:
        r = 21
    elif x == 22:
        r = 22
    elif x == 23:
        r = 23
    elif x == 24:
        r = 24
    elif x == 25:
        r = 25
    elif x == 26:
        r = 26
    elif x == 27:
        r = 27
    elif x == 28:
        r = 28
    elif x == 29:
        r = 29
    elif x == 30:
        r = 30
    elif x == 31:
        r = 31
    elif x == 32:
        r = 32
    elif x == 33:
        r = 33
    elif x == 34:
        r = 34
    elif x == 35:
        r = 35
    elif x == 36:
        r = 36
    elif x == 37:
        r = 37
    elif x == 38:
        r = 38
    elif x == 39:
        r = 39
    elif x == 40:
        r = 40
    elif x == 41:
        r = 41
    elif x == 42:
        r = 42
    elif x == 43:
        r = 43
    elif x == 44:
        r = 44
    elif x == 45:
        r = 45
    elif x == 46:
        r = 46
    elif x == 47:
        r = 47
    elif x == 48:
        r = 48
    elif x == 49:
        r = 49
    elif x == 50:
        r = 50
    elif x == 51:
        r = 51
    elif x == 52:
        r = 52
    elif x == 53:
        r = 53
    elif x == 54:
        r = 54
    elif x == 55:
        r = 55
    elif x == 56:
        r = 56
    elif x == 57:
        r = 57
    elif x == 58:
        r = 58
    elif x == 59:
        r = 59
    elif x == 60:
        r = 60
    elif x == 61:
        r = 61
    elif x == 62:
        r = 62
    elif x == 63:
        r = 63
    elif x == 64:
        r = 64
    elif x == 65:
        r = 65
    elif x == 66:
        r = 66
    elif x == 67:
        r = 67
    elif x == 68:
        r = 68
    elif x == 69:
        r = 69
    elif x == 70:
        r = 70
    elif x == 71:
        r = 71
    elif x == 72:
        r = 72
    elif x == 73:
        r = 73
    elif x == 74:
        r = 74
    elif x == 75:
        r = 75
    elif x == 76:
        r = 76
    elif x == 77:
        r = 77
    elif x == 78:
        r = 78
    elif x == 79:
        r = 79
    elif x == 80:
        r = 80
    elif x == 81:
        r = 81
    elif x == 82:
        r = 82
    elif x == 83:
        r = 83
    elif x == 84:
        r = 84
    elif x == 85:
        r = 85
    elif x == 86:
        r = 86
    elif x == 87:
        r = 87
    elif x == 88:
        r = 88
    elif x == 89:
        r = 89
    elif x == 90:
        r = 90
    elif x == 91:
        r = 91
    elif x == 92:
        r = 92
    elif x == 93:
        r = 93
    elif x == 94:
        r = 94
    return r
