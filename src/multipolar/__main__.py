from multipolar.cli import main

if __name__ == "__main__":  # guard: --workers starts processes that import this module
    main()
