print("lab: not yet implemented")
