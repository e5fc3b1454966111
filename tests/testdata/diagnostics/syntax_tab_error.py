# A block indented with a tab, then with spaces that CPython cannot compare with it.
def f(x):
	if x:
		return 1
        return 0  ### cpython TabError
