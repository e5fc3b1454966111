from base import log

print("late: init")
log.append("late")


def touch():
    log.append("touched")
