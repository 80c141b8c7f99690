"""Los grupos de subcomandos: cada uno con su propia tabla de subcomandos perezosos (antes
era una sola, de la clase, y «registro --help» listaba y corría «generar» o «servir»)."""

from __future__ import annotations


def test_un_grupo_no_lista_los_comandos_de_otro(cli):
    codigo, salida, _ = cli("registro", "--help")
    assert codigo == 0 and "migrar" in salida
    for ajeno in ("generar", "servir", "usuarios", "firmar"):
        assert f"  {ajeno} " not in salida, ajeno


def test_un_comando_de_otro_grupo_no_corre_dentro_de_este(cli):
    codigo, _, errores = cli("usuarios", "generar", "samples/cta-40418.yaml")
    assert codigo == 2 and "generar" in errores


def test_los_perezosos_de_resoluciones_siguen_ahi(cli):
    codigo, salida, _ = cli("--help")
    assert codigo == 0
    for comando in ("generar", "servir", "usuarios", "firmar", "verificar", "bitacora"):
        assert f"  {comando} " in salida, comando
