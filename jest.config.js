/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The drills kill and restart real processes for minutes: `npm run test:drills` and
  // `npm run test:cluster` run them.
  testPathIgnorePatterns: ['/node_modules/', '/test/drills/', '/test/cluster/'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // Temporal servers and bundling take seconds; each file tears down what it starts.
  testTimeout: 60_000,
  setupFiles: ['<rootDir>/test/setup.ts'],
};
