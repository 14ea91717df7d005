/** `npm run test:drills`: real processes killed and restarted (see test/drills/). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
// One at a time: their calendars run in seconds, and two drills starting processes at once
// on two cores would make each other late.
module.exports = { ...base, roots: ['<rootDir>/test/drills'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 300_000, maxWorkers: 1 };
