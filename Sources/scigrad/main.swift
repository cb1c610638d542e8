print("scigrad")
