"""Las clases base de los modelos (expediente, perfil, catálogo) y sus validadores guardados.

Por qué un paquete propio: ``generar`` y ``validar`` en frío pasaban ~110 ms de ~250 en
importar pydantic y construir las clases de ~60 modelos, aunque el validador de cada uno
ya estaba guardado en la caché (``guardados``). Con esos validadores guardados, estos
comandos usan una base ligera (``ligero``) que valida y serializa con pydantic-core sobre el
mismo esquema que pydantic armó de los mismos modelos: una sola definición, los mismos
mensajes, el mismo JSON Schema (que sigue saliendo de pydantic). ``base`` decide cuál,
una vez por proceso (``modo``).
"""
