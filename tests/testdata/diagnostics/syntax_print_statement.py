def greet(name):
    print "hello", name  ### cpython
