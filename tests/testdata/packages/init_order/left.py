import base

print("left: init")
base.log.append("left")
