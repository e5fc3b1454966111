print("right: before base")
import base

print("right: init")
base.log.append("right")
