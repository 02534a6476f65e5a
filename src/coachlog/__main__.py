from coachlog import main

main()
