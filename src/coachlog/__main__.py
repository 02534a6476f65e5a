from coachlog.cli import main

main()
