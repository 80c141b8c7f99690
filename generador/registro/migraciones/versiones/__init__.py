"""Las revisiones del esquema del registro, en orden: ``0001``, ``0002``…; nunca se editan una vez publicadas."""
