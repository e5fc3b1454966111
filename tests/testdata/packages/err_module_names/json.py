SHADOW = True  ### "module name 'json' shadows a built-in module"
