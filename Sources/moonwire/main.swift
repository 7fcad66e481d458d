print("moonwire: the CLI is not built yet (issue 2 in progress); see README.md")
