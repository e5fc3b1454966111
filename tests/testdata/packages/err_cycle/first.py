import second

VALUE = 1
