from .cli import principal

principal(prog_name="resoluciones")
