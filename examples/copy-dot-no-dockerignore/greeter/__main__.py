import click

from greeter import __version__


@click.command()
@click.option("--name", default="world", help="Who to greet.")
def main(name: str) -> None:
    click.echo(f"Hello, {name}! (greeter {__version__})")


if __name__ == "__main__":
    main()
