from searcher.cli import run

run()
