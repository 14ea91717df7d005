// The workflow types the worker registers. The bundler starts from this module.
export {};
