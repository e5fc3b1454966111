KEYWORD = True  ### "module name 'class' is not an identifier"
