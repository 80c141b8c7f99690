"""El camino de un caso ante el Comité (borrador → en revisión → aprobada → firmada), los votos de sus integrantes, el congelado de lo aprobado y la bitácora de todo lo que pasa."""
