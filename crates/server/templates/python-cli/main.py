import sys

from greeting import greet


def main() -> None:
    names = [line.strip() for line in sys.stdin if line.strip()]
    for name in names or ["world"]:
        print(greet(name))


if __name__ == "__main__":
    main()
