LOADED = True  ### "module name 'data-loader' is not an identifier"
