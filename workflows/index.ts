// The workflow types the worker registers. The bundler starts from this module.
export { campaign } from './campaign';
export { moveFanout } from './move-fanout';
export { street } from './street';
