"""The command line: ``python build.py [command]``; calls the build."""
