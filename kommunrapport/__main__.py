from kommunrapport.cli import main

main()
