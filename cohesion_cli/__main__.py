from cohesion_cli.cli import main

main()
