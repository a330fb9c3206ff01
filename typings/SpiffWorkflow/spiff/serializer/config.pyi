SPIFF_CONFIG: dict[type, type]
