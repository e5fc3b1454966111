print("base: init")
log = ["base"]
