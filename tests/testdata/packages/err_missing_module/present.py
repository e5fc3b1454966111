from absent import thing  ### "no module named 'absent' in this package"

VALUE = 1
