VALUE = 1
print("broken: init")
table = {"a": 1}
missing = table["b"]
