"""Desde cuándo rige la Ley General de Transparencia de 2025: la fecha que separa los dos
regímenes (qué ley se cita, qué garante conoce del recurso, qué pide la revisión).

Se publicó en el Diario Oficial de la Federación el 20 de marzo de 2025 y, por su transitorio
Primero, «entrará en vigor al día siguiente de su publicación»: el 21 de marzo de 2025. Una
resolución de esa fecha o posterior es del régimen de 2025; una anterior, de las leyes que
abrogó. Está una sola vez aquí: la revisión, los esqueletos, la página y la publicación la
toman de este módulo (antes había dos copias del mismo dato).
"""

from __future__ import annotations

import datetime as _dt

ENTRADA_EN_VIGOR_2025 = _dt.date(2025, 3, 21)

