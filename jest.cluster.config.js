/** `npm run test:cluster`: the drill on the cluster of `npm run cluster` (see test/cluster/). */
const base = require('./jest.drills.config');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/test/cluster'], testTimeout: 600_000 };
