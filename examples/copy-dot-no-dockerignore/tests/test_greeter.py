from click.testing import CliRunner

from greeter.__main__ import main


def test_greets_by_name():
    result = CliRunner().invoke(main, ["--name", "Ada"])
    assert result.output == "Hello, Ada! (greeter 0.2.0)\n"
