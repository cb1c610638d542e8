// Autograd
