// The workflow types the worker registers. The bundler starts from this module.
export { campaign } from './campaign';
export { community } from './community';
export { street } from './street';
