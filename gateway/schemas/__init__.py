"""Request and response models (`XCreate`, `XUpdate`, `XPublic`)."""
