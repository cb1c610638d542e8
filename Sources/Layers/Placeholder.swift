// Layers (in progress)
