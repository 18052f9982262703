print("planwatch")
