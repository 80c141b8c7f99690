"""La e.firma del SAT sobre el PDF final: firmar (PAdES con pyHanko, una firma incremental por integrante) y verificar (integridad, cadena hasta una raíz de confianza, nada cambiado después)."""
