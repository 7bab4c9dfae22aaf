"""Full screens, one a file. Imported lazily, when first shown."""
