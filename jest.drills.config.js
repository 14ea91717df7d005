/** `npm run test:drills`: real processes killed and restarted (see test/drills/). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/test/drills'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 300_000 };
