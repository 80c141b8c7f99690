"""Las cuentas del servidor de la unidad: usuarios, roles, contraseñas (argon2), sesiones en la base y límite de intentos de entrada."""
