# Blocks indented with tabs, then a dedent written with spaces: the two
# ways CPython measures indentation disagree, so it refuses the file.
def g(xs):
	for x in xs:
		if x:
			return x
        return None  ### cpython TabError
